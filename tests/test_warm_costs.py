"""What `mkdocs-specs check` costs after one edit, with the cache of the run before: loading
the cache and linking every document again are most of it on a large site."""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from dataclasses import astuple
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import age_pages, write_site
from factory import spec

from mkdocs_specs import references, stored
from mkdocs_specs.catalog import Settings, Source, build_catalog
from mkdocs_specs.checking import PageCache, check_pages
from mkdocs_specs.cli import _cache_folder, load_site
from mkdocs_specs.dry_build import DryBuild
from mkdocs_specs.model import Document, Finding, Kind, Severity
from mkdocs_specs.report import CheckResult, text_report
from mkdocs_specs.template import default_template

ADR = "---\nstatus: {status}\n---\n# Decision {number}\n\n## Context\n\nWhy.\n"


def _site(root: Path, specs: int) -> Path:
    """Specs that all rely on the same two ADRs, the first superseded by the second."""
    pages: dict[str, str | bytes] = {
        f"specs/spec-{n}.md": spec(f"Spec {n}", related_adr="ADR-0001, ADR-0002")
        for n in range(specs)
    }
    pages["specs/draft.md"] = spec("Draft", status="Draft", related_prd="PRD-9")
    pages["adr/0001-first.md"] = ADR.format(status="superseded by ADR-0002", number=1)
    pages["adr/0002-second.md"] = ADR.format(status="accepted", number=2)
    write_site(root, pages)
    age_pages(root)
    return root


@pytest.fixture
def built_fields(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the fields the cache builds from here on."""
    built: list[str] = []

    class Counted(stored.Field):  # type: ignore[misc]
        __slots__ = ()

        def __init__(self, name: str, *args: object) -> None:
            built.append(name)
            super().__init__(name, *args)  # type: ignore[arg-type]

    stored._field.cache_clear()
    monkeypatch.setattr(stored, "Field", Counted)
    yield built
    stored._field.cache_clear()  # no counted field outlives the test


def test_cached_documents_build_their_fields_only_when_read(
    tmp_path: Path,
    own_cache_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built_fields: list[str],
) -> None:
    """Building every field of every page was a fifth of loading the cache of a large site;
    linking and the text report read the fields of few documents. What is read later is what
    a check without the cache finds."""
    root = _site(tmp_path, 20)
    monkeypatch.chdir(root)
    cold = run_cli(capsys, "check", "--no-cache", "--format", "json")
    assert run_cli(capsys, "check", "--format", "json") == cold  # fills the cache
    built = built_fields
    key = stored.signing_key()
    assert key is not None
    cache = PageCache.load(_cache_folder(load_site("mkdocs.yml")), key)
    documents = {
        path: entry.checked[0] for path, entry in cache._entries.items() if entry.checked
    }
    assert len(documents) == 23
    assert built == []
    draft = documents["specs/draft.md"]
    assert draft.value("status") is not None
    assert built  # the fields of the one document read, no others
    assert len(built) <= len(draft.fields) + len(draft.front_matter_fields)
    dry = DryBuild(load_site("mkdocs.yml"), [])
    plugin = dry.configure()
    plugin.cache = PageCache()
    fresh = dry.check(plugin, workers=1)
    dry.close()
    assert len(fresh.documents) == len(documents)
    for doc in fresh.documents:
        cached = documents[doc.src_path]
        assert _values(cached.fields) == _values(doc.fields)
        assert _values(cached.front_matter_fields) == _values(doc.front_matter_fields)


def _values(fields: dict[str, stored.Field]) -> dict[str, tuple[object, ...]]:
    return {key: astuple(field) for key, field in fields.items()}


def _settings() -> Settings:
    globs: dict[Kind, Sequence[str]] = {
        Kind.SPEC: ["specs/**/*.md"],
        Kind.PRD: ["prd/**/*.md"],
        Kind.ADR: ["adr/**/*.md"],
    }
    return Settings(globs=globs, templates={Kind.SPEC: [default_template()]})


def test_linking_reads_what_each_reference_names_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's specs name the same few PRDs and ADRs thousands of times: each id is resolved,
    and each retired ADR's replacement read, once per run however many specs name them."""
    specs = 30
    root = _site(tmp_path, specs)
    keys: list[str] = []
    replacements: list[str] = []
    id_key, replacement = references.id_key, references._replacement

    def counted_key(value: str) -> str:
        keys.append(value)
        return id_key(value)

    def counted_replacement(adr):  # type: ignore[no-untyped-def]
        replacements.append(adr.src_path)
        return replacement(adr)

    sources = [
        Source(str(path.relative_to(root / "docs")), str(path), path.read_bytes)
        for path in sorted((root / "docs").rglob("*.md"))
    ]
    settings = _settings()
    _, checked, warnings = check_pages(sources, settings)
    monkeypatch.setattr(references, "id_key", counted_key)
    monkeypatch.setattr(references, "_replacement", counted_replacement)
    catalog = build_catalog(checked, settings, warnings)
    assert keys.count("ADR-0001") == 2  # its own id, and once for the specs that all name it
    assert replacements == ["adr/0001-first.md"]
    relying = [
        finding
        for doc in catalog.documents
        for finding in doc.findings
        if finding.rule == "inactive-reference"
    ]
    assert len(relying) == specs  # every spec that relies on it is still told, with its successor
    assert all("reference ADR-0002 instead" in (finding.hint or "") for finding in relying)


def test_the_report_looks_only_at_documents_with_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most documents of a site have none: the report of 10,000 asked each for its path and
    its findings to print."""
    looked_at: list[str] = []
    shown = CheckResult.shown

    def counted(result: CheckResult, doc: Document) -> list[Finding]:
        looked_at.append(doc.src_path)
        return shown(result, doc)

    monkeypatch.setattr(CheckResult, "shown", counted)
    finding = Finding("invalid-status", Severity.ERROR, "docs/specs/b.md", 8, "not a status")
    documents = [
        Document(f"specs/{name}.md", Kind.SPEC, 20, f"docs/specs/{name}.md") for name in "abc"
    ]
    documents[1].findings = [finding]
    report = text_report(CheckResult(documents))
    assert looked_at == ["specs/b.md"]
    assert report.splitlines() == [
        "ERROR   docs/specs/b.md:8: invalid-status: not a status",
        "checked 3 specs, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info",
    ]


def test_cache_files_are_signed_with_hmac_sha256(
    tmp_path: Path,
    own_cache_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A standard MAC, which OpenSSL computes with the processor's SHA instructions: verifying
    the cache of 10,000 specs took three times as long with Python's own BLAKE2."""
    monkeypatch.chdir(_site(tmp_path, 2))
    run_cli(capsys, "check")
    key = stored.signing_key()
    assert key is not None
    files = sorted(Path(_cache_folder(load_site("mkdocs.yml"))).glob("*.json"))
    assert len(files) == 33  # the meta file and every shard
    for path in files:
        mac, payload = path.read_bytes().split(b"\n", 1)
        assert mac == hmac.new(key, payload, "sha256").hexdigest().encode()


def test_judging_a_finding_no_draft_relaxes_reads_no_status(
    tmp_path: Path,
    own_cache_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built_fields: list[str],
) -> None:
    """Only the rules relaxed for drafts ask the status: judging a cached document's other
    findings builds none of its fields."""
    pages: dict[str, str | bytes] = {
        f"specs/spec-{n}.md": spec(f"Spec {n}", status="Shipped") for n in range(5)
    }
    write_site(tmp_path, pages)
    age_pages(tmp_path)
    monkeypatch.chdir(tmp_path)
    cold = run_cli(capsys, "check", "--no-cache")
    assert "invalid-status" in cold.out
    assert run_cli(capsys, "check") == cold  # fills the cache
    built_fields.clear()
    assert run_cli(capsys, "check") == cold
    assert built_fields == []

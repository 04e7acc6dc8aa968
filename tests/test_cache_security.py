"""The `check` cache is data from a folder anyone may have written (CI restores it from other
branches' runs): nothing in it runs, nothing forged in it hides a finding, nothing malformed in
it stops the check. Whatever is not trusted is parsed again."""

from __future__ import annotations

import json
import logging
import os
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest
from cli_runner import run_cli
from conftest import age_pages, write_site
from factory import SECTIONS, spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_specs import stored
from mkdocs_specs.cli import _cache_folder
from mkdocs_specs.draft import built_in_template
from mkdocs_specs.model import Kind

BAD = ("docs/specs/a.md", 8, "invalid-status", "error")
"""The one finding of the site most tests check: `Status: Shipped`."""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site whose one spec has one error, its pages dated an hour back (trusted by time)."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    write_site(site, {"specs/a.md": spec("Alpha", status="Shipped")})
    age_pages(site)
    return site


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]):
    return lambda *args: run_cli(capsys, "check", *args)


def _folder(cache_home: Path) -> Path:
    (folder,) = (cache_home / "mkdocs-specs").iterdir()
    return folder


def _shard_of(folder: Path) -> Path:
    """The one shard holding a page (the sites here have one page, or look at the first)."""
    for shard in sorted(folder.glob("[0-9][0-9].json")):
        if _payload(shard)[1]:
            return shard
    raise AssertionError("no page in the cache")


def _payload(path: Path) -> list:
    return json.loads(path.read_bytes().split(b"\n", 1)[1])


def _sign(path: Path, payload: bytes, key: bytes) -> None:
    path.write_bytes(stored._mac(key, payload) + b"\n" + payload)


def _dump(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _user_key() -> bytes:
    key = stored.signing_key()
    assert key is not None
    return key


class _Payload:
    """Runs code when unpickled: creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


# ---------------------------------------------------------------------------------------------
# Nothing in the cache runs


@pytest.mark.parametrize("cached_before", [False, True])
def test_a_planted_pickle_never_runs(root, check, tmp_path, cached_before):
    if cached_before:
        assert check().code == 1
    folder = Path(_cache_folder(SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))))
    folder.mkdir(parents=True, exist_ok=True)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    for name in ("meta", *(f"{shard:02d}" for shard in range(32))):
        (folder / f"{name}.pickle").write_bytes(payload)
    run = check()
    assert not marker.exists()
    assert run.code == 1 and run.findings() == {BAD}
    assert "Traceback" not in run.err


def test_garbage_in_place_of_the_cache_is_ignored(root, check, own_cache_folder, parses, caplog):
    assert check().code == 1
    folder = _folder(own_cache_folder)
    for part in folder.iterdir():
        part.write_bytes(b"\x80\x05garbage\xff" * 100)
    parses.clear()
    with caplog.at_level(logging.DEBUG, logger="mkdocs_specs.cache"):
        run = check()
    assert run.code == 1 and run.findings() == {BAD}
    assert parses == ["specs/a.md"]
    assert "not signed with this cache key" in caplog.text
    assert caplog.text.count("ignoring cache file") == 1  # meta.json: nothing past it is read
    parses.clear()
    assert check().findings() == {BAD} and parses == []  # rebuilt


# ---------------------------------------------------------------------------------------------
# Nothing forged in the cache hides a finding


def _without_findings(shard: Path) -> bytes:
    """The shard with the page's findings removed, its content digest kept."""
    header, pages = _payload(shard)
    (page,) = pages
    assert page[6][16], "the page had findings to hide"
    page[6][16] = []
    return _dump([header, pages])


def test_a_forged_entry_without_a_valid_signature_hides_no_finding(root, check, own_cache_folder):
    assert check().code == 1
    shard = _shard_of(_folder(own_cache_folder))
    mac = shard.read_bytes().split(b"\n", 1)[0]
    shard.write_bytes(mac + b"\n" + _without_findings(shard))  # the old signature kept
    run = check()
    assert run.code == 1 and run.findings() == {BAD}

    _sign(shard, _without_findings(shard), b"k" * 32)  # signed with another key
    run = check()
    assert run.code == 1 and run.findings() == {BAD}


def test_the_same_edit_signed_with_the_key_would_be_trusted(root, check, own_cache_folder):
    """What the key protects: an entry signed with it is believed. It is kept out of the cache
    folder for that reason (and this shows the forgery above is refused for its signature)."""
    assert check().code == 1
    shard = _shard_of(_folder(own_cache_folder))
    _sign(shard, _without_findings(shard), _user_key())
    assert check().code == 0


def test_the_user_key_is_kept_outside_the_cache_folder(root, check, own_cache_folder):
    assert check().code == 1
    key_file = Path(os.environ["XDG_STATE_HOME"]) / "mkdocs-specs" / "cache-key"
    assert len(key_file.read_bytes()) == 32
    assert key_file.stat().st_mode & 0o077 == 0
    assert not any(own_cache_folder.rglob("*key*"))


# ---------------------------------------------------------------------------------------------
# Nothing malformed stops the check: the entry is dropped and its page parsed again


def _document_edit(position: int, value: object):
    def edit(page: list) -> None:
        page[6][position] = value

    return edit


def _page_edit(position: int, value: object):
    def edit(page: list) -> None:
        page[position] = value

    return edit


def _finding_edit(position: int, value: object):
    def edit(page: list) -> None:
        page[6][16][0][position] = value

    return edit


MALFORMED_ENTRIES = {
    "document is a number": _page_edit(6, 5),
    "document is a string": _page_edit(6, "x"),
    "document is an object": _page_edit(6, {"kind": "spec"}),
    "document too short": _page_edit(6, ["spec", 3]),
    "page too long": lambda page: page.append(1),
    "path is a number": _page_edit(0, 7),
    "digest not hex": _page_edit(4, "zz" * 16),
    "digest too short": _page_edit(4, "00"),
    "time negative": _page_edit(3, -1),
    "time a float": _page_edit(3, 1.5),
    "size a boolean": _page_edit(2, True),
    "mtime without size": _page_edit(2, None),
    "kind unknown": _document_edit(0, "rfc"),
    "kind a list": _document_edit(0, ["spec"]),
    "line count huge": _document_edit(1, 2**64),
    "line count negative": _document_edit(1, -3),
    "title a number": _document_edit(2, 12),
    "fields not in sixes": _document_edit(4, [None, "Status", "status", "x", 8]),
    "field line a string": _document_edit(4, [None, "Status", "status", "x", "8", False]),
    "field value a list": _document_edit(4, [None, "Status", "status", ["x"], 8, False]),
    "field value an object": _document_edit(4, [None, "Status", "status", {"a": 1}, 8, False]),
    "field flag a number": _document_edit(4, [None, "Status", "status", "x", 8, 0]),
    "front matter fields an object": _document_edit(5, {}),
    "parse problem too short": _document_edit(7, [[1, "front-matter"]]),
    "owners not strings": _document_edit(12, ["Jane", 3]),
    "references not in fours": _document_edit(13, ["prd", "PRD-1", 3]),
    "reference kind unknown": _document_edit(13, ["rfc", "RFC-1", 3, False]),
    "ignored rules not strings": _document_edit(15, [1, 2]),
    "ignored rules an object": _document_edit(15, {"rule": "invalid-status"}),
    "findings an object": _document_edit(16, {}),
    "finding rule unknown": _finding_edit(0, "no-such-rule"),
    "finding severity unknown": _finding_edit(1, "fatal"),
    "finding severity off-case": _finding_edit(1, "ERROR"),
    "finding line a float": _finding_edit(2, 8.0),
    "finding message missing": _finding_edit(3, None),
    "finding hint a number": _finding_edit(4, 1),
    "nested junk": _document_edit(3, [[[[[[[[[[{"a": [None]}]]]]]]]]]]),
}


@pytest.mark.parametrize("edit", MALFORMED_ENTRIES.values(), ids=MALFORMED_ENTRIES.keys())
def test_a_malformed_entry_is_dropped_and_its_page_parsed_again(
    root, check, own_cache_folder, parses, edit, caplog
):
    """Signed with the right key, so that it is the validation that catches it."""
    first = check()
    assert first.code == 1
    shard = _shard_of(_folder(own_cache_folder))
    header, pages = _payload(shard)
    edit(pages[0])
    _sign(shard, _dump([header, pages]), _user_key())
    parses.clear()
    with caplog.at_level(logging.DEBUG, logger="mkdocs_specs.cache"):
        run = check()
    assert run == first
    assert "Traceback" not in run.err
    assert parses == ["specs/a.md"]
    assert "ignoring 1 malformed entries of cache file" in caplog.text
    parses.clear()
    assert check() == first and parses == []  # the entry was written again


MALFORMED_FILES = {
    "truncated": lambda data: data[: len(data) // 2],
    "not UTF-8": lambda data: data[:-2] + b"\xff\xfe]]",
    "a huge number": lambda data: b"[" + b"9" * 5000 + b"]",
    "deep nesting": lambda data: b"[" * 100_000 + b"]" * 100_000,
    "empty": lambda data: b"",
    "not a list": lambda data: b'{"pages": []}',
    "no header": lambda data: json.dumps(json.loads(data)[1]).encode(),
    "another shard's header": lambda data: _dump([[*_header(data)[:4], 99], []]),
    "another generation": lambda data: _dump([[*_header(data)[:2], "g", *_header(data)[3:]], []]),
    "pages not a list": lambda data: _dump([_header(data), "pages"]),
    "NaN": lambda data: b"[NaN]",
}


def _header(data: bytes) -> list:
    return json.loads(data)[0]


@pytest.mark.parametrize("damage", MALFORMED_FILES.values(), ids=MALFORMED_FILES.keys())
def test_a_malformed_shard_is_ignored(root, check, own_cache_folder, parses, damage, caplog):
    first = check()
    shard = _shard_of(_folder(own_cache_folder))
    payload = shard.read_bytes().split(b"\n", 1)[1]
    _sign(shard, damage(payload), _user_key())
    parses.clear()
    with caplog.at_level(logging.DEBUG, logger="mkdocs_specs.cache"):
        run = check()
    assert run == first
    assert parses == ["specs/a.md"]
    assert caplog.text.count(f"ignoring cache file {shard}") == 1
    parses.clear()
    assert check() == first and parses == []


def test_a_malformed_meta_file_drops_the_whole_cache(root, check, own_cache_folder, parses):
    first = check()
    meta = _folder(own_cache_folder) / "meta.json"
    for damaged in (b"[1]", b'[1,"x",2,3]', b"[]", b"null", b"[" * 50_000):
        _sign(meta, damaged, _user_key())
        parses.clear()
        assert check() == first
        assert parses == ["specs/a.md"]


# A page array as the cache holds it, for mutating directly: the property below tries far more
# shapes than real runs could.
def _stored_page(root: Path, check, own_cache_folder) -> list:
    check()
    return _payload(_shard_of(_folder(own_cache_folder)))[1][0]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


def _paths(value: object, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    paths = [prefix]
    if isinstance(value, list):
        for index, item in enumerate(value):
            paths += _paths(item, (*prefix, index))
    return paths


def test_no_mutation_of_a_page_raises_while_read(root, check, own_cache_folder):
    page = _stored_page(root, check, own_cache_folder)
    paths = _paths(page)[1:]

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(paths), JSON_VALUES)
    def mutated(path: tuple[int, ...], value: object) -> None:
        changed = json.loads(json.dumps(page))
        target = changed
        for index in path[:-1]:
            target = target[index]
        target[path[-1]] = value
        pages, dropped = stored._pages([changed])
        assert len(pages) + dropped == 1

    mutated()


# ---------------------------------------------------------------------------------------------
# A key shared through the environment (CI's secret)


def test_a_shared_key_shares_the_cache_and_another_key_ignores_it(
    root, check, own_cache_folder, parses, monkeypatch, tmp_path
):
    write_site(root, {"specs/b.md": spec("Beta")})
    age_pages(root)
    monkeypatch.setenv("MKDOCS_SPECS_CACHE_KEY", "a secret of the repository")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "runner-1"))
    first = check()
    assert sorted(parses) == ["specs/a.md", "specs/b.md"]

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "runner-2"))  # another machine
    (root / "docs/specs/b.md").write_text(spec("Beta", status="Shipped"), "utf-8")
    parses.clear()
    second = check()
    assert parses == ["specs/b.md"]
    assert ("docs/specs/b.md", 8, "invalid-status", "error") in second.findings()
    assert not (tmp_path / "runner-1").exists() and not (tmp_path / "runner-2").exists()

    monkeypatch.setenv("MKDOCS_SPECS_CACHE_KEY", "a fork's guess")
    parses.clear()
    assert check() == second
    assert sorted(parses) == ["specs/a.md", "specs/b.md"]
    assert first.code == second.code == 1


def test_without_a_key_check_runs_without_a_cache(
    root, check, own_cache_folder, tmp_path, caplog, monkeypatch
):
    state = tmp_path / "state-file"
    state.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    with caplog.at_level(logging.DEBUG, logger="mkdocs_specs.cache"):
        run = check()
    assert run.code == 1 and run.findings() == {BAD}
    assert "no cache: cannot read or create the key" in caplog.text
    assert not (own_cache_folder / "mkdocs-specs").exists()


# ---------------------------------------------------------------------------------------------
# What the cache gives back is what parsing gives


ODD_FRONT_MATTER = """\
title: Gamma, as the front matter says
id: 42
created: 2024-05-01
tags: !!set {a, b}
blob: !!binary aGVsbG8=
nested: {when: 2024-05-01T10:00:00Z, list: [1, 2.5, null, true]}
specs_ignore: [section-order, 7, 2024-05-01]
"""

ADR = """\
---
status: superseded by ADR-0002
date: 2024-05-01
decision-makers: [Jane Doe, John Roe]
---
# Use Postgres

## Context

Why.
"""


def test_cold_and_warm_checks_give_identical_reports(tmp_path, check, monkeypatch, parses):
    """Front matter of every YAML type, two template versions, references, a baseline."""
    monkeypatch.chdir(tmp_path)
    _, template = built_in_template(Kind.SPEC)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/v1.md").write_text(template, "utf-8")
    newer = template.replace("## Appendices", "## Notes")
    (tmp_path / "templates/v2.md").write_text(newer, "utf-8")
    out_of_order = [SECTIONS[1], SECTIONS[0], *SECTIONS[2:]]
    files = {
        "specs/alpha.md": spec("Alpha", status="Shipped", related_adr="ADR-0001, ADR-0009"),
        "specs/beta.md": spec("Beta", sections=[*SECTIONS[:-1], "Notes"], related_prd="PRD-1"),
        "specs/gamma.md": spec("Gamma", sections=out_of_order, front_matter=ODD_FRONT_MATTER),
        "specs/delta.md": spec("Delta", front_matter="owners: [Ann, Bob]\nstatus: Draft"),
        "specs/broken.md": spec("Broken", front_matter="title: [unclosed"),
        "specs/bytes.md": spec("Bytes").encode() + b"\n\xff\xfe\n",
        "prd/1-checkout.md": "# Checkout\n\n**Status:** Draft\n**Owner:** Ann\n",
        "adr/0001-use-postgres.md": ADR,
        "adr/0002-use-sqlite.md": ADR.replace("superseded by ADR-0002", "accepted"),
    }
    versions = {"template": ["templates/v1.md", "templates/v2.md"]}
    write_site(tmp_path, files, {"plugins": [{"specs": versions}]})
    age_pages(tmp_path)
    check("--write-baseline")
    (tmp_path / "docs/specs/alpha.md").write_text(spec("Alpha", status="Aproved"), "utf-8")
    age_pages(tmp_path)
    baseline = {"baseline": ".specs-baseline.json"}
    write_site(tmp_path, {}, {"plugins": [{"specs": {**versions, **baseline}}]})
    for output in ("json", "sarif", "text"):
        cold = check("--no-cache", "--format", output)
        check("--format", output)  # fills the cache
        parses.clear()
        warm = check("--format", output)
        assert parses == []
        assert warm == cold
    documents = {doc["src_path"]: doc for doc in json.loads(check("--format", "json").out)}
    assert {doc["template"] for doc in documents.values()} == {None, "v1.md", "v2.md"}
    assert documents["specs/gamma.md"]["id"] == "SPEC-42"
    assert documents["specs/gamma.md"]["findings"] == []  # `specs_ignore: [section-order, …]`
    assert documents["specs/beta.md"]["related"][0]["resolved"]
    assert [f["rule"] for f in documents["specs/alpha.md"]["findings"]] == ["invalid-status"]

"""The text report of a large site, after one edit: what it prints costs the documents with
findings, not the whole site."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import write_site
from factory import spec

from mkdocs_specs import cli

_PAGES = {
    "specs/good.md": spec("Good"),
    "specs/bad.md": spec("Bad", status="Nonsense"),
}


@pytest.fixture
def named(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose paths, as printed from here, the command computed."""
    computed: list[str] = []
    original = cli._paths_from_here

    def spy(documents, root, generated):  # type: ignore[no-untyped-def]
        computed.extend(doc.src_path for doc in documents)
        return original(documents, root, generated)

    monkeypatch.setattr(cli, "_paths_from_here", spy)
    return computed


@pytest.mark.parametrize(
    ("output", "expected"),
    [("text", ["specs/bad.md"]), ("junit", ["specs/bad.md", "specs/good.md"])],
)
def test_only_junit_names_documents_without_findings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    named: list[str],
    output: str,
    expected: list[str],
) -> None:
    """Only a JUnit report has an entry (a test case) for a document without findings. Run
    from above the project, every printed path is still relative to here."""
    (tmp_path / "site").mkdir()
    write_site(tmp_path / "site", _PAGES)
    monkeypatch.chdir(tmp_path)
    result = run_cli(capsys, "check", "-f", "site/mkdocs.yml", "--format", output)
    assert sorted(named) == expected
    if output == "junit":
        assert 'name="site/docs/specs/good.md"' in result.out
        assert 'name="site/docs/specs/bad.md"' in result.out
    else:
        assert ("site/docs/specs/bad.md", 8, "invalid-status", "error") in result.findings()
        summary = "checked 2 specs, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info"
        assert result.out.rstrip().endswith(summary)

"""Quiet by default, loud when it matters: a Draft's expected info findings are one line of the
build log, `check` prints what a reader asks for (machine formats leave info out unless
asked), the serve panel folds long groups, and the example site's sidebar reads well."""

from __future__ import annotations

import re

from conftest import build_findings
from factory import SECTIONS, spec

FOLDED_RE = re.compile(
    r"^INFO: mkdocs_specs: (\S+): (\d+) info findings \(Draft\); "
    r"see the page or mkdocs-specs check$",
    re.MULTILINE,
)


def test_a_drafts_info_findings_are_one_line_of_the_build_log(build):
    """Only a Draft's info findings are folded: its warnings stay one a line, and so do the
    info findings of a spec past Draft and a Draft's single one."""
    files = {
        "specs/draft.md": spec(
            "Fresh", status="Draft", project="{Project Name}", sections=[], related_adr="ADR-0099"
        ),
        "specs/approved.md": spec("Done", sections=SECTIONS[:3]),
        "specs/one.md": spec("One", status="Draft", drop_fields=("Author",)),
    }
    rules = {"missing-section": "info", "unresolved-reference": "warning"}
    result = build(files, {"plugins": [{"specs": {"rules": rules}}]})
    assert result.exit_code == 0, result.log

    def info(src_path: str) -> int:
        findings = result.document(src_path)["findings"]
        return sum(finding["severity"] == "info" for finding in findings)

    assert info("specs/draft.md") > 10
    assert FOLDED_RE.findall(result.log) == [("docs/specs/draft.md", str(info("specs/draft.md")))]
    logged = build_findings(result)
    assert {(path, severity) for path, _, _, severity in logged if "draft" in path} == {
        ("docs/specs/draft.md", "warning")  # unresolved-reference, on its own line
    }
    approved = re.findall(r"^INFO: mkdocs_specs: docs/specs/approved.md:\d+: ", result.log, re.M)
    assert len(approved) == info("specs/approved.md") > 1
    assert ("docs/specs/one.md", 3, "missing-field", "info") in logged
    assert "checked 3 specs" in result.log and f"{sum(map(info, files))} info" in result.log

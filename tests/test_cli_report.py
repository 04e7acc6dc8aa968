"""The printers on their own: what CI parses must survive any text a page can contain."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from mkdocs_specs.model import Document, Finding, Kind, Severity
from mkdocs_specs.report import (
    CheckResult,
    github_report,
    junit_report,
    sarif_report,
    text_report,
)


def result_with(message: str, path: str = "docs/specs/a.md") -> CheckResult:
    doc = Document(src_path="specs/a.md", kind=Kind.SPEC, line_count=10, display_path=path)
    doc.findings = [Finding("placeholder", Severity.WARNING, path, 4, message, "fix it")]
    return CheckResult([doc])


def test_github_escapes_line_breaks_and_percent_in_the_message():
    out = github_report(result_with("100%\r\nsure"))
    assert out == (
        "::warning file=docs/specs/a.md,line=4,title=placeholder::100%25%0D%0Asure (hint: fix it)\n"
    )


def test_github_escapes_colons_and_commas_in_properties():
    out = github_report(result_with("m", path="docs/a,b:c.md"))
    assert out.startswith("::warning file=docs/a%2Cb%3Ac.md,line=4,")


def test_junit_and_sarif_carry_any_message():
    message = 'nul \x00, bell \x07, quote " <tag> & \ud800'
    failure = ElementTree.fromstring(junit_report(result_with(message))).find(".//failure")
    assert failure is not None
    assert failure.get("message", "").startswith('nul \ufffd, bell \ufffd, quote " <tag> &')
    sarif = json.loads(sarif_report(result_with(message)))
    result = sarif["runs"][0]["results"][0]
    assert result["message"]["text"].startswith("nul \x00")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_sarif_uris_are_percent_encoded_relative_references():
    sarif = json.loads(sarif_report(result_with("m", path="docs/specs/a b#1.md")))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/specs/a%20b%231.md"


def test_text_lines_match_the_build_log_after_the_severity():
    out = text_report(result_with("m"))
    assert out.splitlines() == [
        "WARNING docs/specs/a.md:4: placeholder: m (hint: fix it)",
        "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 1 warning, 0 info",
    ]

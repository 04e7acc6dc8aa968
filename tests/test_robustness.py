"""Whatever is in the docs folder, the checker answers with findings, never a traceback, and
in time linear in the size of the input."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import run_mkdocs, write_site
from factory import spec

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.parse import scan_outline, split_lines
from mkdocs_specs.template import default_template

SETTINGS = Settings(
    globs={Kind.SPEC: ["**/*.md"]}, templates={Kind.SPEC: [default_template()]}, today=None
)


def check(data: bytes | str, settings: Settings = SETTINGS) -> Catalog:
    return check_sources([Source("specs/a.md", "docs/specs/a.md", lambda: data)], settings)


def findings_of(data: bytes | str) -> list[tuple[str, int]]:
    (doc,) = check(data).documents
    assert all(1 <= f.line <= doc.line_count for f in doc.findings)
    return [(f.rule, f.line) for f in doc.findings]


VALID = spec()


@pytest.mark.parametrize(
    "variant",
    [
        VALID.encode("utf-8-sig"),
        VALID.replace("\n", "\r\n").encode(),
        VALID.replace("\n", "\r"),
        VALID.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=["bom", "crlf", "lone-cr", "bom-crlf"],
)
def test_byte_order_mark_and_line_endings_change_nothing(variant):
    assert findings_of(variant) == []


def test_tab_indented_heading_after_a_blank_line_is_code():
    page = VALID.replace("## Appendices", "\t## Appendices")
    (finding,) = check(page).documents[0].findings
    assert (finding.rule, finding.message) == (
        "missing-section",
        'required section "Appendices" is missing',
    )


def test_bytes_that_are_not_utf8_are_a_finding_on_their_line():
    page = VALID.encode().replace(b"What appendices", b"What \xff\xfe appendices")
    line = VALID.splitlines().index("What appendices says about Payment Retries.") + 1
    assert findings_of(page) == [("encoding", line)]


def test_bytes_that_are_not_utf8_in_front_matter_are_a_front_matter_finding():
    page = b"---\ntitle: caf\xe9\n---\n" + VALID.encode()
    assert findings_of(page) == [("front-matter", 2)]


def test_nul_bytes_are_text_like_any_other():
    assert findings_of(VALID.replace("Payments", "Pay\x00ments")) == []


@pytest.mark.parametrize("data", [b"", "", "\n", "   \n\t\n", "\ufeff", "---", "---\n---\n"])
def test_empty_pages_are_missing_everything_but_never_crash(data):
    assert "missing-title" in {rule for rule, _ in findings_of(data)}


def test_dangling_symlink_is_skipped_by_the_checker():
    def dangling() -> bytes:
        raise FileNotFoundError("specs/gone.md")

    catalog = check_sources([Source("specs/gone.md", "docs/specs/gone.md", dangling)], SETTINGS)
    assert catalog.documents == []


def _timed(data: str | bytes, budget: float) -> Catalog:
    start = time.process_time()
    catalog = check(data)
    elapsed = time.process_time() - start
    assert elapsed < budget, f"{elapsed:.1f}s"
    return catalog


def test_ten_megabyte_page():
    line = "Prose with a {Project Name}, `code`, a [link](x.md) and **bold:** text.\n"
    catalog = _timed(VALID + line * (10_000_000 // len(line)), budget=30)
    (doc,) = catalog.documents
    assert doc.line_count > 130_000
    assert {f.rule for f in doc.findings} == {"placeholder"}


def test_ten_thousand_headings():
    sections = "".join(f"## Section {n}\n\n### Detail {n}\n\nText.\n\n" for n in range(10_000))
    (doc,) = _timed(VALID + sections, budget=10).documents
    assert doc.findings == []


def test_ten_thousand_headings_against_a_ten_thousand_section_template():
    from mkdocs_specs.template import read_template

    outline = "".join(f"## Section {n}\n\n### Detail {n}\n\n" for n in range(10_000))
    template = read_template(f"# T: {{Name}}\n\n{outline}", "big.md")
    settings = Settings(
        globs={Kind.SPEC: ["**/*.md"]}, templates={Kind.SPEC: [template]}, required_depth=3
    )
    reversed_outline = "".join(
        f"## Section {n}\n\n### Detail {n}\n\n" for n in range(9_999, -1, -1)
    )
    start = time.process_time()
    (doc,) = check(f"# T: X\n\n{reversed_outline}", settings).documents
    assert time.process_time() - start < 10
    assert {f.rule for f in doc.findings} == {"section-order"}


def test_deeply_nested_lists_and_quotes():
    nested = "".join("  " * depth + "- item\n" for depth in range(5_000))
    quoted = "".join(">" * depth + " quote\n" for depth in range(1, 2_000))
    (doc,) = _timed(VALID + nested + "\n" + quoted, budget=10).documents
    assert doc.findings == []


@pytest.mark.parametrize(
    "line",
    [
        "# a" + " " * 200_000 + "x",
        "## b" + " #" * 100_000 + " c",
        "**Status:** x" + " " * 200_000 + "y",
        "**Author:** x" + " " * 200_000 + "y",
        "**Related ADR:** ADR-1" + " " * 200_000 + "x",
        "**Related PRD:** " + "a and " * 30_000 + "x",
        "## Status\n\nSuperseded by" + " " * 200_000 + "x",
        "- Start Date:" + " " * 200_000 + "y",
        "`a" * 100_000 + "".join("`" * k + "x" for k in range(1, 400)),
        "# T " + "<!--" * 100_000,
        "[" * 300_000 + "{" * 300_000 + "(fill " * 50_000,
        "| **Status** |" + " |" * 100_000,
        "# Technical Specification: " + "a: " * 100_000,
        "Title\n" + "-" * 300_000,
        "```" * 100_000,
    ],
    ids=[
        "heading-spaces",
        "heading-hashes",
        "bold-field-spaces",
        "owner-spaces",
        "reference-spaces",
        "many-references",
        "status-section-spaces",
        "bullet-field-spaces",
        "backtick-runs",
        "comment-openers",
        "brackets",
        "table-cells",
        "long-title",
        "setext",
        "fences",
    ],
)
def test_hostile_lines_take_linear_time(line):
    """As a spec against the default template, and as an ADR whose status is read too."""
    text = f"# Technical Specification: X\n\n## Document Information\n{line}\n"
    settings = Settings(
        globs={Kind.SPEC: ["specs/*.md"], Kind.ADR: ["adr/*.md"]},
        templates={Kind.SPEC: [default_template()]},
    )
    sources = [
        Source(path, path, lambda: text) for path in ("specs/a.md", "adr/0001-a.md", "adr/2-b.md")
    ]
    start = time.process_time()
    check_sources(sources, settings)
    assert time.process_time() - start < 5
    _timed(f"{line}\n", budget=5)


def test_non_utf8_spec_fails_the_build_with_a_finding_not_a_traceback(build):
    page = spec().encode().replace(b"Payments", b"Pay\xe9ments")
    result = build({"specs/a.md": page})
    assert result.exit_code == 1
    assert "ERROR: mkdocs_specs: docs/specs/a.md:4: encoding: the file is not valid UTF-8" in (
        result.log
    )
    assert "Traceback" not in result.output


def test_non_utf8_spec_builds_with_replacement_characters_when_encoding_is_a_warning(build):
    page = spec().encode().replace(b"Payments", b"Pay\xe9ments")
    result = build({"specs/a.md": page}, {"plugins": [{"specs": {"rules": {"encoding": "info"}}}]})
    assert result.exit_code == 0, result.log
    assert "Pay\ufffdments" in result.html("specs/a/index.html")


def test_nul_bytes_bom_and_crlf_build(build):
    page = spec(project="Pay\x00ments").replace("\n", "\r\n").encode("utf-8-sig")
    result = build({"specs/a.md": page}, strict=True)
    assert result.exit_code == 0, result.log
    assert result.document("specs/a.md")["project"] == "Pay\x00ments"


def test_symlinked_spec_is_checked(build, tmp_path):
    outside = tmp_path / "shared" / "b.md"
    outside.parent.mkdir()
    outside.write_text(spec(status="Shipped"), "utf-8")
    (tmp_path / "docs" / "specs").mkdir(parents=True)
    os.symlink(outside, tmp_path / "docs" / "specs" / "b.md")
    result = build({"specs/a.md": spec()})
    assert result.exit_code == 1
    assert "ERROR: mkdocs_specs: docs/specs/b.md:8: invalid-status" in result.log


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"foo": 1}, "option 'foo': not an option of this plugin (options: adr_template, "),
        ({"templat": "t.md"}, "option 'templat': not an option of this plugin; did you mean "),
        ({"template": "missing.md"}, "option 'template': the template file 'missing.md' does "),
        ({"template": ["spec.md", 5]}, "option 'template': expected the path of a Markdown file"),
        ({"adr_template": "gone/adr.md"}, "option 'adr_template': the template file 'gone/adr"),
        ({"rules": {"placholder": "off"}}, "unknown rule id 'placholder'; did you mean 'placehol"),
        ({"rules": {"placeholder": "loud"}}, "rule 'placeholder': unknown severity 'loud'"),
        ({"rules": ["placeholder"]}, "option 'rules': expected a mapping of rule ids to severit"),
        ({"required_depth": "deep"}, "option 'required_depth': Expected type: <class 'int'>"),
        ({"specs": "specs/*.md"}, "option 'specs': Expected a list of items"),
        ({"fail_on": "sometimes"}, "option 'fail_on': Expected one of: ('error', 'warning'"),
    ],
)
def test_config_mistake_is_one_configuration_error_line(tmp_path, options, message):
    (tmp_path / "spec.md").write_text("# Spec: {Name}\n\n## Summary\n", "utf-8")
    write_site(tmp_path, {"index.md": "# Home\n"}, {"plugins": [{"specs": options}]})
    result = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert errors[0].startswith("ERROR: Config value 'plugins': Plugin 'specs' option '")
    assert message in errors[0]
    assert "Traceback" not in result.output


def test_two_builds_produce_byte_identical_exports_and_pages(tmp_path):
    """In separate processes with different hash seeds, so no set order can leak out."""
    pages = {
        "specs/a.md": spec(related_prd="PRD-1, PRD-2", related_adr="ADR-1", author="Ann, Bob"),
        "specs/b.md": spec("Other", status="Draft", project="{Project Name}", author="José"),
        "specs/c.md": spec("Third", status="Review", author="Bob and Ann"),
        "prd/0001-a.md": "# A\n\n**Status:** Approved\n",
        "prd/0002-b.md": "# B\n",
        "adr/0001-c.md": "# C\n\n## Status\n\nAccepted\n",
    }
    write_site(tmp_path, pages, {"plugins": ["search", "specs"]})
    outputs = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"},
            check=True,
        )
        outputs.append(
            {
                path.relative_to(site).as_posix(): path.read_bytes()
                for path in sorted(site.rglob("*"))
                if path.suffix in (".html", ".json", ".css")
            }
        )
    assert outputs[0] == outputs[1]
    expected = {"specs.json", "search/search_index.json", "portal/index.html", "specs/a/index.html"}
    assert expected <= set(outputs[0])
    assert b'"src_path": "prd/0002-b.md"' in outputs[0]["specs.json"]


@pytest.mark.parametrize(
    ("body", "headings"),
    [
        ("```\n# not\n```\n# yes", [(1, "yes", 4)]),
        ("```` md\n```\n# not\n````\n# yes", [(1, "yes", 5)]),  # closed by its own length
        ("~~~\n# not\n```\n# not\n~~~\n## yes", [(2, "yes", 6)]),
        ("   ```\n# not\n   ```\n# yes", [(1, "yes", 4)]),
        ("```\n# not\n    ```\n# not", []),  # indented four: no closing fence, to the end
        ("``` `x`\n# yes", [(1, "yes", 2)]),  # a backtick in the info string: no fence
        ("<!--\n# not\n-->\n# yes", [(1, "yes", 4)]),
        ("<!-- a\n\n# not\nb --> # not\n# yes", [(1, "yes", 5)]),  # the closing line is skipped
        ("<!-- one line -->\n# yes\n<!--\n# not", [(1, "yes", 2)]),  # unclosed: to the end
    ],
)
def test_fenced_code_and_comments_hide_their_headings(body, headings):
    outline = scan_outline(split_lines(body))
    assert [tuple(heading) for heading in outline.headings] == headings


@pytest.mark.parametrize(
    ("body", "body_lines"),
    [
        ("[a]: #a\n---", [(2, "---")]),  # a rule, read as after a blank line
        ("Some prose.\n\n[a]: #a\n---", [(1, "Some prose."), (4, "---")]),
        ("[a]: #a\n===", [(2, "===")]),
    ],
)
def test_a_link_definition_is_no_setext_heading(body, body_lines):
    """It is not prose: the line under it makes no heading, and takes no prose line with it
    (this once popped the line before, or crashed when there was none)."""
    outline = scan_outline(split_lines(body))
    assert outline.headings == []
    assert outline.body_lines == body_lines

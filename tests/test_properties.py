"""Generated Markdown and random bytes through the whole pipeline: template reader, parser,
rules, catalog, export and portal rendering. No exception escapes, every finding's line lies
inside its file, and the same input renders the same output."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Document, Finding, Kind, Severity
from mkdocs_specs.parse import FRONT_MATTER_ALIAS_ALLOWANCE, decode_source, read_front_matter
from mkdocs_specs.portal import Portal, fill_tables, insert_after_h1
from mkdocs_specs.report import CheckResult, export_json, github_report, text_report
from mkdocs_specs.template import default_template, read_template

WORDS = st.sampled_from(
    [
        "Summary",
        "Status",
        "Document Information",
        "Draft",
        "Approved",
        "Accepted | Rejected",
        "Proposed / Accepted / Deprecated",
        "2026-02-30",
        "2026-01-05",
        "YYYY-MM-DD",
        "{Project Name}",
        "[Title]",
        "(fill me in with a date)",
        "NNNN",
        "0000",
        "ADR-0007",
        "PRD-1",
        "../prd/1-a.md",
        "`code`",
        "``",
        "<!--",
        "-->",
        "<!-- optional -->",
        "(Optional)",
        "[Required]",
        "*",
        "**",
        "|",
        ":",
        "…",
        "é",
        "\t",
        "\x00",
        "\ufeff",
        "José Álvarez",
        "https://example.org/x",
    ]
)
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=6).map(" ".join)


def _line(kind: str, text: str, level: int, indent: str) -> str:
    return {
        "atx": f"{'#' * level} {text}",
        "setext": f"{text}\n{'=' if level == 1 else '--'}",
        "bold": f"**{text}:** {text}",
        "bullet": f"- {text}: {text}",
        "nested": f"{indent}- {text}",
        "table": f"| **{text}** | {text} |",
        "fence": "```" if level % 2 else "~~~",
        "comment": f"<!-- {text}",
        "prose": f"{indent}{text}",
        "link": f"[{text}]: #{text}",
        "task": f"- [ ] {text}",
        "quote": f"> {text}",
        "blank": "",
    }[kind]


LINES = st.builds(
    _line,
    st.sampled_from(
        [
            "atx",
            "setext",
            "bold",
            "bullet",
            "nested",
            "table",
            "fence",
            "comment",
            "prose",
            "link",
            "task",
            "quote",
            "blank",
        ]
    ),
    TEXT,
    st.integers(min_value=1, max_value=7),
    st.sampled_from(["", "  ", "    ", "\t", " \t"]),
)
FRONT_MATTER = st.one_of(
    st.just(""),
    st.lists(
        st.sampled_from(
            [
                "status: Draft",
                "status: {proposed | accepted | …}",
                "date: {YYYY-MM-DD}",
                "date: 2026-02-30",
                "id: ADR-0007",
                "owners: [Ann, Bob]",
                "related_prd: PRD-1, ../prd/2-b.md",
                "specs_kind: adr",
                "specs_kind: nonsense",
                "specs_ignore: [placeholder]",
                "specs_ignore: 5",
                "title: [oops",
                "- a list",
                "# These are optional metadata elements.",
                "nested:\n  key: value",
            ]
        ),
        max_size=5,
    ).map(lambda keys: "---\n" + "\n".join(keys) + "\n---\n"),
)
MARKDOWN = st.builds(
    lambda bom, front, lines, newline, final: (
        bom + front + newline.join(lines).replace("\n", newline) + final
    ),
    st.sampled_from(["", "\ufeff"]),
    FRONT_MATTER,
    st.lists(LINES, max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["", "\n"]),
)
PAGE = st.one_of(
    MARKDOWN,
    MARKDOWN.map(lambda text: text.encode("utf-8")),
    st.binary(max_size=400),
    st.text(max_size=400),
)
PATHS = st.sampled_from(
    [
        "specs/a.md",
        "specs/b.md",
        "specs/index.md",
        "prd/1-a.md",
        "prd/2-b.md",
        "adr/0007-c.md",
        "adr/7-d.md",
        "other.md",
    ]
)


def editor_line_count(data: bytes | str) -> int:
    """Lines as an editor shows them, counted independently of the parser's own bookkeeping."""
    text = decode_source(data)[0] if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)


def run_pipeline(pages: dict[str, bytes | str], templates: list[str]) -> None:
    versions = [read_template(text, f"v{n}.md") for n, text in enumerate(templates)]
    config = Settings(
        globs={
            Kind.SPEC: ["specs/**/*.md"],
            Kind.PRD: ["prd/*.md"],
            Kind.ADR: ["adr/*.md"],
        },
        templates={
            Kind.SPEC: versions or [default_template()],
            Kind.PRD: versions[:1],
            Kind.ADR: versions[1:],
        },
        required_depth=3,
        today=dt.date(2026, 6, 1),
    )
    sources = [Source(path, f"docs/{path}", _loader(data)) for path, data in pages.items()]
    catalog = check_sources(sources, config)
    for doc in catalog.documents:
        count = editor_line_count(pages[doc.src_path])
        assert doc.line_count == count
        for finding in doc.findings:
            assert 1 <= finding.line <= count, finding
    first = export_json(catalog, lambda path: path)
    assert json.loads(first)["documents"] is not None
    assert export_json(catalog, lambda path: path) == first
    rendered = render_portal(Portal(catalog, config.templates, "portal"), catalog)
    assert render_portal(Portal(catalog, config.templates, "portal"), catalog) == rendered


def _loader(data: bytes | str) -> Callable[[], bytes | str]:
    return lambda: data


class FlatUrls:
    """Every page one folder below the site's root."""

    def of(self, src_path: str) -> str:
        return src_path

    def between(self, page: str, target: str) -> str:
        return f"../{target}"


def render_portal(portal: Portal, catalog: Catalog) -> list[str]:
    """Every generated page, and every document page decorated as it is served."""
    pages = [fill_tables(page.markdown, page.tables) for page in portal.pages(FlatUrls())]
    for doc in catalog.documents:
        html = f"<h1>{doc.display_title}</h1>\n<p>Body.</p>"
        top, bottom = portal.fragments(doc, FlatUrls(), findings=True)
        pages.append(insert_after_h1(html, top) + bottom)
    return pages


COMMON = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@COMMON
@given(st.one_of(MARKDOWN, st.text(max_size=600)))
def test_any_text_is_a_template(text):
    template = read_template(text, "t.md")
    assert all(0 <= s.level <= 7 for s in template.sections)
    assert template.required_sections(6) is not None


@COMMON
@given(st.dictionaries(PATHS, PAGE, max_size=6), st.lists(MARKDOWN, max_size=2))
def test_generated_sites_never_raise_and_findings_stay_inside_their_files(pages, templates):
    run_pipeline(pages, templates)


@COMMON
@given(PAGE)
def test_any_page_against_the_default_template(page):
    run_pipeline({"specs/a.md": page}, [])


@COMMON
@given(st.binary(max_size=2000))
def test_random_bytes_are_a_page_and_a_template(data):
    run_pipeline({"specs/a.md": data, "adr/7-a.md": data}, [decode_source(data)[0]] * 2)


@COMMON
@given(MARKDOWN)
def test_a_template_meets_its_own_outline(text):
    """Read as a document, a template has every section it requires, in its order."""
    template = read_template(text, "t.md")
    config = Settings(
        globs={Kind.SPEC: ["**/*.md"]}, templates={Kind.SPEC: [template]}, required_depth=6
    )
    (doc,) = check_sources([Source("t.md", "t.md", lambda: text)], config).documents
    assert not {f.rule for f in doc.findings} & {"missing-section", "section-order"}, doc.findings


HOSTILE_TEXT = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(
            ["\n", "\r", "\x1b", "\x07", "\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066"]
        ),
        st.sampled_from(["::error file=x,line=1::", "\x1b]0;t\x07", "\x1b[2J", "%0A", ":", ","]),
    ),
    max_size=20,
).map("".join)
# What may not reach a terminal or a workflow runner raw: C0 and C1 controls, DEL, the line and
# paragraph separators and the bidirectional controls.
_RAW_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@COMMON
@given(HOSTILE_TEXT, HOSTILE_TEXT, st.one_of(st.none(), HOSTILE_TEXT), HOSTILE_TEXT)
def test_each_finding_is_one_line_led_by_its_path(path, message, hint, template):
    path = f"docs/{path}"
    doc = Document(src_path="a.md", kind=Kind.SPEC, line_count=9, display_path=path)
    doc.findings = [Finding("placeholder", Severity.WARNING, path, 4, message, hint, template)]
    result = CheckResult([doc])
    text, github = text_report(result), github_report(result)
    for output in (text, github):
        assert not _RAW_RE.search(output.replace("\n", "")), repr(output)
    lines = text.split("\n")
    assert len(lines) == 3 and lines[2] == ""
    assert lines[0].startswith("WARNING docs/")
    assert lines[1].startswith("checked 1 spec")
    (command,) = github.split("\n")[:-1]
    assert command.startswith("::warning file=docs/")


WORD = st.sampled_from(["lol", "", "~", "yes", "1", "Jane Doe", "'q'", "x: y"])


@st.composite
def aliased_front_matter(draw: st.DrawFn) -> str:
    """Front matter whose entries repeat the ones before through aliases, possibly many
    times over: from nothing shared to hundreds of thousands of values."""
    words = draw(st.lists(WORD, min_size=1, max_size=12))
    lines = ["e0: &e0 [" + ", ".join(json.dumps(word) for word in words) + "]"]
    levels = draw(st.integers(1, 6))
    for level in range(1, levels):
        names = draw(st.lists(st.integers(0, level - 1), min_size=1, max_size=12))
        lines.append(f"e{level}: &e{level} [" + ", ".join(f"*e{n}" for n in names) + "]")
    key = draw(st.sampled_from(["specs_kind", "specs_ignore", "owners"]))
    lines.append(f"{key}: *e{levels - 1}")
    return "\n".join(lines)


@COMMON
@given(aliased_front_matter())
def test_front_matter_is_bounded_whatever_its_aliases_repeat(front_matter):
    source = front_matter.split("\n")
    data, _, problem = read_front_matter(["---", *source, "---"])
    limit = FRONT_MATTER_ALIAS_ALLOWANCE + 2 * len(front_matter)
    if problem is None:
        assert len(str(data)) <= 10 * limit
    else:
        assert data == {}
        assert problem[1].startswith(f"front matter would be longer than {limit:,} characters")
        assert 2 <= problem[0] <= len(source) + 1

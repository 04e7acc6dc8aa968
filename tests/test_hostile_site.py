"""Hostile strings in every field of a spec, through a real Material build and `check`: the
pages the plugin generates parse, carry no element or attribute that a document introduced,
link nowhere but http(s) and the site, and every line of the text format names its file."""

from __future__ import annotations

import contextlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import spec
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

MARK = "evil"
"""Every tag, attribute and script the hostile strings try to introduce is named with it."""

FRAGMENTS = [
    f"</title><{MARK}-tag {MARK}-attr=1>",
    f"<script>{MARK}()</script>",
    f'"><img src=x on{MARK}=1>',
    f"' {MARK}-attr='",
    f"[click](javascript:{MARK}())",
    f"[data](data:text/html,<{MARK}-tag>)",
    f"<a href='vbscript:{MARK}'>x</a>",
    f"JaVaScRiPt:{MARK}()",
    "\n::error file=evil.md,line=1::INJECTED",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b]8;;https://evil.test\x1b\\",
    "\r",
    "\u2028",
    "\u202e",
    "\x00",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp; &lt;",
    "| pipe |",
    "`",
    "*",
    "José Álvarez",
]

PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], max_codepoint=0x2FFF),
    max_size=12,
)
HOSTILE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), PLAIN), min_size=1, max_size=4).map(
    "".join
)
LONG = st.builds(lambda word, count: word * count, st.sampled_from(["A", "é", "</"]), st.just(400))


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


_SAFE_LINK_RE = re.compile(r"(?:https?://|[^:]*(?:[/?#]|$))", re.IGNORECASE)
"""An absolute http(s) URL, or a relative one: no scheme before the first `/`, `?` or `#`."""


def introduced(html: str) -> list[str]:
    """What of the hostile input became markup rather than text."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.tags:
        if MARK in tag:
            problems.append(f"element <{tag}>")
        for name, value in attrs:
            if MARK in name:
                problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value is not None:
                target = "".join(value.split())
                if not _SAFE_LINK_RE.match(target):
                    problems.append(f"{name}={value!r} on <{tag}>")
    problems += [f"script {text[:40]!r}" for text in parser.scripts if MARK in text]
    return problems


def fragments_of(html: str) -> list[str]:
    """The parts of a document page the plugin wrote: its card and its Referenced-by list."""
    found = re.findall(r'<div class="specs-card">.*?</dl>\s*</div>', html, re.S)
    found += re.findall(r'<h2 id="referenced-by".*', html, re.S)
    return found


def hostile_site(values: dict[str, str]) -> dict[str, str]:
    one_line = {key: " ".join(value.splitlines()) for key, value in values.items()}
    front_matter = "\n".join(
        f"{key}: {json.dumps(values[key])}" for key in ("title", "owners", "id", "project")
    )
    return {
        "index.md": "# Home\n",
        "specs/hostile.md": spec(
            one_line["h1"],
            project=one_line["project"],
            version=one_line["version"],
            date=one_line["date"],
            author=one_line["owners"],
            status=one_line["status"],
            related_prd=one_line["related"],
            related_adr=f"[{one_line['title']}](javascript:{MARK}())",
            front_matter=front_matter,
        ),
        "specs/plain.md": spec(
            "Plain", author=f"{one_line['owners']}, Jane Doe", related_prd="PRD-1"
        ),
        "prd/0001-evil.md": f"# PRD: {one_line['h1']}\n\n**Status:** {one_line['status']}\n",
        "adr/0001-evil.md": (
            f"# ADR: {one_line['title']}\n\n## Status\n\n{one_line['status']}\n"
        ),
    }


FIELDS = ("h1", "title", "owners", "id", "project", "version", "date", "status", "related")


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a build per example: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.fixed_dictionaries({key: st.one_of(HOSTILE, LONG) for key in FIELDS}),
)
def test_hostile_fields_never_become_markup_or_lines(tmp_path_factory, capsys, values):
    root = tmp_path_factory.mktemp("hostile")
    write_site(
        root,
        hostile_site(values),
        {"theme": "material", "plugins": [{"specs": {"fail_on": "never"}}]},
    )
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.exit_code == 0, result.output
    site = root / "site"
    portal = sorted(site.glob("portal/**/*.html"))
    assert portal
    for page in portal:
        assert introduced(page.read_text("utf-8")) == [], page
    for page in ("specs/hostile", "specs/plain", "prd/0001-evil", "adr/0001-evil"):
        html = (site / page / "index.html").read_text("utf-8")
        for fragment in fragments_of(html):
            assert introduced(fragment) == [], page
    for line in result.log.splitlines():
        assert "\x1b" not in line and "\x07" not in line
    assert not any(line.startswith("::") for line in result.log.splitlines())

    with contextlib.chdir(root):  # paths are printed relative to the current folder
        run = run_cli(capsys, "check", "--fail-on", "never")
    assert run.code == 0, run.err
    paths = ("docs/specs/hostile.md", "docs/specs/plain.md", "docs/prd/", "docs/adr/")
    lines = run.out.splitlines()
    assert lines[-1].startswith("checked ")
    for line in lines[:-1]:
        severity, _, rest = line.partition(" ")
        assert severity in ("ERROR", "WARNING", "INFO"), line
        assert rest.lstrip().startswith(paths), line
    for line in (run.out + run.err).splitlines():
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", line), line


@pytest.mark.parametrize(
    "href", ["javascript:x", " JavaScript:x", "java\tscript:x", "data:text/html,x", "vbscript:x"]
)
def test_link_check_catches_unsafe_schemes(href):
    assert introduced(f'<a href="{href}">x</a>') != []


@pytest.mark.parametrize("href", ["https://a.test/", "../x/", "#top", "x.md", "?q=1", "/abs/"])
def test_link_check_allows_site_and_web_links(href):
    assert introduced(f'<a href="{href}">x</a>') == []


def test_owner_names_from_documents_are_no_path_tricks(tmp_path: Path):
    """An owner name is a page name only through its slug: no `..`, no separators."""
    values = dict.fromkeys(FIELDS, "x")
    values["owners"] = "../../../../etc/passwd"
    write_site(tmp_path, hostile_site(values), {"plugins": [{"specs": {"fail_on": "never"}}]})
    result = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    site = (tmp_path / "site").resolve()
    written = [p.resolve() for p in tmp_path.rglob("*") if p.is_file()]
    outside = [p for p in written if site not in p.parents and tmp_path / "docs" not in p.parents]
    assert [p.name for p in outside] == ["mkdocs.yml"]
    assert (site / "portal/owners/etc-passwd/index.html").is_file()

"""Text from documents can never become markup on the portal: not HTML, not Markdown."""

from __future__ import annotations

import re

import pytest
from factory import spec
from portal_html import sections, tables, text

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
TITLE = f"Pay {SCRIPT} & \"Quotes\" 'single' | pipe *star* [link](https://evil.test) `code`"
OWNER = f'{IMG} O\'Brien "Bob"'
PROJECT = "R&D <b>bold</b> | split"
STATUS = "<svg onload=alert`3`>"
PRD_TITLE = "PRD: <img src=y onerror=alert(4)> & co"
RAW_MARKUP = (
    "<script>alert",
    "<img src=x",
    "<img src=y",
    "<b>bold",
    "<svg onload",
    'href="https://evil.test"',
    "<em>star",
    "<code>code",
)
"""What the strings above would become if they were read as HTML or Markdown."""


def hostile_site() -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "prd/0001-evil.md": f"# {PRD_TITLE}\n\n**Status:** Approved\n",
        "specs/hostile.md": spec(TITLE, author=OWNER, project=PROJECT, related_prd="PRD-1"),
        "specs/odd-status.md": spec("Odd Status", author=OWNER, status=STATUS),
    }


def without_title_element(html: str) -> str:
    """The page minus `<title>`: browsers read its content as text, never as tags, and Material
    writes it from `page.title | striptags`, which decodes character references."""
    return re.sub(r"<title>.*?</title>", "", html, flags=re.S)


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_generated_pages_show_document_text_but_never_its_markup(build, theme):
    result = build(hostile_site(), {"theme": theme, "plugins": [{"specs": {"fail_on": "never"}}]})
    pages = sorted(result.site.glob("portal/**/*.html"))
    assert len(pages) == 5  # dashboard, status and ownership indexes, Needs attention, owner
    for page in pages:
        html = without_title_element(page.read_text("utf-8"))
        for raw in RAW_MARKUP:
            assert raw not in html, (page, raw)
    status = result.html("portal/status/index.html")
    words = text(status)
    for shown in (TITLE, OWNER, PROJECT, STATUS):
        assert " ".join(shown.split()) in words
    rows = tables(sections(status)["Specifications"])
    assert all(len(row) == 6 for rows_ in rows.values() for row in rows_)  # `|` split no cell
    prd_rows = tables(sections(status)["PRDs"])["Approved"]
    assert prd_rows[1][0] == PRD_TITLE and len(prd_rows[1]) == len(prd_rows[0])
    owner_page = next(p for p in pages if p.parent.parent.name == "owners")
    assert owner_page.parent.name == "img-src-x-onerror-alert-2-o-brien-bob"
    assert OWNER in text(owner_page.read_text("utf-8"))


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_card_and_backlinks_escape_document_text(build, theme):
    result = build(hostile_site(), {"theme": theme, "plugins": [{"specs": {"fail_on": "never"}}]})
    page = result.html("specs/hostile/index.html")
    card = re.search(r'<div class="specs-card">.*?</dl>\s*</div>', page, re.S)
    assert card is not None
    for raw in RAW_MARKUP:
        assert raw not in card[0]
    assert "&lt;img src=x onerror=alert(2)&gt; O&#39;Brien &#34;Bob&#34;" in card[0]
    assert "R&amp;D &lt;b&gt;bold&lt;/b&gt; | split" in card[0]
    assert "PRD: &lt;img src=y onerror=alert(4)&gt; &amp; co" in card[0]
    odd = result.html("specs/odd-status/index.html")
    assert '<span class="specs-badge specs-status--custom" style="--specs-hue: ' in odd
    assert "&lt;svg onload=alert`3`&gt;</span>" in odd
    backlinks = result.html("prd/0001-evil/index.html").split('id="referenced-by"', 1)[1]
    for raw in RAW_MARKUP:
        assert raw not in backlinks
    assert " ".join(TITLE.split()) in text(backlinks)

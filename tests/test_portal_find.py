"""What the portal's filter and sort build on, in the HTML MkDocs writes: the script served and
linked like the stylesheet, and the hooks it reads. (Its behaviour is in test_browser.py.)"""

from __future__ import annotations

import re

from factory import spec

CONFIG = {"plugins": [{"specs": {"fail_on": "never"}}]}
SITE = {
    "index.md": "# Home\n",
    "specs/a.md": spec("Alpha", author="Jane Doe", status="Draft"),
    "specs/b.md": spec("Beta", author="John Roe", status="Draft"),
    "specs/c.md": spec("Gamma", author="Jane Doe and John Roe", status="Approved"),
}


def test_the_script_is_served_and_linked_from_every_page_in_both_themes(build) -> None:
    for theme in ("mkdocs", "material"):
        result = build(SITE, {**CONFIG, "theme": theme})
        script = (result.site / "assets/mkdocs-specs.js").read_text("utf-8")
        assert "document$" in script and "innerHTML" not in script and "eval(" not in script
        for page in ("index.html", "portal/status/index.html", "specs/a/index.html"):
            linked = re.findall(r'<script src="[./]*assets/mkdocs-specs\.js"', result.html(page))
            assert len(linked) == 1, (theme, page)


def test_a_script_of_the_sites_own_at_that_path_wins_and_is_linked_once(build) -> None:
    own = "/* the team's own portal script */\n"
    config = {**CONFIG, "extra_javascript": ["assets/mkdocs-specs.js"]}
    result = build({**SITE, "assets/mkdocs-specs.js": own}, config)
    assert (result.site / "assets/mkdocs-specs.js").read_text("utf-8") == own
    assert result.html("portal/status/index.html").count("assets/mkdocs-specs.js") == 1


def test_the_status_index_marks_its_filter_counts_and_sortable_columns(build) -> None:
    html = build(SITE, {**CONFIG, "theme": "material"}).html("portal/status/index.html")
    assert html.count("data-specs-find ") == 1
    # The counts are drawn from an attribute: headings keep their text, anchors and TOC entries.
    assert re.search(r'<h2 id="draft">Draft <span class="specs-heading-count" '
                     r'data-specs-count="2"></span>', html)
    assert 'id="approved">Approved <span class="specs-heading-count" data-specs-count="1">' in html
    assert re.search(r'<a href="#draft" class="md-nav__link">\s*<span class="md-ellipsis">\s*'
                     r'Draft\s*</span>', html)
    assert '<div class="specs-table" data-specs-status="Draft">' in html
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", html).group(1)
    assert re.findall(r'data-specs-sort="(\w+)"', header) == [
        "text", "text", "text", "text", "date", "findings"
    ]


def test_owner_pages_and_the_ownership_index_carry_the_hooks_too(build) -> None:
    result = build(SITE, CONFIG)
    owner = result.html("portal/owners/jane-doe/index.html")
    assert owner.count("data-specs-find ") == 1
    assert 'data-specs-count="1"' in owner and owner.count('class="specs-table"') == 2
    owners = result.html("portal/owners/index.html")
    assert '<div class="specs-table"><div class="specs-table__scroll">' in owners
    assert owners.count('data-specs-sort="number"') >= 2

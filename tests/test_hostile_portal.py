"""Documents written to attack the portal: markup in owner names and page titles, links with
script schemes, thousands of owners or statuses, front matter of the wrong types and names too
long for a file system. Every site builds, shows the text as text and grows linearly."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import Build, run_mkdocs, write_site
from factory import spec

THEMES = ("material", "mkdocs", "readthedocs")
OWNER = "Eve </title><script>alert(3)</script>"
OWNER_SLUG = "eve-title-script-alert-3-script"
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*:")


class _Markup(HTMLParser):
    """What a browser makes of a page: its elements and attributes, `<title>`, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.titles: list[str] = []
        self.scripts: list[str] = []
        self._inside: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "title":  # the page's, then those of the charts' SVG
            self.titles.append("")
            self._inside = self.titles
        elif tag == "script":
            self.scripts.append("")
            self._inside = self.scripts

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script"):
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._inside[-1] += data


def markup(html: str) -> _Markup:
    page = _Markup()
    page.feed(html)
    return page


def injected(html: str) -> list[str]:
    """Elements, attributes and links in `html` that only a document's text could have made:
    themes and the portal write no inline handlers, no `alert`, and link only `http(s)` and
    relative URLs."""
    found = []
    page = markup(html)
    for tag, attrs in page.elements:
        if tag == "xevil":
            found.append("<xevil>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            elif name in _LINK_ATTRIBUTES and value:
                bare = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
                if _SCHEME_RE.match(bare) and not bare.startswith(("http:", "https:")):
                    found.append(f"<{tag} {name}={value!r}>")
    found += [f"<script>{script}" for script in page.scripts if script.strip().startswith("alert(")]
    return found


def hostile_spec(front_matter: str = "", drop_fields: tuple[str, ...] = ()) -> str:
    """A spec owned by `OWNER`, named in front matter: the page's own body stays plain, so any
    markup on the site comes from what the plugin made of the name."""
    return spec(
        "Hostile",
        date="2026-11-01",
        front_matter=f"author: {json.dumps(OWNER)}\n{front_matter}",
        drop_fields=("Author", *drop_fields),
    )


def build_with(root: Path, files: dict[str, str], config: dict) -> Build:
    root.mkdir(exist_ok=True)
    write_site(root, files, config)
    return run_mkdocs(root, "build", "-d", str(root / "site"))


def test_an_owner_name_stays_text_in_every_theme_title_nav_and_search(tmp_path):
    files = {"index.md": "# Home\n", "specs/hostile.md": hostile_spec()}
    nav = [
        {"Home": "index.md"},
        {"Portal": ["portal/index.md", "portal/owners.md", f"portal/owners/{OWNER_SLUG}.md"]},
        {"Hostile": "specs/hostile.md"},
    ]
    for theme in THEMES:
        root = tmp_path / theme
        config = {"theme": theme, "nav": nav, "plugins": ["search", "specs"]}
        result = build_with(root, files, config)
        assert result.exit_code == 0, (theme, result.log)
        owner_page = result.html(f"portal/owners/{OWNER_SLUG}/index.html")
        assert markup(owner_page).titles[0] == f"{OWNER} - Test", theme
        for page in result.site.rglob("*.html"):
            assert injected(page.read_text("utf-8")) == [], (theme, page)
        index = json.loads(result.html("search/search_index.json"))["docs"]
        owner_page_url = f"portal/owners/{OWNER_SLUG}/"
        owner_entries = [e for e in index if e["location"].startswith(owner_page_url)]
        assert owner_entries, theme
        for entry in owner_entries:  # Material shows titles as HTML, the others escape them
            assert "<" not in entry["title"], (theme, entry)
        if theme == "material":  # and Material shows its text as HTML too
            assert not any("<script" in e["title"] + e["text"] for e in index)

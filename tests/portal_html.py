"""Reading built portal pages the way a browser would: links, tables under headings, text."""

from __future__ import annotations

import posixpath
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._heading: str | None = None
        self._heading_text: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)
        if tag in _HEADINGS:
            self._heading_text = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        self._in_title = self._in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self._heading_text is not None:
            self._heading = " ".join("".join(self._heading_text).replace("¶", "").split())
            self._heading_text = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._heading or "", []).append(self._row)
            self._row = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        for sink in (self._heading_text, self._cell):
            if sink is not None:
                sink.append(data)
        if not self._in_title:
            self.text.append(data)


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def tables(html: str) -> dict[str, list[list[str]]]:
    """Table rows (header row included) by the heading they follow, in the page's content
    (the mkdocs theme's keyboard shortcuts dialog left out)."""
    found = read_page(html).tables
    found.pop("Keyboard Shortcuts", None)
    return found


def text(html: str) -> str:
    """The page's text with character references decoded, as a reader sees it."""
    return " ".join("".join(read_page(html).text).split())


def headings(html: str, level: int = 2) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", h).replace("¶", "").split()) for h in found]


def sections(html: str, level: int = 2) -> dict[str, str]:
    """Each heading of `level` and the HTML under it, up to the next one, by the heading's
    text: the part of a portal page that shows one kind of document."""
    parts = re.split(rf"(<h{level}[^>]*>.*?</h{level}>)", html, flags=re.S)
    found = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        found[unescape(headings(heading, level)[0]).replace("¶", "").strip()] = heading + body
    return found


def broken_links(site: Path, page: Path) -> list[str]:
    """Relative links of `page` (a file in `site`) whose target is not a built file."""
    base = page.relative_to(site).parent.as_posix()
    broken = []
    for href in read_page(page.read_text("utf-8")).hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if href.split("#", 1)[0].endswith("/") or (site / target).is_dir():
            target = posixpath.join(target, "index.html")
        if not (site / target).is_file():
            broken.append(href)
    return broken

"""The portal as Markdown files, for generators that load no MkDocs plugin (Zensical).

`mkdocs-specs portal OUTDIR` writes the pages the plugin adds to a MkDocs build into a folder
of the docs, where any generator publishes them as ordinary pages. Their prose links are
relative `.md` links, which every generator resolves; the links of their tables are HTML,
which generators treat differently (`FileUrls`). A page's title is also written in its front
matter, HTML-escaped: themes print a title from the front matter as it is, but decode the
character references of one taken from the H1 (`striptags`), which would turn an owner's name
back into markup in `<title>`.

The command rewrites only what it wrote (each file starts with `MARKER`), and checks every
path before writing anything: a file of the user's, a symlink or a folder in the way stops it.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .portal import GeneratedPage, fill_tables

MARKER = "# Written by `mkdocs-specs portal`, which rewrites this page: edit the documents."
"""The first line of every page's front matter: what tells the command its own files."""
STYLESHEET_NAME = "mkdocs-specs.css"
"""The stylesheet, written next to the pages: the site lists it in `extra_css`."""
_CSS_MARKER = "/* Written by `mkdocs-specs portal`, which rewrites this file. */"
_PAGE_START = f"---\n{MARKER}\n"
_OWN_FOLDERS = ("", "owners")
"""The folders of OUTDIR the pages go in, where pages written by an earlier run are removed
once no page of this run has their path (an owner who owns nothing any more)."""


class FileUrls:
    """The portal's `SiteUrls` for pages on disk, given each page's URL from the site's root as
    the generator publishes it, by `src_path`.

    Links in the pages' HTML are written for the generator: Zensical rewrites them as it
    rewrites Markdown links (`rewrites_html`), so they name the target's Markdown file
    relative to the page's file; MkDocs leaves HTML as it is, so they are the target's final
    URL relative to where the page is published (`mkdocs.utils.get_relative_url`).
    """

    def __init__(self, urls: Mapping[str, str], *, rewrites_html: bool) -> None:
        self._urls = dict(urls)
        self._rewrites_html = rewrites_html

    def of(self, src_path: str) -> str | None:
        return self._urls.get(src_path)

    def between(self, page: str, target: str) -> str | None:
        source, destination = self._urls.get(page), self._urls.get(target)
        if source is None or destination is None:
            return None
        if self._rewrites_html:
            return quote(posixpath.relpath(target, posixpath.dirname(page)), safe="/")
        folder, name = posixpath.split(source)
        if source != "." and "." in name:  # `a/b.html`: links resolve from `a/`
            source = folder
        relative = posixpath.relpath("/" + destination, "/" + source)
        return relative + "/" if destination.endswith("/") else relative


def page_files(pages: Sequence[GeneratedPage], index_dir: str, css: str) -> dict[str, str]:
    """Each file to write, by its path in OUTDIR (the site's `index_dir`), with its text."""
    prefix = index_dir.strip("/") + "/"
    files = {}
    for page in pages:
        title = json.dumps(str(page.title))  # a JSON string is a YAML one, on one line
        markdown = fill_tables(page.markdown, page.tables)
        files[page.src_path.removeprefix(prefix)] = f"{_PAGE_START}title: {title}\n---\n{markdown}"
    files[STYLESHEET_NAME] = f"{_CSS_MARKER}\n{css}"
    return files


class Refused(Exception):
    """Files in the way that the command did not write, each with why: nothing was written."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        super().__init__("; ".join(f"{path} {reason}" for path, reason in problems))
        self.problems = problems


@dataclass
class Outcome:
    """What a run changed, by path in OUTDIR."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def is_own(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a regular file this command wrote (a symlink never is)."""
    try:
        if not os.path.isfile(path) or os.path.islink(path):
            return False
        with open(path, "rb") as handle:
            start = handle.read(max(len(_PAGE_START), len(_CSS_MARKER)) + 1)
    except OSError:
        return False
    text = start.decode("utf-8", "replace").replace("\r\n", "\n")
    return text.startswith((_PAGE_START, _CSS_MARKER))


def write_files(outdir: Path, files: Mapping[str, str]) -> Outcome:
    """Write `files` into `outdir` and remove the pages an earlier run wrote that `files` no
    longer has. Every path is checked first: `Refused` names each one in the way."""
    # Once each: a symlink in place of `owners/` is in the way of every owner page.
    problems = dict.fromkeys(p for relative in files if (p := _in_the_way(outdir, relative)))
    if problems:
        raise Refused(list(problems))
    outcome = Outcome()
    for relative, text in files.items():
        target = outdir / relative
        try:
            if target.read_text("utf-8") == text:
                outcome.unchanged.append(relative)
                continue
        except (OSError, UnicodeDecodeError):
            pass
        _replace(target, text)
        outcome.written.append(relative)
    for folder in _OWN_FOLDERS:
        if (outdir / folder).is_symlink():
            continue  # none of its files is a page of OUTDIR's
        for path in sorted((outdir / folder).glob("*.md")):
            relative = path.relative_to(outdir).as_posix()
            if relative not in files and is_own(path):
                path.unlink()
                outcome.removed.append(relative)
    return outcome


def _in_the_way(outdir: Path, relative: str) -> tuple[Path, str] | None:
    """What is in the way of writing `relative` in `outdir`, and why, if anything is."""
    target = outdir / relative
    for folder in [*reversed(target.relative_to(outdir).parents[:-1]), None]:
        path = outdir / folder if folder is not None else target
        if not os.path.lexists(path):
            return None  # created, with whatever it would hold
        if path.is_symlink():
            return path, "is a symlink; not writing through it"
        if folder is not None and not path.is_dir():
            return path, "is not a folder"
    if not target.is_file():
        return target, "is not a regular file"
    if not is_own(target):
        return target, "exists and was not written by `mkdocs-specs portal`; not overwriting it"
    return None


def _replace(target: Path, text: str) -> None:
    """Write a new file renamed over `target`: a reader never sees half a page, and a path
    that became a symlink since it was checked is replaced rather than followed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise

"""Which pages are specs, PRDs or ADRs: the globs of the configuration and `specs_kind`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .model import Kind

INDEX_NAMES = frozenset({"index.md", "readme.md"})
SPECS_KIND_KEY = "specs_kind"


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a docs-relative glob (`specs/**/*.md`) to a regex over `src_uri`.

    `**/` matches any number of folders (none included), `*` and `?` stay inside one folder.
    """
    regex = ""
    index = 0
    pattern = pattern.strip().lstrip("/")
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex += r"(?:[^/]+/)*"
            index += 3
        elif pattern.startswith("**", index):
            regex += r".*"
            index += 2
        elif pattern[index] == "*":
            regex += r"[^/]*"
            index += 1
        elif pattern[index] == "?":
            regex += r"[^/]"
            index += 1
        else:
            regex += re.escape(pattern[index])
            index += 1
    return re.compile(regex)


class Classifier:
    """Decides a page's kind from its path; front matter `specs_kind` is applied by the caller."""

    def __init__(self, globs: dict[Kind, Sequence[str]]) -> None:
        self._globs = [
            (kind, glob_regex(pattern), _names_index(pattern))
            for kind, patterns in globs.items()
            for pattern in patterns
        ]

    def kind_of(self, src_path: str) -> Kind | None:
        """The first kind whose glob matches; folder index pages only when a glob names them."""
        is_index = src_path.rsplit("/", 1)[-1].lower() in INDEX_NAMES
        for kind, regex, names_index in self._globs:
            if regex.fullmatch(src_path) and (names_index or not is_index):
                return kind
        return None


def glob_matcher(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Whether a `src_uri` matches any of `patterns` (`exclude`: index pages included)."""
    regexes = [glob_regex(pattern) for pattern in patterns]
    return lambda src_path: any(regex.fullmatch(src_path) for regex in regexes)


def _names_index(pattern: str) -> bool:
    return pattern.rstrip("/").rsplit("/", 1)[-1].lower() in INDEX_NAMES


def declared_kind(value: object) -> Kind | bool | None:
    """Read `specs_kind`: a `Kind`, `None` for `none`, or `False` when the value is not valid."""
    text = str(value).strip().lower()
    if text == "none":
        return None
    try:
        return Kind(text)
    except ValueError:
        return False

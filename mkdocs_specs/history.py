"""When each section entered a template, and when each document was created, read from git.

Repositories keep one template file and revise it; a document written before a revision was never
asked for the sections the revision added. The history is read with one `git log` per template
file and one for all documents, never one per document, and returned as plain data. Whatever
keeps git from answering (no git, not a checkout, a shallow clone, a timeout) is a reason, not
an error: the caller then checks every section as if there were no history.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass

GIT_TIMEOUT_SECONDS = 30
_ATX_ADDED_RE = re.compile(r"\+ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_COMMIT_MARK = "\x01"


class HistoryUnavailable(Exception):
    """Why git could not tell the history (shown once, as information)."""


@dataclass(frozen=True, slots=True)
class TemplateHistory:
    """A template file's history: the day of its first commit, and the day each heading that a
    later commit added first appeared. Headings of the first version are not listed."""

    first: dt.date
    added: dict[str, dt.date]


def _git(folder: str, *args: str) -> str:
    """Run git in `folder`; its output, or `HistoryUnavailable` saying why there is none."""
    command = ["git", "-C", folder, "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise HistoryUnavailable("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise HistoryUnavailable(f"git took more than {GIT_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise HistoryUnavailable(f"git could not run ({error.strerror})") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if not said or "not a git repository" in said[0]:
            raise HistoryUnavailable(f"{folder} is not in a git checkout")
        raise HistoryUnavailable(f"git failed in {folder}: {said[0]}")
    return done.stdout.decode("utf-8", "replace")


def _require_full_history(folder: str) -> None:
    if _git(folder, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise HistoryUnavailable(
            "the git checkout is shallow (in CI, fetch the full history: `fetch-depth: 0`)"
        )


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def template_history(path: str, heading_key: Callable[[str], str]) -> TemplateHistory:
    """The history of the template file at `path`, headings named by `heading_key`.

    Raises `HistoryUnavailable` when git cannot tell it, or the file was never committed.
    """
    folder, name = os.path.split(os.path.abspath(path))
    _require_full_history(folder)
    log = _git(
        folder,
        "log",
        "--follow",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--unified=0",
        "-p",
        f"--format={_COMMIT_MARK}%cs",
        "--",
        name,
    )
    commits = [chunk for chunk in log.split(_COMMIT_MARK) if chunk.strip()]
    if not commits:
        raise HistoryUnavailable(f"{name} has no commit yet")
    first: dt.date | None = None
    seen: set[str] = set()
    added: dict[str, dt.date] = {}
    for chunk in reversed(commits):  # git lists the newest first
        date_line, _, patch = chunk.partition("\n")
        day = _day(date_line)
        if day is None:
            continue
        keys = {
            heading_key(match.group(1))
            for line in patch.splitlines()
            if (match := _ATX_ADDED_RE.fullmatch(line))
        }
        if first is not None:
            for key in keys - seen:
                added[key] = day
        first = first or day
        seen |= keys
    if first is None:
        raise HistoryUnavailable(f"git gave no dates for {name}")
    return TemplateHistory(first, added)


def creation_dates(root: str, suffixes: Iterable[str]) -> dict[str, dt.date]:
    """The day each file under `root` whose name ends in one of `suffixes` was first committed,
    by its path relative to `root` (run on `docs_dir`: the pages' own names).

    One `git log` for every file: a file moved since counts from its move, which only ever
    makes a document younger, and so asked for more sections, never fewer.
    """
    _require_full_history(root)
    log = _git(
        root,
        "log",
        "--relative",
        "--no-renames",
        "--diff-filter=A",
        "--name-only",
        "--no-color",
        "-z",
        f"--format={_COMMIT_MARK}%cs",
        "--",
        *(f"*{suffix}" for suffix in suffixes),
    )
    created: dict[str, dt.date] = {}
    for chunk in log.split(_COMMIT_MARK):
        date_text, *names = chunk.split("\0")
        day = _day(date_text)
        if day is None:
            continue
        for name in names:
            name = name.removeprefix("\n")
            if name:
                created[name] = day  # the newest commit comes first: the oldest one stays
    return created

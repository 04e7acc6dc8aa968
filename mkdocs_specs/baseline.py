"""The findings a repository already had when it adopted the rules.

`mkdocs-specs check --write-baseline` records them; with the `baseline` option, a recorded finding
is reported as info instead of failing, so a team can turn the checks on today and fix old
documents over time while anything new fails as usual.

A finding is recognised by its file, its rule and its message, never by its line number: adding a
paragraph above an old finding must not make it new again. Messages that cite another line
("(line 12)") are compared with that number blanked out for the same reason. Each entry keeps a
count, so when a file had one `{Project Name}` placeholder and now has two, the second is new.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import Finding, Severity

BASELINE_VERSION = 1
DEFAULT_BASELINE_FILE = ".specs-baseline.json"
MIB = 1024 * 1024
BASELINE_MAX_BYTES = 16 * MIB
"""Far above any real baseline (a finding is a hundred bytes), far below what hurts to read."""
_LINE_NUMBER_RE = re.compile(r"\b(lines?) \d+")

BaselineKey = tuple[str, str, str]
"""(path, rule, message with line numbers blanked)."""


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not one `--write-baseline` wrote."""


class FileProblem(Exception):
    """Why a file named in the configuration cannot be read, as the end of a sentence that
    names it: `is a folder, not a file`."""


class MissingFile(FileProblem):
    """Nothing at the path: the one problem a caller may answer with how to create the file."""


def file_problem(info: os.stat_result, limit: int) -> str | None:
    """What is wrong with a file of this `stat` for a reader of at most `limit` bytes, if
    anything: a device such as `/dev/zero` never ends, and a FIFO blocks whoever opens it."""
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > limit:
        return f"is larger than {limit // MIB} MiB"
    return None


def read_regular_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), checked with `stat` before
    it is opened and read no further than `limit`. Raises `FileProblem`."""
    try:
        problem = file_problem(os.stat(path), limit)
        if problem:
            raise FileProblem(problem)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since the `stat`
    except FileNotFoundError:
        raise MissingFile("does not exist") from None
    except ValueError:  # a NUL character in the path
        raise FileProblem("is not a valid path") from None
    except OSError as error:
        raise FileProblem(f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise FileProblem(f"is larger than {limit // MIB} MiB")
    return data


def baseline_key(path: str, rule: str, message: str) -> BaselineKey:
    return (path, rule, _LINE_NUMBER_RE.sub(r"\1 N", message))


@dataclass(frozen=True, slots=True)
class Baseline:
    """How many findings of each (file, rule, message) were accepted when it was written."""

    counts: Mapping[BaselineKey, int]
    messages: Mapping[BaselineKey, str]
    """A message as written, per key, so the file stays readable in a review."""

    @classmethod
    def record(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline of a run: its errors and warnings (info never fails, so it is not kept)."""
        counts: Counter[BaselineKey] = Counter()
        messages: dict[BaselineKey, str] = {}
        for finding in findings:
            if finding.severity.rank > Severity.INFO.rank:
                key = baseline_key(finding.path, finding.rule, finding.message)
                counts[key] += 1
                messages.setdefault(key, finding.message)
        return cls(dict(counts), messages)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings of one run with the recorded ones turned into info and marked `baselined`,
        earliest lines first."""
        remaining = Counter(self.counts)
        result = []
        for finding in findings:
            key = baseline_key(finding.path, finding.rule, finding.message)
            if finding.severity.rank > Severity.INFO.rank and remaining[key] > 0:
                remaining[key] -= 1
                finding = replace(finding, severity=Severity.INFO, baselined=True)
            result.append(finding)
        return result

    def dumps(self) -> str:
        """The file's text: sorted and indented, so re-recording gives a small, reviewable diff."""
        entries = [
            {"path": key[0], "rule": key[1], "message": self.messages[key], "count": count}
            for key, count in sorted(self.counts.items())
        ]
        payload = {"version": BASELINE_VERSION, "findings": entries}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def loads(cls, text: str, name: str) -> Baseline:
        """Read a baseline file's text; `name` is how errors refer to the file."""
        try:
            payload = json.loads(text)
        except ValueError as error:
            raise BaselineError(f"baseline file '{name}' is not valid JSON ({error})") from None
        if not isinstance(payload, dict) or payload.get("version") != BASELINE_VERSION:
            raise BaselineError(
                f"baseline file '{name}' is not a version {BASELINE_VERSION} baseline; "
                "write it again with `mkdocs-specs check --write-baseline`"
            )
        entries = payload.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"baseline file '{name}' has no list of findings")
        counts: Counter[BaselineKey] = Counter()
        messages: dict[BaselineKey, str] = {}
        for position, entry in enumerate(entries, 1):
            if not _is_entry(entry):
                raise BaselineError(
                    f"baseline file '{name}': finding {position} needs a path, rule and message "
                    "(strings) and a count of at least 1"
                )
            key = baseline_key(entry["path"], entry["rule"], entry["message"])
            counts[key] += entry["count"]
            messages.setdefault(key, entry["message"])
        return cls(dict(counts), messages)

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            text = read_regular_file(path, BASELINE_MAX_BYTES).decode("utf-8")
        except MissingFile:
            raise BaselineError(
                f"baseline file '{path}' does not exist; record one with "
                "`mkdocs-specs check --write-baseline`"
            ) from None
        except FileProblem as problem:
            raise BaselineError(f"baseline file '{path}' {problem}") from None
        except UnicodeDecodeError as error:
            raise BaselineError(f"cannot read baseline file '{path}' ({error})") from None
        return cls.loads(text, path)


def _is_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(key), str) for key in ("path", "rule", "message"))
        and isinstance(entry.get("count"), int)
        and not isinstance(entry.get("count"), bool)
        and entry["count"] >= 1
    )

"""The findings a repository already had when it adopted the rules.

`mkdocs-specs check --write-baseline` records them; with the `baseline` option, a recorded finding
is reported as info instead of failing, so a team can turn the checks on today and fix old
documents over time while anything new fails as usual.

A finding is recognised by its file, its rule and its key (what it is about, without the parts
that change while it stays the same problem: moving a spec from Approved to Implemented must not
make an accepted `inactive-reference` new again), never by its line number. A finding without a
key, and every entry of a version 1 file, is recognised by its message instead, with the numbers
of the lines it cites ("(line 12)") blanked out: adding a paragraph above an old finding must not
make it new either. Each entry keeps a count, so when a file had one `{Project Name}` placeholder
and now has two, the second is new. Entries no run uses up any more are stale: `check` says so,
and re-recording drops them while keeping the others in their place, so its diff stays small.
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

BASELINE_VERSION = 2
READ_VERSIONS = (1, BASELINE_VERSION)
"""Version 1 files (no keys: every entry known by its message) are still read."""
DEFAULT_BASELINE_FILE = ".specs-baseline.json"
MIB = 1024 * 1024
BASELINE_MAX_BYTES = 16 * MIB
"""Far above any real baseline (a finding is a hundred bytes), far below what hurts to read."""
_LINE_NUMBER_RE = re.compile(r"\b(lines?) \d+")

BaselineKey = tuple[str, str, str, str]
"""(path, rule, key, message with line numbers blanked), with exactly one of the last two set:
a finding with a key is known by it, one without by its message."""


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


def baseline_key(path: str, rule: str, key: str, message: str) -> BaselineKey:
    if key:
        return (path, rule, key, "")
    return (path, rule, "", _LINE_NUMBER_RE.sub(r"\1 N", message))


def _candidates(finding: Finding) -> tuple[BaselineKey, ...]:
    """The entries that may have recorded `finding`, best first: by its key, then by its message
    (an entry of a version 1 file, or recorded before its rule gave keys)."""
    by_message = baseline_key(finding.path, finding.rule, "", finding.message)
    if finding.key:
        return (baseline_key(finding.path, finding.rule, finding.key, ""), by_message)
    return (by_message,)


def _use(remaining: Counter[BaselineKey], finding: Finding) -> bool:
    """Take one from the first entry left that recorded `finding`; whether there was one."""
    for candidate in _candidates(finding):
        if remaining[candidate] > 0:
            remaining[candidate] -= 1
            return True
    return False


@dataclass(frozen=True, slots=True)
class Baseline:
    """How many findings of each (file, rule, key or message) were accepted when it was
    written, in the file's order."""

    counts: Mapping[BaselineKey, int]
    messages: Mapping[BaselineKey, str]
    """A message as written, per key, so the file stays readable in a review."""

    @classmethod
    def record(cls, findings: Iterable[Finding], previous: Baseline | None = None) -> Baseline:
        """The baseline of a run: its errors and warnings (info never fails, so it is not kept).

        Entries `previous` has keep its order, and new ones follow sorted, so that re-recording
        changes only the lines of what changed. An entry `previous` knew by its message keeps
        its place when the finding now has a key."""
        counts: Counter[BaselineKey] = Counter()
        messages: dict[BaselineKey, str] = {}
        for finding in findings:
            if finding.severity.rank > Severity.INFO.rank:
                key = baseline_key(finding.path, finding.rule, finding.key, finding.message)
                counts[key] += 1
                messages.setdefault(key, finding.message)
        order = sorted(counts)
        if previous is not None:
            place = {key: index for index, key in enumerate(previous.counts)}
            last = len(place)

            def position(key: BaselineKey) -> int:
                by_message = baseline_key(key[0], key[1], "", messages[key])
                return place.get(key, place.get(by_message, last))

            order.sort(key=position)  # stable: new entries stay sorted, at the end
        return cls({key: counts[key] for key in order}, {key: messages[key] for key in order})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings of one run with the recorded ones turned into info and marked `baselined`,
        earliest lines first."""
        remaining = Counter(self.counts)
        result = []
        for finding in findings:
            if finding.severity.rank > Severity.INFO.rank and _use(remaining, finding):
                finding = replace(finding, severity=Severity.INFO, baselined=True)
            result.append(finding)
        return result

    def stale(self, findings: Iterable[Finding]) -> dict[BaselineKey, int]:
        """How many findings of each entry the run's findings (`apply`'d) no longer have, in the
        file's order: what re-recording would drop."""
        remaining = Counter(self.counts)
        for finding in findings:
            if finding.baselined:
                _use(remaining, finding)
        return {key: count for key, count in remaining.items() if count > 0}

    def dumps(self) -> str:
        """The file's text, one entry per finding recorded, indented for a reviewable diff."""
        entries = [
            {
                "path": key[0],
                "rule": key[1],
                "key": key[2],
                "message": self.messages[key],
                "count": count,
            }
            for key, count in self.counts.items()
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
        version = payload.get("version") if isinstance(payload, dict) else None
        if version not in READ_VERSIONS or isinstance(version, bool):
            raise BaselineError(
                f"baseline file '{name}' is not a baseline of version 1 or 2; "
                "write it again with `mkdocs-specs check --write-baseline`"
            )
        entries = payload.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"baseline file '{name}' has no list of findings")
        fields = ("path", "rule", "message") if version == 1 else ("path", "rule", "key", "message")
        counts: Counter[BaselineKey] = Counter()
        messages: dict[BaselineKey, str] = {}
        for position, entry in enumerate(entries, 1):
            if not _is_entry(entry, fields):
                raise BaselineError(
                    f"baseline file '{name}': finding {position} needs a {', '.join(fields)} "
                    "(strings) and a count of at least 1"
                )
            own_key = entry["key"] if version != 1 else ""
            key = baseline_key(entry["path"], entry["rule"], own_key, entry["message"])
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


def _is_entry(entry: object, fields: tuple[str, ...]) -> bool:
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(key), str) for key in fields)
        and isinstance(entry.get("count"), int)
        and not isinstance(entry.get("count"), bool)
        and entry["count"] >= 1
    )

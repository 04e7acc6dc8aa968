"""Running `mkdocs-specs` in-process the way a user runs it: exit code, stdout and stderr."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from mkdocs_specs.cli import main

TEXT_LINE_RE = re.compile(r"^(ERROR|WARNING|INFO)\s+(\S+?):(\d+): ([a-z-]+): ", re.MULTILINE)


@dataclass
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> set[tuple[str, int, str, str]]:
        """(path, line, rule, severity) of every finding line of the text format."""
        return {
            (path, int(line), rule, level.lower())
            for level, path, line, rule in TEXT_LINE_RE.findall(self.out)
        }


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main(list(args))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)

"""`benchmarks/corpora.py --json` writes every finding of the corpora, one a line and sorted, and
`benchmarks/same_findings.py` reports what one install finds and the other does not: what shows
that a change made for speed changed no verdict."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpora  # noqa: E402
import same_findings  # noqa: E402


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no corpora next to the repository")
def test_corpora_json_holds_every_finding_sorted(tmp_path, capsys):
    out = tmp_path / "findings.json"
    assert corpora.main([str(CORPORA), "--only", "jabref-adr", "--json", str(out)]) == 0
    capsys.readouterr()
    written = out.read_text("utf-8").splitlines()
    rows = [tuple(row) for row in json.loads(out.read_text("utf-8"))]
    corpus = next(c for c in corpora.CORPORA if c.name == "jabref-adr")
    expected = corpora.finding_rows(corpora.run(corpus, CORPORA))
    assert rows and sorted(rows, key=lambda row: (*row[:5], row[5] or "")) == rows
    assert sorted(rows, key=str) == sorted(expected, key=str)
    assert len(written) == len(rows) + 2  # `[`, a finding a line, `]`


def test_differences_lists_what_only_one_side_found(capsys):
    same = ['["a.md", 1, "x"]', '["a.md", 2, "y"]']
    assert same_findings.differences("corpora", same, list(reversed(same))) == 0
    assert "identical" in capsys.readouterr().out
    changed = same_findings.differences("site", same, [same[0], '["a.md", 3, "y"]'])
    printed = capsys.readouterr().out
    assert changed == 2
    assert '  - ["a.md", 2, "y"]' in printed and '  + ["a.md", 3, "y"]' in printed

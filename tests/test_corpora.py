"""The real corpora next to the repository (`../shared/corpora`), each with its own template:
nothing raises, every finding points inside its file, and the facts the corpora are known for
hold. Skipped where the corpora are not checked out."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="no corpora next to the repository")


def _runner():
    spec = importlib.util.spec_from_file_location("corpora", ROOT / "benchmarks" / "corpora.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpora", module)
    spec.loader.exec_module(module)
    return module


runner = _runner()
RESULTS: dict[str, object] = {}


def result(name: str):
    if name not in RESULTS:
        corpus = next(c for c in runner.CORPORA if c.name == name)
        RESULTS[name] = runner.run(corpus, CORPORA)
    return RESULTS[name]


@pytest.mark.parametrize("name", [corpus.name for corpus in runner.CORPORA])
def test_every_finding_points_inside_its_file(name):
    catalog = result(name).catalog
    assert catalog.documents
    for doc in catalog.documents:
        text = (CORPORA / doc.display_path).read_bytes().decode("utf-8-sig", "replace")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        last = len(lines) - 1 if len(lines) > 1 and not lines[-1] else len(lines)
        assert doc.line_count == last, doc.display_path
        for finding in doc.findings:
            assert 1 <= finding.line <= doc.line_count, finding


def test_madr_documents_all_conform():
    assert result("madr").by_rule == Counter()


def test_jabref_deviates_once():
    (finding,) = [f for doc in result("jabref-adr").catalog.documents for f in doc.findings]
    assert finding.path.endswith("0002-use-slf4j-for-logging.md")
    assert finding.message == 'required section "Considered Options" is missing'


def test_old_rust_rfcs_are_checked_against_the_old_template():
    documents = result("rust-rfcs").catalog.documents
    versions = Counter(doc.template_name for doc in documents)
    assert versions["0000-template-2014.md"] > 300
    assert versions["0000-template.md"] > 200
    by_path = {doc.src_path: doc for doc in documents}
    assert by_path["text/0016-more-attributes.md"].template_name == "0000-template-2014.md"
    assert by_path["text/3519-arbitrary-self-types-v2.md"].template_name == "0000-template.md"


def test_cometbft_statuses_come_from_the_status_section():
    documents = result("cometbft-adr").catalog.documents
    statuses = Counter(doc.status for doc in documents)
    assert statuses["Accepted"] >= 10
    assert statuses["Implemented"] >= 10

"""Reference parsing, ids, ADR status and suggestions, on in-memory pages (no MkDocs build)."""

from __future__ import annotations

import datetime as dt

import pytest
from factory import spec
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Field, Finding, Kind
from mkdocs_specs.parse import parse_document
from mkdocs_specs.references import document_id, id_key, parse_references, read_status
from mkdocs_specs.template import default_template

SETTINGS = Settings(
    globs={Kind.SPEC: ["specs/**/*.md"], Kind.PRD: ["prd/**/*.md"], Kind.ADR: ["adr/**/*.md"]},
    templates={Kind.SPEC: [default_template()]},
    today=dt.date.today(),
)


def targets(value: str, kind: Kind = Kind.ADR) -> list[str]:
    return [
        ref.target for ref in parse_references(Field("Related ADR", "related adr", value, 9), kind)
    ]


def catalog(pages: dict[str, str]) -> Catalog:
    return check_sources(
        [Source(path, f"docs/{path}", text.encode) for path, text in pages.items()], SETTINGS
    )


def findings(result: Catalog, src_path: str, rule: str) -> list[Finding]:
    return [f for f in result.by_path[src_path].findings if f.rule == rule]


def adr(title: str, status: str = "Accepted") -> str:
    return f"# {title}\n\n## Status\n\n{status}\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ADR-0001", ["ADR-0001"]),
        ("ADR-1, adr-2; ADR 3 and ADR_4 & ADR5", ["ADR-1", "adr-2", "ADR 3", "ADR_4", "ADR5"]),
        ("[Use PostgreSQL](../adr/0001-use-postgresql.md)", ["../adr/0001-use-postgresql.md"]),
        ("[Postgres, v2](../adr/1.md), ADR-2", ["../adr/1.md", "ADR-2"]),
        ('[A](<../adr/my file.md> "Title")', ["../adr/my file.md"]),
        ("[A](../adr/1.md#consequences 'Title')", ["../adr/1.md#consequences"]),
        ("[A](../adr/a_(b).md)", ["../adr/a_(b).md"]),
        ("see [A](../adr/1.md) (the first)", ["../adr/1.md"]),
        ("[ADR-0007]()", ["ADR-0007"]),
        ("[ADR-0007]", ["ADR-0007"]),
        ("[[ADR-0007]]", ["ADR-0007"]),
        ("ADR-0007 (Use Postgres), ADR-0008: Kafka", ["ADR-0007", "ADR-0008"]),
        ("ADR-0007 - Use Postgres", ["ADR-0007"]),
        ("ADR-1 ADR-2 adr_3", ["ADR-1", "ADR-2", "adr_3"]),
        ("`ADR-0002`, **ADR-3**, ADR-4.", ["ADR-0002", "ADR-3", "ADR-4"]),
        ("<https://example.com/adr/1>", ["https://example.com/adr/1"]),
        ("../adr/search-and-index.md", ["../adr/search-and-index.md"]),
        ("../adr/0001-use-postgresql/", ["../adr/0001-use-postgresql/"]),
        ("/adr/0001-use-postgresql.md", ["/adr/0001-use-postgresql.md"]),
        ("Option 2 architecture", ["Option 2 architecture"]),
        ("N/A", []),
        ("n/a", []),
        ("None", []),
        ("-", []),
        ("\u2014", []),
        ("", []),
        ("ADR-1, N/A", ["ADR-1"]),
    ],
)
def test_parse_references(value, expected):
    assert targets(value) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from(list("ADRP-_ 07,;&[]()<>#/.:*`'\"nd")) | st.characters(), max_size=60)
)
def test_any_value_links_without_error(value):
    refs = parse_references(Field("Related ADR", "related adr", value, 9), Kind.ADR)
    assert all(ref.target for ref in refs)
    linked = catalog(
        {
            "adr/0001-a.md": adr("A"),
            "specs/s.md": spec(drop_fields=("Related ADR",), body=""),
        }
    )
    doc = linked.by_path["specs/s.md"]
    doc.references = refs
    for finding in linked.link():
        assert finding.rule in ("unresolved-reference", "inactive-reference")


def test_only_http_and_similar_links_are_external():
    refs = parse_references(
        Field("Related PRD", "related prd", "https://wiki/x, [Doc](http://y), PRD-1, //z/w", 4),
        Kind.PRD,
    )
    assert [(r.target, r.external) for r in refs] == [
        ("https://wiki/x", True),
        ("http://y", True),
        ("PRD-1", False),
        ("//z/w", True),
    ]
    assert all(r.kind is Kind.PRD and r.line == 4 for r in refs)


def test_a_template_placeholder_is_not_a_reference():
    value = Field("Related PRD", "related prd", "PRD-1, {Link to PRD}", 9)
    refs = parse_references(value, Kind.PRD, frozenset({"{link to prd}"}))
    assert [r.target for r in refs] == ["PRD-1"]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ADR-0007", "ADR-7"),
        ("adr 7", "ADR-7"),
        ("ADR_007", "ADR-7"),
        ("Adr7", "ADR-7"),
        ("ADR-000", "ADR-0"),
        ("ADR-" + "1" * 5000, "ADR-" + "1" * 5000),
    ],
)
def test_id_key_ignores_case_padding_and_separators(written, key):
    assert id_key(written) == key


@pytest.mark.parametrize(
    ("src_path", "kind", "front_matter", "expected"),
    [
        ("adr/0007-use-postgres.md", Kind.ADR, "", "ADR-0007"),
        ("prd/12-checkout.md", Kind.PRD, "", "PRD-12"),
        ("adr/adr-105-mempool.md", Kind.ADR, "", "ADR-105"),
        ("adr/0007-use-postgres/index.md", Kind.ADR, "", "ADR-0007"),
        ("specs/payment-retries.md", Kind.SPEC, "", None),
        ("adr/2024-03-01-use-postgres.md", Kind.ADR, "", None),
        ("adr/20240301-use-postgres.md", Kind.ADR, "", None),
        ("adr/rfc-12-x.md", Kind.ADR, "", None),
        ("adr/0007-x.md", Kind.ADR, "id: DEC-12\n", "DEC-12"),
        ("adr/x.md", Kind.ADR, "id: 12\n", "ADR-12"),
    ],
)
def test_document_id(src_path, kind, front_matter, expected):
    text = f"---\n{front_matter}---\n# T\n" if front_matter else "# T\n"
    assert document_id(parse_document(src_path, text, kind)) == expected


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("---\nstatus: superseded by ADR-0005\n---\n# T\n", "superseded by ADR-0005"),
        ("# T\n\nStatus: Accepted\n\n## Context\n", "Accepted"),
        ("# T\n\n* Status: deprecated\n* Date: 2020-01-01\n", "deprecated"),
        ("# T\n\n- **Status**: rejected\n", "rejected"),
        ("# T\n\n## Status\n\nAccepted\n", "Accepted"),
        ("# T\n\n## Status\n\n**Accepted**\n", "Accepted"),
        ("# T\n\n## Status\n\n- Rejected\n", "Rejected"),
        ("# T\n\n## Status\n\nProposed.\n", "Proposed"),
        ("# T\n\n## Status\n\nAccepted (PR [#2897])\n", "Accepted"),
        (
            "# T\n\n## Status\n\nSuperseded by [2. Use Kafka](0002-use-kafka.md)\n",
            "Superseded by 2. Use Kafka",
        ),
        ("---\nstatus: 'accepted; supersedes ADR-0045'\n---\n# T\n", "accepted"),
        ("# T\n\n## Status\n\n> A decision may be proposed\n", None),
        ("# T\n", None),
    ],
)
def test_adr_status_in_each_style(page, status):
    result = catalog({"adr/0001-t.md": page})
    assert result.by_path["adr/0001-t.md"].status == status
    assert read_status(parse_document("adr/0001-t.md", page, Kind.ADR)) in (status, None)


def test_resolution_by_path_shapes_and_ids():
    result = catalog(
        {
            "adr/0001-use-postgres.md": adr("Use Postgres"),
            "adr/0002-kafka/index.md": "---\nspecs_kind: adr\n---\n" + adr("Kafka"),
            "specs/deep/s.md": spec(
                related_adr="../../adr/0001-use-postgres.md, /adr/0001-use-postgres.md, "
                "../../adr/0001-use-postgres/, ../../adr/0001-use-postgres.html, "
                "../../adr/0002-kafka/, ../../adr/0002-kafka/index.md, ADR-1, adr-0002, "
                "../../adr/0001-use-postgres.md#decision, ../../adr/0001-use%2Dpostgres.md"
            ),
        }
    )
    refs = result.by_path["specs/deep/s.md"].references
    assert [r.resolved_path for r in refs] == [
        "adr/0001-use-postgres.md",
        "adr/0001-use-postgres.md",
        "adr/0001-use-postgres.md",
        "adr/0001-use-postgres.md",
        "adr/0002-kafka/index.md",
        "adr/0002-kafka/index.md",
        "adr/0001-use-postgres.md",
        "adr/0002-kafka/index.md",
        "adr/0001-use-postgres.md",
        "adr/0001-use-postgres.md",
    ]
    assert result.by_path["adr/0001-use-postgres.md"].referenced_by == ["specs/deep/s.md"]


def test_a_path_is_relative_to_the_page_and_never_escapes_docs_dir():
    result = catalog(
        {
            "adr/0001-a.md": adr("A"),
            "specs/s.md": spec(related_adr="adr/0001-a.md, ../../adr/0001-a.md"),
        }
    )
    assert [r.resolved_path for r in result.by_path["specs/s.md"].references] == [None, None]


def hint(result: Catalog, src_path: str = "specs/s.md") -> str:
    (finding,) = findings(result, src_path, "unresolved-reference")
    return finding.hint or ""


def test_an_absurdly_long_number_is_reported_not_a_crash():
    result = catalog(
        {"adr/0001-a.md": adr("A"), "specs/s.md": spec(related_adr="ADR-" + "9" * 5000)}
    )
    assert hint(result) == "write an id such as ADR-0001 or a path relative to this page"


def test_suggestions_are_numerically_aware():
    pages = {f"adr/{n:04d}-decision-{n}.md": adr(f"Decision {n}") for n in (3, 12, 20, 22, 40)}
    assert hint(catalog({**pages, "specs/s.md": spec(related_adr="ADR-0021")})) == (
        "did you mean ADR-0012 (Decision 12)?"
    )
    assert hint(catalog({**pages, "specs/s.md": spec(related_adr="ADR-23")})) == (
        "did you mean ADR-0022 (Decision 22), ADR-0020 (Decision 20) or ADR-0003 (Decision 3)?"
    )
    assert hint(catalog({**pages, "specs/s.md": spec(related_adr="ADR-0099")})) == (
        "did you mean ADR-0040 (Decision 40)?"
    )


def test_path_suggestions_come_from_the_file_name_and_are_relative_to_the_page():
    pages = {
        "adr/0001-use-postgresql.md": adr("Use PostgreSQL"),
        "adr/0002-kafka.md": adr("Kafka"),
        "prd/0001-use-postgresql.md": "# Not an ADR\n",
    }
    moved = catalog({**pages, "specs/s.md": spec(related_adr="adr/0001-use-postgresql.md")})
    assert hint(moved) == "did you mean ../adr/0001-use-postgresql.md?"
    typo = catalog({**pages, "specs/s.md": spec(related_adr="../adr/0001-use-postgres.md")})
    assert hint(typo) == "did you mean ../adr/0001-use-postgresql.md?"
    title = catalog({**pages, "specs/s.md": spec(related_adr="Use PostgreSQL")})
    assert hint(title) == "did you mean ADR-0001 (Use PostgreSQL)?"


def test_never_suggests_a_document_of_the_other_kind():
    result = catalog(
        {
            "prd/0012-checkout.md": "# Checkout\n",
            "adr/0012-kafka.md": adr("Kafka"),
            "specs/s.md": spec(related_prd="PRD-21"),
        }
    )
    assert hint(result) == "did you mean PRD-0012 (Checkout)?"


def test_an_id_of_the_other_kind_is_named_as_such():
    result = catalog(
        {
            "adr/0002-kafka.md": adr("Kafka"),
            "prd/0001-checkout.md": "# Checkout\n",
            "specs/s.md": spec(related_prd="ADR-0002, ../adr/0002-kafka.md"),
        }
    )
    messages = [f.describe() for f in findings(result, "specs/s.md", "unresolved-reference")]
    assert messages == [
        'PRD reference "ADR-0002" names ADR-0002, an ADR, not a PRD (hint: move it to Related ADR)',
        'PRD reference "../adr/0002-kafka.md" names ADR-0002, an ADR, not a PRD '
        "(hint: move it to Related ADR)",
    ]


def test_hint_without_suggestions_says_what_to_write():
    none = catalog({"specs/s.md": spec(related_adr="ADR-7")})
    assert hint(none) == "no ADR pages were found: check the `adrs` globs"
    unlike = catalog({"adr/0001-a.md": adr("A"), "specs/s.md": spec(related_adr="Zebra")})
    assert hint(unlike) == "write an id such as ADR-0001 or a path relative to this page"


def test_inactive_reference_names_the_successor_as_the_spec_should_write_it():
    result = catalog(
        {
            "adr/0003-jwt.md": adr("JWT", "Superseded by [5. Opaque tokens](0005-opaque.md)"),
            "adr/0005-opaque.md": adr("Opaque tokens"),
            "adr/0006-rejected.md": adr("Sticky sessions", "Rejected in favour of ADR 5"),
            "adr/0007-old.md": adr("Old", "Deprecated"),
            "specs/s.md": spec(status="Review", related_adr="ADR-3, ADR-6, ADR-7, ADR-5"),
        }
    )
    assert [f.describe() for f in findings(result, "specs/s.md", "inactive-reference")] == [
        'Review spec relies on ADR-0003 (JWT), whose status is "Superseded by 5. Opaque tokens" '
        "(hint: reference ADR-0005 instead, or revisit this spec)",
        'Review spec relies on ADR-0006 (Sticky sessions), whose status is "Rejected in favour '
        'of ADR 5" (hint: reference ADR-0005 instead, or revisit this spec)',
        'Review spec relies on ADR-0007 (Old), whose status is "Deprecated" '
        "(hint: reference the decision in force instead, or revisit this spec)",
    ]


def test_duplicate_ids_name_every_other_file():
    result = catalog(
        {
            "adr/0007-a.md": adr("A"),
            "adr/7-b.md": adr("B"),
            "adr/x.md": "---\nstatus: accepted\nid: adr-07\n---\n# X\n",
        }
    )
    (finding,) = findings(result, "adr/x.md", "duplicate-id")
    assert finding.line == 3
    assert (
        finding.message == 'ADR id "adr-07" is also used by docs/adr/0007-a.md and docs/adr/7-b.md'
    )
    assert [f.line for f in findings(result, "adr/7-b.md", "duplicate-id")] == [1]

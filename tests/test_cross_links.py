"""`mkdocs build` on sites whose specs cite PRDs and ADRs: links, backlinks and reference rules."""

from __future__ import annotations

import pytest
from factory import spec

PRDS = {
    "prd/0001-checkout.md": "# Checkout\n\n**Status:** Approved\n",
    "prd/12-search.md": "---\nstatus: Approved\n---\n# Search\n",
}
ADRS = {
    "adr/0001-use-postgres.md": "---\nstatus: accepted\n---\n# Use Postgres\n",
    "adr/0002-kafka.md": "# Kafka\n\n## Status\n\nAccepted\n",
    "adr/0007-jwt.md": "# JWT\n\n* Status: accepted\n",
}


def finding_lines(build, rule: str | None = None) -> list[str]:
    return [
        line
        for line in build.log.splitlines()
        if "mkdocs_specs: docs/" in line and (rule is None or f": {rule}: " in line)
    ]


def related(build, src_path: str) -> list[tuple[str, str, str | None]]:
    return [(r["kind"], r["target"], r["src_path"]) for r in build.document(src_path)["related"]]


LINKED_SITE = {
    **PRDS,
    **ADRS,
    "specs/payments.md": spec(
        "Payments",
        related_prd="[Checkout](../prd/0001-checkout.md), PRD-12",
        related_adr="ADR-1, [Kafka](<../adr/0002-kafka.md#decision> 'Kafka'), adr-0007",
    ),
    "specs/team/search.md": spec(
        "Search",
        related_prd="/prd/12-search.md",
        related_adr="../../adr/0001-use-postgres/ and https://example.com/adr/external",
    ),
    "specs/catalog.md": spec(
        "Catalog",
        drop_fields=("Related PRD", "Related ADR"),
        front_matter="related_prd: PRD-0001\nrelated_adr:\n  - ADR-0002\n  - ../adr/0007-jwt.md",
    ),
}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_and_backlinks_resolve_in_the_export(build, directory_urls):
    result = build(LINKED_SITE, {"use_directory_urls": directory_urls}, strict=True)
    assert result.exit_code == 0, result.log
    assert finding_lines(result) == []
    assert related(result, "specs/payments.md") == [
        ("prd", "../prd/0001-checkout.md", "prd/0001-checkout.md"),
        ("prd", "PRD-12", "prd/12-search.md"),
        ("adr", "ADR-1", "adr/0001-use-postgres.md"),
        ("adr", "../adr/0002-kafka.md#decision", "adr/0002-kafka.md"),
        ("adr", "adr-0007", "adr/0007-jwt.md"),
    ]
    assert related(result, "specs/team/search.md") == [
        ("prd", "/prd/12-search.md", "prd/12-search.md"),
        ("adr", "../../adr/0001-use-postgres/", "adr/0001-use-postgres.md"),
        ("adr", "https://example.com/adr/external", None),
    ]
    assert related(result, "specs/catalog.md") == [
        ("prd", "PRD-0001", "prd/0001-checkout.md"),
        ("adr", "ADR-0002", "adr/0002-kafka.md"),
        ("adr", "../adr/0007-jwt.md", "adr/0007-jwt.md"),
    ]
    external = result.document("specs/team/search.md")["related"][-1]
    assert external["external"] is True and external["resolved"] is False
    assert all(r["resolved"] for r in result.document("specs/payments.md")["related"])

    backlinks = {d["src_path"]: d["referenced_by"] for d in result.export()["documents"]}
    assert backlinks == {
        "adr/0001-use-postgres.md": ["specs/payments.md", "specs/team/search.md"],
        "adr/0002-kafka.md": ["specs/catalog.md", "specs/payments.md"],
        "adr/0007-jwt.md": ["specs/catalog.md", "specs/payments.md"],
        "prd/0001-checkout.md": ["specs/catalog.md", "specs/payments.md"],
        "prd/12-search.md": ["specs/payments.md", "specs/team/search.md"],
        "specs/catalog.md": [],
        "specs/payments.md": [],
        "specs/team/search.md": [],
    }
    ids = {d["src_path"]: d["id"] for d in result.export()["documents"]}
    assert ids["prd/12-search.md"] == "PRD-12"
    assert ids["adr/0007-jwt.md"] == "ADR-0007"
    assert ids["specs/payments.md"] is None
    statuses = {d["src_path"]: d["status"] for d in result.export()["documents"]}
    assert statuses["adr/0001-use-postgres.md"] == "accepted"
    assert statuses["adr/0002-kafka.md"] == "Accepted"
    assert statuses["adr/0007-jwt.md"] == "accepted"
    url = "prd/0001-checkout/" if directory_urls else "prd/0001-checkout.html"
    assert result.document("prd/0001-checkout.md")["url"] == url


def test_unresolved_reference_fails_the_build_and_suggests_the_closest(build):
    pages = {f"adr/{n:04d}-decision-{n}.md": f"# Decision {n}\n" for n in (2, 12, 30)}
    result = build(
        {
            **PRDS,
            **pages,
            "specs/a.md": spec(related_prd="PRD-1, ADR-0002", related_adr="ADR-0021, ADR-0002"),
            "specs/b.md": spec(related_adr="../adr/0030-decision-thirty.md"),
        }
    )
    assert result.exit_code == 1, result.log
    assert finding_lines(result, "unresolved-reference") == [
        "ERROR: mkdocs_specs: docs/specs/a.md:9: unresolved-reference: PRD reference "
        '"ADR-0002" names ADR-0002, an ADR, not a PRD (hint: move it to Related ADR)',
        "ERROR: mkdocs_specs: docs/specs/a.md:10: unresolved-reference: ADR reference "
        '"ADR-0021" points to no ADR page (hint: did you mean ADR-0012 (Decision 12)?)',
        "ERROR: mkdocs_specs: docs/specs/b.md:10: unresolved-reference: ADR reference "
        '"../adr/0030-decision-thirty.md" points to no ADR page '
        "(hint: did you mean ../adr/0030-decision-30.md?)",
    ]
    (unresolved,) = [
        r for r in result.document("specs/a.md")["related"] if r["target"] == "ADR-0021"
    ]
    assert unresolved == {
        "kind": "adr",
        "target": "ADR-0021",
        "resolved": False,
        "src_path": None,
        "external": False,
    }


def test_external_links_none_values_and_the_template_placeholder_are_never_unresolved(build):
    result = build(
        {
            "specs/a.md": spec(
                related_prd="https://wiki.example.com/prd/checkout",
                related_adr="[Decision log](https://example.com/adr/7)",
            ),
            "specs/b.md": spec(related_prd="N/A", related_adr="None"),
            "specs/c.md": spec(related_prd="-", related_adr="n/a"),
            "specs/draft.md": spec(
                status="Draft", related_prd="{Link to Product Requirements Document}"
            ),
        },
        strict=True,
    )
    assert result.exit_code == 0, result.log
    assert finding_lines(result, "unresolved-reference") == []
    assert result.document("specs/b.md")["related"] == []
    assert result.document("specs/draft.md")["related"] == []
    (placeholder,) = result.document("specs/draft.md")["findings"]
    assert (placeholder["rule"], placeholder["severity"]) == ("placeholder", "info")


def test_a_prd_and_an_adr_may_share_a_number(build):
    result = build(
        {
            "prd/0001-checkout.md": "# Checkout\n",
            "adr/0001-use-postgres.md": "# Use Postgres\n",
            "prd/0002-sso.md": "---\nid: X-2\n---\n# SSO\n",
            "adr/0002-kafka.md": "---\nid: X-2\n---\n# Kafka\n",
            "specs/a.md": spec(related_prd="PRD-1, X-2", related_adr="ADR-1, x-0002"),
        },
        strict=True,
    )
    assert result.exit_code == 0, result.log
    assert finding_lines(result) == []
    assert [r["src_path"] for r in result.document("specs/a.md")["related"]] == [
        "prd/0001-checkout.md",
        "prd/0002-sso.md",
        "adr/0001-use-postgres.md",
        "adr/0002-kafka.md",
    ]


def test_duplicate_id_names_both_files(build):
    result = build(
        {
            "adr/0007-use-postgres.md": "# Use Postgres\n",
            "adr/7-use-mysql.md": "# Use MySQL\n",
            "prd/checkout.md": "---\ntitle: Checkout\nid: PRD-5\n---\n# Checkout\n",
            "prd/0005-sso.md": "# SSO\n",
        }
    )
    assert result.exit_code == 1, result.log
    assert finding_lines(result, "duplicate-id") == [
        "ERROR: mkdocs_specs: docs/adr/0007-use-postgres.md:1: duplicate-id: ADR id "
        '"ADR-0007" is also used by docs/adr/7-use-mysql.md (hint: renumber one of them: the '
        "id comes from the number in the file name)",
        'ERROR: mkdocs_specs: docs/adr/7-use-mysql.md:1: duplicate-id: ADR id "ADR-7" is '
        "also used by docs/adr/0007-use-postgres.md (hint: renumber one of them: the id comes "
        "from the number in the file name)",
        'ERROR: mkdocs_specs: docs/prd/0005-sso.md:1: duplicate-id: PRD id "PRD-0005" is '
        "also used by docs/prd/checkout.md (hint: renumber one of them: the id comes from the "
        "number in the file name)",
        'ERROR: mkdocs_specs: docs/prd/checkout.md:3: duplicate-id: PRD id "PRD-5" is also '
        "used by docs/prd/0005-sso.md (hint: give each PRD its own id)",
    ]


ADR_STYLES = {
    "madr-front-matter": (
        "---\nstatus: superseded by ADR-0005\n---\n# Old\n",
        "superseded by ADR-0005",
    ),
    "madr-2-bullet": ("# Old\n\n* Status: deprecated\n* Date: 2020-01-01\n", "deprecated"),
    "nygard-line": ("# 3. Old\n\nDate: 2020-01-01\n\nStatus: Rejected\n", "Rejected"),
    "nygard-section": (
        "# 3. Old\n\n## Status\n\nSuperseded by [5. New](0005-new.md)\n",
        "Superseded by 5. New",
    ),
    "cometbft-bold": ("# ADR 3: Old\n\n## Status\n\n**Rejected**\n\n## Context\n", "Rejected"),
    "log4brains": (
        "# Old\n\n- Status: superseded by [ADR-0005](0005-new.md)\n",
        "superseded by ADR-0005",
    ),
}


@pytest.mark.parametrize("style", ADR_STYLES)
def test_inactive_reference_warns_in_every_adr_style(build, style):
    page, status = ADR_STYLES[style]
    site = {
        "adr/0003-old.md": page,
        "adr/0005-new.md": "# New\n\n## Status\n\nAccepted\n",
        "specs/approved.md": spec(related_adr="ADR-0003"),
        "specs/draft.md": spec(status="Draft", related_adr="ADR-0003"),
    }
    relaxed = build(site)
    assert relaxed.exit_code == 0, relaxed.log
    assert relaxed.document("adr/0003-old.md")["status"] == status
    (line,) = finding_lines(relaxed, "inactive-reference")
    assert line.startswith(
        "WARNING: mkdocs_specs: docs/specs/approved.md:10: inactive-reference: "
        "Approved spec relies on ADR-0003 ("
    )
    assert f'whose status is "{status}"' in line
    if "superseded" in status.lower():
        assert line.endswith("(hint: reference ADR-0005 instead, or revisit this spec)")
    assert build(site, strict=True).exit_code == 1


def test_active_adrs_and_draft_specs_raise_no_inactive_reference(build):
    result = build(
        {
            "adr/0045-input.md": "---\nstatus: superseded by ADR-0057\n---\n# Input\n",
            "adr/0057-flags.md": "---\nstatus: 'accepted; supersedes ADR-0045'\n---\n# Flags\n",
            "adr/0058-proposed.md": "# Proposed\n\n## Status\n\nProposed\n",
            "specs/a.md": spec(related_adr="ADR-0057, ADR-0058"),
            "specs/b.md": spec(status="Draft", related_adr="ADR-0045"),
        },
        strict=True,
    )
    assert result.exit_code == 0, result.log
    assert finding_lines(result) == []
    assert result.document("adr/0057-flags.md")["status"] == "accepted"


def test_reference_rules_follow_the_severity_policy(build):
    result = build(
        {
            "adr/0001-old.md": "# Old\n\n## Status\n\nDeprecated\n",
            "specs/a.md": spec(related_adr="ADR-0001, ADR-0404"),
            "specs/b.md": spec(
                front_matter="specs_ignore: [inactive-reference]", related_adr="ADR-1"
            ),
        },
        {"plugins": [{"specs": {"rules": {"unresolved-reference": "warning"}}}]},
    )
    assert result.exit_code == 0, result.log
    assert {(f["rule"], f["severity"]) for f in result.document("specs/a.md")["findings"]} == {
        ("unresolved-reference", "warning"),
        ("inactive-reference", "warning"),
    }
    assert result.document("specs/b.md")["findings"] == []

"""Hints that read the author's mind: a misspelt section, a status of the team's own, a date in
another common form. Each is asserted on a real build, message and hint as the author reads them."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from conftest import finding_lines
from factory import SECTIONS, spec

from mkdocs_specs.dates import read_date

SPEC = "docs/specs/payment.md"


# A misspelt section: a rename, not a missing section plus a stray one out of order.


def test_a_misspelt_section_of_the_builtin_template_is_a_rename(build):
    sections = ["Testing Stratergy" if s == "Testing Strategy" else s for s in SECTIONS]
    page = spec(sections=sections)
    line = page.splitlines().index("## Testing Stratergy") + 1
    result = build({"specs/payment.md": page})
    assert finding_lines(result) == [
        f'{SPEC}:{line}: missing-section: required section "Testing Strategy" is missing '
        f'(hint: rename "## Testing Stratergy" (line {line}) to "## Testing Strategy")'
    ]
    assert result.exit_code == 1


def test_a_copy_of_the_builtin_template_with_a_misspelt_heading_is_told_its_line(build):
    """The template written out as a spec, as authors start one: the misspelt heading with its
    subsections sits at line 257, and no other section is reported moved because of it."""
    text = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text()
    page = text.replace("## Testing Strategy\n", "## Testing Stratergy\n")
    assert page.splitlines()[256] == "## Testing Stratergy"
    result = build({"specs/payment.md": page})
    assert finding_lines(result, "missing-section") == [
        f'{SPEC}:257: missing-section: required section "Testing Strategy" is missing '
        '(hint: rename "## Testing Stratergy" (line 257) to "## Testing Strategy")'
    ]
    assert finding_lines(result, "section-order") == []


def test_a_heading_one_level_off_or_far_from_the_name_is_no_rename(build):
    sections = ["Testing" if s == "Testing Strategy" else s for s in SECTIONS]
    result = build({"specs/payment.md": spec(sections=sections)})
    (line,) = finding_lines(result, "missing-section")
    assert 'add "## Testing Strategy" after the "Implementation Details" section' in line
    assert "rename" not in line


# A status of the team's own: how to allow it, where the statuses are listed.

TEAM_TEMPLATE = """\
# Spec: {Title}

**Owner:** {Name}
**Status:** Draft | Review | Approved

## Summary

{What and why}
"""


def test_an_unknown_status_with_the_teams_template_names_the_template_line(build, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "spec.md").write_text(TEAM_TEMPLATE, "utf-8")
    page = "# Spec: Retries\n\n**Owner:** Jane\n**Status:** In Progress\n\n## Summary\n\nText.\n"
    config = {"plugins": [{"specs": {"template": "templates/spec.md"}}]}
    result = build({"specs/payment.md": page}, config)
    assert finding_lines(result) == [
        f'{SPEC}:4: invalid-status: status "In Progress" is not one of Draft | Review | Approved '
        "(hint: to allow it, add it to the Status line of templates/spec.md:4)"
    ]


def test_an_unknown_status_with_the_builtin_template_says_how_to_own_one(build):
    result = build({"specs/payment.md": spec(status="In Progress")})
    assert finding_lines(result) == [
        f'{SPEC}:8: invalid-status: status "In Progress" is not one of '
        "Draft | Review | Approved | Implemented (hint: to allow it, copy the built-in template "
        "into the repository, point `template:` at it and add the status to its Status line)"
    ]


def test_an_unknown_status_of_a_builtin_adr_template_names_its_option(build):
    adr = "# ADR-0001: Use Postgres\n\n## Status\n\nin review\n"
    config = {"plugins": [{"specs": {"adr_template": "builtin"}}]}
    result = build({"adr/0001-use-postgres.md": adr}, config)
    status = [line for line in finding_lines(result) if "invalid-status" in line]
    assert len(status) == 1
    assert status[0].endswith(
        "(hint: to allow it, copy the built-in template into the repository, point "
        "`adr_template:` at it and add the status to its status line)"
    )


def test_a_misspelt_status_keeps_its_did_you_mean_as_the_only_hint(build):
    result = build({"specs/payment.md": spec(status="Aproved")})
    assert finding_lines(result) == [
        f'{SPEC}:8: invalid-status: status "Aproved" is not one of '
        'Draft | Review | Approved | Implemented (hint: did you mean "Approved"?)'
    ]


# A date in another form: the ISO date when it is certain, why not when it is not.


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("2026/03/11", "write it as 2026-03-11"),
        ("13/03/2026", "write it as 2026-03-13"),
        ("March 11, 2026", "write it as 2026-03-11"),
        ("11 March 2026", "write it as 2026-03-11"),
        ("20260311", "write it as 2026-03-11"),
        (
            "11/03/2026",
            "write the date as YYYY-MM-DD: 11/03/2026 could be 2026-11-03 or 2026-03-11",
        ),
        (
            "03/11/26",
            "write the date as YYYY-MM-DD: with a two-digit year, 03/11/26 has several readings",
        ),
        ("next week", "write the date as YYYY-MM-DD, e.g. 2026-03-01"),
    ],
)
def test_a_date_in_another_form_gets_the_iso_date_or_why_not(build, written, hint):
    result = build({"specs/payment.md": spec(date=written)})
    assert finding_lines(result) == [
        f'{SPEC}:6: invalid-date: Date "{written}" is not in YYYY-MM-DD form (hint: {hint})'
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("2026-02-30", "2026-02 has 28 days"),
        ("2024-02-30", "2024-02 has 29 days"),
        ("2026-13-01", "the month, between the year and the day, is 01 to 12"),
    ],
)
def test_a_date_in_iso_form_that_is_no_real_day_says_what_is_wrong(build, written, hint):
    """Not `write the date as YYYY-MM-DD`: it is written so already."""
    result = build({"specs/payment.md": spec(date=written)})
    (line,) = finding_lines(result, "invalid-date")
    assert line.endswith(f"(hint: {hint})")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("written", "dates"),
    [
        # Year first: month before day, whatever the separator and padding.
        ("2026/03/11", ["2026-03-11"]),
        ("2026.03.11", ["2026-03-11"]),
        ("2026-3-11", ["2026-03-11"]),
        ("20260311", ["2026-03-11"]),
        ("2026-03-11T09:30", ["2026-03-11"]),
        ("2026-03-11 09:30 UTC", ["2026-03-11"]),
        # Year last: either order, unless one reading is no real day.
        ("11/03/2026", ["2026-11-03", "2026-03-11"]),
        ("03-11-2026", ["2026-03-11", "2026-11-03"]),
        ("13/03/2026", ["2026-03-13"]),
        ("03/13/2026", ["2026-03-13"]),
        ("03/03/2026", ["2026-03-03"]),
        ("11.03.2026", ["2026-03-11", "2026-11-03"]),  # dotted: day first is likelier
        ("31/02/2026", []),
        # Month names, in English.
        ("March 11, 2026", ["2026-03-11"]),
        ("Mar. 11 2026", ["2026-03-11"]),
        ("11 March 2026", ["2026-03-11"]),
        ("11th of March 2026", ["2026-03-11"]),
        ("11-Mar-2026", ["2026-03-11"]),
        ("Sept 1, 2026", ["2026-09-01"]),
        ("Mars 11, 2026", []),
        ("February 30, 2026", []),
        # Not certain, or no date at all.
        ("11032026", []),  # day first or year first: the eight digits do not say
        ("03/11/26", []),
        ("2026-02-30", []),
        ("11/03/1492", []),
        ("Q3 2026", []),
        ("TBD", []),
    ],
)
def test_reading_a_date(written, dates):
    reading = read_date(written)
    assert list(reading.dates) == [d(x) for x in dates]
    assert reading.short_year is (written == "03/11/26")


def test_reading_a_long_value_stays_linear():
    """Field values are the author's text: a long run of spaces or digits must not make the
    date patterns backtrack."""
    for text in (
        " " * 100_000 + "x",
        "1" + " " * 100_000,
        "1" * 100_000,
        "March " + "1" * 99_999,
        "2026-03-11 10:00" + "x" * 50_000 + " y z",
        "2026-03-11 10:00 " + "x " * 50_000,
        "1 of" + " " * 100_000 + "March",
    ):
        assert read_date(text).dates == ()


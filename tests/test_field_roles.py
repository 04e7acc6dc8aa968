"""Field roles by name in any language: the `fields` option names the fields a template writes in
its own words (`Autor`, `Datum`) or under another name (`Tracking Issue` for `Rust Issue`), and
the portal and `specs.json` read owners, dates, statuses, projects and references from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_mkdocs, write_site
from portal_html import headings, sections, tables, text

from mkdocs_specs.draft import DraftValues, draft_text
from mkdocs_specs.model import Kind
from mkdocs_specs.template import FieldNames, FieldType, read_template

GERMAN_TEMPLATE = """\
# Technische Spezifikation: {Titel}

## Dokumentinformationen

**Projekt:** {Projektname}
**Version:** {Version}
**Datum:** JJJJ-MM-TT
**Autor:** {Name}
**Status:** Entwurf | Prüfung | Freigegeben | Umgesetzt
**Zugehöriges PRD:** {Link zum PRD}

## Zusammenfassung

{Worum es geht}

## Entwurf

{Wie es gebaut wird}
"""

GERMAN_FIELDS = {
    "owners": ["Autor", "Autoren"],
    "date": "Datum",
    "project": ["Projekt"],
    "related_prd": ["Zugehöriges PRD"],
}


def german_spec(title: str, *, status: str, date: str, authors: str, prd: str = "PRD-1") -> str:
    return f"""\
# Technische Spezifikation: {title}

## Dokumentinformationen

**Projekt:** Zahlungen
**Version:** 1.0
**Datum:** {date}
**Autor:** {authors}
**Status:** {status}
**Zugehöriges PRD:** {prd}

## Zusammenfassung

Was sich ändert.

## Entwurf

Wie es gebaut wird.
"""


def german_site(root: Path, fields: dict | None = GERMAN_FIELDS) -> Path:
    (root / "vorlagen").mkdir()
    (root / "vorlagen" / "spezifikation.md").write_text(GERMAN_TEMPLATE, "utf-8")
    options: dict = {"template": "vorlagen/spezifikation.md", "fail_on": "never"}
    if fields is not None:
        options["fields"] = fields
    files = {
        "index.md": "# Start\n",
        "prd/0001-kasse.md": "# PRD: Kasse\n\n**Status:** Freigegeben  \n**Autor:** Sofia Keller\n",
        "specs/wiederholung.md": german_spec(
            "Zahlungswiederholung",
            status="Freigegeben",
            date="2026-10-01",
            authors="Jana Schmidt, Lukas Weber",
        ),
        "specs/suche.md": german_spec(
            "Suche", status="Prüfung", date="2026-11-15", authors="Lukas Weber"
        ),
    }
    config = {"theme": {"name": "mkdocs", "locale": "de"}, "plugins": [{"specs": options}]}
    return write_site(root, files, config)


def build(root: Path):
    return run_mkdocs(root, "build", "-d", str(root / "site"))


def test_a_german_template_s_owners_dates_and_statuses_reach_the_export(tmp_path):
    result = build(german_site(tmp_path))
    assert result.exit_code == 0, result.log
    retry = result.document("specs/wiederholung.md")
    assert retry["owners"] == ["Jana Schmidt", "Lukas Weber"]
    assert retry["date"] == "2026-10-01"
    assert retry["status"] == "Freigegeben"
    assert retry["project"] == "Zahlungen"
    assert retry["version"] == "1.0"
    assert [(r["kind"], r["src_path"], r["resolved"]) for r in retry["related"]] == [
        ("prd", "prd/0001-kasse.md", True)
    ]
    assert retry["findings"] == []
    # A PRD without a template is read with the team's names too.
    assert result.document("prd/0001-kasse.md")["owners"] == ["Sofia Keller"]
    assert result.document("prd/0001-kasse.md")["referenced_by"] == [
        "specs/suche.md",
        "specs/wiederholung.md",
    ]


def test_a_german_template_s_owners_dates_and_statuses_reach_the_portal(tmp_path):
    result = build(german_site(tmp_path))
    status = result.html("portal/status/index.html")
    specs = sections(status)["Spezifikationen"]
    assert headings(specs, 3) == ["Prüfung", "Freigegeben"]
    header, row = tables(specs)["Freigegeben"]
    assert header == ["Spezifikation", "Verantwortliche", "Projekt", "Version", "Datum", "Befunde"]
    assert row == [
        "Zahlungswiederholung",
        "Jana Schmidt, Lukas Weber",
        "Zahlungen",
        "1.0",
        "2026-10-01",
        "keine",
    ]

    owners = result.html("portal/owners/index.html")
    owner_rows = tables(sections(owners)["Spezifikationen"])["Spezifikationen"][1:]
    assert [row[0] for row in owner_rows] == ["Jana Schmidt", "Lukas Weber"]
    lukas = text(result.html("portal/owners/lukas-weber/index.html"))
    assert "2 Spezifikationen" in lukas

    recent = tables(sections(result.html("portal/index.html"))["Zuletzt aktualisiert"])
    dated = [row[:2] for row in next(iter(recent.values()))[1:]]
    assert dated == [["2026-11-15", "Suche"], ["2026-10-01", "Zahlungswiederholung"]]

    card = result.html("specs/wiederholung/index.html")
    assert '<a href="../../portal/owners/jana-schmidt/">Jana Schmidt</a>' in card
    assert "Datum</dt><dd class=\"specs-card__value\">2026-10-01" in card


def test_without_the_names_the_german_fields_stay_unknown(tmp_path):
    """What the option changes: the same site without it knows no owners and no dates."""
    result = build(german_site(tmp_path, fields=None))
    retry = result.document("specs/wiederholung.md")
    assert (retry["owners"], retry["date"], retry["project"]) == ([], None, None)


def test_a_document_may_write_the_english_name_or_front_matter(tmp_path):
    root = german_site(tmp_path)
    page = root / "docs" / "specs" / "suche.md"
    written = page.read_text("utf-8").replace("**Datum:** 2026-11-15\n", "**Date:** 2026-11-15\n")
    written = written.replace("**Autor:** Lukas Weber\n", "")
    page.write_text("---\nautoren: [Lukas Weber, Ida Roth]\n---\n" + written, "utf-8")
    result = build(root)
    search = result.document("specs/suche.md")
    assert search["date"] == "2026-11-15"
    assert search["owners"] == ["Lukas Weber", "Ida Roth"]
    assert search["findings"] == []


def test_front_matter_and_the_block_disagreeing_under_a_team_s_name_is_a_conflict(tmp_path):
    root = german_site(tmp_path)
    page = root / "docs" / "specs" / "suche.md"
    page.write_text("---\ndatum: 2026-01-01\n---\n" + page.read_text("utf-8"), "utf-8")
    result = build(root)
    findings = result.document("specs/suche.md")["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("metadata-conflict", 10)]
    assert 'Datum is "2026-11-15" here but "2026-01-01" in front matter' in findings[0]["message"]


def test_a_status_named_in_another_language_is_checked_and_grouped(tmp_path):
    (tmp_path / "plantilla.md").write_text(
        "# Especificación: {Título}\n\n**Estado:** Borrador | Revisión | Aprobado\n"
        "**Autores:** {Nombres}\n\n## Resumen\n\n{Resumen}\n",
        "utf-8",
    )
    body = "**Autores:** Ana\n\n## Resumen\n\nTexto.\n"
    files = {
        "index.md": "# Inicio\n",
        "specs/a.md": f"# Especificación: A\n\n**Estado:** Aprobado\n{body}",
        "specs/b.md": f"# Especificación: B\n\n**Estado:** Aprobada\n{body}",
    }
    options = {
        "template": "plantilla.md",
        "fail_on": "never",
        "fields": {"status": "Estado", "owners": "Autores"},
    }
    config = {"theme": {"name": "material", "language": "es"}, "plugins": [{"specs": options}]}
    result = build(write_site(tmp_path, files, config))
    b = result.document("specs/b.md")
    assert [f["rule"] for f in b["findings"]] == ["invalid-status"]
    assert 'status "Aprobada" is not one of Borrador | Revisión | Aprobado' in (
        b["findings"][0]["message"]
    )
    assert result.document("specs/a.md")["status"] == "Aprobado"
    assert result.document("specs/a.md")["owners"] == ["Ana"]
    status = result.html("portal/status/index.html")
    assert headings(status, 1) == ["Especificaciones por estado"]
    assert headings(status) == ["Aprobado", "Aprobada"]


RUST_TEMPLATE = """\
- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)
- Start Date: (fill me in with today's date, YYYY-MM-DD)
- RFC PR: [rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)
- Rust Issue: [rust-lang/rust#0000](https://github.com/rust-lang/rust/issues/0000)

## Summary

One paragraph explanation of the feature.
"""

TRACKED_RFC = """\
- Feature Name: `const_generics`
- Start Date: 2017-05-01
- RFC PR: [rust-lang/rfcs#2000](https://github.com/rust-lang/rfcs/pull/2000)
- Tracking Issue: [rust-lang/rust#44580](https://github.com/rust-lang/rust/issues/44580)

## Summary

Allow types to be generic over constant values.
"""


def rust_site(root: Path, fields: dict | None) -> Path:
    root.mkdir(exist_ok=True)
    (root / "template.md").write_text(RUST_TEMPLATE, "utf-8")
    options: dict = {"template": "template.md", "specs": ["text/*.md"], "fail_on": "never"}
    if fields is not None:
        options["fields"] = fields
    files = {"index.md": "# RFCs\n", "text/2000-const-generics.md": TRACKED_RFC}
    return write_site(root, files, {"plugins": [{"specs": options}]})


def test_tracking_issue_is_the_rust_issue_when_the_team_says_so(tmp_path):
    before = build(rust_site(tmp_path / "before", None))
    findings = before.document("text/2000-const-generics.md")["findings"]
    assert [f["message"] for f in findings] == ['field "Rust Issue" is missing']

    after = build(rust_site(tmp_path / "after", {"Rust Issue": ["Tracking Issue"]}))
    assert after.document("text/2000-const-generics.md")["findings"] == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"Rust Isue": ["Tracking Issue"]},
            '"Rust Isue" is neither a role nor a field of a template; did you mean "Rust Issue"?',
        ),
        ({"owners": ["Autor"], "date": ["Autor"]}, '"Autor" is named for both owners and date'),
        ({"date": ["Status"]}, 'date: "Status" is the built-in name of status'),
        ({"owners": 5}, "owners: expected a field name, or a list of them"),
        ({"owners": []}, "owners: expected a field name, or a list of them"),
        (["Autor"], "expected a mapping of roles (status, owners, date, project, version"),
    ],
)
def test_a_mistake_in_the_field_names_is_a_one_line_config_error(tmp_path, fields, message):
    result = build(rust_site(tmp_path, fields))
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert errors[0].startswith("ERROR: Config value 'plugins': Plugin 'specs' option 'fields'")
    assert message in errors[0]
    assert "Traceback" not in result.output


def test_a_name_given_to_a_role_plays_that_role_only():
    """`Owner review` named as the date is the date, though its words name owners; a name given
    to owners makes an owners field of any name."""
    names = FieldNames.of({"date": ["Owner review"], "owners": ["Verantwortlich"]})
    source = "# T: {Name}\n\n**Owner review:** {wann}\n**Verantwortlich:** {wer}\n\n## A\n"
    template = read_template(source, "t.md", names)
    shown = [(item.name, item.key, item.type.value) for item in template.fields]
    assert shown == [
        ("Owner review", "date", "text"),
        ("Verantwortlich", "verantwortlich", "owners"),
    ]
    assert read_template("# T: {Name}\n\n**Owner review:** {wann}\n", "t.md").fields[0].type == (
        FieldType.OWNERS
    )


def test_a_new_draft_fills_the_fields_the_team_names():
    values = DraftValues("Zahlungen", dt.date(2026, 12, 1), "Jana Schmidt")
    named = draft_text(GERMAN_TEMPLATE, "s.md", Kind.SPEC, values, FieldNames.of(GERMAN_FIELDS))
    assert "**Autor:** Jana Schmidt\n" in named
    assert "**Status:** Entwurf\n" in named
    unnamed = draft_text(GERMAN_TEMPLATE, "s.md", Kind.SPEC, values)
    assert "**Autor:** {Name}\n" in unnamed


def test_new_fills_the_author_and_date_a_german_template_names_in_its_own_words(
    tmp_path, monkeypatch, capsys
):
    from cli_runner import run_cli

    german_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "new", "spec", "Rückerstattung", "--author", "Jana Schmidt")
    assert run.code == 0, run.err
    text = (tmp_path / "docs/specs/ruckerstattung.md").read_text("utf-8")
    assert "**Autor:** Jana Schmidt" in text
    assert f"**Datum:** {dt.date.today().isoformat()}" in text

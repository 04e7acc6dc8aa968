"""The portal's labels in the site's language: built-in translations chosen from the theme or the
`language` option, English for other languages, the team's own labels, and their mistakes."""

from __future__ import annotations

import re
from html import unescape

import pytest
from factory import spec
from portal_html import headings, sections, tables, text

from mkdocs_specs.labels import BUILT_IN, ENGLISH, labels_for, language_code

CONFIG = {"plugins": [{"specs": {"fail_on": "never"}}]}
_FIELD_RE = re.compile(r"\{(\w+)\}")
_NOUN_FIELDS = {"kinds", "noun", "nouns", "word"}
_KEPT_FIELDS = {"count", "more", "link", "line", "command", "label", "value"}
"""Fields whose value a translation must show: a number, a link, what a chart bar stands for."""


def site() -> dict[str, str]:
    """Two specs (one with the findings of an unfilled project), a PRD and an ADR they cite."""
    return {
        "index.md": "# Home\n",
        "prd/0001-checkout.md": "# PRD: Checkout\n\n**Status:** Approved  \n**Author:** Sofia\n",
        "adr/0001-use-postgres.md": "---\nstatus: accepted\n---\n# Use Postgres\n",
        "specs/payment-retries.md": spec(
            "Payment Retries",
            author="Priya Raman and José Álvarez",
            related_prd="PRD-1",
            related_adr="ADR-0001",
        ),
        "specs/search.md": spec(
            "Search Pipeline", author="Lena Fischer", status="Review", project="{Project Name}"
        ),
    }


def with_theme(theme: dict | str, **options: object) -> dict:
    return {"theme": theme, "plugins": [{"specs": {"fail_on": "never", **options}}]}


def test_a_material_site_in_french_gets_a_french_portal(build):
    result = build(site(), with_theme({"name": "material", "language": "fr"}))
    assert result.exit_code == 0, result.output
    dashboard = result.html("portal/index.html")
    assert headings(dashboard, 1) == ["Tableau de bord"]
    sections_shown = ["Par statut", "Par responsable", "Constats", "Mis à jour récemment"]
    assert headings(dashboard) == sections_shown
    assert "<title>Tableau de bord - Test</title>" in dashboard
    words = text(dashboard)
    assert "2 spécifications 1 PRD 1 ADR 4 responsables 1 erreur 0 avertissement" in words
    assert "Les documents de chaque responsable, par type : Documents par responsable" in words
    assert 'aria-label="Spécifications par statut\u00a0: Draft\u00a0: 0\u00a0; Review' in dashboard

    status = result.html("portal/status/index.html")
    assert headings(status, 1) == ["Documents par statut"]
    assert headings(status) == ["Spécifications", "PRD", "ADR"]
    review = tables(sections(status)["Spécifications"])["Review"]
    assert review[0] == ["Spécification", "Responsables", "Projet", "Version", "Date", "Constats"]
    assert review[1][-1] == "1 erreur"

    owners = result.html("portal/owners/index.html")
    assert headings(owners, 1) == ["Documents par responsable"]
    assert "Sans responsable" in headings(owners, 3)

    owner = text(result.html("portal/owners/priya-raman/index.html"))
    assert "1 spécification · Tous les responsables" in owner

    card = text(result.html("specs/payment-retries/index.html"))
    for label in ("Statut", "Responsables", "Projet", "PRD associé", "ADR associé"):
        assert label in card
    assert "Priya Raman, José Álvarez" in card

    adr = result.html("adr/0001-use-postgres/index.html")
    assert headings(adr) == ["Référencé par"]
    assert tables(adr)["Référencé par"][0] == ["Document", "Statut", "Responsables"]
    assert '<a href="#referenced-by">1 document</a>' in adr
    assert "Referenced by" not in adr  # the page's table of contents included

    card_html = result.html("specs/payment-retries/index.html").split('class="specs-card"')[1]
    english = ("Dashboard", "by status", "Owner", "Findings", "Referenced by", "Related")
    for page in (dashboard, status, owners, card_html.split("</dl>")[0]):
        shown = text(page.split("</article>", 1)[0].split('<div class="md-content"')[-1])
        assert not [word for word in english if word in shown]


def test_the_mkdocs_theme_s_locale_chooses_the_labels(build):
    result = build(site(), with_theme({"name": "mkdocs", "locale": "de"}))
    dashboard = result.html("portal/index.html")
    assert headings(dashboard, 1) == ["Übersicht"]
    assert headings(result.html("portal/status/index.html"), 1) == ["Dokumente nach Status"]
    assert headings(result.html("prd/0001-checkout/index.html")) == ["Referenziert von"]


def test_the_language_option_wins_over_the_theme(build):
    result = build(site(), with_theme({"name": "material", "language": "fr"}, language="ja"))
    assert headings(result.html("portal/index.html"), 1) == ["ダッシュボード"]
    assert headings(result.html("portal/status/index.html"), 1) == ["ステータス別のドキュメント"]


def test_a_team_overrides_labels_for_every_language_or_for_one(build):
    labels = {
        "status_index": "Statusübersicht",
        "de": {"dashboard": "Startseite"},
        "fr": {"dashboard": "Accueil"},
    }
    result = build(site(), with_theme({"name": "material", "language": "de"}, labels=labels))
    assert result.exit_code == 0, result.output
    assert headings(result.html("portal/index.html"), 1) == ["Startseite"]
    assert headings(result.html("portal/status/index.html"), 1) == ["Statusübersicht"]
    # What the team did not replace stays in the site's language.
    owners = result.html("portal/owners/index.html")
    assert headings(owners, 1) == ["Dokumente nach Verantwortlichen"]


def test_an_override_is_text_whatever_it_holds(build):
    labels = {"dashboard": "<b>Board</b> *x* {count}", "unowned": "| Nobody |"}
    result = build(site(), with_theme("mkdocs", labels=labels))
    dashboard = result.html("portal/index.html")
    assert [unescape(h) for h in headings(dashboard, 1)] == ["<b>Board</b> *x* {count}"]
    assert "<b>" not in dashboard
    owners = result.html("portal/owners/index.html")
    assert [unescape(h) for h in headings(owners, 3)] == ["| Nobody |"]


def test_english_sites_are_unchanged(build):
    result = build(site(), with_theme({"name": "material", "language": "nl"}))
    assert headings(result.html("portal/index.html"), 1) == ["Dashboard"]
    adr = result.html("adr/0001-use-postgres/index.html")
    assert headings(adr) == ["Referenced by"]
    assert '<a href="#referenced-by">1 document</a>' in adr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("labels", {"status_idx": "X"}, "unknown label 'status_idx'; did you mean 'status_index'?"),
        ("labels", {"de": {"dashbord": "X"}}, "'de': unknown label 'dashbord'; did you mean 'dash"),
        ("labels", {"zzz": "X"}, "unknown label 'zzz' (the labels are listed at "
            "https://mkdocs-specs.github.io/mkdocs-specs/languages/#labels-in-the-sites-language)"),
        ("labels", {"dashboard": ""}, "label 'dashboard': expected its text, not ''"),
        ("labels", {"dashboard": ["A"]}, "label 'dashboard': expected its text"),
        ("labels", "Übersicht", "expected a mapping of labels to texts"),
        ("language", "fr fr", "expected a language code, like 'fr' or 'pt-BR'"),
    ],
)
def test_a_mistake_in_the_labels_is_a_one_line_config_error(build, option, value, message):
    result = build(site(), {"plugins": [{"specs": {option: value}}]})
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert errors[0].startswith(f"ERROR: Config value 'plugins': Plugin 'specs' option '{option}'")
    assert message in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("pt-BR", "pt"),
        ("pt_PT", "pt"),
        ("zh-Hans", "zh"),
        ("zh_CN", "zh"),
        ("zh_Hans_CN", "zh"),
        ("zh-Hant", "zh-hant"),
        ("zh-TW", "zh-hant"),
        ("DE", "de"),
        (None, "en"),
        ("", "en"),
        ("../../x", "en"),
    ],
)
def test_a_language_tag_names_its_language(tag, language):
    assert language_code(tag) == language


def test_regional_and_unknown_languages_fall_back_as_readers_expect():
    assert labels_for("pt-BR")["dashboard"] == "Painel"
    assert labels_for("zh_CN")["dashboard"] == "仪表板"
    assert labels_for("zh-Hant")["dashboard"] == "Dashboard"  # not in simplified characters
    assert labels_for("nl")["dashboard"] == "Dashboard"
    assert labels_for("nl", {"nl": {"dashboard": "Overzicht"}})["dashboard"] == "Overzicht"


def test_plural_forms_follow_each_language():
    assert labels_for("en").text("count_spec", 0) == "0 specifications"
    assert labels_for("fr").text("count_spec", 0) == "0 spécification"
    assert labels_for("fr").text("count_spec", 2) == "2 spécifications"
    assert labels_for("pt").text("count_spec", 1) == "1 especificação"
    assert labels_for("de").text("finding_warning", 3) == "3 Warnungen"
    assert labels_for("ja").text("count_spec", 1) == "仕様書 1件"
    assert labels_for("ja").text("count_spec", 5) == "仕様書 5件"


@pytest.mark.parametrize("language", sorted(set(BUILT_IN) - {"en"}))
def test_every_translation_has_every_label_and_shows_what_english_shows(language):
    translation = BUILT_IN[language]
    assert set(translation) == set(ENGLISH)
    for key, english in ENGLISH.items():
        wanted = set(_FIELD_RE.findall(english))
        given = set(_FIELD_RE.findall(translation[key]))
        assert wanted & _KEPT_FIELDS <= given, key
        allowed = wanted | (_NOUN_FIELDS if wanted & _NOUN_FIELDS else set())
        assert given <= allowed, key
        assert translation[key], key

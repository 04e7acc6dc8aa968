"""Every text the portal shows readers, in the site's language.

The generated pages, the metadata cards, "Referenced by" and the charts are for readers, so they
speak the site's language: built-in translations for a few languages, English for the others,
and any label replaced by the team's own (`labels:`). Finding messages stay English, like a
compiler's: they are what people search for and quote in reviews.

A `Labels` value is passed to what renders, never read from a global, so that one build can
render the portal once per language of a multilingual site.

A label is plain text (the renderer escapes it) with `{name}` fields that the renderer fills
(`{count}`, a noun, a link). A translation may leave out any field it does not need: word order
and grammatical agreement differ between languages, so a sentence that English builds around a
noun may read better in another language without it. Labels that follow a number have a form
per plural category, `NAME_one` and `NAME_other`, chosen by the language's rule.
"""

# Each language is written with its own punctuation (full-width colons, typographic quotes).
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

DEFAULT_LANGUAGE = "en"

ENGLISH: dict[str, str] = {
    # Pages and their parts
    "dashboard": "Dashboard",
    "status_index": "{kinds} by status",
    "owners_index": "{kinds} by owner",
    "by_status": "By status",
    "by_owner": "By owner",
    "findings": "Findings",
    "recently_updated": "Recently updated",
    "all_owners": "All owners",
    "unowned": "Unowned",
    "referenced_by": "Referenced by",
    # Kinds: as a table heading and value, plural in titles, as a page section's heading,
    # and as words in sentences (`noun`, `nouns`, and the short `word`)
    "kind_spec": "Spec",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "Document",
    "kinds_spec": "Specs",
    "kinds_prd": "PRDs",
    "kinds_adr": "ADRs",
    "kinds_document": "Documents",
    "section_spec": "Specifications",
    "section_prd": "PRDs",
    "section_adr": "ADRs",
    "noun_spec": "specification",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "document",
    "nouns_spec": "specifications",
    "nouns_prd": "PRDs",
    "nouns_adr": "ADRs",
    "nouns_document": "documents",
    "word_spec": "spec",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "document",
    "count_spec_one": "{count} specification",
    "count_spec_other": "{count} specifications",
    "count_prd_one": "{count} PRD",
    "count_prd_other": "{count} PRDs",
    "count_adr_one": "{count} ADR",
    "count_adr_other": "{count} ADRs",
    "count_document_one": "{count} document",
    "count_document_other": "{count} documents",
    # The dashboard's tiles: a number, and this under it
    "tile_spec_one": "spec",
    "tile_spec_other": "specs",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRDs",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADRs",
    "tile_owner_one": "owner",
    "tile_owner_other": "owners",
    "tile_error_one": "error",
    "tile_error_other": "errors",
    "tile_warning_one": "warning",
    "tile_warning_other": "warnings",
    # Sentences of the dashboard and the indexes
    "no_documents": "No specifications yet.",
    "status_intro": "Every {word} with its owners and findings: {link}.",
    "status_intro_version": "Every {word} with its owners, version and findings: {link}.",
    "status_intro_kinds": "Every document with its owners and findings, kind by kind: {link}.",
    "no_owners": "No {noun} names an owner yet.",
    "owners_top": "The {count} owners of the most {nouns}; {more} more on {link}.",
    "owners_intro": "Each owner's {nouns}: {link}.",
    "owners_intro_kinds": "Each owner's documents, kind by kind: {link}.",
    "no_findings": "No findings: every document follows its template.",
    "no_dates": "No {noun} has a valid date yet.",
    "no_references": "No document references this {word} yet.",
    # Table columns and card fields
    "column_rule": "Rule",
    "column_errors": "Errors",
    "column_warnings": "Warnings",
    "column_info": "Info",
    "column_total": "Total",
    "column_kind": "Kind",
    "column_status": "Status",
    "column_owner": "Owner",
    "column_owners": "Owners",
    "column_findings": "Findings",
    "owners_one": "Owner",
    "owners_other": "Owners",
    "field_project": "Project",
    "field_version": "Version",
    "field_date": "Date",
    "field_id": "Id",
    "related_prd_one": "Related PRD",
    "related_prd_other": "Related PRDs",
    "related_adr_one": "Related ADR",
    "related_adr_other": "Related ADRs",
    "unresolved": "(unresolved)",
    # Statuses the documents do not give, and lists of names
    "no_status": "No status",
    "other_statuses": "Other",
    "and_more_one": "and {count} more",
    "and_more_other": "and {count} more",
    "list_separator": ", ",
    "more_separator": ", ",
    # Findings (the box is shown while serving; the messages stay English)
    "findings_on_page": "Findings on this page:",
    "finding_error_one": "{count} error",
    "finding_error_other": "{count} errors",
    "finding_warning_one": "{count} warning",
    "finding_warning_other": "{count} warnings",
    "finding_info_one": "{count} info",
    "finding_info_other": "{count} info",
    "findings_none": "none",
    "severity_error": "error",
    "severity_warning": "warning",
    "severity_info": "info",
    "finding_line": "line {line}",
    "finding_hint": "Hint:",
    "findings_note": "Shown while {command} runs; the published site does not show them.",
    # Charts
    "chart_by_status": "{kinds} by status",
    "chart_by_owner": "{kinds} by owner",
    "label_value": "{label}: {value}",
    "values_separator": "; ",
    # The filter form of the status index and owner pages
    "find_text": "Filter by title, owner or project",
    "find_any_status": "All statuses",
    "find_any_owner": "All owners",
    "find_clear": "Clear",
    "find_shown": "{shown} of {total} shown",
    "find_sort": "Sort by {column}",
    # Needs attention
    "tile_baseline_one": "accepted in the baseline",
    "tile_baseline_other": "accepted in the baseline",
    "column_baseline": "Baseline",
    "attention": "Needs attention",
    "attention_intro": (
        "Every document with errors or warnings, under each of its owners, the "
        "most errors first."
    ),
    "attention_none": "Nothing needs attention: no document has errors or warnings.",
    "attention_by_rule": "By rule",
    "attention_link": "Which documents have errors or warnings, and whose: {link}.",
    "invalid_date": "{value} (invalid date)",
}

GERMAN = {
    "dashboard": "Übersicht",
    "status_index": "{kinds} nach Status",
    "owners_index": "{kinds} nach Verantwortlichen",
    "by_status": "Nach Status",
    "by_owner": "Nach Verantwortlichen",
    "findings": "Befunde",
    "recently_updated": "Zuletzt aktualisiert",
    "all_owners": "Alle Verantwortlichen",
    "unowned": "Ohne Verantwortliche",
    "referenced_by": "Referenziert von",
    "kind_spec": "Spezifikation",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "Dokument",
    "kinds_spec": "Spezifikationen",
    "kinds_prd": "PRDs",
    "kinds_adr": "ADRs",
    "kinds_document": "Dokumente",
    "section_spec": "Spezifikationen",
    "section_prd": "PRDs",
    "section_adr": "ADRs",
    "noun_spec": "Spezifikation",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "Dokument",
    "nouns_spec": "Spezifikationen",
    "nouns_prd": "PRDs",
    "nouns_adr": "ADRs",
    "nouns_document": "Dokumente",
    "word_spec": "Spezifikation",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "Dokument",
    "count_spec_one": "{count} Spezifikation",
    "count_spec_other": "{count} Spezifikationen",
    "count_prd_one": "{count} PRD",
    "count_prd_other": "{count} PRDs",
    "count_adr_one": "{count} ADR",
    "count_adr_other": "{count} ADRs",
    "count_document_one": "{count} Dokument",
    "count_document_other": "{count} Dokumente",
    "tile_spec_one": "Spezifikation",
    "tile_spec_other": "Spezifikationen",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRDs",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADRs",
    "tile_owner_one": "Verantwortliche",
    "tile_owner_other": "Verantwortliche",
    "tile_error_one": "Fehler",
    "tile_error_other": "Fehler",
    "tile_warning_one": "Warnung",
    "tile_warning_other": "Warnungen",
    "no_documents": "Noch keine Spezifikationen.",
    "status_intro": "Alle {nouns} mit Verantwortlichen und Befunden: {link}.",
    "status_intro_version": "Alle {nouns} mit Verantwortlichen, Version und Befunden: {link}.",
    "status_intro_kinds": "Alle Dokumente mit Verantwortlichen und Befunden, nach Art: {link}.",
    "no_owners": "Noch sind keine Verantwortlichen angegeben.",
    "owners_top": "Die {count} Verantwortlichen mit den meisten {nouns}; {more} weitere unter "
    "{link}.",
    "owners_intro": "{kinds} nach Verantwortlichen: {link}.",
    "owners_intro_kinds": "Dokumente nach Verantwortlichen, nach Art getrennt: {link}.",
    "no_findings": "Keine Befunde: Alle Dokumente folgen ihrer Vorlage.",
    "no_dates": "Noch hat kein Dokument ein gültiges Datum.",
    "no_references": "Noch verweist kein Dokument hierauf.",
    "column_rule": "Regel",
    "column_errors": "Fehler",
    "column_warnings": "Warnungen",
    "column_info": "Hinweise",
    "column_total": "Gesamt",
    "column_kind": "Art",
    "column_status": "Status",
    "column_owner": "Verantwortliche",
    "column_owners": "Verantwortliche",
    "column_findings": "Befunde",
    "owners_one": "Verantwortlich",
    "owners_other": "Verantwortliche",
    "field_project": "Projekt",
    "field_version": "Version",
    "field_date": "Datum",
    "field_id": "ID",
    "related_prd_one": "Zugehöriges PRD",
    "related_prd_other": "Zugehörige PRDs",
    "related_adr_one": "Zugehöriges ADR",
    "related_adr_other": "Zugehörige ADRs",
    "unresolved": "(nicht aufgelöst)",
    "no_status": "Ohne Status",
    "other_statuses": "Sonstige",
    "and_more_one": "und {count} weitere",
    "and_more_other": "und {count} weitere",
    "list_separator": ", ",
    "more_separator": " ",
    "findings_on_page": "Befunde auf dieser Seite:",
    "finding_error_one": "{count} Fehler",
    "finding_error_other": "{count} Fehler",
    "finding_warning_one": "{count} Warnung",
    "finding_warning_other": "{count} Warnungen",
    "finding_info_one": "{count} Hinweis",
    "finding_info_other": "{count} Hinweise",
    "findings_none": "keine",
    "severity_error": "Fehler",
    "severity_warning": "Warnung",
    "severity_info": "Hinweis",
    "finding_line": "Zeile {line}",
    "finding_hint": "Tipp:",
    "findings_note": "Nur sichtbar, solange {command} läuft; die veröffentlichte Website zeigt "
    "sie nicht.",
    "chart_by_status": "{kinds} nach Status",
    "chart_by_owner": "{kinds} nach Verantwortlichen",
    "label_value": "{label}: {value}",
    "values_separator": "; ",
    # The filter form of the status index and owner pages
    "find_text": "Nach Titel, Verantwortlichen oder Projekt filtern",
    "find_any_status": "Alle Status",
    "find_any_owner": "Alle Verantwortlichen",
    "find_clear": "Zurücksetzen",
    "find_shown": "{shown} von {total} angezeigt",
    "find_sort": "Nach {column} sortieren",
    # Needs attention
    "tile_baseline_one": "in der Baseline akzeptiert",
    "tile_baseline_other": "in der Baseline akzeptiert",
    "column_baseline": "Baseline",
    "attention": "Handlungsbedarf",
    "attention_intro": (
        "Jedes Dokument mit Fehlern oder Warnungen, unter jedem seiner "
        "Verantwortlichen, die mit den meisten Fehlern zuerst."
    ),
    "attention_none": "Kein Handlungsbedarf: Kein Dokument hat Fehler oder Warnungen.",
    "attention_by_rule": "Nach Regel",
    "attention_link": (
        "Welche Dokumente Fehler oder Warnungen haben und wer verantwortlich "
        "ist: {link}."
    ),
    "invalid_date": "{value} (ungültiges Datum)",
}

_NBSP = "\u00a0"
"""French sets a no-break space before `:` and `;`."""

FRENCH = {
    "dashboard": "Tableau de bord",
    "status_index": "{kinds} par statut",
    "owners_index": "{kinds} par responsable",
    "by_status": "Par statut",
    "by_owner": "Par responsable",
    "findings": "Constats",
    "recently_updated": "Mis à jour récemment",
    "all_owners": "Tous les responsables",
    "unowned": "Sans responsable",
    "referenced_by": "Référencé par",
    "kind_spec": "Spécification",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "Document",
    "kinds_spec": "Spécifications",
    "kinds_prd": "PRD",
    "kinds_adr": "ADR",
    "kinds_document": "Documents",
    "section_spec": "Spécifications",
    "section_prd": "PRD",
    "section_adr": "ADR",
    "noun_spec": "spécification",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "document",
    "nouns_spec": "spécifications",
    "nouns_prd": "PRD",
    "nouns_adr": "ADR",
    "nouns_document": "documents",
    "word_spec": "spécification",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "document",
    "count_spec_one": "{count} spécification",
    "count_spec_other": "{count} spécifications",
    "count_prd_one": "{count} PRD",
    "count_prd_other": "{count} PRD",
    "count_adr_one": "{count} ADR",
    "count_adr_other": "{count} ADR",
    "count_document_one": "{count} document",
    "count_document_other": "{count} documents",
    "tile_spec_one": "spécification",
    "tile_spec_other": "spécifications",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRD",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADR",
    "tile_owner_one": "responsable",
    "tile_owner_other": "responsables",
    "tile_error_one": "erreur",
    "tile_error_other": "erreurs",
    "tile_warning_one": "avertissement",
    "tile_warning_other": "avertissements",
    "no_documents": "Aucune spécification pour l’instant.",
    "status_intro": f"Chaque {{word}} avec ses responsables et ses constats{_NBSP}: {{link}}.",
    "status_intro_version": f"Chaque {{word}} avec ses responsables, sa version et ses "
    f"constats{_NBSP}: {{link}}.",
    "status_intro_kinds": f"Chaque document avec ses responsables et ses constats, par "
    f"type{_NBSP}: {{link}}.",
    "no_owners": "Aucun responsable n’est encore indiqué.",
    "owners_top": f"Les {{count}} responsables ayant le plus de {{nouns}}{_NBSP}; {{more}} "
    f"autres sur {{link}}.",
    "owners_intro": f"Les {{nouns}} de chaque responsable{_NBSP}: {{link}}.",
    "owners_intro_kinds": f"Les documents de chaque responsable, par type{_NBSP}: {{link}}.",
    "no_findings": f"Aucun constat{_NBSP}: chaque document suit son modèle.",
    "no_dates": "Aucun document n’a encore de date valide.",
    "no_references": "Aucun document n’y fait encore référence.",
    "column_rule": "Règle",
    "column_errors": "Erreurs",
    "column_warnings": "Avertissements",
    "column_info": "Infos",
    "column_total": "Total",
    "column_kind": "Type",
    "column_status": "Statut",
    "column_owner": "Responsable",
    "column_owners": "Responsables",
    "column_findings": "Constats",
    "owners_one": "Responsable",
    "owners_other": "Responsables",
    "field_project": "Projet",
    "field_version": "Version",
    "field_date": "Date",
    "field_id": "Identifiant",
    "related_prd_one": "PRD associé",
    "related_prd_other": "PRD associés",
    "related_adr_one": "ADR associé",
    "related_adr_other": "ADR associés",
    "unresolved": "(non résolue)",
    "no_status": "Sans statut",
    "other_statuses": "Autres",
    "and_more_one": "et {count} autre",
    "and_more_other": "et {count} autres",
    "list_separator": ", ",
    "more_separator": " ",
    "findings_on_page": f"Constats sur cette page{_NBSP}:",
    "finding_error_one": "{count} erreur",
    "finding_error_other": "{count} erreurs",
    "finding_warning_one": "{count} avertissement",
    "finding_warning_other": "{count} avertissements",
    "finding_info_one": "{count} info",
    "finding_info_other": "{count} infos",
    "findings_none": "aucun",
    "severity_error": "erreur",
    "severity_warning": "avertissement",
    "severity_info": "info",
    "finding_line": "ligne {line}",
    "finding_hint": f"Conseil{_NBSP}:",
    "findings_note": f"Affichés pendant que {{command}} s’exécute{_NBSP}; le site publié ne "
    f"les montre pas.",
    "chart_by_status": "{kinds} par statut",
    "chart_by_owner": "{kinds} par responsable",
    "label_value": f"{{label}}{_NBSP}: {{value}}",
    "values_separator": f"{_NBSP}; ",
    # The filter form of the status index and owner pages
    "find_text": "Filtrer par titre, responsable ou projet",
    "find_any_status": "Tous les statuts",
    "find_any_owner": "Tous les responsables",
    "find_clear": "Effacer",
    "find_shown": "{shown} sur {total} affichés",
    "find_sort": "Trier par {column}",
    # Needs attention
    "tile_baseline_one": "accepté dans la baseline",
    "tile_baseline_other": "acceptés dans la baseline",
    "column_baseline": "Baseline",
    "attention": "À traiter",
    "attention_intro": (
        "Chaque document qui comporte des erreurs ou des avertissements, sous "
        "chacun de ses responsables, les plus fautifs d’abord."
    ),
    "attention_none": (
        f"Rien à traiter{_NBSP}: aucun document ne comporte d’erreur ni "
        "d’avertissement."
    ),
    "attention_by_rule": "Par règle",
    "attention_link": (
        "Les documents qui comportent des erreurs ou des avertissements, et "
        f"leurs responsables{_NBSP}: {{link}}."
    ),
    "invalid_date": "{value} (date non valide)",
}

SPANISH = {
    "dashboard": "Panel",
    "status_index": "{kinds} por estado",
    "owners_index": "{kinds} por responsable",
    "by_status": "Por estado",
    "by_owner": "Por responsable",
    "findings": "Incidencias",
    "recently_updated": "Actualizados recientemente",
    "all_owners": "Todos los responsables",
    "unowned": "Sin responsable",
    "referenced_by": "Referenciado por",
    "kind_spec": "Especificación",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "Documento",
    "kinds_spec": "Especificaciones",
    "kinds_prd": "PRD",
    "kinds_adr": "ADR",
    "kinds_document": "Documentos",
    "section_spec": "Especificaciones",
    "section_prd": "PRD",
    "section_adr": "ADR",
    "noun_spec": "especificación",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "documento",
    "nouns_spec": "especificaciones",
    "nouns_prd": "PRD",
    "nouns_adr": "ADR",
    "nouns_document": "documentos",
    "word_spec": "especificación",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "documento",
    "count_spec_one": "{count} especificación",
    "count_spec_other": "{count} especificaciones",
    "count_prd_one": "{count} PRD",
    "count_prd_other": "{count} PRD",
    "count_adr_one": "{count} ADR",
    "count_adr_other": "{count} ADR",
    "count_document_one": "{count} documento",
    "count_document_other": "{count} documentos",
    "tile_spec_one": "especificación",
    "tile_spec_other": "especificaciones",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRD",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADR",
    "tile_owner_one": "responsable",
    "tile_owner_other": "responsables",
    "tile_error_one": "error",
    "tile_error_other": "errores",
    "tile_warning_one": "advertencia",
    "tile_warning_other": "advertencias",
    "no_documents": "Todavía no hay especificaciones.",
    "status_intro": "Cada {word} con sus responsables e incidencias: {link}.",
    "status_intro_version": "Cada {word} con sus responsables, versión e incidencias: {link}.",
    "status_intro_kinds": "Cada documento con sus responsables e incidencias, por tipo: {link}.",
    "no_owners": "Todavía no se ha indicado ningún responsable.",
    "owners_top": "Los {count} responsables con más {nouns}; {more} más en {link}.",
    "owners_intro": "{kinds} de cada responsable: {link}.",
    "owners_intro_kinds": "Documentos de cada responsable, por tipo: {link}.",
    "no_findings": "Sin incidencias: todos los documentos siguen su plantilla.",
    "no_dates": "Ningún documento tiene todavía una fecha válida.",
    "no_references": "Todavía ningún documento hace referencia a este {word}.",
    "column_rule": "Regla",
    "column_errors": "Errores",
    "column_warnings": "Advertencias",
    "column_info": "Notas",
    "column_total": "Total",
    "column_kind": "Tipo",
    "column_status": "Estado",
    "column_owner": "Responsable",
    "column_owners": "Responsables",
    "column_findings": "Incidencias",
    "owners_one": "Responsable",
    "owners_other": "Responsables",
    "field_project": "Proyecto",
    "field_version": "Versión",
    "field_date": "Fecha",
    "field_id": "ID",
    "related_prd_one": "PRD relacionado",
    "related_prd_other": "PRD relacionados",
    "related_adr_one": "ADR relacionado",
    "related_adr_other": "ADR relacionados",
    "unresolved": "(sin resolver)",
    "no_status": "Sin estado",
    "other_statuses": "Otros",
    "and_more_one": "y {count} más",
    "and_more_other": "y {count} más",
    "list_separator": ", ",
    "more_separator": " ",
    "findings_on_page": "Incidencias en esta página:",
    "finding_error_one": "{count} error",
    "finding_error_other": "{count} errores",
    "finding_warning_one": "{count} advertencia",
    "finding_warning_other": "{count} advertencias",
    "finding_info_one": "{count} nota",
    "finding_info_other": "{count} notas",
    "findings_none": "ninguna",
    "severity_error": "error",
    "severity_warning": "advertencia",
    "severity_info": "nota",
    "finding_line": "línea {line}",
    "finding_hint": "Sugerencia:",
    "findings_note": "Se muestran mientras se ejecuta {command}; el sitio publicado no las "
    "muestra.",
    "chart_by_status": "{kinds} por estado",
    "chart_by_owner": "{kinds} por responsable",
    "label_value": "{label}: {value}",
    "values_separator": "; ",
    # The filter form of the status index and owner pages
    "find_text": "Filtrar por título, responsable o proyecto",
    "find_any_status": "Todos los estados",
    "find_any_owner": "Todos los responsables",
    "find_clear": "Borrar",
    "find_shown": "{shown} de {total} mostrados",
    "find_sort": "Ordenar por {column}",
    # Needs attention
    "tile_baseline_one": "aceptado en la línea base",
    "tile_baseline_other": "aceptados en la línea base",
    "column_baseline": "Línea base",
    "attention": "Requiere atención",
    "attention_intro": (
        "Cada documento con errores o advertencias, bajo cada uno de sus "
        "responsables, primero los que tienen más errores."
    ),
    "attention_none": "Nada requiere atención: ningún documento tiene errores ni advertencias.",
    "attention_by_rule": "Por regla",
    "attention_link": (
        "Qué documentos tienen errores o advertencias, y quién es responsable: "
        "{link}."
    ),
    "invalid_date": "{value} (fecha no válida)",
}

PORTUGUESE = {
    "dashboard": "Painel",
    "status_index": "{kinds} por status",
    "owners_index": "{kinds} por responsável",
    "by_status": "Por status",
    "by_owner": "Por responsável",
    "findings": "Ocorrências",
    "recently_updated": "Atualizados recentemente",
    "all_owners": "Todos os responsáveis",
    "unowned": "Sem responsável",
    "referenced_by": "Referenciado por",
    "kind_spec": "Especificação",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "Documento",
    "kinds_spec": "Especificações",
    "kinds_prd": "PRDs",
    "kinds_adr": "ADRs",
    "kinds_document": "Documentos",
    "section_spec": "Especificações",
    "section_prd": "PRDs",
    "section_adr": "ADRs",
    "noun_spec": "especificação",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "documento",
    "nouns_spec": "especificações",
    "nouns_prd": "PRDs",
    "nouns_adr": "ADRs",
    "nouns_document": "documentos",
    "word_spec": "especificação",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "documento",
    "count_spec_one": "{count} especificação",
    "count_spec_other": "{count} especificações",
    "count_prd_one": "{count} PRD",
    "count_prd_other": "{count} PRDs",
    "count_adr_one": "{count} ADR",
    "count_adr_other": "{count} ADRs",
    "count_document_one": "{count} documento",
    "count_document_other": "{count} documentos",
    "tile_spec_one": "especificação",
    "tile_spec_other": "especificações",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRDs",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADRs",
    "tile_owner_one": "responsável",
    "tile_owner_other": "responsáveis",
    "tile_error_one": "erro",
    "tile_error_other": "erros",
    "tile_warning_one": "aviso",
    "tile_warning_other": "avisos",
    "no_documents": "Ainda não há especificações.",
    "status_intro": "Cada {word} com seus responsáveis e ocorrências: {link}.",
    "status_intro_version": "Cada {word} com seus responsáveis, versão e ocorrências: {link}.",
    "status_intro_kinds": "Cada documento com seus responsáveis e ocorrências, por tipo: "
    "{link}.",
    "no_owners": "Ainda não há responsáveis indicados.",
    "owners_top": "Os {count} responsáveis com mais {nouns}; mais {more} em {link}.",
    "owners_intro": "{kinds} de cada responsável: {link}.",
    "owners_intro_kinds": "Documentos de cada responsável, por tipo: {link}.",
    "no_findings": "Nenhuma ocorrência: todos os documentos seguem o seu modelo.",
    "no_dates": "Ainda nenhum documento tem uma data válida.",
    "no_references": "Ainda nenhum documento faz referência a este {word}.",
    "column_rule": "Regra",
    "column_errors": "Erros",
    "column_warnings": "Avisos",
    "column_info": "Informações",
    "column_total": "Total",
    "column_kind": "Tipo",
    "column_status": "Status",
    "column_owner": "Responsável",
    "column_owners": "Responsáveis",
    "column_findings": "Ocorrências",
    "owners_one": "Responsável",
    "owners_other": "Responsáveis",
    "field_project": "Projeto",
    "field_version": "Versão",
    "field_date": "Data",
    "field_id": "ID",
    "related_prd_one": "PRD relacionado",
    "related_prd_other": "PRDs relacionados",
    "related_adr_one": "ADR relacionado",
    "related_adr_other": "ADRs relacionados",
    "unresolved": "(não resolvida)",
    "no_status": "Sem status",
    "other_statuses": "Outros",
    "and_more_one": "e mais {count}",
    "and_more_other": "e mais {count}",
    "list_separator": ", ",
    "more_separator": " ",
    "findings_on_page": "Ocorrências nesta página:",
    "finding_error_one": "{count} erro",
    "finding_error_other": "{count} erros",
    "finding_warning_one": "{count} aviso",
    "finding_warning_other": "{count} avisos",
    "finding_info_one": "{count} informação",
    "finding_info_other": "{count} informações",
    "findings_none": "nenhuma",
    "severity_error": "erro",
    "severity_warning": "aviso",
    "severity_info": "informação",
    "finding_line": "linha {line}",
    "finding_hint": "Dica:",
    "findings_note": "Exibidas enquanto {command} está em execução; o site publicado não as "
    "exibe.",
    "chart_by_status": "{kinds} por status",
    "chart_by_owner": "{kinds} por responsável",
    "label_value": "{label}: {value}",
    "values_separator": "; ",
    # The filter form of the status index and owner pages
    "find_text": "Filtrar por título, responsável ou projeto",
    "find_any_status": "Todos os status",
    "find_any_owner": "Todos os responsáveis",
    "find_clear": "Limpar",
    "find_shown": "{shown} de {total} exibidos",
    "find_sort": "Ordenar por {column}",
    # Needs attention
    "tile_baseline_one": "aceito na linha de base",
    "tile_baseline_other": "aceitos na linha de base",
    "column_baseline": "Linha de base",
    "attention": "Requer atenção",
    "attention_intro": (
        "Cada documento com erros ou avisos, sob cada um de seus responsáveis, "
        "primeiro os que têm mais erros."
    ),
    "attention_none": "Nada requer atenção: nenhum documento tem erros ou avisos.",
    "attention_by_rule": "Por regra",
    "attention_link": "Quais documentos têm erros ou avisos, e quem é responsável: {link}.",
    "invalid_date": "{value} (data inválida)",
}

JAPANESE = {
    "dashboard": "ダッシュボード",
    "status_index": "ステータス別の{kinds}",
    "owners_index": "担当者別の{kinds}",
    "by_status": "ステータス別",
    "by_owner": "担当者別",
    "findings": "指摘事項",
    "recently_updated": "最近の更新",
    "all_owners": "すべての担当者",
    "unowned": "担当者なし",
    "referenced_by": "参照元",
    "kind_spec": "仕様書",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "ドキュメント",
    "kinds_spec": "仕様書",
    "kinds_prd": "PRD",
    "kinds_adr": "ADR",
    "kinds_document": "ドキュメント",
    "section_spec": "仕様書",
    "section_prd": "PRD",
    "section_adr": "ADR",
    "noun_spec": "仕様書",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "ドキュメント",
    "nouns_spec": "仕様書",
    "nouns_prd": "PRD",
    "nouns_adr": "ADR",
    "nouns_document": "ドキュメント",
    "word_spec": "仕様書",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "ドキュメント",
    "count_spec_one": "仕様書 {count}件",
    "count_spec_other": "仕様書 {count}件",
    "count_prd_one": "PRD {count}件",
    "count_prd_other": "PRD {count}件",
    "count_adr_one": "ADR {count}件",
    "count_adr_other": "ADR {count}件",
    "count_document_one": "ドキュメント {count}件",
    "count_document_other": "ドキュメント {count}件",
    "tile_spec_one": "仕様書",
    "tile_spec_other": "仕様書",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRD",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADR",
    "tile_owner_one": "担当者",
    "tile_owner_other": "担当者",
    "tile_error_one": "エラー",
    "tile_error_other": "エラー",
    "tile_warning_one": "警告",
    "tile_warning_other": "警告",
    "no_documents": "仕様書はまだありません。",
    "status_intro": "{word}ごとの担当者と指摘事項は{link}をご覧ください。",
    "status_intro_version": "{word}ごとの担当者・バージョン・指摘事項は{link}をご覧ください。",
    "status_intro_kinds": "ドキュメントごとの担当者と指摘事項（種類別）は{link}をご覧ください。",
    "no_owners": "担当者が指定されたドキュメントはまだありません。",
    "owners_top": "{nouns}の多い担当者上位{count}人です。残りの{more}人は{link}をご覧ください。",
    "owners_intro": "担当者ごとの{nouns}は{link}をご覧ください。",
    "owners_intro_kinds": "担当者ごとのドキュメント（種類別）は{link}をご覧ください。",
    "no_findings": "指摘事項はありません。すべてのドキュメントがテンプレートに沿っています。",
    "no_dates": "有効な日付のあるドキュメントはまだありません。",
    "no_references": "この{word}を参照しているドキュメントはまだありません。",
    "column_rule": "ルール",
    "column_errors": "エラー",
    "column_warnings": "警告",
    "column_info": "情報",
    "column_total": "合計",
    "column_kind": "種類",
    "column_status": "ステータス",
    "column_owner": "担当者",
    "column_owners": "担当者",
    "column_findings": "指摘事項",
    "owners_one": "担当者",
    "owners_other": "担当者",
    "field_project": "プロジェクト",
    "field_version": "バージョン",
    "field_date": "日付",
    "field_id": "ID",
    "related_prd_one": "関連 PRD",
    "related_prd_other": "関連 PRD",
    "related_adr_one": "関連 ADR",
    "related_adr_other": "関連 ADR",
    "unresolved": "（未解決）",
    "no_status": "ステータスなし",
    "other_statuses": "その他",
    "and_more_one": "ほか{count}人",
    "and_more_other": "ほか{count}人",
    "list_separator": "、",
    "more_separator": "、",
    "findings_on_page": "このページの指摘事項：",
    "finding_error_one": "エラー {count}件",
    "finding_error_other": "エラー {count}件",
    "finding_warning_one": "警告 {count}件",
    "finding_warning_other": "警告 {count}件",
    "finding_info_one": "情報 {count}件",
    "finding_info_other": "情報 {count}件",
    "findings_none": "なし",
    "severity_error": "エラー",
    "severity_warning": "警告",
    "severity_info": "情報",
    "finding_line": "{line}行目",
    "finding_hint": "ヒント：",
    "findings_note": "{command} の実行中にのみ表示されます。公開サイトには表示されません。",
    "chart_by_status": "ステータス別の{kinds}",
    "chart_by_owner": "担当者別の{kinds}",
    "label_value": "{label}：{value}",
    "values_separator": "、",
    # The filter form of the status index and owner pages
    "find_text": "タイトル・担当者・プロジェクトで絞り込む",
    "find_any_status": "すべてのステータス",
    "find_any_owner": "すべての担当者",
    "find_clear": "クリア",
    "find_shown": "{total}件中{shown}件を表示",
    "find_sort": "{column}で並べ替え",
    # Needs attention
    "tile_baseline_one": "ベースラインで許容済み",
    "tile_baseline_other": "ベースラインで許容済み",
    "column_baseline": "ベースライン",
    "attention": "要対応",
    "attention_intro": (
        "エラーまたは警告のあるすべてのドキュメントを、担当者ごとにエラーの多い順で示します。"
    ),
    "attention_none": "対応が必要なものはありません。エラーや警告のあるドキュメントはありません。",
    "attention_by_rule": "ルール別",
    "attention_link": "エラーや警告のあるドキュメントとその担当者は{link}をご覧ください。",
    "invalid_date": "{value}（無効な日付）",
}

CHINESE = {
    "dashboard": "仪表板",
    "status_index": "按状态查看{kinds}",
    "owners_index": "按负责人查看{kinds}",
    "by_status": "按状态",
    "by_owner": "按负责人",
    "findings": "问题",
    "recently_updated": "最近更新",
    "all_owners": "全部负责人",
    "unowned": "无负责人",
    "referenced_by": "被引用于",
    "kind_spec": "规范",
    "kind_prd": "PRD",
    "kind_adr": "ADR",
    "kind_document": "文档",
    "kinds_spec": "规范",
    "kinds_prd": "PRD",
    "kinds_adr": "ADR",
    "kinds_document": "文档",
    "section_spec": "规范",
    "section_prd": "PRD",
    "section_adr": "ADR",
    "noun_spec": "规范",
    "noun_prd": "PRD",
    "noun_adr": "ADR",
    "noun_document": "文档",
    "nouns_spec": "规范",
    "nouns_prd": "PRD",
    "nouns_adr": "ADR",
    "nouns_document": "文档",
    "word_spec": "规范",
    "word_prd": "PRD",
    "word_adr": "ADR",
    "word_document": "文档",
    "count_spec_one": "{count} 份规范",
    "count_spec_other": "{count} 份规范",
    "count_prd_one": "{count} 份 PRD",
    "count_prd_other": "{count} 份 PRD",
    "count_adr_one": "{count} 份 ADR",
    "count_adr_other": "{count} 份 ADR",
    "count_document_one": "{count} 份文档",
    "count_document_other": "{count} 份文档",
    "tile_spec_one": "规范",
    "tile_spec_other": "规范",
    "tile_prd_one": "PRD",
    "tile_prd_other": "PRD",
    "tile_adr_one": "ADR",
    "tile_adr_other": "ADR",
    "tile_owner_one": "负责人",
    "tile_owner_other": "负责人",
    "tile_error_one": "错误",
    "tile_error_other": "错误",
    "tile_warning_one": "警告",
    "tile_warning_other": "警告",
    "no_documents": "暂无规范。",
    "status_intro": "每份{word}的负责人和问题见{link}。",
    "status_intro_version": "每份{word}的负责人、版本和问题见{link}。",
    "status_intro_kinds": "按类型列出的每份文档的负责人和问题见{link}。",
    "no_owners": "暂无指定了负责人的文档。",
    "owners_top": "以上是{nouns}最多的 {count} 位负责人；其余 {more} 位见{link}。",
    "owners_intro": "各负责人的{nouns}见{link}。",
    "owners_intro_kinds": "各负责人的文档（按类型）见{link}。",
    "no_findings": "没有问题：所有文档都符合模板。",
    "no_dates": "暂无日期有效的文档。",
    "no_references": "暂无文档引用此{word}。",
    "column_rule": "规则",
    "column_errors": "错误",
    "column_warnings": "警告",
    "column_info": "信息",
    "column_total": "合计",
    "column_kind": "类型",
    "column_status": "状态",
    "column_owner": "负责人",
    "column_owners": "负责人",
    "column_findings": "问题",
    "owners_one": "负责人",
    "owners_other": "负责人",
    "field_project": "项目",
    "field_version": "版本",
    "field_date": "日期",
    "field_id": "ID",
    "related_prd_one": "相关 PRD",
    "related_prd_other": "相关 PRD",
    "related_adr_one": "相关 ADR",
    "related_adr_other": "相关 ADR",
    "unresolved": "（未解析）",
    "no_status": "无状态",
    "other_statuses": "其他",
    "and_more_one": "等另外 {count} 位",
    "and_more_other": "等另外 {count} 位",
    "list_separator": "、",
    "more_separator": " ",
    "findings_on_page": "本页问题：",
    "finding_error_one": "{count} 个错误",
    "finding_error_other": "{count} 个错误",
    "finding_warning_one": "{count} 个警告",
    "finding_warning_other": "{count} 个警告",
    "finding_info_one": "{count} 条信息",
    "finding_info_other": "{count} 条信息",
    "findings_none": "无",
    "severity_error": "错误",
    "severity_warning": "警告",
    "severity_info": "信息",
    "finding_line": "第 {line} 行",
    "finding_hint": "建议：",
    "findings_note": "仅在 {command} 运行时显示；发布的站点不会显示。",
    "chart_by_status": "按状态查看{kinds}",
    "chart_by_owner": "按负责人查看{kinds}",
    "label_value": "{label}：{value}",
    "values_separator": "；",
    # The filter form of the status index and owner pages
    "find_text": "按标题、负责人或项目筛选",
    "find_any_status": "全部状态",
    "find_any_owner": "全部负责人",
    "find_clear": "清除",
    "find_shown": "显示 {shown} / {total}",
    "find_sort": "按{column}排序",
    # Needs attention
    "tile_baseline_one": "已在基线中接受",
    "tile_baseline_other": "已在基线中接受",
    "column_baseline": "基线",
    "attention": "待处理",
    "attention_intro": "所有有错误或警告的文档，按负责人列出，错误最多的在前。",
    "attention_none": "没有待处理的内容：没有文档有错误或警告。",
    "attention_by_rule": "按规则",
    "attention_link": "哪些文档有错误或警告、由谁负责，见{link}。",
    "invalid_date": "{value}（无效日期）",
}

BUILT_IN: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "de": GERMAN,
    "fr": FRENCH,
    "es": SPANISH,
    "pt": PORTUGUESE,
    "ja": JAPANESE,
    "zh": CHINESE,
}
"""The languages with built-in labels, by their primary language subtag."""

LABEL_KEYS = frozenset(ENGLISH)

_TRADITIONAL_CHINESE = frozenset({"hant", "tw", "hk", "mo"})
"""Subtags of Chinese written in traditional characters, for which the built-in simplified labels
would be the wrong script: such a site gets English unless the team gives its own labels."""
_FIELD_RE = re.compile(r"\{(\w+)\}")
_LANGUAGE_TAG_RE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def _one_is_one(count: int) -> bool:
    return count == 1


def _one_below_two(count: int) -> bool:
    """French and (Brazilian) Portuguese: 0 and 1 take the singular (`0 erreur`)."""
    return count in (0, 1)


_SINGULAR: dict[str, Callable[[int], bool]] = {"fr": _one_below_two, "pt": _one_below_two}
"""Which counts take a label's `_one` form, where the rule is not English's. Japanese and Chinese
have no plural: their two forms are the same text."""


def is_language_tag(text: str) -> bool:
    """`fr`, `pt-BR`, `zh_CN`, `zh-Hans`: what `theme.language` and `theme.locale` hold."""
    return _LANGUAGE_TAG_RE.fullmatch(text) is not None


def language_code(tag: str | None) -> str:
    """The language a tag names, as the built-in labels and `labels:` are keyed: its primary
    subtag in lower case (`pt-BR` -> `pt`, `zh_CN` -> `zh`), `zh-hant` for Chinese in
    traditional characters, English when there is no tag."""
    if not tag or not is_language_tag(tag.strip()):
        return DEFAULT_LANGUAGE
    subtags = tag.strip().lower().replace("_", "-").split("-")
    if subtags[0] == "zh" and _TRADITIONAL_CHINESE.intersection(subtags[1:]):
        return "zh-hant"
    return subtags[0]


class Labels:
    """The portal's texts in one language, with the team's overrides applied.

    Immutable and hashable (by language and texts), so that what was rendered with it can be
    cached by it.
    """

    __slots__ = ("_hash", "_singular", "_texts", "language")

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        self.language = language
        self._texts = dict(texts)
        self._hash = hash((language, tuple(sorted(self._texts.items()))))
        self._singular = _SINGULAR.get(language, _one_is_one)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Labels)
            and self.language == other.language
            and self._texts == other._texts
        )

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Labels({self.language!r})"

    def __getitem__(self, key: str) -> str:
        """A label as written, its fields unfilled."""
        return self._texts[key]

    def form(self, key: str, count: int) -> str:
        """The form of `key` for `count` (`key_one` or `key_other`), its fields unfilled."""
        return self._texts[f"{key}_one" if self._singular(count) else f"{key}_other"]

    def pieces(self, key: str, count: int | None = None, **values: object) -> Iterator[object]:
        """The label's literal text and the values of its fields, in order: what a renderer
        escapes piece by piece, so that a value may be markup (a link) and the text may not.

        `count` fills the `{count}` field, and chooses the form of a label that has plural
        forms (which needs it). A field without a value stays as written: the text is the
        team's, braces and all.
        """
        if count is not None and f"{key}_other" in self._texts:
            text = self.form(key, count)
        else:
            text = self._texts[key]
        if count is not None:
            values["count"] = count
        position = 0
        for field in _FIELD_RE.finditer(text):
            name = field.group(1)
            if name not in values:
                continue
            if field.start() > position:
                yield text[position : field.start()]
            yield values[name]
            position = field.end()
        if position < len(text):
            yield text[position:]

    def text(self, key: str, count: int | None = None, **values: object) -> str:
        """The label with its fields filled, as plain text."""
        return "".join(str(piece) for piece in self.pieces(key, count, **values))


LabelOverrides = Mapping[str, "str | Mapping[str, str]"]
"""`labels:` as validated: a label's key and its text, for every language; or a language and
the texts of its labels, for that language only (`{de: {dashboard: Übersicht}}`)."""


def labels_for(tag: str | None, overrides: LabelOverrides | None = None) -> Labels:
    """The labels of the language `tag` names (English for a language without built-in labels),
    with the team's overrides: those for every language first, then the language's own."""
    language = language_code(tag)
    texts = dict(ENGLISH)
    texts.update(BUILT_IN.get(language, {}))
    overrides = overrides or {}
    texts.update((key, text) for key, text in overrides.items() if isinstance(text, str))
    for name, own in overrides.items():
        if not isinstance(own, str) and language_code(name) == language:
            texts.update(own)
    return Labels(language, texts)


ENGLISH_LABELS = Labels(DEFAULT_LANGUAGE, ENGLISH)

"""mkdocs-specs: a spec portal for MkDocs (validation, status and ownership indexes, CI checks).

A map of the code. Data travels one way, and each step lives in its own modules:

1. **Source** — which pages are documents, and what text their readers see.
   `discovery.py` classifies pages as specs, PRDs or ADRs (globs, `specs_kind`); `site.py`
   names the file a person can open behind each page; `expansion.py` traces a page changed by
   other plugins (includes, macros) back to lines of real files; `sidecar.py` reads metadata
   files beside a page.
2. **Document** — `parse.py` reads a page's source into a `Document` (front matter, outline,
   fields); `template.py` reads a template with the same parser into a `Template`; `model.py`
   holds the plain data both produce.
3. **Findings** — `matching.py` pairs a document's headings and fields with its template's;
   `rules.py` judges one document at a time and keeps the one registry of rules, each declared
   with its documentation and examples on the check that emits it (`rule_docs.py` writes
   their pages; `dates.py` reads dates written in other forms, for the hint); `history.py`
   reads from git when a template gained a section. Each `Finding` carries file, line, rule,
   severity, message and hint.
4. **Catalog** — `catalog.py` judges each page (`check_page`), joins the documents of a run,
   and applies the severity policy (`rules:`, Drafts, `specs_ignore`, the `baseline.py`
   baseline) in one place; `references.py` gives documents their ids and resolves the
   references between them, with the cross-document rules. `checking.py` runs steps 1-4 for a
   whole site (`check_sources`), through a cache of unchanged pages (`stored.py` on disk) and
   over worker processes.
5. **Portal and reports** — `portal.py` renders the generated pages, the cards and "Referenced
   by" from `templates/` (with `chart.py`, `colors.py` and `labels.py` in the site's
   language; `render_cache.py` keeps them between serve rebuilds); `portal_files.py` writes
   the same pages as Markdown for generators without plugins; `report.py` prints findings as
   text, JSON, GitHub, JUnit and SARIF, and writes the `specs.json` export.

Two doors lead into these steps, and only they (with `config.py`, `dry_build.py`,
`generators.py` and `site.py`, which read MkDocs' configuration and files) import MkDocs:
`plugin.py` runs them from the events of a build (each event says what it does and why its
priority is what it is), `cli.py` from the `mkdocs-specs` command, which replays the build's own
plugin events without rendering (`dry_build.py`), so both report the same findings. `cli.py`'s
`new` writes a document from its template with `draft.py`.
"""

"""MkDocs hook of the documentation site: a page per rule, and the list of rules, written from
the rule registry at every build, so that the documentation cannot drift from the code.

`rules/index.md` is in the site's nav and links every `rules/<id>.md`; the rule pages are left
out of the nav on purpose (fourteen entries would bury the rest of it), which `validation`
would otherwise warn about.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from mkdocs_specs.rule_docs import INDEX_PAGE, rule_page, rules_index
from mkdocs_specs.rules import RULES

FOLDER = "rules"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    index = rules_index(RULES.values())
    files.append(File.generated(config, f"{FOLDER}/{INDEX_PAGE}", content=index))
    for rule in RULES.values():
        files.append(
            File.generated(
                config,
                f"{FOLDER}/{rule.id}.md",
                content=rule_page(rule),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files

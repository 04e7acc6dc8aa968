"""Real templates on real sites: no finding a maintainer would laugh at.

Each test builds a small site with a team's own template, written the way real templates are
(a numbered document itself, `A/B` headings, example values in front matter), and checks that
the plugin reads it as its authors meant.
"""

from __future__ import annotations

import pytest

RFC_TEMPLATE = """\
# RFC-NNNN: Title

- Issue: [#696](https://example.com/issues/696)

## Summary

One paragraph explanation.

## Introduction/Overview

## TL;DR

## Goals & Non-Goals

## Testing Strategy

## Drawbacks
"""

SECTIONS = [
    "Summary",
    "Introduction/Overview",
    "TL;DR",
    "Goals & Non-Goals",
    "Testing Strategy",
    "Drawbacks",
]
"""The template's sections as it writes them."""


def rfc(title: str = "RFC-1016: Real thing", sections: list[str] | None = None) -> str:
    body = "".join(f"## {name}\n\nWhat we say about it.\n\n" for name in sections or SECTIONS)
    return f"# {title}\n\n- Issue: [#1016](https://example.com/issues/1016)\n\n{body}"


NUMBERED_TEMPLATE = RFC_TEMPLATE.replace("# RFC-NNNN: Title", "# RFC-696: RFC template")
"""A template that is itself a numbered document, as real ones often are."""


def rfc_site(build, pages: dict[str, str], template: str = RFC_TEMPLATE):
    config = {"plugins": [{"specs": {"specs": ["rfcs/*.md"], "template": "docs/tpl/rfc.md"}}]}
    return build({"index.md": "# Home\n", "tpl/rfc.md": template, **pages}, config)


def findings(result) -> list[str]:
    return [line for line in result.log.splitlines() if "mkdocs_specs: docs/" in line]


# Titles: a number in the template's own title is a number, its words after the separator are
# free, and hints write the author's title in the template's form.


@pytest.mark.parametrize("title", ["RFC-1016: Real thing", "RFC 1016 - Real thing", "rfc1016: X"])
def test_a_numbered_template_title_takes_any_number(build, title):
    result = rfc_site(build, {"rfcs/1016-real-thing.md": rfc(title)}, NUMBERED_TEMPLATE)
    assert findings(result) == []
    assert result.exit_code == 0, result.log


def test_title_hint_takes_the_documents_number_and_keeps_its_title(build):
    result = rfc_site(
        build,
        {
            "rfcs/1016-real-thing.md": rfc("Real thing"),
            "rfcs/other.md": rfc("1017: Other thing"),
            "rfcs/third.md": rfc("Third thing"),
        },
        NUMBERED_TEMPLATE,
    )
    log = result.log
    assert 'docs/rfcs/1016-real-thing.md:1: missing-title' in log
    assert 'hint: write it as "# RFC-1016: Real thing"' in log
    assert 'hint: write it as "# RFC-1017: Other thing"' in log
    assert 'hint: write it as "# RFC-NNNN: Third thing"' in log
    assert "write it as \"# RFC-696" not in log


def test_a_title_that_is_only_the_templates_prefix_keeps_the_placeholder(build):
    template = "# PRD — {Module Name}\n\n## Summary\n"
    config = {"plugins": [{"specs": {"prd_template": "docs/tpl/prd.md"}}]}
    result = build(
        {"tpl/prd.md": template, "prd/billing.md": "# PRD\n\n## Summary\n\nText.\n"}, config
    )
    assert 'hint: write it as "# PRD — {Module Name}"' in result.log

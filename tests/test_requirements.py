"""What a document is asked for depends on its status.

A template can say that a section is needed only from a status on (in its own text, or in the
configuration). That only ever takes findings away, and only when it knows: an unknown status
checks as before.
"""

from __future__ import annotations

from factory import SECTIONS, spec

PROPOSAL_TEMPLATE = """\
# KEP-NNNN: Title

**Status:** provisional | implementable | implemented

## Summary

One paragraph explanation.

## API [required_in: implementable]

The API this adds.

## Graduation Criteria

<!--
The graduation criteria must be completed and approved
for the KEP to move to `implementable` status.
-->

### Alpha

## Rollout

This section must be completed when targeting beta to a release.

## Drawbacks
"""


def proposal(status: str, *, drop: tuple[str, ...] = ()) -> str:
    sections = ["Summary", "API", "Graduation Criteria", "Rollout", "Drawbacks"]
    body = "".join(
        f"## {name}\n\nWhat we say about it.\n\n"
        + ("### Alpha\n\nFirst.\n\n" if name == "Graduation Criteria" else "")
        for name in sections
        if name not in drop
    )
    return f"# KEP-12: Thing\n\n**Status:** {status}\n\n{body}"


def proposal_site(build, pages: dict[str, str], template: str = PROPOSAL_TEMPLATE, **options):
    config = {
        "plugins": [{"specs": {"specs": ["keps/*.md"], "template": "docs/tpl/kep.md", **options}}]
    }
    return build({"index.md": "# Home\n", "tpl/kep.md": template, **pages}, config)


def findings(result) -> list[str]:
    return [line for line in result.log.splitlines() if "mkdocs_specs: docs/" in line]


# Status-dependent requirements, as the template says them.


def test_a_section_the_template_requires_from_a_status_on_is_not_asked_before_it(build):
    result = proposal_site(
        build,
        {
            "keps/early.md": proposal("provisional", drop=("API", "Graduation Criteria")),
            "keps/ready.md": proposal("implementable", drop=("API", "Graduation Criteria")),
            "keps/done.md": proposal("Implemented"),
        },
    )
    lines = findings(result)
    assert not [line for line in lines if "keps/early.md" in line], lines
    assert not [line for line in lines if "keps/done.md" in line], lines
    ready = [line for line in lines if "keps/ready.md" in line]
    assert len(ready) == 2, lines
    assert 'required section "API" is missing' in ready[0]  # the tag is not part of its name
    assert 'required section "Graduation Criteria" is missing' in ready[1]


def test_a_status_the_template_does_not_list_and_a_release_stage_change_nothing(build):
    result = proposal_site(
        build,
        {
            "keps/odd.md": proposal("someday", drop=("API",)),
            "keps/early.md": proposal("provisional", drop=("Rollout",)),
        },
    )
    lines = findings(result)
    # An unknown status is asked for everything, as before; "targeting beta" names a stage.
    assert any('odd.md:5: missing-section: required section "API"' in line for line in lines)
    assert any('early.md' in line and '"Rollout" is missing' in line for line in lines)


def test_the_tag_names_only_one_of_the_templates_statuses(build):
    template = PROPOSAL_TEMPLATE.replace("[required_in: implementable]", "[required_in: beta]")
    page = proposal("provisional", drop=("API",))
    result = proposal_site(build, {"keps/early.md": page}, template)
    assert any('"API" is missing' in line for line in findings(result))


# The configuration form.


def test_required_from_in_the_configuration(build):
    pages = {
        "keps/early.md": proposal("provisional", drop=("Drawbacks",)),
        "keps/ready.md": proposal("Implementable", drop=("Drawbacks",)),
    }
    result = proposal_site(build, pages, required_from={"drawbacks": "implementable"})
    lines = findings(result)
    assert len(lines) == 1, lines
    assert 'keps/ready.md' in lines[0] and '"Drawbacks" is missing' in lines[0]


def test_required_from_on_the_builtin_template_keeps_draft_relaxation(build):
    config = {"plugins": [{"specs": {"required_from": {"testing strategy": "Approved"}}}]}
    without_tests = [name for name in SECTIONS if name != "Testing Strategy"]
    review = spec(status="Review", sections=without_tests)
    draft = spec(status="Draft", sections=without_tests[1:])
    approved = spec(status="Approved", sections=without_tests)
    result = build(
        {"specs/review.md": review, "specs/draft.md": draft, "specs/approved.md": approved},
        config,
    )
    lines = findings(result)
    assert not [line for line in lines if "review.md" in line], lines
    assert any("approved.md" in line and '"Testing Strategy" is missing' in line for line in lines)
    (draft_line,) = [line for line in lines if "draft.md" in line]
    assert draft_line.startswith("INFO:") and '"Executive Summary" is missing' in draft_line


def test_required_from_mistakes_are_one_line_configuration_errors(build):
    result = proposal_site(build, {}, required_from={"Drawbacks": "accepted"})
    assert result.exit_code == 1
    assert (
        '"Drawbacks": "accepted" is not a status of the template kep.md '
        "(its statuses: provisional | implementable | implemented)" in result.output
    )
    result = proposal_site(build, {}, required_from={"Graduation criterion": "implementable"})
    assert result.exit_code == 1
    assert 'no template has a section "Graduation criterion"' in result.output
    assert "Traceback" not in result.output


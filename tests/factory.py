"""Spec pages for tests: a complete, valid spec written from the default template, and ways to
break it one rule at a time."""

from __future__ import annotations

import datetime as dt

SECTIONS = [
    "Executive Summary",
    "Background and Context",
    "Technical Requirements",
    "Solution Architecture",
    "Implementation Details",
    "Testing Strategy",
    "Deployment Strategy",
    "Risk Assessment and Mitigation",
    "Monitoring and Observability",
    "Maintenance and Support",
    "Appendices",
]


def recent(days: int = 10) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def spec(
    title: str = "Payment Retries",
    *,
    project: str = "Payments",
    version: str = "1.2.0",
    date: str | None = None,
    author: str = "Jane Doe",
    status: str = "Approved",
    related_prd: str = "N/A",
    related_adr: str = "N/A",
    sections: list[str] | None = None,
    front_matter: str | None = None,
    drop_fields: tuple[str, ...] = (),
    body: str = "",
) -> str:
    """A spec that passes every rule unless an argument says otherwise."""
    fields = {
        "Project": project,
        "Version": version,
        "Date": date or recent(),
        "Author": author,
        "Status": status,
        "Related PRD": related_prd,
        "Related ADR": related_adr,
    }
    lines = []
    if front_matter is not None:
        lines += ["---", front_matter.strip("\n"), "---"]
    lines += [f"# Technical Specification: {title}", "", "## Document Information"]
    lines += [f"**{name}:** {value}  " for name, value in fields.items() if name not in drop_fields]
    for section in SECTIONS if sections is None else sections:
        lines += ["", f"## {section}", "", f"What {section.lower()} says about {title}."]
    if body:
        lines += ["", body]
    return "\n".join(lines) + "\n"

"""The generated portal pages and the decorations of document pages, read from built sites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_mkdocs
from factory import spec
from portal_html import broken_links, headings, sections, tables, text

PORTAL_CONFIG = {"plugins": [{"specs": {"fail_on": "never"}}]}


def portal_site() -> dict[str, str]:
    """Specs in every template status, one the template does not know, one without status,
    one without owner; a PRD and two ADRs they reference."""
    return {
        "index.md": "# Home\n",
        "prd/0001-checkout.md": "# PRD: Checkout\n\n**Status:** Approved  \n**Author:** Sofia\n",
        "adr/0001-use-postgres.md": "---\nstatus: accepted\n---\n# Use Postgres\n",
        "adr/0002-old-queue.md": "---\nstatus: superseded\n---\n# Old queue\n",
        "specs/payment-retries.md": spec(
            "Payment Retries",
            author="Priya Raman and José Álvarez",
            related_prd="PRD-1",
            related_adr="ADR-0001, https://example.com/rfc",
        ),
        "specs/session-tokens.md": spec(
            "Session Tokens",
            author="José Álvarez",
            status="Review",
            project="Identity",
            version="0.9.0",
            date="2026-10-22",
            related_adr="ADR-1, ADR-9",
        ),
        "specs/search.md": spec(
            "Search Pipeline", author="Lena Fischer, Tomasz Nowak", status="Draft"
        ),
        "specs/outbox.md": spec(
            "Transactional Outbox", author="Tomasz Nowak", status="Implemented"
        ),
        "specs/orphan.md": spec("Orphan Spec", author="N/A"),
        "specs/parked.md": spec("Parked Idea", status="Parked"),
        "specs/no-status.md": spec("No Status Yet", drop_fields=("Status",)),
    }


def test_status_index_groups_every_spec_in_template_status_order(build):
    result = build(portal_site(), PORTAL_CONFIG)
    page = result.html("portal/status/index.html")
    assert headings(page) == ["Specifications", "PRDs", "ADRs"]  # every kind, specs first
    html = sections(page)["Specifications"]
    statuses = ["Draft", "Review", "Approved", "Implemented", "Parked", "No status"]
    assert headings(html, 3) == statuses
    grouped = {heading: [row[0] for row in rows[1:]] for heading, rows in tables(html).items()}
    assert grouped == {
        "Draft": ["Search Pipeline"],
        "Review": ["Session Tokens"],
        "Approved": ["Orphan Spec", "Payment Retries"],
        "Implemented": ["Transactional Outbox"],
        "Parked": ["Parked Idea"],
        "No status": ["No Status Yet"],
    }
    header, session = tables(html)["Review"]
    assert header == ["Spec", "Owners", "Project", "Version", "Date", "Findings"]
    assert session[1:5] == ["José Álvarez", "Identity", "0.9.0", "2026-10-22"]
    assert session[5] == "1 error"  # ADR-9 resolves to nothing
    assert tables(html)["Approved"][2][5] == "none"
    assert 'href="../owners/jose-alvarez/"' in html
    assert 'href="../../specs/session-tokens/"' in html
    assert headings(sections(page)["ADRs"], 3) == ["accepted", "superseded"]


def test_large_tables_skip_markdown_and_are_put_back_whole(build):
    """The status and owner pages' tables are kept out of their Markdown, which would parse
    them tag by tag, and put back into the rendered page, whatever extensions the site uses."""
    extensions = ["md_in_html", "attr_list", {"toc": {"permalink": True}}]
    result = build(portal_site(), {**PORTAL_CONFIG, "markdown_extensions": extensions})
    status = result.html("portal/status/index.html")
    owners = result.html("portal/owners/index.html")
    owner = result.html("portal/owners/tomasz-nowak/index.html")
    assert not any("data-specs-table" in html for html in (status, owners, owner))
    assert len(tables(sections(status)["Specifications"])) == 6
    assert status.count("<table>") == 9  # six statuses of specs, one of PRDs, two of ADRs
    unowned = tables(sections(owners)["Specifications"])["Unowned"]
    assert [row[0] for row in unowned[1:]] == ["Orphan Spec"]
    assert [row[0] for row in tables(owner)["Draft"][1:]] == ["Search Pipeline"]


def test_ownership_index_counts_each_owners_specs_by_status(build):
    result = build(portal_site(), PORTAL_CONFIG)
    rows = tables(sections(result.html("portal/owners/index.html"))["Specifications"])
    owners = rows["Specifications"]
    assert owners[0] == [
        "Owner",
        "Draft",
        "Review",
        "Approved",
        "Implemented",
        "Parked",
        "No status",
        "Total",
    ]
    by_owner = {row[0]: row[1:] for row in owners[1:]}
    assert list(by_owner) == [
        "Jane Doe",
        "José Álvarez",
        "Lena Fischer",
        "Priya Raman",
        "Tomasz Nowak",
    ]
    assert by_owner["José Álvarez"] == ["0", "1", "1", "0", "0", "0", "2"]
    assert by_owner["Tomasz Nowak"] == ["1", "0", "0", "1", "0", "0", "2"]
    assert by_owner["Jane Doe"] == ["0", "0", "0", "0", "1", "1", "2"]
    assert [row[0] for row in rows["Unowned"][1:]] == ["Orphan Spec"]


def test_each_owner_has_a_page_with_their_specs_by_status(build):
    result = build(portal_site(), PORTAL_CONFIG)
    html = result.html("portal/owners/jose-alvarez/index.html")
    assert headings(html, 1) == ["José Álvarez"]
    grouped = {heading: [row[0] for row in rows[1:]] for heading, rows in tables(html).items()}
    assert grouped == {"Review": ["Session Tokens"], "Approved": ["Payment Retries"]}
    assert "2 specifications" in text(html)
    owner_pages = sorted(
        p.parent.name for p in (result.site / "portal/owners").glob("*/index.html")
    )
    assert owner_pages == [
        "jane-doe",
        "jose-alvarez",
        "lena-fischer",
        "priya-raman",
        "sofia",  # the PRD's author
        "tomasz-nowak",
    ]


def test_dashboard_shows_totals_charts_findings_and_recent_specs(build):
    result = build(portal_site(), PORTAL_CONFIG)
    html = result.html("portal/index.html")
    assert headings(html) == ["By status", "By owner", "Findings", "Recently updated"]
    assert html.count("<svg") >= 2 and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert 'aria-label="Specs by status: Draft: 1; Review: 1; Approved: 2; Implemented: 1;' in html
    words = text(html)
    assert "7 specs 1 PRD 2 ADRs 6 owners" in words  # the PRD's author too
    findings = {row[0]: row[1:] for row in tables(html)["Findings"][1:]}
    assert findings["unresolved-reference"] == ["1", "0", "0"]
    assert findings["invalid-status"] == ["1", "0", "0"]
    recent = [row[1] for row in tables(html)["Recently updated"][1:]]
    assert recent[-1] == "Session Tokens"  # dated 2026-10-22; the others ten days ago
    assert len(recent) == 7


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_of_portal_and_document_pages_resolves(build, theme, directory_urls):
    config = {**PORTAL_CONFIG, "theme": theme, "use_directory_urls": directory_urls}
    result = build(portal_site(), config)
    assert result.exit_code == 0, result.log
    pages = sorted(result.site.glob("portal/**/*.html")) + sorted(
        result.site.glob("[spa]*/**/*.html")
    )
    assert len(pages) > 12
    broken = {str(p.relative_to(result.site)): broken_links(result.site, p) for p in pages}
    assert {page: links for page, links in broken.items() if links} == {}
    if directory_urls:
        spec_page = result.html("specs/payment-retries/index.html")
        assert '<a href="../../portal/owners/jose-alvarez/">' in spec_page
    else:
        spec_page = result.html("specs/payment-retries.html")
        assert '<a href="../portal/owners/jose-alvarez.html">' in spec_page


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_spec_page_shows_the_card_right_after_its_title(build, theme):
    result = build(portal_site(), {**PORTAL_CONFIG, "theme": theme})
    html = result.html("specs/payment-retries/index.html")
    card = re.search(r'<div class="specs-card">.*?</dl>\s*</div>', html, re.S)
    assert card is not None
    assert html.index("</h1>") < card.start()
    assert "<title>Technical Specification: Payment Retries - Test</title>" in html
    assert '<span class="specs-badge specs-status--approved">Approved</span>' in card[0]
    assert '<a href="../../portal/owners/priya-raman/">Priya Raman</a>' in card[0]
    assert '<a href="../../portal/owners/jose-alvarez/">José Álvarez</a>' in card[0]
    assert '<a href="../../prd/0001-checkout/">PRD: Checkout</a>' in card[0]
    assert '<a href="../../adr/0001-use-postgres/">Use Postgres</a>' in card[0]
    assert 'specs-status--accepted">accepted</span>' in card[0]
    assert 'href="https://example.com/rfc"' in card[0]
    card_text = text(card[0])
    for value in ("Payments", "1.2.0", "Related PRD", "Related ADRs", "PRD-0001", "ADR-0001"):
        assert value in card_text
    assert "specs-findings" not in html  # findings are shown only while serving


def test_unresolved_reference_is_plain_text_marked_unresolved(build):
    result = build(portal_site(), PORTAL_CONFIG)
    html = result.html("specs/session-tokens/index.html")
    assert '<span class="specs-card__unresolved">ADR-9</span>' in html
    assert "ADR-9 (unresolved)" in text(html)
    assert '<span class="specs-badge specs-status--review">Review</span>' in html


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_prd_and_adr_pages_list_the_specs_that_reference_them(build, theme):
    result = build(portal_site(), {**PORTAL_CONFIG, "theme": theme})
    adr = result.html("adr/0001-use-postgres/index.html")
    assert headings(adr)[-1] == "Referenced by"
    assert adr.index('<h2 id="referenced-by">') > adr.index("</h1>")
    rows = tables(adr)["Referenced by"]
    assert rows == [
        ["Document", "Status", "Owners"],
        ["Payment Retries", "Approved", "Priya Raman, José Álvarez"],
        ["Session Tokens", "Review", "José Álvarez"],
    ]
    assert '<a href="../../specs/payment-retries/">Payment Retries</a>' in adr
    assert 'href="#referenced-by"' in adr  # the card's count, and the table of contents
    assert "2 documents" in text(adr)
    assert 'specs-status--accepted">accepted</span>' in adr
    prd = result.html("prd/0001-checkout/index.html")
    assert [row[0] for row in tables(prd)["Referenced by"][1:]] == ["Payment Retries"]
    unused = result.html("adr/0002-old-queue/index.html")
    assert "No document references this ADR yet." in text(unused)


def test_automatic_nav_has_a_portal_section_without_owner_pages(build):
    result = build(portal_site(), {**PORTAL_CONFIG, "theme": "mkdocs"})
    home = result.html("index.html")
    nav = home.split('<ul class="nav navbar-nav">', 1)[1].split('<ul class="nav navbar-nav ', 1)[0]
    assert "Portal" in text(nav)
    for url in ("portal/", "portal/status/", "portal/owners/"):
        assert f'href="{url}"' in nav
    assert "portal/owners/jose-alvarez/" not in nav


def test_explicit_nav_lists_portal_pages_by_their_md_paths(build):
    site = {"index.md": "# Home\n", "specs/a.md": spec("Alpha")}
    nav = [{"Home": "index.md"}, {"Specs": [{"Status": "portal/status.md"}, "portal/index.md"]}]
    result = build(site, {"theme": "mkdocs", "nav": nav}, strict=True)
    assert result.exit_code == 0, result.log
    home = result.html("index.html")
    assert 'href="portal/status/"' in home and 'href="portal/"' in home
    assert 'href="portal/owners/"' not in home


def test_user_page_at_a_portal_path_is_kept_and_named_in_a_warning(build):
    site = {**portal_site(), "portal/status.md": "# Our own status page\n"}
    result = build(site, PORTAL_CONFIG)
    assert "portal/status.md: the docs folder has its own page" in result.log
    assert headings(result.html("portal/status/index.html"), 1) == ["Our own status page"]
    assert headings(result.html("portal/owners/index.html"), 1) == ["Documents by owner"]


def test_index_dir_moves_the_portal_and_nothing_is_written_to_docs(build, tmp_path):
    config = {"plugins": [{"specs": {"index_dir": "hub/specs", "fail_on": "never"}}]}
    result = build(portal_site(), config)
    assert (result.site / "hub/specs/status/index.html").is_file()
    assert not (result.site / "portal").exists()
    assert not (tmp_path / "docs/hub").exists()
    assert 'href="../../hub/specs/owners/jose-alvarez/"' in result.html(
        "specs/payment-retries/index.html"
    )


def test_two_builds_produce_byte_identical_portal_pages(build):
    first = build(portal_site(), PORTAL_CONFIG)
    pages = {p: p.read_bytes() for p in sorted(first.site.glob("portal/**/*.html"))}
    css = (first.site / "assets/mkdocs-specs.css").read_bytes()
    second = build(portal_site(), PORTAL_CONFIG)
    assert {p: p.read_bytes() for p in sorted(second.site.glob("portal/**/*.html"))} == pages
    assert (second.site / "assets/mkdocs-specs.css").read_bytes() == css


def test_stylesheet_is_linked_from_every_page_in_both_themes(build):
    for theme in ("mkdocs", "material"):
        result = build(portal_site(), {**PORTAL_CONFIG, "theme": theme})
        assert (result.site / "assets/mkdocs-specs.css").is_file()
        for page in ("index.html", "portal/index.html", "specs/search/index.html"):
            assert "mkdocs-specs.css" in result.html(page)


def test_example_site_builds_strict_with_its_portal(tmp_path):
    root = Path(__file__).parent.parent / "example_site"
    result = run_mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.exit_code == 0, result.log
    assert (tmp_path / "site/portal/owners/jose-alvarez/index.html").is_file()


def test_card_of_a_spec_without_h1_opens_the_page_and_keeps_the_theme_title(build):
    untitled = spec("Untitled").replace("# Technical Specification: Untitled\n", "")
    result = build({"specs/untitled.md": untitled}, {**PORTAL_CONFIG, "theme": "material"})
    html = result.html("specs/untitled/index.html")
    assert html.index("<h1>Untitled</h1>") < html.index('<div class="specs-card">')

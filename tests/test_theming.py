"""How the portal looks, and how a site changes it: status colours, the card in place of the
Document Information section, and fragments overridden from the theme's `custom_dir`."""

from __future__ import annotations

import colorsys
import re

import pytest
from conftest import build_as_served, write_site
from factory import spec
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

# The backgrounds badges sit on, light and dark: Material's page (default and slate) and
# Bootstrap's (the mkdocs theme) body colour. Written out here, not taken from the plugin, so
# that the contrast is checked against the themes, not against what the plugin assumes.
LIGHT = ("#ffffff", "#f5f5f5", "#f8f9fa")
DARK = ("#1e2029", "#212529", "#2b3035")
TINT = 0.12  # the badge background's `color-mix(in srgb, <status colour> 12%, transparent)`
BUILT_IN_HUES = {
    "rejected": 0,
    "review": 26,
    "implemented": 142,
    "other": 175,
    "approved": 221,
    "superseded": 262,
}


def rgb(color: str) -> tuple[float, ...]:
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(color: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in color]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def badge_contrast(text: str, page: str) -> float:
    """WCAG contrast of badge text on its background: the page tinted with the text colour,
    rounded to 8 bits per channel as a browser paints it."""
    fg, bg = rgb(text), rgb(page)
    mixed = (TINT * f + (1 - TINT) * b for f, b in zip(fg, bg, strict=True))
    tinted = tuple(round(part * 255) / 255 for part in mixed)
    high, low = sorted((luminance(fg), luminance(tinted)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hue(color: str) -> float:
    return colorsys.rgb_to_hls(*rgb(color))[0] * 360


def hue_distance(a: float, b: float) -> float:
    return min(abs(a - b), 360 - abs(a - b))


_CUSTOM_BADGE_RE = re.compile(
    r'<span class="specs-badge specs-status--custom" style="--specs-hue: \d+; '
    r'--specs-status-light: (#[0-9a-f]{6}); --specs-status-dark: (#[0-9a-f]{6})" '
    r'data-specs-status="([a-z0-9-]+)">([^<]*)</span>'
)

STATUSES = ["In Progress", "Parked", "On hold", "Blocked", "Waiting", "Needs Review", "WIP"]


def colour_site() -> dict[str, str]:
    pages = {"index.md": "# Home\n"}
    for number, status in enumerate(STATUSES):
        pages[f"specs/s{number}.md"] = spec(f"Spec {number}", status=status)
    pages["specs/done.md"] = spec("Done", status="Implemented")
    return pages


def custom_badges(html: str) -> dict[str, tuple[str, str]]:
    return {label: (light, dark) for light, dark, _, label in _CUSTOM_BADGE_RE.findall(html)}


def test_derived_colours_pass_aa_and_stay_apart_from_the_built_in_ones(build):
    result = build(colour_site(), {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert result.exit_code == 0, result.log
    cards = "".join(result.html(f"specs/s{number}/index.html") for number in range(len(STATUSES)))
    badges = custom_badges(cards)
    assert set(badges) == set(STATUSES)
    for status, (light, dark) in badges.items():
        for page in LIGHT:
            assert badge_contrast(light, page) >= 4.5, (status, light, page)
        for page in DARK:
            assert badge_contrast(dark, page) >= 4.5, (status, dark, page)
        for tone, built_in in BUILT_IN_HUES.items():
            assert hue_distance(hue(light), built_in) >= 30, (status, tone)
            assert hue_distance(hue(dark), built_in) >= 30, (status, tone)
    css = result.html("assets/mkdocs-specs.css")
    assert ".specs-badge.specs-status--custom {\n  border-style: dashed;" in css
    assert "var(--specs-status-light" in css and "var(--specs-status-dark" in css


def test_status_colors_gives_statuses_colours_readable_in_both_palettes(build):
    colours = {"In Progress": "#1e88e5", "Approved": "#00695c"}
    config = {"status_colors": colours, "fail_on": "never"}
    result = build(colour_site(), {"plugins": [{"specs": config}]})
    assert result.exit_code == 0, result.log
    page = result.html("specs/s0/index.html")
    assert 'href="../../assets/mkdocs-specs-colors.css"' in page
    assert page.index("assets/mkdocs-specs.css") < page.index("assets/mkdocs-specs-colors.css")
    css = result.html("assets/mkdocs-specs-colors.css")
    rule = re.compile(r"^(\S[^{\n]*?) \{\n  --specs-status-color: (#[0-9a-f]{6});", re.M)
    rules = dict(rule.findall(css))
    progress = '.specs-status--custom[data-specs-status="in-progress"]'
    dark = ':is([data-md-color-scheme="slate"], [data-bs-theme="dark"]) '
    assert set(rules) == {progress, ".specs-status--approved", dark + progress,
                          dark + ".specs-status--approved"}
    assert rules[".specs-status--approved"] == "#00695c"  # readable as given: kept
    # #1e88e5 is too light for white (3.7:1): the same hue, darkened just enough
    assert rules[progress] != "#1e88e5" and abs(hue(rules[progress]) - hue("#1e88e5")) < 3
    for selector, colour in rules.items():
        for background in DARK if selector.startswith(":is") else LIGHT:
            assert badge_contrast(colour, background) >= 4.5, (selector, colour, background)
    # the badge it selects
    assert 'data-specs-status="in-progress">In Progress</span>' in page


def test_without_status_colors_no_stylesheet_is_added(build):
    result = build(colour_site(), {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert "mkdocs-specs-colors.css" not in result.html("specs/s0/index.html")
    assert not (result.site / "assets/mkdocs-specs-colors.css").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"In Progress": "blue"}, "In Progress: expected a hex colour in quotes, like '#1e88e5'"),
        ({"In Progress": "#12345"}, "expected a hex colour"),
        ({"Done": 123}, "Done: expected a hex colour"),
        (["#1e88e5"], "expected a mapping of statuses to colours"),
        ({"Approved by the board": "#123456"}, "starting with 'Approved': give that one a"),
        ({"In Progress": "#123", "in-progress": "#456"}, "in-progress: given a colour twice"),
        ({"—": "#123456"}, "is no status"),
    ],
)
def test_a_mistake_in_status_colors_is_a_one_line_config_error(build, value, message):
    result = build(colour_site(), {"plugins": [{"specs": {"status_colors": value}}]})
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert errors[0].startswith("ERROR: Config value 'plugins': Plugin 'specs' option 'status_c")
    assert message in errors[0]
    assert "Traceback" not in result.output


def themed_site() -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "adr/0001-use-postgres.md": "---\nstatus: accepted\n---\n# Use Postgres\n",
        "specs/hostile.md": spec(
            "Tags <b>bold</b> & co", author="<img src=x onerror=alert(1)>", related_adr="ADR-1"
        ),
    }


THEMED = {"theme": {"name": "mkdocs", "custom_dir": "overrides"}, "plugins": ["specs"]}
CARD_OVERRIDE = (
    '<aside class="team-card">{{ doc.title }} | {{ badge(doc.status, labels) }} | '
    "{% for name, href in owners %}{{ name }}{% endfor %} | {{ '<i>kept</i>' | safe }}</aside>\n"
)


def override(root, name: str, text: str) -> None:
    path = root / "overrides" / "specs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_a_site_overrides_the_card_from_its_custom_dir_and_values_stay_escaped(build, tmp_path):
    override(tmp_path, "card.html", CARD_OVERRIDE)
    result = build(themed_site(), THEMED)
    assert result.exit_code == 0, result.log
    page = result.html("specs/hostile/index.html")
    card = re.search(r'<aside class="team-card">.*?</aside>', page, re.S)
    assert card is not None and 'class="specs-card"' not in page
    assert card[0] == (
        '<aside class="team-card">Technical Specification: Tags &lt;b&gt;bold&lt;/b&gt; &amp; co | '
        '<span class="specs-badge specs-status--approved">Approved</span> | '
        "&lt;img src=x onerror=alert(1)&gt; | <i>kept</i></aside>"
    )
    # the fragment it does not override is the plugin's own
    adr = result.html("adr/0001-use-postgres/index.html")
    assert '<h2 id="referenced-by">Referenced by</h2>' in adr


def test_a_site_overrides_referenced_by_and_keeps_the_plugins_card(build, tmp_path):
    override(
        tmp_path,
        "referenced_by.html",
        '<h2 id="{{ anchor }}">Cited by</h2>{% for d, href, owners, more in rows %}'
        '<a class="cited" href="{{ href }}">{{ d.display_title }}</a>{% endfor %}\n',
    )
    result = build(themed_site(), THEMED)
    assert result.exit_code == 0, result.log
    adr = result.html("adr/0001-use-postgres/index.html")
    assert '<h2 id="referenced-by">Cited by</h2>' in adr
    cited = '<a class="cited" href="../../specs/hostile/">Tags &lt;b&gt;bold&lt;/b&gt; &amp; co</a>'
    assert cited in adr
    spec_page = result.html("specs/hostile/index.html")
    assert 'class="specs-card"' in adr and 'class="specs-card"' in spec_page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<aside>{{ doc.title }</aside>\n", "overrides/specs/card.html:1: unexpected '}'"),
        (
            "<aside>{{ page.title }}</aside>\n",
            "specs/card.html (the theme's override of a fragment): 'page' is undefined",
        ),
    ],
)
def test_a_broken_override_is_a_one_line_error(build, tmp_path, text, message):
    override(tmp_path, "card.html", text)
    result = build(themed_site(), THEMED)
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert message in errors[0]
    assert "Traceback" not in result.output


def test_material_overrides_from_custom_dir_too(build, tmp_path):
    override(tmp_path, "card.html", CARD_OVERRIDE)
    config = {"theme": {"name": "material", "custom_dir": "overrides"}, "plugins": ["specs"]}
    result = build(themed_site(), config)
    assert result.exit_code == 0, result.log
    page = result.html("specs/hostile/index.html")
    assert '<aside class="team-card">Technical Specification: Tags &lt;b&gt;bold' in page


def fields_site() -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "specs/retries.md": spec("Retries", author="Priya Raman", project="Payments"),
    }


def test_the_card_takes_the_document_information_sections_place_when_asked(build):
    config = {"plugins": [{"specs": {"card_replaces_fields": True}}]}
    result = build(fields_site(), config)
    assert result.exit_code == 0, result.log
    page = result.html("specs/retries/index.html")
    assert "Document Information" not in page  # neither the section nor its entry in the toc
    assert "**Project:**" not in page and "<strong>Project:</strong>" not in page
    card = page.index('<div class="specs-card">')
    summary = page.index('<h2 id="executive-summary">')
    assert page.index("</h1>") < card < summary  # where the section was, before the next one
    assert page.count('<div class="specs-card">') == 1
    assert ">Payments</dd>" in page and ">Priya Raman<" in page  # its values, on the card
    assert 'href="#executive-summary"' in page  # the rest of the toc is kept


def test_by_default_the_card_and_the_section_are_both_shown(build):
    result = build(fields_site())
    page = result.html("specs/retries/index.html")
    assert '<div class="specs-card">' in page
    assert '<h2 id="document-information">Document Information</h2>' in page
    assert page.index('<div class="specs-card">') < page.index('id="document-information"')


def test_a_page_without_the_section_keeps_its_card_below_the_title(build):
    text = spec("Bare", sections=["Executive Summary"]).replace("## Document Information\n", "")
    config = {"card_replaces_fields": True, "fail_on": "never"}
    result = build({"specs/bare.md": text}, {"plugins": [{"specs": config}]})
    page = result.html("specs/bare/index.html")
    assert page.count('<div class="specs-card">') == 1
    assert page.index("</h1>") < page.index('<div class="specs-card">')


def test_editing_an_override_shows_at_the_next_serve_rebuild(tmp_path):
    """One plugin instance across rebuilds keeps rendered cards: an edited override is not
    one of them."""
    write_site(tmp_path, themed_site(), THEMED)
    pages = []
    configs = []
    for text in ("<aside>first {{ doc.id }}</aside>\n", "<aside>second</aside>\n"):
        override(tmp_path, "card.html", text)
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if not configs:
            config.plugins.on_startup(command="serve", dirty=False)
        configs.append(config)
        mkdocs_build(config)
        pages.append((tmp_path / "site/specs/hostile/index.html").read_text("utf-8"))
    configs[-1].plugins.on_startup(command="build", dirty=False)
    assert configs[0].plugins["specs"] is configs[1].plugins["specs"]
    assert "<aside>first " in pages[0]
    assert "<aside>second</aside>" in pages[1] and "<aside>first" not in pages[1]


def test_a_site_overrides_the_findings_box_shown_while_serving(tmp_path):
    override(
        tmp_path,
        "findings.html",
        '<ol class="team-findings">{% for f in findings %}<li>{{ f.line }} {{ f.rule }}: '
        "{{ f.message }}</li>{% endfor %}</ol>\n",
    )
    files = {"specs/a.md": spec("Alpha", status="<b>Aproved</b>")}
    write_site(tmp_path, files, THEMED)
    build_as_served(tmp_path)
    page = (tmp_path / "site/specs/a/index.html").read_text("utf-8")
    box = re.search(r'<ol class="team-findings">.*?</ol>', page, re.S)
    assert box is not None and "specs-findings" not in page
    assert "invalid-status: status &#34;&lt;b&gt;Aproved&lt;/b&gt;&#34;" in box[0]


def test_an_unresolved_reference_is_not_drawn_as_a_spelling_mistake(build):
    result = build({"specs/a.md": spec("Alpha", related_adr="ADR-0099")}, {"plugins": ["specs"]})
    card = result.html("specs/a/index.html")
    assert '<span class="specs-card__unresolved">ADR-0099</span>' in card
    css = (result.site / "assets/mkdocs-specs.css").read_text("utf-8")
    rule = css.split(".specs-card__unresolved {", 1)[1].split("}", 1)[0]
    assert "wavy" not in rule and "dashed" in rule

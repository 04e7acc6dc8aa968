"""The portal's pure functions: owner slugs, status colours, Markdown-safe text, chart layout."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_specs import chart
from mkdocs_specs.portal import markdown_text, owner_slugs, slugify, status_badge


def test_slug_is_lowercase_ascii_of_the_name():
    assert slugify("José Álvarez") == "jose-alvarez"
    assert slugify("Łukasz Øvergård-Straße") == "lukasz-overgard-strasse"
    assert slugify("  Dr. Jane   O'Neil (Platform) ") == "dr-jane-o-neil-platform"


def test_owners_whose_names_slug_alike_never_share_a_page():
    slugs = owner_slugs(["Jane Doe", "jane doe", "Jane-Doe", "Jane Doe 2"])
    assert slugs == {
        "Jane Doe": "jane-doe",
        "Jane Doe 2": "jane-doe-2",
        "Jane-Doe": "jane-doe-3",
        "jane doe": "jane-doe-4",
    }


def test_slugs_do_not_depend_on_the_order_owners_are_met():
    names = ["Jane-Doe", "Jane Doe", "张伟", "李娜", "Index", "readme"]
    assert owner_slugs(names) == owner_slugs(reversed(names))


def test_names_without_ascii_letters_get_a_stable_slug_of_their_own():
    alone = owner_slugs(["张伟"])["张伟"]
    assert re.fullmatch(r"owner-[0-9a-f]{8}", alone)
    with_others = owner_slugs(["张伟", "李娜", "007", "Ann"])
    assert with_others["张伟"] == alone
    assert len(set(with_others.values())) == 4
    assert with_others["007"].startswith("owner-")


def test_no_owner_page_takes_the_folder_index_url():
    assert owner_slugs(["Index", "README"]) == {"Index": "index-2", "README": "readme-2"}


@given(st.lists(st.text(max_size=12), max_size=12))
def test_every_owner_gets_a_distinct_url_safe_slug(names):
    slugs = owner_slugs(names)
    assert set(slugs) == set(names)
    assert len(set(slugs.values())) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs.values())


def test_status_colours():
    assert status_badge("Approved").tone == "approved"
    assert status_badge("Superseded by ADR-0005").tone == "superseded"
    assert status_badge(None).label == "No status"
    parked = status_badge("Parked")
    assert parked.tone == "custom" and parked.hue == status_badge("Parked").hue
    assert parked.hue != status_badge("On hold").hue


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_markdown_text_renders_as_exactly_the_same_text_even_in_a_table_link(value):
    source = f"| a |\n|---|\n| [{markdown_text(value)}](x.md) |"
    rendered = markdown.markdown(source, extensions=["tables"])
    cell = re.fullmatch(r'(?s).*<td><a href="x.md">(.*)</a></td>.*', rendered)
    assert cell is not None
    assert "<" not in cell.group(1)
    assert html.unescape(cell.group(1)) == " ".join(value.split())


def test_chart_rows_share_one_scale_and_skip_empty_segments():
    rows = [("Ann", [("Draft", 2), ("Approved", 0)]), ("Bob", [("Draft", 1), ("Approved", 3)])]
    bars = chart.lay_out(rows, [("Draft", "Draft"), ("Approved", "Approved")], label_chars=3)
    ann, bob = bars.rows
    assert [s.key for s in ann.segments] == ["Draft"]
    first, second = bob.segments
    assert ann.segments[0].width * 2 == pytest.approx(first.width + second.width, abs=0.2)
    assert first.x + first.width == pytest.approx(second.x, abs=0.2)
    assert second.x + second.width == pytest.approx(bars.bar_end, abs=0.2)
    assert bars.summary == "Ann: 2; Bob: 4"
    assert bars.legend[0][2] < bars.legend[1][2]


def test_chart_shortens_long_labels_and_draws_an_empty_chart():
    long_name = "Maximilian Alexander von Hohenzollern-Sigmaringen"
    bars = chart.lay_out([(long_name, [("Draft", 1)])], [], chart.label_room([long_name]))
    assert bars.rows[0].short_label.endswith("…")
    assert len(bars.rows[0].short_label) == chart.MAX_LABEL_CHARS
    assert chart.lay_out([], [], 0).rows == []

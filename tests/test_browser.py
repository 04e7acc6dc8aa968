"""The portal in a real browser: filtering, sorting, instant navigation and phones.

Headless Chromium (Debian's `chromium` package) driven by Playwright, on the built example site
and on a generated site of 1,000 specs, both with Material's instant navigation on. The sites
are served over HTTP from their temporary folders; every request elsewhere (web fonts) is
refused, so the tests need no network.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import run_mkdocs, write_site
from factory import spec
from portal_html import tables

ROOT = Path(__file__).resolve().parent.parent


def _weight_benchmark():
    """The page-weight benchmark, whose browser set-up and server the tests share."""
    found = importlib.util.spec_from_file_location(
        "portal_weight", ROOT / "benchmarks" / "portal_weight.py"
    )
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


_benchmark = _weight_benchmark()
CHROMIUM, CHROMIUM_ARGS = _benchmark.CHROMIUM, _benchmark.CHROMIUM_ARGS
_serving = _benchmark.serving
PHONE = {"width": 390, "height": 844}

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's `chromium` package (apt-get install "
        "chromium) or set MKDOCS_SPECS_CHROMIUM to a Chromium executable",
        allow_module_level=True,
    )


def _build(root: Path, site_url: str) -> None:
    """`mkdocs build` of the site at `root`, with Material's instant navigation on."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if "  features:\n" in text:
        text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    else:
        text = text.replace(
            "  name: material\n", "  name: material\n  features:\n    - navigation.instant\n", 1
        )
    config.write_text(f"site_url: {site_url}\n{text}", "utf-8")
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.exit_code == 0, result.log
    assert "navigation.instant" in (root / "site" / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(ROOT / "example_site", root, dirs_exist_ok=True)
    with _serving(root / "site") as base:
        _build(root, base)
        yield root / "site", base


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("large") / "site-1000"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "1000", str(root)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    with _serving(root / "site") as base:
        _build(root, base)
        yield root / "site", base


@pytest.fixture(params=["example", "large"])
def served(request: pytest.FixtureRequest) -> tuple[Path, str]:
    """A built site and its URL: the example site, and a generated one of 1,000 specs."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _tab(browser, base: str) -> Iterator[object]:
    """A fresh tab that reaches only the site at `base`, and fails the test on a script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.route(re.compile(r"^(?!" + re.escape(base) + ")"), lambda route: route.abort())
    yield tab
    context.close()
    assert errors == []


@pytest.fixture
def page(browser, served) -> Iterator[object]:
    with _tab(browser, served[1]) as tab:
        yield tab


def _status_url(served: tuple[Path, str]) -> str:
    return served[1] + "portal/status/"


def _rows_of(site: Path, owner: str) -> list[str]:
    """Titles of the status index's rows naming `owner`, read from the built HTML."""
    html = (site / "portal" / "status" / "index.html").read_text("utf-8")
    titles = []
    for rows in tables(html).values():
        header, *body = rows
        column = header.index("Owners")
        titles += [row[0] for row in body if owner in row[column].split(", ")]
    return titles


def _owner(site: Path) -> str:
    """An owner of some of the site's documents, not all."""
    html = (site / "portal" / "status" / "index.html").read_text("utf-8")
    body = [row for rows in tables(html).values() for row in rows[1:]]
    owners = sorted({name for row in body for name in row[1].split(", ")})
    return next(name for name in owners if 0 < len(_rows_of(site, name)) < len(body))


def _shown_titles(tab) -> list[str]:
    return tab.eval_on_selector_all(
        ".specs-table tbody tr",
        "rows => rows.filter(r => r.checkVisibility())"
        ".map(r => r.cells[0].textContent.trim())",
    )


def _type_filter(tab, text: str) -> None:
    box = tab.locator(".specs-find").get_by_label("Filter by title, owner or project")
    box.fill(text)
    tab.wait_for_function(
        "() => document.querySelector('.specs-find__summary').textContent !== ''"
    )


def test_typing_an_owner_filters_the_status_index_to_their_rows(page, served) -> None:
    site, _ = served
    owner = _owner(site)
    expected = _rows_of(site, owner)
    page.goto(_status_url(served))
    all_rows = len(_shown_titles(page))
    _type_filter(page, owner)
    assert sorted(_shown_titles(page)) == sorted(expected)
    assert len(expected) < all_rows
    summary = page.locator(".specs-find__summary").text_content()
    assert summary == f"{len(expected)} of {all_rows} shown"
    # The counts in the headings follow: each status heading counts its table's shown rows.
    counts = page.eval_on_selector_all(
        ".specs-table",
        """tables => tables.map(t => {
            let h = t.previousElementSibling;
            while (h && !/^H[1-6]$/.test(h.tagName)) h = h.previousElementSibling;
            const shown = [...t.querySelectorAll('tbody tr')].filter(r => !r.hidden).length;
            return [Number(h.querySelector('.specs-heading-count').dataset.specsCount), shown];
        })""",
    )
    assert counts and all(heading == shown for heading, shown in counts)
    # The owner list gives the same rows; clearing shows every row again.
    page.locator(".specs-find").get_by_label("Filter by title, owner or project").fill("")
    page.locator(".specs-find").get_by_label("Owner", exact=True).select_option(owner)
    page.wait_for_function(
        "n => [...document.querySelectorAll('.specs-table tbody tr')]"
        ".filter(r => !r.hidden).length === n",
        arg=len(expected),
    )
    assert sorted(_shown_titles(page)) == sorted(expected)
    page.locator(".specs-find").get_by_role("button", name="Clear").click()
    page.wait_for_function(
        "() => document.querySelector('.specs-find__summary').textContent === ''"
    )
    assert len(_shown_titles(page)) == all_rows


def test_a_header_click_sorts_and_the_keyboard_sorts_back(page, served) -> None:
    page.goto(_status_url(served))
    # The table of the most rows; its Date column, where a date can be missing or invalid.
    index = page.eval_on_selector_all(
        ".specs-table table",
        "ts => ts.map(t => t.tBodies[0].rows.length)"
        ".reduce((best, n, i, all) => n > all[best] ? i : best, 0)",
    )
    table = page.locator(".specs-table table").nth(index)
    header = table.locator("th", has_text="Date")
    column = table.locator("th").all_text_contents().index(header.text_content())

    def dates() -> list[str]:
        return table.locator(f"tbody tr td:nth-child({column + 1})").all_text_contents()

    written = dates()
    assert len(written) >= 2
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    valid = [d for d in written if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)]
    assert dates()[: len(valid)] == sorted(valid)
    assert set(dates()) == set(written)
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert dates()[: len(valid)] == sorted(valid, reverse=True)
    assert table.locator("th[aria-sort]").count() == 1


def test_the_filter_works_after_an_instant_navigation(page, served) -> None:
    site, base = served
    owner = _owner(site)
    page.goto(base + "portal/")
    page.evaluate("window.specsSamePage = true")
    page.locator(".md-nav a[href$='status/']").first.click()
    page.wait_for_url("**/portal/status/")
    _type_filter(page, owner)
    assert sorted(_shown_titles(page)) == sorted(_rows_of(site, owner))
    # Away and back again, still without loading a page: the new content is enhanced again.
    page.locator(".md-nav a[href$='owners/']").first.click()
    page.wait_for_url("**/portal/owners/")
    page.locator(".md-nav a[href$='status/']").first.click()
    page.wait_for_url("**/portal/status/")
    _type_filter(page, owner)
    assert sorted(_shown_titles(page)) == sorted(_rows_of(site, owner))
    assert page.evaluate("window.specsSamePage") is True, "the theme loaded the page anew"
    assert page.locator("[data-specs-find] form").count() == 1


_REACH = """wrapper => {
    const table = wrapper.querySelector('table');
    let scroller = wrapper;
    while (scroller && scroller.scrollWidth <= scroller.clientWidth + 1
           && scroller !== table) scroller = scroller.firstElementChild;
    const box = scroller.getBoundingClientRect();
    const cells = [...table.tHead.rows[0].cells];
    const reached = cells.map(cell => {
        scroller.scrollLeft = 0;
        cell.scrollIntoView({inline: 'nearest', block: 'nearest'});
        const r = cell.getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1
            && r.left >= -1 && r.right <= window.innerWidth + 1;
    });
    scroller.scrollLeft = 0;
    wrapper.dispatchEvent(new Event('scroll'));
    return {
        reached, overflows: scroller.scrollWidth > scroller.clientWidth + 1,
        cue: getComputedStyle(wrapper, '::after').opacity,
    };
}"""


@pytest.mark.parametrize("path", ["portal/status/", "portal/owners/"])
def test_on_a_phone_every_column_is_reachable_with_a_cue(
    page, served, path: str, tmp_path: Path
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(served[1] + path)
    page.wait_for_selector(".specs-table[data-specs-watched]")
    page.wait_for_timeout(300)  # the cue fades in
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wrappers = page.locator(".specs-table")
    checked = 0
    for index in range(min(wrappers.count(), 3)):
        found = wrappers.nth(index).evaluate(_REACH)
        assert all(found["reached"]), found
        if found["overflows"]:
            assert found["cue"] == "1", "a table that scrolls shows a shade on its right"
            checked += 1
    assert checked, "at 390 px the tables are wider than the screen"
    page.screenshot(path=str(tmp_path / "phone.png"))
    assert (tmp_path / "phone.png").stat().st_size > 0


def test_on_a_phone_chart_labels_stay_legible(page, served, tmp_path: Path) -> None:
    page.set_viewport_size(PHONE)
    page.goto(served[1] + "portal/")
    sizes = page.eval_on_selector_all(
        ".specs-chart text",
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)"
        " * t.ownerSVGElement.getScreenCTM().a)",
    )
    assert sizes and min(sizes) >= 11, min(sizes)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "dashboard-phone.png"))


INJECTED = '<img src="x" onerror="window.specsInjected = true">'


def test_document_text_stays_text_in_the_form_and_the_sorted_tables(browser, tmp_path) -> None:
    files = {
        "specs/a.md": spec(f"Alpha {INJECTED}", author=f"Eve {INJECTED} and Jane Doe"),
        "specs/b.md": spec("Beta", author="Jane Doe", project=INJECTED, status=INJECTED),
        "specs/c.md": spec("Gamma", author="Jane Doe", status="Draft"),
        "specs/d.md": spec("Delta", author="Jane Doe", status="constructor"),
    }
    config = {"theme": {"name": "material"}, "plugins": [{"specs": {"fail_on": "never"}}]}
    write_site(tmp_path, files, config)
    with _serving(tmp_path / "site") as base, _tab(browser, base) as tab:
        result = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
        assert result.exit_code == 0, result.log
        tab.goto(base + "portal/status/")
        form = tab.locator(".specs-find")
        owners = form.get_by_label("Owner", exact=True).locator("option").all_text_contents()
        assert f"Eve {INJECTED}" in owners
        statuses = form.get_by_label("Status").locator("option").all_text_contents()
        assert {INJECTED, "constructor", "Draft"} <= set(statuses)
        form.get_by_label("Owner", exact=True).select_option(f"Eve {INJECTED}")
        tab.wait_for_function("() => document.querySelector('.specs-find__summary').textContent")
        assert _shown_titles(tab) == [f"Alpha {INJECTED}"]
        for header in ("Spec", "Project", "Owners"):
            shown = tab.locator(".specs-table:not([hidden]) th", has_text=header)
            shown.first.get_by_role("button").click()
        assert tab.locator('img[src="x"]').count() == 0
        assert tab.evaluate("window.specsInjected") is None

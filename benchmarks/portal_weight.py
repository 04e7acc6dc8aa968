"""Measure the status index a reader downloads: its weight, and how long Chromium takes with it.

Builds a generated site of N specs (benchmarks/generate.py, Material theme) unless `--site`
names one already built, serves it over HTTP and loads, in headless Chromium (Debian's
`/usr/bin/chromium`, driven by Playwright), the status index and, for comparison, the site's
home page. Each is loaded `--runs` times: the median is reported, and the fastest run in
parentheses.

- weight: the page's HTML, as is and gzipped (what a server sends), and its navigation's share;
- load: the browser's `load` event, from navigation start (network, parsing, layout, scripts);
- load without the script: the same with the portal's script refused, which is its cost;
- filter: from typing an owner's name to the tables showing only their rows.

`--scale K` also measures a copy of the status index whose every table has K times its rows:
the page one site of N*K specs would have (what a page per status, or pagination, would avoid).

    python benchmarks/portal_weight.py 1000 --scale 10
    python benchmarks/portal_weight.py 1000 --site /tmp/site-1000/site
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

CHROMIUM = os.environ.get("MKDOCS_SPECS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STATUS_PAGE = "portal/status/index.html"
_TBODY_RE = re.compile(r"(<tbody>\n)(.*?)(</tbody>)", re.S)

_FILTER_JS = """async (owner) => {
    const input = document.querySelector('[data-specs-find] input');
    if (!input) return null;
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    const start = performance.now();
    input.value = owner;
    input.dispatchEvent(new Event('input'));
    await frame();
    await frame();
    return performance.now() - start;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` over HTTP, from a port known before a site is built there: instant navigation
    fetches pages, which `file:` URLs cannot, and follows only the sitemap's URLs, which take
    their port from `site_url`."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def scaled_copy(site: Path, scale: int) -> str:
    """A copy of the status index with each table's rows repeated `scale` times, beside it."""
    html = (site / STATUS_PAGE).read_text("utf-8")
    bigger = _TBODY_RE.sub(lambda m: m.group(1) + m.group(2) * scale + m.group(3), html)
    path = f"portal/status-x{scale}/index.html"
    (site / path).parent.mkdir(exist_ok=True)
    (site / path).write_text(bigger, "utf-8")
    return path


def weight(site: Path, path: str) -> dict[str, float]:
    html = (site / path).read_bytes()
    # Material's navigation sidebar, up to the table of contents' sidebar.
    start, end = html.find(b"md-sidebar--primary"), html.find(b"md-sidebar--secondary")
    return {
        "kb": len(html) / 1000,
        "gzip_kb": len(gzip.compress(html, 6)) / 1000,
        "nav_kb": (end - start) / 1000 if 0 <= start < end else 0.0,
        "rows": html.count(b"<tr>") - html.count(b"<thead><tr>"),
    }


def timings(browser, base: str, path: str, runs: int, owner: str) -> dict[str, float]:
    """Median load times with and without the portal's script, and of one filtering."""
    loads: dict[bool, list[float]] = {True: [], False: []}
    filtering: list[float] = []
    height = 0
    url = base + path.removesuffix("index.html")
    for _ in range(runs):
        for with_script in (True, False):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            blocked = r"^(?!" + re.escape(base) + ")"
            if not with_script:
                blocked += r"|mkdocs-specs\.js"
            page.route(re.compile(blocked), lambda route: route.abort())
            page.goto(url, wait_until="load")
            loads[with_script].append(
                page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            if with_script and page.locator("[data-specs-find-ready]").count():
                filtering.append(page.evaluate(_FILTER_JS, owner))
            height = page.evaluate("document.documentElement.scrollHeight")
            context.close()
    return {
        "load": _spread(loads[True]),
        "bare": _spread(loads[False]),
        "filter": _spread(filtering) if filtering else "-",
        "height_px": height,
    }


def _spread(times: list[float]) -> str:
    """Median, and the fastest run: on a busy machine the fastest is the steadier figure."""
    return f"{statistics.median(times):,.0f} ms ({min(times):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--site", type=Path, help="a site already built (its `site` folder)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=0)
    parser.add_argument("--owner", default="Jane Doe", help="the name typed into the filter")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mkdocs-specs-weight-") as workdir:
        site = args.site
        if site is None:
            root = generate(args.count, Path(workdir) / f"site-{args.count}")
            site = root / "site"
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                check=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
        pages = {"home page": "index.html", "status index": STATUS_PAGE}
        if args.scale > 1:
            pages[f"status index, rows x{args.scale}"] = scaled_copy(site, args.scale)
        with serving(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = {
                name: {**weight(site, path), **timings(browser, base, path, args.runs, args.owner)}
                for name, path in pages.items()
            }
            browser.close()
    print(
        "| page | rows | HTML | gzipped | of which navigation | height at 1280 px "
        "| load | load without the script | filter by owner |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in results.items():
        print(
            f"| {name} | {row['rows']:,} | {row['kb']:,.0f} kB | {row['gzip_kb']:,.0f} kB "
            f"| {row['nav_kb']:,.0f} kB | {row['height_px']:,} px | {row['load']} "
            f"| {row['bare']} | {row['filter']} |"
        )


if __name__ == "__main__":
    main()

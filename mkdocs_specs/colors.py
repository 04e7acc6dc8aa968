"""Status colours that stay readable: badge text passes WCAG AA contrast (4.5:1) on the light
and the dark palettes of the themes the stylesheet supports, whether the colour is derived for
a status the stylesheet does not know or given in the `status_colors` option."""

from __future__ import annotations

import colorsys
import functools
import re
from collections.abc import Mapping

HEX_COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
AA_CONTRAST = 4.5
BADGE_TINT = 0.12
"""How much of its colour a badge's background mixes in (`color-mix` in the stylesheet)."""
LIGHT_BACKGROUNDS = ("#ffffff", "#f5f5f5", "#f8f9fa", "#f5f6f8")
"""Where badges sit in light palettes: Material's page and code background, Bootstrap's (the
mkdocs theme's) body and tertiary background, and the stylesheet's own card fallback."""
DARK_BACKGROUNDS = ("#1e2029", "#262936", "#212529", "#2b3035")
"""The same in dark palettes: Material's slate page and code background, Bootstrap's dark
body and tertiary background."""
DERIVED_HUES = ((56, 96), (292, 330))
"""The hue arcs of derived colours: at least 30° from every built-in status colour (red 0°,
amber 26°, green 142°, teal 175°, blue 221°, purple 262°), so a status the stylesheet does not
know never looks like one it does (greens stop short of 100°, where green starts to read as
"Implemented")."""
_DERIVED_SATURATION = 0.7
_TARGET = AA_CONTRAST + 0.1
"""Aimed above AA so that rounding to a hex colour cannot fall below it."""


def is_hex_color(text: str) -> bool:
    return HEX_COLOR_RE.fullmatch(text) is not None


def _rgb(color: str) -> tuple[float, float, float]:
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, part)) * 255):02x}" for part in rgb)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(part: float) -> float:
        return part / 12.92 if part <= 0.04045 else ((part + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours."""
    lighter, darker = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def badge_contrast(color: str, backgrounds: tuple[str, ...]) -> float:
    """The lowest contrast of badge text in `color` on its tinted background over any of
    `backgrounds` (mixed as `color-mix(in srgb, …)` mixes)."""
    text = _rgb(color)
    worst = float("inf")
    for background in backgrounds:
        page = _rgb(background)
        red, green, blue = (
            BADGE_TINT * c + (1 - BADGE_TINT) * p for c, p in zip(text, page, strict=True)
        )
        worst = min(worst, contrast(color, _hex((red, green, blue))))
    return worst


def _readable(hue: float, saturation: float, lightness: float, dark: bool) -> str:
    """The colour of `hue` and `saturation` nearest to `lightness` whose badge text passes AA:
    darker for light palettes, lighter for dark ones."""
    backgrounds = DARK_BACKGROUNDS if dark else LIGHT_BACKGROUNDS
    step = 0.01 if dark else -0.01
    while 0.0 <= lightness <= 1.0:
        color = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if badge_contrast(color, backgrounds) >= _TARGET:
            return color
        lightness += step
    return "#ffffff" if dark else "#000000"


@functools.cache
def derived_color(key: int) -> tuple[int, str, str]:
    """A hue in `DERIVED_HUES` chosen by `key` (a digest of the status), and its light-palette
    and dark-palette colours: the most vivid that pass AA."""
    total = sum(end - start for start, end in DERIVED_HUES)
    offset = key % total
    for start, end in DERIVED_HUES:
        if offset < end - start:
            hue = start + offset
            break
        offset -= end - start
    light = _readable(hue / 360, _DERIVED_SATURATION, 0.6, dark=False)
    dark = _readable(hue / 360, _DERIVED_SATURATION, 0.4, dark=True)
    return hue, light, dark


@functools.cache
def configured_color(color: str) -> tuple[str, str]:
    """A colour from the configuration for the light and the dark palette: as given where its
    badge text passes AA, else of its hue, darkened or lightened just enough to."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    own = _hex(_rgb(color))
    light, dark = (
        own
        if badge_contrast(own, backgrounds) >= AA_CONTRAST
        else _readable(hue, saturation, lightness, dark=is_dark)
        for backgrounds, is_dark in ((LIGHT_BACKGROUNDS, False), (DARK_BACKGROUNDS, True))
    )
    return light, dark


DARK_SCHEMES = ':is([data-md-color-scheme="slate"], [data-bs-theme="dark"])'
"""What the stylesheet takes for a dark palette."""


def status_colors_css(selectors: Mapping[str, str]) -> str:
    """The stylesheet of configured colours: `selectors` maps a CSS selector of the status's
    badges to the colour given. Loaded after the plugin's stylesheet, whose rules of equal
    specificity it overrides; a configured status is no derived one, so its outline is solid."""
    rules = []
    for selector, color in selectors.items():
        light, dark = configured_color(color)
        rules.append(
            f"{selector} {{\n  --specs-status-color: {light};\n  border-style: solid;\n}}\n"
            f"{DARK_SCHEMES} {selector} {{\n  --specs-status-color: {dark};\n}}\n"
        )
    return "/* mkdocs-specs: the status_colors option */\n" + "".join(rules)

"""Every theme meets WCAG AA: each text colour on each background it is drawn on has a
contrast ratio of at least 4.5:1, and each mark that carries meaning (agent state dots,
level borders) at least 3:1 (WCAG 1.4.11), computed from the CSS custom properties.
The tiles of static/css/outbound.css use only these properties."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

CSS = (ROOT / "static" / "css" / "wallboard.css").read_text()
OUTBOUND_CSS = (ROOT / "static" / "css" / "outbound.css").read_text()
THEMES = ("dark", "light", "contrast")
AA_TEXT = 4.5
AA_GRAPHICS = 3.0
# (text, background) pairs the pages draw.
PAIRS = [
    ("text", "bg"),
    ("text", "panel"),
    ("muted", "panel"),
    ("muted", "bg"),
    ("accent", "bg"),
    ("accent", "panel"),
    ("ok", "panel"),
    ("ok", "bg"),
    ("warn", "panel"),
    ("bad", "panel"),
    ("bad", "bg"),
    ("warn-text", "warn-bg"),
    ("crit-text", "crit-bg"),
]

GRAPHICS = [
    ("state-ready", "panel"),
    ("state-not-ready", "panel"),
    ("state-busy", "panel"),
    ("state-acw", "panel"),
    ("warn", "panel"),
    ("crit-edge", "panel"),
    # A campaign's progress bar: its edge and its fill (static/css/outbound.css).
    ("muted", "panel"),
    ("accent", "panel"),
]


def theme(name: str) -> dict[str, str]:
    block = re.search(rf"\.theme-{name}\s*{{(.*?)}}", CSS, re.S)
    assert block, f"no .theme-{name} block in wallboard.css"
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))


def luminance(hex_colour: str) -> float:
    """Return the WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcags_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", THEMES)
def test_every_text_colour_meets_aa_on_its_backgrounds(name: str) -> None:
    colours = theme(name)
    failing = {
        f"{fg} on {bg}": round(contrast(colours[fg], colours[bg]), 2)
        for fg, bg in PAIRS
        if contrast(colours[fg], colours[bg]) < AA_TEXT
    }

    assert failing == {}


@pytest.mark.parametrize("name", THEMES)
def test_every_theme_defines_the_same_colours(name: str) -> None:
    assert set(theme(name)) == set(theme("dark"))


@pytest.mark.parametrize("name", THEMES)
def test_marks_that_carry_meaning_meet_aa_for_graphics(name: str) -> None:
    colours = theme(name)
    failing = {
        f"{fg} on {bg}": round(contrast(colours[fg], colours[bg]), 2)
        for fg, bg in GRAPHICS
        if contrast(colours[fg], colours[bg]) < AA_GRAPHICS
    }

    assert failing == {}


def test_the_outbound_tiles_draw_with_theme_colours_only() -> None:
    # --min-text is a size (the smallest legible text), not a colour.
    used = set(re.findall(r"var\(--([\w-]+)\)", OUTBOUND_CSS)) - {"min-text"}

    assert used and used <= set(theme("dark"))
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb|hsl", OUTBOUND_CSS)

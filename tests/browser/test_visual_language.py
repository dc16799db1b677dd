"""One visual language: every button and button-like link on the console, screens,
editor and landing pages has a text contrast of at least 4.5:1 (WCAG AA) against its own
effective background, in each of the three themes; the landing page shows each board
live; error pages are the site's own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bpcc.admin_api import AdminClient
from tests.browser.test_board_page import log_in
from tests.conftest import ARTIFACTS, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

THEMES = ("dark", "light", "contrast")
AA_TEXT = 4.5

# For each button: its text colour and the colour behind it, both as the eye sees them
# (colours with alpha blended over what is behind, walking up while transparent).
CONTRASTS_JS = """
([theme, selector]) => {
  document.body.className = document.body.className.replace(/\\btheme-\\w+/g, "")
    + " theme-" + theme;
  const rgba = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = (top, bottom) => top.slice(0, 3).map(
    (c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const lin = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const visible = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  return [...document.querySelectorAll(selector)].filter(visible).map((el) => {
    const back = background(el);
    const text = over(rgba(getComputedStyle(el).color), back);
    const [light, dark] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    return {
      name: (el.innerText || el.getAttribute("aria-label") || el.value || "").trim(),
      classes: el.className,
      ratio: (light + 0.05) / (dark + 0.05),
    };
  });
}
"""
BUTTONS = 'button, a.button, [role="button"], input[type="submit"], input[type="button"]'


def low_contrast(page: Page, path: str) -> list[str]:
    """Return every button of the page below AA in any theme, as readable lines; assert
    the page has buttons at all, so an empty page cannot pass."""
    failing = []
    for theme in THEMES:
        found = page.evaluate(CONTRASTS_JS, [theme, BUTTONS])
        assert found, f"{path} shows no buttons"
        failing += [
            f"{path} [{theme}] {b['name']!r} ({b['classes']}): {b['ratio']:.2f}"
            for b in found
            if b["ratio"] < AA_TEXT
        ]
    return failing


def test_every_button_is_readable_in_every_theme(
    page: Page, stack: Stack, api: AdminClient
) -> None:
    sales = next(c["id"] for c in api.get_campaigns() if c["name"] == "Outbound Sales")
    campaign = api.get_campaign(sales)
    calling_list = campaign["lists"][0]["id"]
    dnc = campaign["dncLists"][0]["id"]
    pages = [
        "/console/",
        "/console/campaigns/",
        f"/console/campaigns/{sales}/",
        f"/console/campaigns/{sales}/stop/",
        f"/console/campaigns/{sales}/results/",
        f"/console/lists/{calling_list}/",
        "/console/lists/new/",
        f"/console/dnc/{dnc}/",
        "/console/tasks/",
        "/console/tasks/cancel-service/?service=Order+Tasks",
        "/console/audit/",
        "/screens/",
        "/screens/rotations/new/",
        "/boards/new/",
        "/boards/import/",
    ]
    log_in(page, stack, "/")
    failing = low_contrast(page, "/")
    page.goto(f"{stack.web_url}/boards/demo/edit/")
    expect(page.locator("#canvas > *").first).to_be_visible()
    failing += low_contrast(page, "/boards/demo/edit/")
    for path in pages:
        response = page.goto(f"{stack.web_url}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        failing += low_contrast(page, path)

    assert not failing, "Buttons below 4.5:1:\n" + "\n".join(failing)
    # The collision of issue 13 made these red text on a red fill: blank red bars.
    page.goto(f"{stack.web_url}/console/lists/{calling_list}/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-buttons.png"), full_page=True)
    for name in ("Erase record", "Delete all records"):
        colours = page.get_by_role("button", name=name).evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
        )
        assert colours[0] != colours[1], name
    for form in page.locator("form").all():
        assert form.locator(".primary").count() <= 1, "one primary action per form"
    assert page.get_by_role("button", name="Log out").get_attribute("class") == "link"


def test_the_landing_page_shows_each_board_live_and_errors_lead_back_to_it(
    page: Page, stack: Stack
) -> None:
    log_in(page, stack, "/")
    thumbnail = page.locator('.thumbnail-card[data-board="demo"]').frame_locator("iframe")
    expect(thumbnail.locator('[data-stat="agents_logged"]').first).to_have_text(
        re.compile(r"^\d+$")
    )
    expect(thumbnail.locator("#freshness")).to_have_attribute("data-state", "live")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "landing-page.png"))

    page.goto(f"{stack.web_url}/boards/no-such-board/")
    back = page.get_by_role("link", name="Back to your boards")
    expect(back).to_be_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"  # the theme's, not a bare white page
    assert page.request.get(f"{stack.web_url}/favicon.ico").status == 200
    back.click()
    expect(page).to_have_url(f"{stack.web_url}/")
    page.locator('.thumbnail-card[data-board="demo"]').click()
    expect(page).to_have_url(f"{stack.web_url}/boards/demo/")

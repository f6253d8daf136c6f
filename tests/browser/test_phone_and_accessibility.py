"""Every main page at desktop and phone width (and in the dark theme): no sideways scroll, no serious axe finding.

axe-core comes from the npm registry, pinned in package-lock.json and installed by `make test`.
Phone screenshots go to var/screenshots/, or to docs/screenshots/ with `make screenshots`.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.desk import (
    DESKTOP,
    PHONE,
    ROOT,
    chromium,
    logged_in,
    make_newsroom,
    serious_violations,
    sideways_overflow,
    with_axe,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CLAIMDESK_SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")

LOOKS = {
    "desktop": {"viewport": DESKTOP, "color_scheme": "light"},
    "phone": {"viewport": PHONE, "color_scheme": "light"},
    "phone, dark": {"viewport": PHONE, "color_scheme": "dark"},
}


@pytest.mark.parametrize("look", LOOKS)
def test_every_main_page_fits_the_screen_and_passes_axe(live_server, make_user, look):
    newsroom = make_newsroom(make_user)
    paths = {**newsroom.staff_paths(), **newsroom.public_paths()}
    problems = []
    with chromium() as browser:
        page = logged_in(browser, live_server.url, axe=True, **LOOKS[look])
        for name, path in paths.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            if (over := sideways_overflow(page)) > 0:
                problems.append(f"{name} ({path}) scrolls sideways by {over} px")
            problems += [f"{name} ({path}): {line}" for line in serious_violations(page)]
        page.context.close()
        anonymous = browser.new_context(**LOOKS[look])
        with_axe(anonymous)
        login = anonymous.new_page()
        for name, path in {"log in": "/accounts/login/", **newsroom.public_paths()}.items():
            login.goto(live_server.url + path)
            if (over := sideways_overflow(login)) > 0:
                problems.append(f"{name}, logged out ({path}) scrolls sideways by {over} px")
            problems += [f"{name}, logged out ({path}): {line}" for line in serious_violations(login)]
    assert not problems, "\n".join(problems)


def test_at_phone_width_the_header_is_a_menu_and_the_claim_page_leads_with_workflow(live_server, make_user):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, viewport=PHONE)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.goto(live_server.url + newsroom.staff_paths()["claim"])
        page.screenshot(path=str(SHOTS / "claim-phone.png"))
        articles = page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles")
        assert not articles.is_visible()
        page.get_by_role("button", name="Menu").click()
        assert articles.is_visible()
        page.screenshot(path=str(SHOTS / "menu-phone.png"))
        workflow = page.get_by_role("heading", name="Workflow").bounding_box()
        context = page.get_by_role("heading", name="In context").bounding_box()
        evidence = page.get_by_role("heading", name="Evidence", exact=True).bounding_box()
        assert workflow["y"] < context["y"] < evidence["y"]
        # Queue rows read as cards: each claim's box is as wide as the screen, not a table column.
        page.goto(live_server.url + "/queue/")
        row = page.locator("#queue-rows tbody tr").first.bounding_box()
        assert row["width"] > PHONE["width"] * 0.9
        page.locator("#queue-rows").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "queue-phone.png"))


def test_at_phone_width_the_queue_filters_fold_behind_one_button(live_server, make_user):
    make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, viewport=PHONE)
        page.goto(live_server.url + "/queue/")
        kind = page.get_by_label("Kind")
        assert page.get_by_role("searchbox", name="Search").is_visible() and not kind.is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "queue-filters-phone.png"))
        toggle = page.get_by_role("button", name="More filters")
        toggle.click()
        assert kind.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        kind.select_option("Quantity")
        page.wait_for_load_state("networkidle")
        assert toggle.inner_text().startswith("More filters (1 on)")
        page.screenshot(path=str(SHOTS / "queue-filters-open-phone.png"))
        desk = logged_in(browser, live_server.url, viewport=DESKTOP)
        desk.goto(live_server.url + "/queue/")
        assert desk.get_by_label("Kind").is_visible()
        assert not desk.get_by_role("button", name="More filters").is_visible()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_articles_list_and_the_ledger_fit_with_their_controls(live_server, make_user, width):
    newsroom = make_newsroom(make_user)
    viewport = {"width": width, "height": 900}
    with chromium() as browser:
        page = logged_in(browser, live_server.url, viewport=viewport)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.goto(live_server.url + "/articles/")
        assert page.get_by_role("button", name="Archive").first.is_visible()
        assert page.get_by_role("link", name=re.compile("^Delete .*…$")).first.is_visible()
        assert sideways_overflow(page) <= 0
        page.screenshot(path=str(SHOTS / f"articles-{width}.png"), full_page=True)
        page.goto(live_server.url + newsroom.staff_paths()["ledger"])
        assert sideways_overflow(page) <= 0
        name = "ledger.png" if width == 1366 else f"ledger-{width}.png"
        page.screenshot(path=str(SHOTS / name), full_page=True)

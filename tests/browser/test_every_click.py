"""No dead click: every kind of link and button on each main page lands on a page with its own content.

A click that fetches one page but shows another (htmx inheriting a target and a selector
from a wrapping element) leaves the address bar and the content disagreeing: reloading
the address would show a different heading. So after each click the page must have
content and the same heading a fresh load of its address shows.
"""

import re

import pytest

from tests.browser.desk import NOT_A_PAGE, chromium, heading, logged_in, make_newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLICKABLE = "a[href]:visible, button:visible"
# Clicks that leave the desk, end the session or download rather than show a page.
SKIP_NAMES = re.compile(r"^(Log out)$")
# The page header (base.html) is one template on every page: its links are clicked on the queue and
# on the first public page, not again on each page kind.
IN_HEADER = "e => !!e.closest('header.topbar')"


def clickables(page, base_url: str, header: bool = True) -> list[dict]:
    """Return one description per kind of link or button on the page (ids in addresses count as one kind)."""
    found, kinds = [], set()
    for index, element in enumerate(page.locator(CLICKABLE).all()):
        if not header and element.evaluate(IN_HEADER):
            continue
        tag = element.evaluate("e => e.tagName.toLowerCase()")
        name = " ".join(element.inner_text().split()) or element.get_attribute("aria-label") or ""
        href = element.get_attribute("href") or ""
        absolute = element.evaluate("e => e.href || ''")
        if SKIP_NAMES.match(name) or element.get_attribute("download") is not None:
            continue
        if tag == "a" and (not absolute.startswith(base_url) or NOT_A_PAGE.search(href)):
            continue
        kind = (tag, re.sub(r"\d+", "N", href) if tag == "a" else name)
        if kind not in kinds:
            kinds.add(kind)
            found.append({"index": index, "tag": tag, "name": name, "href": href})
    return found


def assert_every_click_lands(browser, base_url: str, path: str, username: str = "eddie", header: bool = True) -> int:
    """Click each kind of link and button on the page at path (and the header's if asked); return the count clicked."""
    page = logged_in(browser, base_url, username)
    fresh = page.context.new_page()
    page.goto(base_url + path)
    targets = clickables(page, base_url, header)
    assert targets, f"nothing to click on {path}"
    for target in targets:
        page.goto(base_url + path)
        element = page.locator(CLICKABLE).nth(target["index"])
        if (
            page.locator(CLICKABLE).count() <= target["index"]
            or " ".join(element.inner_text().split()) != target["name"]
        ):
            continue  # an earlier click changed the page (a verdict published, a token revoked)
        if element.evaluate("e => e.classList.contains('skip-link')"):
            # Off-screen until focused: a person reaches it with Tab and follows it with Enter.
            element.focus()
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "main", f"the skip link on {path} left focus behind"
            continue
        element.click()
        page.wait_for_load_state("networkidle")
        what = f"clicking {target['tag']} “{target['name']}” ({target['href']}) on {path}"
        assert len(page.locator("main").inner_text().strip()) > 20, f"{what} left an empty page at {page.url}"
        fresh.goto(page.url)
        assert heading(page) == heading(fresh), (
            f"{what}: the page shows “{heading(page)}” but {page.url} is “{heading(fresh)}”"
        )
    page.context.close()
    return len(targets)


@pytest.mark.parametrize(
    "name",
    ["queue", "articles", "article", "claim", "published claim", "sources", "source", "fact-checks", "draft check"],
)
def test_every_click_on_a_staff_page_lands_on_a_page_with_content(live_server, make_user, name):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        clicked = assert_every_click_lands(
            browser, live_server.url, newsroom.staff_paths()[name], header=name == "queue"
        )
    assert clicked >= (3 if name == "queue" else 1)


def test_clicking_a_claim_in_the_queue_opens_the_claim(live_server, make_user):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita")
        page.goto(live_server.url + "/queue/")
        page.get_by_role("link", name=newsroom.claim.text[:40]).first.click()
        page.wait_for_url(f"**/claims/{newsroom.claim.pk}/")
        assert page.get_by_role("heading", level=1).inner_text() == newsroom.claim.text


def test_every_click_on_a_public_page_lands_on_a_page_with_content(live_server, make_user):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        for number, path in enumerate(newsroom.public_paths().values()):
            assert assert_every_click_lands(browser, live_server.url, path, header=number == 0) >= 2

"""In Chromium: the queue's Export CSV link follows the filters htmx applies; public pages need no login."""

import csv
import io
import json

import pytest

from claims.models import Claim
from tests.support.factories import make_article, make_claim, published_claim

# Serialized rollback: a transactional test flushes every table, groups and rating scale included.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def open_page(live_server):
    """Return a function that starts Chromium and opens a page; call it after the test's ORM work.

    Playwright's sync API runs an event loop in this thread, and Django refuses (rightly) to
    touch the database from inside one, so every row is made before the browser starts.
    """
    from playwright.sync_api import sync_playwright

    started = []

    def start():
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        started.append((playwright, browser))
        return browser.new_context(accept_downloads=True).new_page()

    yield start
    for playwright, browser in started:
        browser.close()
        playwright.stop()


def test_export_link_follows_the_filters_and_downloads_them(open_page, live_server, make_user):
    make_user("Reviewer", "rosa", password="a-long-test-passphrase")
    article = make_article()
    make_claim(article, text='Checked, "quoted" claim', status=Claim.Status.IN_REVIEW)
    make_claim(article, text="A new claim")
    page = open_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill("a-long-test-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/queue/")
    page.get_by_label("Status", exact=True).select_option("in_review")  # htmx swaps the rows, link included
    link = page.get_by_role("link", name="Export CSV")
    page.wait_for_function("document.querySelector('.queue-export a').href.includes('status=in_review')")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("claims-") and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read(), newline="")))
    assert [row["claim_text"] for row in rows] == ['Checked, "quoted" claim']


def test_public_fact_check_opens_without_login_and_carries_json_ld(open_page, live_server):
    claim, _ = published_claim("False")
    page = open_page()
    page.goto(f"{live_server.url}/checks/{claim.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Unemployment fell by 40% in 2025"
    review = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert review["reviewRating"]["alternateName"] == "False"
    page.get_by_role("link", name="Corrections").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Corrections log"

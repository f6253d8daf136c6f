"""In Chromium: the queue's Export CSV link follows the filters htmx applies; public pages need no login."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.desk import chromium, logged_in, make_newsroom
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
    # An auto-retrying expect, not wait_for_function: its polling evals a string, which the page's CSP forbids.
    expect(link).to_have_attribute("href", re.compile("status=in_review"))
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


def test_an_editor_imports_a_pasted_fact_check_and_the_list_counts_it(live_server, make_user):
    make_newsroom(make_user)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/port-arrivals",
        "claimReviewed": "Port arrivals doubled in June 2023.",
        "author": {"@type": "Organization", "name": "Callao Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "datePublished": "2026-11-20",
    }
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "eddie")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Fact-checks").click()
        latest = page.get_by_role("heading", name=re.compile("^Latest imported"))
        expect(latest).to_have_text("Latest imported")  # no "(0 stored)"
        expect(page.get_by_text("None yet: import a feed or page URL")).to_be_visible()
        page.get_by_label("Pasted JSON-LD").fill(json.dumps(review))
        page.get_by_role("button", name="Import").click()
        expect(latest).to_have_text("Latest imported (1 stored)")
        expect(page.get_by_role("cell", name="Port arrivals doubled in June 2023.")).to_be_visible()

"""Long jobs show themselves: the article page refreshes whole when extraction ends, counts the wait,
and says so when no worker has picked the article up; a merge lands on the surviving claim."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Article, Claim
from claims.pipeline.extract import article_extract
from tests.browser.desk import ROOT, chromium, logged_in, make_newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def rewrites_keep_their_plain_event_sentences(settings):
    """These tests are about matching: a rewrite's plain event sentence ("American troops arrived in
    Peru this week on a training mission", 0.47 since the check-worthiness refit) stays a claim."""
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.3


DEMO_HTML = (ROOT / "claims" / "demo" / "harbour-bridge-rewrite.html").read_text(encoding="utf-8")


def queued_article(*, waited: int) -> Article:
    """Return a queued HTML article that has waited that many seconds for a worker (none runs here)."""
    since = timezone.now() - timedelta(seconds=waited)
    return Article.objects.create(
        raw=DEMO_HTML, raw_format=Article.Format.HTML, status=Article.Status.QUEUED, created_at=since, enqueued_at=since
    )


def test_the_article_page_shows_its_heading_byline_and_ledger_when_extraction_ends(live_server, make_user, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # the test extracts while Playwright's loop runs
    make_newsroom(make_user)
    article = queued_article(waited=3)
    with chromium() as browser:
        page = logged_in(browser, live_server.url)
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        expect(page.get_by_role("status")).to_contain_text(re.compile(r"waiting for a worker\. \d+ s"))
        expect(page.get_by_text("No worker has picked this up")).to_have_count(0)
        assert page.get_by_role("heading", level=1).inner_text() == f"Article {article.pk}"
        article_extract(article.pk)
        expect(page.get_by_role("heading", level=1)).to_have_text("Bridge repair plan passes council vote")
        expect(page.get_by_role("link", name="Claim ledger")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("claims found")


def test_an_article_no_worker_has_picked_up_after_30_seconds_says_so(live_server, make_user):
    make_newsroom(make_user)
    article = queued_article(waited=45)
    with chromium() as browser:
        page = logged_in(browser, live_server.url)
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        hint = page.get_by_text("No worker has picked this up after")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("make worker")


def test_submitting_shows_progress_and_cannot_be_sent_twice(live_server, make_user):
    make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url)
        page.get_by_role("link", name="New article").click()
        page.get_by_label("Article text").fill(
            "The council voted 7 to 2 on Tuesday to spend $18.5 million on the bridge."
        )
        # Keep the page as it is mid-submit (a slow eager extraction in make run): stop the navigation
        # after the page's own submit handler has run.
        page.evaluate("window.addEventListener('submit', (event) => event.preventDefault())")
        page.get_by_role("button", name="Submit article").click()
        expect(
            page.get_by_text(re.compile(r"Submitting — cleaning the text and finding claims… \d+ s"))
        ).to_be_visible()
        expect(page.get_by_role("button", name="Submit article")).to_be_disabled()
        expect(page.get_by_role("status")).to_contain_text(re.compile(r"[1-9] s"))  # it counts


def test_confirming_a_match_lands_on_the_surviving_claim(live_server, make_user):
    make_user("Reviewer", "rosa", password="a-long-test-passphrase")
    for text in (
        "American troops arrived in Peru this week on a training mission, the embassy said.",
        "U.S. troops landed in Peru this week for a training mission, the embassy announced.",
    ):
        article_extract(Article.objects.create(raw=text).pk)
    first, second = Claim.objects.order_by("pk")
    Claim.objects.filter(pk=second.pk).update(status=Claim.Status.IN_REVIEW)  # the one with work survives
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rosa")
        page.goto(f"{live_server.url}/claims/{first.pk}/")
        page.locator("#claim-matches").get_by_role("button", name="Same claim").click()
        page.wait_for_url(f"**/claims/{second.pk}/")
        expect(page.get_by_text(f"Merged: claim {second.pk} now carries both wordings.")).to_be_visible()
        expect(page.get_by_role("button", name="Assign to me")).to_be_visible()

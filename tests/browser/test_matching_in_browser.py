"""In Chromium: a reviewer decides on a suggested match in place (htmx) and merges claims by hand."""

import re

import pytest

from claims.models import Article, Claim, ClaimLink
from claims.pipeline.extract import article_extract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def rewrites_keep_their_plain_event_sentences(settings):
    """These tests are about matching: a rewrite's plain event sentence ("American troops arrived in
    Peru this week on a training mission", 0.47 since the check-worthiness refit) stays a claim."""
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.3


CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_reviewer_rejects_a_suggestion_in_place_then_merges_by_number(live_server, make_user):
    from playwright.sync_api import sync_playwright

    make_user("Reviewer", "rosa", password="a-long-test-passphrase")
    for text in (
        "American troops arrived in Peru this week on a training mission, the embassy said.",
        "U.S. troops landed in Peru this week for a training mission, the embassy announced.",
    ):
        article_extract(Article.objects.create(raw=text).pk)
    link = ClaimLink.objects.get()
    claim_url = f"{live_server.url}/claims/{link.claim_id}/"
    # Every row is made before the browser starts: Django refuses ORM calls inside Playwright's loop.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill("rosa")
        page.get_by_label("Password").fill("a-long-test-passphrase")
        page.get_by_role("button", name="Log in").click()
        page.goto(claim_url)
        page.evaluate("window.notReloaded = true")
        panel = page.locator("#claim-matches")
        assert re.search(r"match \d\.\d\d", panel.inner_text()), "a suggestion shows the scorer's probability"
        panel.get_by_role("button", name="Not the same").click()
        page.get_by_text("Suggestion rejected; it will not be made again.").wait_for()
        assert page.evaluate("window.notReloaded") is True  # swapped in place by htmx
        assert "No similar claims waiting" in panel.inner_text()
        page.locator("#claim-matches summary", has_text="Merge or split by hand").click()
        page.get_by_label("Claim number to merge into this one").fill(str(link.other_id))
        page.get_by_role("button", name="Merge into this claim").click()
        page.get_by_text(f"Claim {link.other_id} was merged into this claim.").wait_for()
        browser.close()
    assert Claim.objects.get(pk=link.other_id).merged_into_id == link.claim_id

"""In Chromium: an editor checks a draft from the header, sees what was checked before, follows it, then submits.

The checks are made the real way before the browser starts: a claim extracted, worded, cited,
approved and published through the review workflow, and a ClaimReview imported. Screenshots
of the result at 1366 and 390 px go to var/screenshots/ (docs/screenshots/ with `make screenshots`).
"""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.matching.known_reviews import known_reviews_import
from claims.models import Article
from claims.pipeline.extract import article_extract
from tests.browser.desk import PASSWORD, PHONE, ROOT, chromium, logged_in, serious_violations, sideways_overflow
from tests.support.factories import published_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CLAIMDESK_SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")
WIDE = {"width": 1366, "height": 900}
CHECKED = "The city's bus fares rose by 12 percent in 2025, the transport authority said."
IMPORTED = "Harrowfield council cut library opening hours by 10 percent this year, the union said."
DRAFT = (
    "Harrowfield braces for a lean winter\n"
    f"{CHECKED} {IMPORTED}\n"
    "Water bills in the region rose by 9 percent last year, according to the regulator. It was a cold morning."
)
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/library-hours",
    "claimReviewed": "Harrowfield council cut library opening hours by 10 percent.",
    "headline": "Did the council really cut library hours by 10 percent?",
    "author": {"@type": "Organization", "name": "Harrowfield Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
    "datePublished": "2026-11-20",
}


def test_an_editor_checks_a_draft_follows_our_fact_check_then_submits_the_draft(live_server, make_user):
    editor = make_user("Editor", "eddie", password=PASSWORD)
    reviewer = make_user("Reviewer", "rita", password=PASSWORD)
    earlier = article_extract(Article.objects.create(raw=CHECKED, submitted_by=editor).pk)
    claim = published_as(reviewer, editor, claim=earlier.appearances.get().claim, wording="Bus fares rose 12% in 2025")
    known_reviews_import(user=editor, source="pasted JSON", content=json.dumps(REVIEW))
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "eddie", viewport=WIDE, axe=True)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Check a draft").click()
        page.wait_for_url("**/drafts/check/")
        page.get_by_label("Draft text").fill(DRAFT)
        page.evaluate("window.notReloaded = true")
        page.get_by_role("button", name="Check", exact=True).click()
        page.get_by_role("heading", name="Checked before?").wait_for()
        assert page.evaluate("window.notReloaded") is True  # swapped in place by htmx
        ours = page.locator(".draft-sentence", has_text=CHECKED)
        assert "checked before" in ours.inner_text() and "False" in ours.locator(".rating-badge").inner_text()
        theirs = page.locator(".draft-sentence", has_text=IMPORTED)
        assert "Harrowfield Checks" in theirs.inner_text() and "Mostly true" in theirs.inner_text()
        assert "20 Nov 2026" in theirs.inner_text()
        assert "Not checked before" in page.locator(".draft-sentence", has_text="Water bills").inner_text()
        for width, viewport, scheme in (("1366", WIDE, "light"), ("390", PHONE, "light"), ("390", PHONE, "dark")):
            page.set_viewport_size(viewport)
            page.emulate_media(color_scheme=scheme)
            if scheme == "light":
                page.screenshot(path=str(SHOTS / f"draft-check-{width}.png"), full_page=True)
            if (over := sideways_overflow(page)) > 0:
                problems.append(f"the draft check's result scrolls sideways by {over} px at {width} px, {scheme}")
            problems += [f"at {width} px, {scheme}: {line}" for line in serious_violations(page)]
        page.set_viewport_size(WIDE)
        page.emulate_media(color_scheme="light")
        ours.get_by_role("link", name="Read our fact-check").click()
        page.wait_for_url(f"**/checks/{claim.slug}/")
        assert "Bus fares rose 12% in 2025" in page.get_by_role("heading", level=1).inner_text()
        page.go_back()
        page.get_by_label("Draft text").fill(DRAFT)
        page.get_by_role("button", name="Check", exact=True).click()
        page.get_by_role("button", name="Submit this draft as an article").click()
        page.wait_for_url(re.compile(r"/articles/\d+/$"))
        page.get_by_text("waiting for a worker").wait_for()
        landed = page.url
        # The earlier article's page loads its own "Checked before" panel: our verdict, with its rating.
        page.goto(live_server.url + earlier.get_absolute_url())
        checked = page.locator("#checked-before")
        checked.get_by_role("heading", name="Checked before").wait_for()
        assert "Checked by this desk" in checked.inner_text() and "False" in checked.inner_text()
        page.screenshot(path=str(SHOTS / "article-checked-before-1366.png"), full_page=True)
        problems += [f"article page: {line}" for line in serious_violations(page)]
        page.context.close()
    assert not problems, "\n".join(problems)
    article = Article.objects.exclude(pk=earlier.pk).get()  # stored once, by the submit, not by checking it twice
    assert "Water bills in the region" in article.raw
    assert landed.endswith(article.get_absolute_url()) and article.submitted_by == editor
    assert article.status == Article.Status.QUEUED


def test_checking_an_empty_draft_says_to_paste_it_next_to_the_box(live_server, make_user):
    make_user("Reviewer", "rita", password=PASSWORD)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita", viewport=PHONE)
        page.goto(live_server.url + "/drafts/check/")
        page.get_by_role("button", name="Check", exact=True).click()
        alert = page.locator("#draft-form").get_by_role("alert")
        expect(alert).to_have_text("The draft is empty: paste its text (plain text or HTML), then Check.")
        expect(page.get_by_role("heading", name="Checked before?")).to_have_count(0)
        page.get_by_label("Draft text").fill("Water bills rose by 9 percent last year, the regulator said.")
        page.get_by_role("button", name="Check", exact=True).click()
        expect(page.get_by_role("heading", name="Checked before?")).to_be_visible()
        expect(page.locator("#draft-form").get_by_role("alert")).to_have_count(0)

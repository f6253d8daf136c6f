"""In Chromium, with a real worker delivering notifications: a reviewer mentions an editor in a comment;
the editor finds it under Notifications and the claim in My work, approves the proposed verdict, and the
reviewer is notified. Screenshots of the new pages (1280 and 390 px wide) go to var/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from claims.models import Notification, Verdict
from claims.review import workflow
from tests.conftest import ROOT, wait_until
from tests.support.factories import make_claim, rating

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(os.environ.get("CLAIMDESK_SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")


def log_in(browser, base_url: str, username: str, width: int = 1280):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Claim queue")).to_be_visible()
    return page


def shoot(page, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_mention_reaches_the_editor_who_approves_and_the_reviewer_hears_of_it(
    celery_worker_process, live_server, make_user, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in-thread
    rita = make_user("Reviewer", "rita")
    eddie = make_user("Editor", "eddie")
    eddie.email = "eddie@example.org"  # the worker mails him each event (console backend: its log)
    eddie.save()
    make_user("Editor", "maria")  # not suggested for "@ed"
    claim = make_claim(assignee=rita, status="in_review")
    workflow.verdict_propose(
        claim=claim, rating=rating("Mostly false"), rationale="The survey says 4.9%.", actor=rita, version=None
    )
    # The worker tells the editors about the proposal before the browser starts.
    assert wait_until(lambda: Notification.objects.filter(recipient__username="eddie").exists(), 30)
    claim_url = f"{live_server.url}/claims/{claim.pk}/"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # The reviewer mentions the editor, picking the name from the suggestions.
            reviewer = log_in(browser, live_server.url, "rita")
            reviewer.goto(claim_url)
            box = reviewer.get_by_label("Comment", exact=True)
            box.press_sequentially("@ed", delay=30)
            expect(reviewer.get_by_role("button", name="@maria")).to_have_count(0)
            reviewer.get_by_role("button", name="@eddie").click()
            expect(box).to_have_value("@eddie ")
            box.press_sequentially("the survey link is https://example.org/survey — can you approve?")
            reviewer.get_by_role("button", name="Post comment").click()
            timeline = reviewer.get_by_role("list", name="Timeline")
            expect(timeline).to_contain_text("the survey link is")
            expect(reviewer.get_by_role("link", name="https://example.org/survey")).to_have_count(2)

            # The editor sees it under Notifications (the worker delivered it) and in My work.
            editor = log_in(browser, live_server.url, "eddie")
            notifications_link = editor.get_by_role("link", name=re.compile(r"^Notifications \d+"))
            for _ in range(30):
                if notifications_link.count() and re.search(r"\b2\b", notifications_link.inner_text()):
                    break
                editor.wait_for_timeout(500)
                editor.reload()
            expect(notifications_link).to_have_text(re.compile(r"Notifications\s+2"))
            notifications_link.click()
            expect(editor.get_by_role("heading", name="Notifications")).to_be_visible()
            mention = editor.get_by_role("link", name=f"rita mentioned you in a comment on claim {claim.pk}")
            expect(mention).to_be_visible()
            expect(editor.get_by_role("list", name="Notifications")).to_contain_text("can you approve?")
            shoot(editor, "notifications")
            editor.get_by_role("button", name="Mark read").first.click()  # htmx-boosted: the body is swapped
            expect(notifications_link).to_have_text(re.compile(r"Notifications\s+1"))
            editor.get_by_role("button", name="Mark all read").click()
            expect(editor.get_by_text("1 notification marked read.")).to_be_visible()
            expect(editor.get_by_role("button", name="Mark all read")).to_have_count(0)  # nothing left to mark
            expect(editor.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
            editor.get_by_role("link", name=re.compile(r"^My work")).click()
            approval = editor.get_by_role("region", name=re.compile("Awaiting my approval"))
            expect(approval).to_contain_text("unemployment fell to 4.2 percent")
            shoot(editor, "my-work")
            approval.get_by_role("link", name=re.compile("unemployment fell")).click()
            editor.get_by_role("button", name="Approve verdict").click()
            expect(editor.get_by_role("list", name="Timeline")).to_contain_text("Approved the verdict: Mostly false")
            # The page part was swapped by htmx; the header's counts came along out of band.
            expect(editor.get_by_role("link", name="My work", exact=True)).to_be_visible()
            editor.get_by_role("heading", name="Discussion").scroll_into_view_if_needed()
            shoot(editor, "claim-discussion")

            # The reviewer is told.
            reviewer.goto(live_server.url + "/queue/")
            for _ in range(30):
                if reviewer.get_by_role("link", name=re.compile(r"^Notifications \d")).count():
                    break
                reviewer.wait_for_timeout(500)
                reviewer.reload()
            reviewer.get_by_role("link", name=re.compile(r"^Notifications")).click()
            approved = reviewer.get_by_role("link", name=f"eddie approved your verdict on claim {claim.pk}")
            expect(approved).to_be_visible()
        finally:
            browser.close()
    assert Verdict.objects.get().status == Verdict.Status.APPROVED
    # The worker sent eddie one mail per event, once each.
    log = (ROOT / "var" / "test-worker-pipeline.log").read_text(errors="replace")
    assert log.count(f"rita mentioned you in a comment on claim {claim.pk}\n") == 2  # subject line and body
    assert log.count("To: eddie@example.org") == 2  # the proposal and the mention


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_saves_a_filtered_queue_and_finds_it_as_a_link_with_its_count(live_server, make_user, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    make_user("Reviewer", "rita")
    make_claim(text="unemployment fell to 4.2 percent in March", kind="quantity")
    make_claim(text="Critics said the figure left out 30,000 people", kind="quantity")
    make_claim(text="The minister said on Monday", kind="statement")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = log_in(browser, live_server.url, "rita")
            page.get_by_label("Kind").select_option("Quantity")
            expect(page.locator("#queue-rows tbody tr[data-href]")).to_have_count(2)
            page.get_by_text("Save this search").click()
            page.get_by_label("Name", exact=True).fill("Numbers to check")
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.get_by_text("Search “Numbers to check” saved.")).to_be_visible()
            saved = page.get_by_role("navigation", name="Saved searches").get_by_role("link", name="Numbers to check")
            expect(saved).to_have_text("Numbers to check 2")
            page.get_by_role("link", name="Clear").click()
            expect(page.locator("#queue-rows tbody tr[data-href]")).to_have_count(3)
            shoot(page, "queue-saved-searches")
            saved.click()
            expect(page.locator("#queue-rows tbody tr[data-href]")).to_have_count(2)
            expect(page.get_by_label("Kind")).to_have_value("quantity")
        finally:
            browser.close()

"""One browser journey through the review workflow: Playwright + Debian's Chromium, a live server and a real worker.

A reviewer pastes an article, waits for its claims, opens one, assigns it to herself,
cites a source with an excerpt and a stance and proposes a verdict; an editor
approves and publishes it; the timeline shows each step. Screenshots of the queue
and the claim page go to var/screenshots/, or to docs/screenshots/ (shown in README)
with `make screenshots`, which sets CLAIMDESK_SCREENSHOTS_DIR.
"""

import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from claims.models import Source, Verdict
from tests.conftest import ROOT, seed_text, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A plain test run must not rewrite the committed README images.
SHOTS = Path(os.environ.get("CLAIMDESK_SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")
CHROMIUM = "/usr/bin/chromium"
REPORT = (
    "<html><head><title>Amnesty report on the deployment</title></head><body><article>"
    "<h1>Amnesty report on the deployment</h1><p>The report counts 3,500 soldiers arriving in the first month, "
    "not the figure quoted by the minister.</p><p>It relies on port records and flight manifests.</p>"
    "</article></body></html>"
)


class ReportHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = REPORT.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def report_url(monkeypatch, settings):
    """Serve one evidence page on loopback and let both the web process and the worker fetch it (tests only)."""
    monkeypatch.setenv("CLAIMDESK_FETCH_ALLOW_LOOPBACK", "1")  # read by the worker started after this
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in-thread
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), ReportHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/amnesty-report"
    server.shutdown()


def log_in(browser, base_url, username):
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Claim queue")).to_be_visible()
    return page


def test_reviewer_and_editor_take_a_claim_from_article_to_published_verdict(
    report_url, celery_worker_process, live_server, make_user
):
    make_user("Reviewer", "rita")
    make_user("Editor", "eddie")
    Source.objects.create(title="Arrivals log, June 2023", publisher="Port of Callao", source_type="dataset")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = log_in(browser, live_server.url, "rita")

            # Paste an article; the worker extracts its claims while the page polls.
            page.get_by_role("link", name="New article").click()
            page.get_by_label("Article text").fill(seed_text(0))
            page.get_by_role("button", name="Submit article").click()
            claims = page.get_by_role("complementary", name="Claims").get_by_role("listitem")
            expect(claims.first).to_be_visible(timeout=60_000)

            # Open a claim about soldiers and take it.
            page.get_by_role("complementary", name="Claims").get_by_role("link").filter(
                has_text=re.compile("soldiers", re.I)
            ).first.click()
            expect(page.get_by_role("button", name="Assign to me")).to_be_visible()
            claim_url = page.url
            page.get_by_role("button", name="Assign to me").click()
            timeline = page.get_by_role("list", name="Timeline")
            expect(timeline).to_contain_text("Assigned to rita")

            # The same claim open in a second tab: its stale save is refused with the current value.
            stale = page.context.new_page()
            stale.goto(claim_url)
            page.get_by_label("Claim reviewed").fill("700 US soldiers are being sent to Peru")
            page.get_by_role("button", name="Save wording").click()
            expect(timeline).to_contain_text("Edited the claim reviewed wording")
            stale.get_by_label("Claim reviewed").fill("Mexico's president says 700 US soldiers are going to Peru")
            stale.get_by_role("button", name="Save wording").click()
            expect(stale.get_by_role("alert")).to_contain_text("Not saved — conflict")
            expect(stale.get_by_role("alert")).to_contain_text(
                "Current wording: “700 US soldiers are being sent to Peru”"
            )
            stale.close()

            # The library autocomplete finds sources by publisher...
            page.get_by_label("Search the source library").fill("callao")
            expect(page.get_by_role("radio", name=re.compile("Arrivals log, June 2023"))).to_be_visible()
            page.get_by_label("Search the source library").fill("amnesty")
            expect(page.get_by_text("No source in the library matches “amnesty”")).to_be_visible()
            # ...this one is not there yet: cite it as a new source with an excerpt and a stance.
            page.get_by_label("Source URL").fill(report_url)
            page.get_by_label("Title").fill("Amnesty report on the deployment")
            page.get_by_label("Publisher").fill("Amnesty International")
            page.get_by_label("Excerpt").fill("The report counts 3,500 soldiers arriving in the first month")
            page.get_by_label("Type").select_option("Report")
            page.get_by_label("Pinpoint").fill("paragraph 1")
            page.get_by_label("Stance").select_option("Refutes")
            page.get_by_role("button", name="Add evidence").click()
            expect(timeline).to_contain_text("Cited “Amnesty report on the deployment” (refutes)")
            expect(page.get_by_text("cited by 1 claim")).to_be_visible()

            # Propose a verdict.
            page.get_by_label("Rating", exact=True).select_option("Mostly false")
            page.get_by_label("Rationale").fill(
                "Port records and flight manifests show 3,500 soldiers, not the number the minister gave."
            )
            page.get_by_role("button", name="Save verdict").click()
            expect(timeline).to_contain_text("Proposed the verdict: Mostly false")
            expect(page.get_by_role("button", name="Approve verdict")).to_have_count(0)  # reviewers cannot

            page.goto(f"{live_server.url}/queue/?sort=priority")
            expect(page.get_by_role("link", name=re.compile("Verdict proposed"))).to_be_visible()
            # Keyboard: j moves, x selects, a assigns to me (the rows refresh in place), ? lists the keys.
            page.keyboard.press("j")
            page.keyboard.press("j")
            current = page.locator("#queue-rows tbody tr.current")
            expect(current).to_have_count(1)
            page.keyboard.press("x")
            expect(current.get_by_role("checkbox")).to_be_checked()
            row_id = current.get_attribute("id")
            page.keyboard.press("a")
            expect(page.locator(f"#{row_id} td.assignee")).to_have_text("rita")
            page.keyboard.press("?")
            expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
            page.keyboard.press("Escape")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SHOTS / "queue.png"))

            # An editor approves and, as a separate action, publishes.
            editor = log_in(browser, live_server.url, "eddie")
            editor.goto(claim_url)
            editor.get_by_role("heading", name="Verdict", exact=True).scroll_into_view_if_needed()
            editor.screenshot(path=str(SHOTS / "verdict-approval.png"))
            editor.get_by_role("button", name="Approve verdict").click()
            editor_timeline = editor.get_by_role("list", name="Timeline")
            expect(editor_timeline).to_contain_text("Approved the verdict: Mostly false")
            # Publish opens the preview; its checklist passes (the worker found the excerpt in the fetched report).
            editor.get_by_role("button", name="Publish").click()
            expect(editor.get_by_role("heading", name="Pre-flight checklist")).to_be_visible()
            expect(editor.get_by_text("Ready to publish.")).to_be_visible()
            editor.get_by_role("button", name="Publish").click()
            editor_timeline = editor.get_by_role("list", name="Timeline")
            expect(editor_timeline).to_contain_text("Published the verdict: Mostly false")
            for step in (
                "Assigned to rita",
                "Edited the claim reviewed wording",
                "Cited “Amnesty report",
                "Proposed the verdict",
                "Approved the verdict",
                "Published the verdict",
            ):
                expect(editor_timeline).to_contain_text(step)
            expect(editor.get_by_text("Published", exact=True).first).to_be_visible()
            editor.screenshot(path=str(SHOTS / "claim.png"), full_page=True)
            editor.get_by_role("link", name="Sources").click()
            expect(editor.get_by_role("heading", name="Source library")).to_be_visible()
            expect(editor.get_by_role("row", name=re.compile("Amnesty report on the deployment"))).to_contain_text(
                "1 claim"
            )
            editor.screenshot(path=str(SHOTS / "sources.png"))
        finally:
            browser.close()
    # ORM calls stay outside the Playwright block: its event loop would give them a connection of their own.
    verdict = Verdict.objects.get()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert (verdict.proposed_by.username, verdict.reviewed_by.username) == ("rita", "eddie")
    # The worker fetched the cited source and kept its snapshot and hash.
    fetched = Source.objects.filter(fetch_status=Source.FetchStatus.READY, url=report_url)
    source = wait_until(fetched.first, 30)
    assert source and "3,500 soldiers" in source.text_snapshot and len(source.sha256) == 64

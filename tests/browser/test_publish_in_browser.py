"""Publishing as a newsroom does it, in Chromium: checked excerpts, the preview, a correction and its diff.

A reviewer words a claim and cites an uploaded text file twice: an invented quote
("not found in the source", removed again) and a verbatim one; she proposes a
verdict. An editor approves it, opens the preview from Publish and publishes.
The reviewer's later wording stays private until a correction is proposed,
approved and published as version 2. Screenshots of the preview and the corrected
public page at 1280 and 390 px are taken as the editor (the first with scripts/screenshot.py,
so the script stays tested; the others in this browser, sparing three start-ups).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from claims.models import PublishedVersion
from tests.browser.test_review_journey import CHROMIUM, log_in
from tests.conftest import ROOT
from tests.support.factories import make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CLAIMDESK_SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")
PASSWORD = "a-long-test-passphrase"
SURVEY = (
    "Labour Force Survey, March 2026\n\n"
    "Unemployment fell from 5.0 per cent to 4.6 per cent over the year to March.\n"
    "The survey covers 40,000 house-\nholds in every region.\n"
)


def screenshot(base_url: str, path: str, name: str, width: int) -> Path:
    """Shoot a page as the editor with the project's screenshot script."""
    out = SHOTS / f"{name}-{width}.png"
    subprocess.run(
        [
            sys.executable,
            "scripts/screenshot.py",
            base_url,
            path,
            str(out),
            "--username",
            "eddie",
            "--password",
            PASSWORD,
            "--width",
            str(width),
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return out


def shoot_as(page, base_url: str, path: str, name: str, width: int) -> Path:
    """Shoot a page full-length at a width with the cookies of a logged-in page (as scripts/screenshot.py does)."""
    out = SHOTS / f"{name}-{width}.png"
    context = page.context.browser.new_context(
        viewport={"width": width, "height": 900}, storage_state=page.context.storage_state()
    )
    try:
        shot = context.new_page()
        shot.goto(base_url + path)
        shot.screenshot(path=out, full_page=True)
    finally:
        context.close()
    return out


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_editor_previews_publishes_and_corrects_a_check(live_server, make_user, media, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in-thread
    make_user("Reviewer", "rita")
    make_user("Editor", "eddie")
    claim = make_claim(text="unemployment fell to 4.2 percent in March")
    survey = tmp_path / "lfs-march-2026.txt"
    survey.write_text(SURVEY)
    SHOTS.mkdir(parents=True, exist_ok=True)
    claim_url = f"{live_server.url}/claims/{claim.pk}/"
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            rita = log_in(browser, live_server.url, "rita")
            rita.goto(claim_url)
            rita.get_by_label("Claim reviewed").fill("Unemployment fell to 4.2% in March")
            rita.get_by_role("button", name="Save wording").click()
            timeline = rita.get_by_role("list", name="Timeline")
            expect(timeline).to_contain_text("Edited the claim reviewed wording")

            # An invented quote is flagged, then removed; the verbatim one is found, with where.
            rita.get_by_label("Source file").set_input_files(str(survey))
            rita.get_by_label("Title").fill("Labour Force Survey, March 2026")
            rita.get_by_label("Excerpt").fill("Unemployment fell to 4.2 per cent, the lowest on record.")
            rita.get_by_label("Stance").select_option("Supports")
            rita.get_by_role("button", name="Add evidence").click()
            evidence = rita.locator("section.evidence")
            expect(evidence.get_by_text("not found in the source")).to_be_visible()
            rita.get_by_role("button", name="Remove").first.click()
            expect(timeline).to_contain_text("Removed evidence")
            rita.get_by_label("Source file").set_input_files(str(survey))
            rita.get_by_label("Excerpt").fill("Unemployment fell from 5.0 per cent to 4.6 per cent over the year")
            rita.get_by_label("Stance").select_option("Refutes")
            rita.get_by_role("button", name="Add evidence").click()
            expect(evidence.get_by_text("Excerpt found in the source")).to_be_visible()
            expect(evidence.get_by_text("not found in the source")).to_have_count(0)

            rita.get_by_label("Rating", exact=True).select_option("False")
            rita.get_by_label("Rationale").fill("The survey puts unemployment at 4.6 per cent in March, not 4.2.")
            rita.get_by_role("button", name="Save verdict").click()
            expect(timeline).to_contain_text("Proposed the verdict: False")

            eddie = log_in(browser, live_server.url, "eddie")
            eddie.goto(claim_url)
            eddie.get_by_role("button", name="Approve verdict").click()
            expect(eddie.get_by_role("list", name="Timeline")).to_contain_text("Approved the verdict")
            eddie.get_by_role("button", name="Publish").click()
            expect(eddie.get_by_role("heading", name="Pre-flight checklist")).to_be_visible()
            expect(eddie.get_by_text("Ready to publish.")).to_be_visible()
            expect(eddie.get_by_role("heading", name="ClaimReview JSON-LD")).to_be_visible()
            preview_path = eddie.url.removeprefix(live_server.url)
            shots += [
                screenshot(live_server.url, preview_path, "publish-preview", 1280),
                shoot_as(eddie, live_server.url, preview_path, "publish-preview", 390),
            ]
            eddie.get_by_role("button", name="Publish").click()
            expect(eddie.get_by_text("Published as version 1.")).to_be_visible()

            # A later edit stays private: staff see the diff, readers the published version.
            rita.goto(claim_url)
            rita.get_by_label("Claim reviewed").fill("The jobless rate fell to 4.2% in March")
            rita.get_by_role("button", name="Save wording").click()
            expect(rita.get_by_role("heading", name="Changes not yet public")).to_be_visible()
            rita.get_by_role("link", name="public fact-check page").click()
            expect(rita.get_by_role("heading", name="Unemployment fell to 4.2% in March")).to_be_visible()
            expect(rita.get_by_text("The jobless rate")).to_have_count(0)

            # The correction: proposed with its reason, approved and published as version 2.
            rita.goto(claim_url)
            rita.get_by_text("Correct the published verdict…").click()
            rita.get_by_label("Rating", exact=True).select_option("Mostly false")
            rita.get_by_label("Rationale").fill("The survey puts it at 4.6 per cent; the fall itself is real.")
            rita.get_by_label("Correction reason").fill("We restated the claim and weighed the real fall.")
            rita.get_by_role("button", name="Save verdict").click()
            expect(rita.get_by_role("list", name="Timeline")).to_contain_text("Proposed a correction")
            eddie.goto(claim_url)
            eddie.get_by_role("button", name="Approve verdict").click()
            eddie.get_by_role("button", name="Publish").click()
            expect(eddie.get_by_role("heading", name="What changes from version 1")).to_be_visible()
            expect(eddie.get_by_label("Correction note")).to_have_value(
                "We restated the claim and weighed the real fall."
            )
            eddie.get_by_role("button", name="Publish").click()
            expect(eddie.get_by_text("Published as version 2.")).to_be_visible()
            eddie.get_by_role("link", name="public fact-check page").click()
            expect(eddie.get_by_role("heading", name="The jobless rate fell to 4.2% in March")).to_be_visible()
            corrections = eddie.locator("section.corrections")
            expect(corrections).to_contain_text("We restated the claim and weighed the real fall.")
            expect(corrections).to_contain_text("Unemployment fell to 4.2% in March")
            public_path = eddie.url.removeprefix(live_server.url)
            shots += [shoot_as(eddie, live_server.url, public_path, "public-correction", w) for w in (1280, 390)]
        finally:
            browser.close()
    assert list(PublishedVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert all(shot.stat().st_size > 10_000 for shot in shots)

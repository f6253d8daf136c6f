"""The queue with a mouse: select all on the page, the bulk bar showing the chosen action's fields, and a bulk
dismiss without a reason explained once."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.desk import chromium, logged_in, make_newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_all_then_dismiss_without_a_reason_says_so_once(live_server, make_user):
    make_newsroom(make_user)
    open_claims = Claim.objects.exclude(status=Claim.Status.PUBLISHED).count()
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita")
        page.goto(f"{live_server.url}/queue/?status=new")
        page.get_by_label("Select every claim on this page").check()
        boxes = page.locator("#queue-rows tbody").get_by_role("checkbox")
        assert boxes.count() > 3
        for i in range(boxes.count()):
            expect(boxes.nth(i)).to_be_checked()
        boxes.first.uncheck()
        assert page.get_by_label("Select every claim on this page").evaluate("box => box.indeterminate")
        page.get_by_label("Select every claim on this page").check()
        # The bulk bar shows only the chosen action's fields: assigning first, then dismissing.
        expect(page.get_by_label("Assign to", exact=True)).to_be_visible()
        expect(page.get_by_label("Dismiss reason")).to_be_hidden()
        page.get_by_label("Action").select_option("Dismiss with reason…")
        expect(page.get_by_label("Dismiss reason")).to_be_visible()
        expect(page.get_by_label("Assign to", exact=True)).to_be_hidden()
        expect(page.get_by_label("Due date")).to_be_hidden()
        page.get_by_role("button", name="Apply to selected").click()
        errors = page.locator("#queue-rows .messages li")
        expect(errors).to_have_count(1)
        expect(errors.first).to_have_text(
            re.compile(r"^\d+ claims|^Claims [\d, ]+ and \d+: Choose why the claim is dismissed")
        )
        # The claim links still open their claims after the rows were swapped in place.
        page.locator("#queue-rows td.claim-cell a").first.click()
        page.wait_for_url(re.compile(r"/claims/\d+/$"))
        expect(page.get_by_role("heading", name="Workflow")).to_be_visible()
    assert Claim.objects.exclude(status=Claim.Status.PUBLISHED).count() == open_claims


def test_the_desk_panel_saves_the_priority_flag_with_the_due_date_and_the_queue_filters_on_it(live_server, make_user):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita")
        page.goto(f"{live_server.url}/claims/{newsroom.claim.pk}/")
        # One button saves both fields of the form, and says so.
        expect(page.get_by_role("button", name="Save due date", exact=True)).to_have_count(0)
        page.get_by_label("Due date", exact=True).fill("2030-01-15")
        page.get_by_label("Priority", exact=True).check()
        page.get_by_role("button", name="Save due date and priority").click()
        expect(page.get_by_label("Priority", exact=True)).to_be_checked()
        page.goto(f"{live_server.url}/queue/")
        filters = page.get_by_role("search")
        filters.get_by_label("Priority", exact=True).select_option("Priority only")
        filters.get_by_role("button", name="Apply", exact=True).click()
        rows = page.locator("#queue-rows tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(newsroom.claim.text[:40])
    newsroom.claim.refresh_from_db()
    assert newsroom.claim.priority and newsroom.claim.due_date.isoformat() == "2030-01-15"


def test_a_search_that_matches_nothing_offers_a_way_out_not_an_export_or_bulk_bar(live_server, make_user):
    make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita")
        page.get_by_role("searchbox", name="Search").fill("zebra crossings on the moon")
        page.get_by_role("search").get_by_role("button", name="Apply", exact=True).click()
        rows = page.locator("#queue-rows")
        expect(rows).to_contain_text("No claims match these filters.")
        expect(page.get_by_role("link", name="Export CSV")).to_have_count(0)
        expect(page.get_by_role("button", name="Apply to selected")).to_have_count(0)
        rows.get_by_role("link", name="Clear the filters").click()
        expect(page.get_by_role("link", name="Export CSV")).to_be_visible()
        expect(page.get_by_role("button", name="Apply to selected")).to_be_visible()
        expect(page.locator("#queue-rows tbody tr").first).not_to_contain_text("No claims match")

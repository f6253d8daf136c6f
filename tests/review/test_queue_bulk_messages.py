"""Bulk actions explain a refusal once for all the claims it stopped; taking a new claim says it moved."""

from claims.models import Claim, Event
from claims.review import workflow
from tests.support.factories import make_article, make_claim


def test_one_missing_dismiss_reason_is_one_message_naming_the_claims(editor):
    article = make_article()
    ids = [make_claim(article, text=f"Claim text {n}", position=n).pk for n in range(3)]
    done, problems = workflow.claims_bulk(claim_ids=ids, action="dismiss", actor=editor)
    assert done == 0
    named = f"Claims {ids[0]}, {ids[1]} and {ids[2]}"
    assert problems == [f"{named}: Choose why the claim is dismissed: not check-worthy, duplicate or out of scope."]


def test_taking_a_new_claim_records_that_its_review_started(editor):
    claim = make_claim(make_article())
    workflow.claim_assign(claim=claim, assignee=editor, actor=editor)
    event = Event.objects.get(claim=claim, action="claim_assigned")
    assert event.summary == "Assigned to eddie; status New → In review"
    assert event.before == {"assignee": None, "status": "New"} and event.after["status"] == "In review"
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW

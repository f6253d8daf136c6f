"""The claim checklist: Admin-configured steps, ticked on the claim page; a required one gates proposing a verdict."""

import pytest
from django.urls import reverse

from claims.models import ChecklistItem, ChecklistMark, Event, Verdict
from claims.review import workflow
from tests.support.factories import make_claim, rating

pytestmark = pytest.mark.django_db


def test_no_checklist_is_shown_until_an_admin_configures_one(reviewer_client):
    claim = make_claim()
    assert "Checklist" not in reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()


def test_a_required_step_must_be_ticked_before_a_verdict_is_proposed(reviewer_client, reviewer):
    step = ChecklistItem.objects.create(label="Contact the claimant", required=True)
    ChecklistItem.objects.create(label="Find the primary document")
    claim = make_claim()
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Contact the claimant" in page and "required before proposing a verdict" in page
    with pytest.raises(workflow.WorkflowError, match="Contact the claimant"):
        workflow.verdict_propose(claim=claim, rating=rating(), rationale="R", actor=reviewer, version=None)
    response = reviewer_client.post(
        reverse("verdict_save", args=[claim.pk]), {"rating": rating().pk, "rationale": "R", "version": claim.version}
    )
    assert response.status_code == 200 and "Tick the required checklist steps first" in response.content.decode()
    reviewer_client.post(reverse("checklist_tick", args=[claim.pk, step.pk]), {"done": "1"})
    assert ChecklistMark.objects.get().done_by == reviewer
    assert Event.objects.filter(claim=claim, action="checklist_ticked").count() == 1
    claim.refresh_from_db()
    workflow.verdict_propose(claim=claim, rating=rating(), rationale="R", actor=reviewer, version=None)
    assert Verdict.objects.count() == 1


def test_ticking_twice_changes_nothing_and_unticking_is_recorded(reviewer_client):
    step = ChecklistItem.objects.create(label="Find the primary document")
    claim = make_claim()
    url = reverse("checklist_tick", args=[claim.pk, step.pk])
    reviewer_client.post(url, {"done": "1"})
    reviewer_client.post(url, {"done": "1"})
    reviewer_client.post(url, {"done": "0"})
    assert list(Event.objects.filter(claim=claim).values_list("action", flat=True)) == [
        "checklist_ticked",
        "checklist_unticked",
    ]
    assert not ChecklistMark.objects.exists()


def test_people_without_a_role_cannot_tick(client, make_user):
    step = ChecklistItem.objects.create(label="x")
    claim = make_claim()
    client.force_login(make_user("", "outsider"))
    assert client.post(reverse("checklist_tick", args=[claim.pk, step.pk]), {"done": "1"}).status_code == 403

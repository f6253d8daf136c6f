"""What the verdict panel offers each user: the workflow's rules as booleans, not status strings in a template."""

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from claims.review import workflow
from claims.review.actions import verdict_actions
from tests.support.factories import approve, make_claim, propose, published_claim

pytestmark = pytest.mark.django_db


def test_a_proposal_waits_for_an_editor_who_did_not_write_it(make_user):
    reviewer, author, other = make_user("Reviewer"), make_user("Editor"), make_user("Editor")
    claim = make_claim()
    propose(claim, by=author)
    for_reviewer, for_author, for_other = (verdict_actions(claim, user) for user in (reviewer, author, other))
    assert for_reviewer.awaiting_approval and not for_reviewer.can_approve and not for_reviewer.can_send_back
    assert for_author.wrote_proposal and not for_author.can_approve and for_author.own_proposal
    assert for_other.can_approve and for_other.can_send_back and not for_other.wrote_proposal
    assert all(a.can_write and a.revising and not a.correcting for a in (for_reviewer, for_author, for_other))


def test_an_approved_verdict_is_published_by_an_editor_and_cannot_be_revised(make_user):
    reviewer, editor = make_user("Reviewer"), make_user("Editor")
    claim = make_claim()
    approve(propose(claim))
    assert verdict_actions(claim, editor).can_publish
    waiting = verdict_actions(claim, reviewer)
    assert waiting.awaiting_publication and not waiting.can_publish and not waiting.can_write


def test_after_publication_writing_is_a_correction_and_a_dismissed_claim_takes_none(make_user):
    reviewer = make_user("Reviewer")
    published, _ = published_claim()
    after = verdict_actions(published, reviewer)
    assert after.correcting and after.can_write and not after.revising and after.open_verdict is None
    dismissed = make_claim()
    workflow.claim_set_status(
        claim=dismissed, status=Claim.Status.DISMISSED, actor=reviewer, version=None, dismiss_reason="duplicate"
    )
    assert verdict_actions(Claim.objects.get(pk=dismissed.pk), reviewer).dismissed
    assert not verdict_actions(Claim.objects.get(pk=dismissed.pk), reviewer).can_write


def test_the_claim_page_shows_approve_only_to_the_editor_who_may(client, make_user):
    author, other = make_user("Editor"), make_user("Editor")
    claim = make_claim()
    verdict = propose(claim, by=author)
    approve_url = reverse("verdict_approve", args=[claim.pk, verdict.pk])
    client.force_login(author)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert approve_url not in page and "another editor has to approve it" in page
    client.force_login(other)
    assert approve_url in client.get(claim.get_absolute_url()).content.decode()


def test_saving_the_form_after_someone_else_proposed_is_a_conflict_carrying_their_verdict(make_user):
    first, second = make_user("Reviewer"), make_user("Reviewer")
    claim = make_claim()
    theirs = propose(claim, by=first)
    with pytest.raises(workflow.Conflict) as conflict:
        workflow.verdict_save(claim=claim, rating=theirs.rating, rationale="Mine.", actor=second, version=None)
    assert conflict.value.current.pk == theirs.pk
    revised, done = workflow.verdict_save(
        claim=claim, rating=theirs.rating, rationale="Mine.", actor=second, version=theirs.version, verdict_id=theirs.pk
    )
    assert done == "revised" and revised.proposed_by == second and revised.status == Verdict.Status.PROPOSED

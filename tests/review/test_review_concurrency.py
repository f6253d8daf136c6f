"""Optimistic concurrency: two people saving from the same version never silently overwrite each other."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim, Verdict
from claims.review import workflow
from tests.support.factories import make_claim, rating


@pytest.fixture
def two_reviewers(client, make_user):
    from django.test import Client

    first, second = make_user("Reviewer", "ann"), make_user("Reviewer", "ben")
    other = Client()
    client.force_login(first)
    other.force_login(second)
    return client, other


@pytest.mark.django_db
def test_second_wording_save_from_the_same_version_gets_a_conflict_with_the_current_value(two_reviewers):
    ann, ben = two_reviewers
    claim = make_claim()
    url = reverse("claim_wording", args=[claim.pk])
    assert ann.post(url, {"claim_reviewed": "Unemployment fell to 4.2%", "version": 1}).status_code == 302
    response = ben.post(url, {"claim_reviewed": "Jobless rate at 4.2%", "version": 1})
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed by ann while you were editing" in body
    assert "Current wording: “Unemployment fell to 4.2%”" in body
    assert 'value="Jobless rate at 4.2%"' in body  # ben's text is kept in the form to re-apply
    assert Claim.objects.get(pk=claim.pk).claim_reviewed == "Unemployment fell to 4.2%"
    # Saving again from the version the conflict page carries is a deliberate overwrite.
    assert ben.post(url, {"claim_reviewed": "Jobless rate at 4.2%", "version": 2}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).claim_reviewed == "Jobless rate at 4.2%"


@pytest.mark.django_db
def test_stale_status_change_is_refused(two_reviewers):
    ann, ben = two_reviewers
    claim = make_claim()
    url = reverse("claim_status", args=[claim.pk])
    ann.post(url, {"status": "dismissed", "dismiss_reason": "out_of_scope", "version": 1})
    response = ben.post(url, {"status": "in_review", "version": 1})
    assert response.status_code == 409 and "Current status: Dismissed" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DISMISSED


@pytest.mark.django_db
def test_two_proposals_from_the_same_version_leave_one_verdict(two_reviewers):
    ann, ben = two_reviewers
    claim = make_claim()
    url = reverse("verdict_save", args=[claim.pk])
    ann.post(url, {"rating": rating("False").pk, "rationale": "Ann's reading.", "version": 1})
    response = ben.post(url, {"rating": rating("True").pk, "rationale": "Ben's reading.", "version": 1})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone proposed a verdict while you were writing yours" in body
    assert "Current verdict: False — “Ann&#x27;s reading.”" in body
    assert "Ben&#x27;s reading." in body
    assert list(Verdict.objects.values_list("rationale", flat=True)) == ["Ann's reading."]


@pytest.mark.django_db
def test_stale_verdict_edit_gets_a_conflict(two_reviewers, django_user_model):
    ann, ben = two_reviewers
    claim = make_claim()
    verdict = workflow.verdict_propose(
        claim=claim,
        rating=rating("Mixed"),
        rationale="First draft.",
        actor=django_user_model.objects.get(username="ann"),
        version=1,
    )
    url = reverse("verdict_save", args=[claim.pk])
    form = {"version": verdict.version, "verdict": verdict.pk}
    assert ann.post(url, {"rating": rating("False").pk, "rationale": "Second draft.", **form}).status_code == 302
    response = ben.post(url, {"rating": rating("True").pk, "rationale": "Ben's draft.", **form})
    assert response.status_code == 409
    assert "Current verdict: False — “Second draft.”" in response.content.decode()
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version) == ("Second draft.", 2)


@pytest.mark.django_db
def test_approving_a_verdict_revised_meanwhile_is_a_conflict(make_user):
    reviewer, editor = make_user("Reviewer"), make_user("Editor")
    claim = make_claim()
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="Draft.", actor=reviewer, version=1)
    seen = verdict.version
    workflow.verdict_edit(
        verdict=verdict, rating=rating("Misleading"), rationale="Changed.", actor=reviewer, version=seen
    )
    with pytest.raises(workflow.Conflict) as caught:
        workflow.verdict_approve(verdict=verdict, actor=editor, version=seen)
    assert caught.value.current.rating.label == "Misleading"
    assert Verdict.objects.get().status == Verdict.Status.PROPOSED


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_one_wins_the_other_conflicts(make_user):
    """Two real transactions race on the same version: the row lock lets exactly one through."""
    claim = make_claim()
    user = make_user("Reviewer")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(wording):
        try:
            barrier.wait()
            workflow.claim_edit_wording(claim=Claim.objects.get(pk=claim.pk), wording=wording, actor=user, version=1)
            outcomes.append(("saved", wording))
        except workflow.Conflict as exc:
            outcomes.append(("conflict", exc.current.claim_reviewed))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(w,)) for w in ("First wording", "Second wording")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(w for kind, w in outcomes if kind == "saved")
    assert next(w for kind, w in outcomes if kind == "conflict") == winner
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.claim_reviewed, stored.version) == (winner, 2)

"""The review workflow on the claim page: status, wording, assignment, verdicts, roles, timeline."""

import pytest
from django.urls import reverse

from claims.models import Claim, Event, Verdict
from claims.review import workflow
from tests.support.factories import cite_as, make_claim, rating, worded_claim

pytestmark = pytest.mark.django_db


def post(client, name, claim, data=None, **kwargs):
    return client.post(reverse(name, args=[claim.pk, *kwargs.values()]), data or {})


def test_claim_page_shows_the_controls_of_the_ui_contract(reviewer_client):
    claim = make_claim()
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    for control in (
        "Assign to me",
        ">Status<",
        "Add evidence",
        "Source URL",
        "Excerpt",
        "Stance",
        ">Verdict<",  # the panel's heading
        ">Rating<",  # the field: "Verdict / Propose a verdict / Verdict" said one word three times
        "Rationale",
        "Save verdict",
    ):
        assert control in page
    assert "<mark>unemployment fell to 4.2 percent in March</mark>" in page
    assert f"?highlight={claim.pk}#a" in page


def test_assign_to_me_moves_a_new_claim_into_review_and_records_it(reviewer_client, reviewer):
    claim = make_claim()
    response = post(reviewer_client, "claim_assign", claim, {"assignee": "me", "version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.assignee, claim.status, claim.version) == (reviewer, Claim.Status.IN_REVIEW, 2)
    event = Event.objects.get(claim=claim, action="claim_assigned")
    assert event.actor == reviewer and event.after == {"assignee": "rita", "status": "In review"}


def test_reviewer_cannot_assign_someone_else_but_editor_can(reviewer_client, make_user):
    claim = make_claim()
    other = make_user("Reviewer")
    response = post(reviewer_client, "claim_assign", claim, {"assignee": str(other.pk), "version": 1})
    assert response.status_code == 403
    editor = make_user("Editor")
    reviewer_client.force_login(editor)
    assert post(reviewer_client, "claim_assign", claim, {"assignee": str(other.pk), "version": 1}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).assignee == other


def test_dismiss_requires_a_reason_and_reopen_requires_one_too(reviewer_client):
    claim = make_claim()
    response = post(reviewer_client, "claim_status", claim, {"status": "dismissed", "version": 1})
    assert response.status_code == 200 and "Choose why the claim is dismissed" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW
    post(reviewer_client, "claim_status", claim, {"status": "dismissed", "dismiss_reason": "duplicate", "version": 1})
    claim.refresh_from_db()
    assert (claim.status, claim.dismiss_reason) == (Claim.Status.DISMISSED, "duplicate")
    response = post(reviewer_client, "claim_status", claim, {"status": "in_review", "version": claim.version})
    assert response.status_code == 200 and "Give a reason for reopening" in response.content.decode()
    post(
        reviewer_client,
        "claim_status",
        claim,
        {"status": "in_review", "note": "New figures out", "version": claim.version},
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW and claim.dismiss_reason == ""
    reopened = Event.objects.get(claim=claim, action="reopened")
    assert reopened.before == {"status": "Dismissed"} and reopened.after["note"] == "New figures out"


def test_wording_edit_keeps_the_span_and_warns_when_long(reviewer_client):
    claim = make_claim()
    long = "Unemployment fell to 4.2 percent in March according to the minister speaking on Monday"
    response = post(reviewer_client, "claim_wording", claim, {"claim_reviewed": long, "version": 1})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.claim_reviewed == long and claim.text == "unemployment fell to 4.2 percent in March"
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "Longer than 75 characters" in page


def test_verdict_needs_a_rationale(reviewer_client):
    claim = make_claim()
    response = post(reviewer_client, "verdict_save", claim, {"rating": rating().pk, "rationale": "  ", "version": 1})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Verdict.objects.exists()


def test_full_verdict_workflow_from_proposal_to_publication(client, reviewer, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    claim = worded_claim(reviewer, wording="Unemployment fell to 4.2 percent in March")  # the pre-flight needs both
    cite_as(claim, reviewer)
    claim.refresh_from_db()
    editor, publisher = make_user("Editor"), make_user("Editor")
    client.force_login(reviewer)
    post(
        client,
        "verdict_save",
        claim,
        {"rating": rating("Mostly false").pk, "rationale": "Figures say 4.9%.", "version": claim.version},
    )
    verdict = Verdict.objects.get()
    claim.refresh_from_db()
    assert (verdict.status, claim.status, verdict.proposed_by) == ("proposed", "verdict_proposed", reviewer)

    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Approve verdict" in page
    assert post(client, "verdict_approve", claim, {"version": verdict.version}, v=verdict.pk).status_code == 302
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert (verdict.status, verdict.reviewed_by, claim.status) == ("approved", editor, "approved")
    assert verdict.reviewed_at is not None

    client.force_login(publisher)
    assert "Publish" in client.get(claim.get_absolute_url()).content.decode()
    assert (
        "Pre-flight checklist" in client.get(reverse("verdict_publish", args=[claim.pk, verdict.pk])).content.decode()
    )
    post(client, "verdict_publish", claim, {"version": verdict.version}, v=verdict.pk)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == "published" and verdict.published_at and claim.status == "published"
    assert claim.slug == "unemployment-fell-to-42-percent-in-march"  # from the wording, set at first publication
    actions = list(claim.events.values_list("action", flat=True))
    assert actions == ["wording_edited", "evidence_added", "verdict_proposed", "verdict_approved", "verdict_published"]


def test_reviewer_posting_to_approve_gets_403(reviewer_client, make_user):
    claim = make_claim()
    verdict = workflow.verdict_propose(
        claim=claim, rating=rating(), rationale="No.", actor=make_user("Reviewer"), version=None
    )
    response = post(reviewer_client, "verdict_approve", claim, v=verdict.pk)
    assert response.status_code == 403
    assert post(reviewer_client, "verdict_publish", claim, v=verdict.pk).status_code == 403
    assert (
        post(reviewer_client, "verdict_send_back", claim, {"comment": "x", "version": 1}, v=verdict.pk).status_code
        == 403
    )
    assert Verdict.objects.get().status == Verdict.Status.PROPOSED


def test_editor_cannot_approve_own_verdict(editor_client, editor):
    claim = make_claim()
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="No.", actor=editor, version=None)
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Approve verdict" not in page and "another editor has to approve it" in page
    assert post(editor_client, "verdict_approve", claim, v=verdict.pk).status_code == 403
    assert Verdict.objects.get().status == Verdict.Status.PROPOSED


def test_send_back_needs_a_comment_and_returns_the_claim_to_review(editor_client, reviewer):
    claim = make_claim()
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="No.", actor=reviewer, version=None)
    response = post(
        editor_client, "verdict_send_back", claim, {"comment": "", "version": verdict.version}, v=verdict.pk
    )
    assert response.status_code == 200 and Verdict.objects.get().status == "proposed"
    post(
        editor_client,
        "verdict_send_back",
        claim,
        {"comment": "Cite the ILO series", "version": verdict.version},
        v=verdict.pk,
    )
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert (verdict.status, verdict.review_comment, claim.status) == ("sent_back", "Cite the ILO series", "in_review")
    assert "Cite the ILO series" in editor_client.get(claim.get_absolute_url()).content.decode()


def test_change_after_publishing_is_a_correction_that_supersedes_on_publish(client, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reviewer, first_editor, second_editor = make_user("Reviewer"), make_user("Editor"), make_user("Editor")
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer)
    original = workflow.verdict_propose(
        claim=claim, rating=rating("False"), rationale="No.", actor=reviewer, version=None
    )
    workflow.verdict_approve(verdict=original, actor=first_editor)
    workflow.verdict_publish(verdict=original, actor=first_editor)
    claim.refresh_from_db()

    client.force_login(reviewer)
    data = {"rating": rating("Misleading").pk, "rationale": "New data.", "version": claim.version}
    response = post(client, "verdict_save", claim, data)
    assert response.status_code == 200 and "Correction reason" in response.content.decode()
    post(client, "verdict_save", claim, {**data, "correction_reason": "The agency revised its series."})
    correction = Verdict.objects.get(corrects=original)
    assert correction.correction_reason == "The agency revised its series."
    original.refresh_from_db()
    assert original.status == Verdict.Status.PUBLISHED  # still the public verdict until the correction is out

    workflow.verdict_approve(verdict=correction, actor=second_editor)
    workflow.verdict_publish(verdict=correction, actor=first_editor)
    original.refresh_from_db()
    correction.refresh_from_db()
    assert (original.status, correction.status) == ("superseded", "published")
    event = claim.events.get(action="correction_published")
    assert event.before["rating"] == "False" and event.after["correction reason"].startswith("The agency")


def test_timeline_shows_who_what_and_before_after(reviewer_client, reviewer):
    claim = make_claim()
    workflow.claim_edit_wording(claim=claim, wording="Unemployment fell to 4.2%", actor=reviewer, version=1)
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "rita</strong> — Edited the claim reviewed wording" in page
    assert '<span class="before">—</span> → <span class="after">Unemployment fell to 4.2%</span>' in page


def test_timeline_cannot_be_edited_through_the_ui_or_the_model(editor_client, editor, admin_user, client):
    claim = make_claim()
    workflow.claim_assign(claim=claim, assignee=editor, actor=editor)
    event = Event.objects.get(claim=claim)
    event.summary = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    client.force_login(admin_user)
    change_url = reverse("admin:claims_event_change", args=[event.pk])
    assert client.post(change_url, {"summary": "rewritten"}).status_code == 403
    assert client.post(reverse("admin:claims_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert Event.objects.get(pk=event.pk).summary == "Assigned to eddie; status New → In review"


def test_users_without_a_role_are_refused(client, django_user_model):
    claim = make_claim()
    client.force_login(django_user_model.objects.create_user("nobody", password="a-long-test-passphrase"))
    assert client.get(claim.get_absolute_url()).status_code == 403
    assert client.get(reverse("queue")).status_code == 403
    assert post(client, "claim_assign", claim, {"assignee": "me"}).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    claim = make_claim()
    for url in (
        claim.get_absolute_url(),
        reverse("queue"),
        reverse("source_list"),
        reverse("verdict_save", args=[claim.pk]),
    ):
        response = client.post(url) if "verdict" in url else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_htmx_post_gets_the_claim_page_partial_back(reviewer_client):
    claim = make_claim()
    response = reviewer_client.post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": "me", "version": 1}, HTTP_HX_REQUEST="true", follow=True
    )
    body = response.content.decode()
    assert 'id="claim-page"' in body and "<html" not in body and "assigned to rita" in body

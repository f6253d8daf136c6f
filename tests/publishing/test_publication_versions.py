"""A publication is an immutable version: nothing public changes until an editor publishes a correction."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.evidence import library as evidence
from claims.models import Citation, Claim, Event, PublishedVersion
from claims.review import workflow
from tests.support.factories import EXCERPT, WORDING, approved, cite_as, correct_as, publish_as, published_as, rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def public_page(client, claim: Claim) -> str:
    response = client.get(reverse("public_check", args=[claim.slug]))
    assert response.status_code == 200
    return response.content.decode()


def public_review(client, claim: Claim) -> dict:
    (payload,) = JSONLD.findall(public_page(client, claim))
    return json.loads(payload)


def feed(client) -> dict:
    return json.loads(b"".join(client.get(reverse("public_feed")).streaming_content))


def test_publishing_stores_version_one_with_everything_public(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    (version,) = PublishedVersion.objects.filter(claim=claim)
    assert version.number == 1 and version.current
    content = version.content
    assert content["claim_reviewed"] == WORDING
    assert content["rating"]["label"] == "False" and content["rationale"].startswith("The survey puts")
    assert [(e["stance"], e["excerpt"]) for e in content["evidence"]] == [("refutes", EXCERPT)]
    assert content["claim_review"]["claimReviewed"] == WORDING
    assert content["appearances"] and content["speaker"] == "The minister"


def test_wording_saved_after_publication_stays_private_until_a_correction_is_published(
    client, reviewer_client, reviewer, editor
):
    claim = published_as(reviewer, editor)
    response = reviewer_client.post(
        reverse("claim_wording", args=[claim.pk]), {"claim_reviewed": "A new headline", "version": claim.version}
    )
    assert response.status_code == 302
    assert public_review(client, claim)["claimReviewed"] == WORDING
    assert "A new headline" not in public_page(client, claim)
    assert [item["item"]["claimReviewed"] for item in feed(client)["dataFeedElement"]] == [WORDING]
    # Staff see what would change, against the published version.
    staff = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "Changes not yet public" in staff and "A new headline" in staff and WORDING in staff


def test_removing_the_only_refuting_evidence_does_not_touch_the_public_page(client, reviewer_client, reviewer, editor):
    claim = published_as(reviewer, editor)
    citation = Citation.objects.get(claim=claim)
    response = reviewer_client.post(reverse("citation_remove", args=[claim.pk, citation.pk]))
    assert response.status_code == 302 and not Citation.objects.filter(claim=claim).exists()
    page = public_page(client, claim)
    assert EXCERPT in page and "Refutes" in page


def test_evidence_added_after_publication_is_not_public(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    cite_as(claim, reviewer, excerpt="The survey covers 40,000 households in every region.", stance="supports")
    page = public_page(client, claim)
    assert "40,000 households" not in page and "Supports" not in page


def test_a_correction_is_version_two_with_its_note_and_the_log_keeps_both_as_published(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    claim = workflow.claim_edit_wording(
        claim=claim, wording="Unemployment fell to 4.2 per cent", actor=reviewer, version=claim.version
    )
    correct_as(claim, reviewer, editor, label="Mostly false", reason="We overstated the gap.")
    versions = list(PublishedVersion.objects.filter(claim=claim).order_by("number"))
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].note == "We overstated the gap."
    assert public_review(client, claim)["claimReviewed"] == "Unemployment fell to 4.2 per cent"
    assert public_review(client, claim)["reviewRating"]["alternateName"] == "Mostly false"
    # Later drafts never leak into the log: it prints each version as it was published.
    claim.refresh_from_db()
    workflow.claim_edit_wording(claim=claim, wording="DRAFT WORDING", actor=reviewer, version=claim.version)
    log = client.get(reverse("public_corrections")).content.decode()
    assert "DRAFT WORDING" not in log
    assert WORDING in log and "Unemployment fell to 4.2 per cent" in log
    assert "We overstated the gap." in log and "False" in log and "Mostly false" in log
    page = public_page(client, claim)
    assert "DRAFT WORDING" not in page and "We overstated the gap." in page and WORDING in page
    # The version-1 snapshot is untouched.
    assert versions[0].content["claim_reviewed"] == WORDING


def test_evidence_removed_in_a_correction_is_listed_in_its_public_diff(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    evidence.citation_remove(citation=Citation.objects.get(claim=claim), actor=reviewer)
    cite_as(claim, reviewer, excerpt="The survey covers 40,000 households in every region.", stance="context")
    correct_as(claim, reviewer, editor, reason="The first source was superseded.")
    log = client.get(reverse("public_corrections")).content.decode()
    assert "Evidence removed" in log and "Evidence added" in log


def test_the_editor_who_wrote_a_change_cannot_approve_it(reviewer, editor, make_user):
    claim = published_as(reviewer, editor)
    other_editor = make_user("Editor", "olga")
    claim = workflow.claim_edit_wording(
        claim=claim, wording="Olga's rewording", actor=other_editor, version=claim.version
    )
    verdict = workflow.verdict_propose(
        claim=claim,
        rating=rating("False"),
        rationale="Same verdict, new wording.",
        actor=reviewer,
        version=claim.version,
        correction_reason="Clearer wording.",
    )
    with pytest.raises(PermissionDenied):
        workflow.verdict_approve(verdict=verdict, actor=other_editor)
    assert workflow.verdict_approve(verdict=verdict, actor=editor).status == "approved"


@pytest.mark.parametrize("change", ["wording", "evidence"])
def test_a_change_after_approval_needs_a_new_approval(reviewer, editor, change):
    claim = published_as(reviewer, editor)
    verdict = approved(claim, reviewer, editor, correction_reason="Sharper rationale.")
    claim.refresh_from_db()
    if change == "wording":
        workflow.claim_edit_wording(
            claim=claim, wording="Slipped in after approval", actor=reviewer, version=claim.version
        )
    else:
        cite_as(claim, reviewer, excerpt="The survey covers 40,000 households in every region.", stance="supports")
    with pytest.raises(workflow.WorkflowError, match="changed since"):
        publish_as(verdict, editor)
    assert PublishedVersion.objects.filter(claim=claim).count() == 1
    assert "Slipped in" not in json.dumps(PublishedVersion.objects.get(claim=claim).content)


def test_reopening_keeps_the_published_version_public(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    workflow.claim_set_status(
        claim=claim, status=Claim.Status.IN_REVIEW, actor=editor, version=claim.version, note="New data out"
    )
    assert public_review(client, claim)["claimReviewed"] == WORDING
    assert len(feed(client)["dataFeedElement"]) == 1


def test_a_published_version_cannot_be_rewritten(reviewer, editor):
    claim = published_as(reviewer, editor)
    version = PublishedVersion.objects.get(claim=claim)
    version.content["claim_reviewed"] = "Rewritten"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(TypeError):
        PublishedVersion.objects.filter(pk=version.pk).update(note="x")


def test_publishing_is_on_the_timeline_with_the_version_number(reviewer, editor):
    claim = published_as(reviewer, editor)
    event = Event.objects.get(claim=claim, action="verdict_published")
    assert event.after["version"] == 1


def test_the_ledger_shows_the_published_wording_and_labels_a_later_draft(editor_client, reviewer, editor):
    claim = published_as(reviewer, editor)
    claim = workflow.claim_edit_wording(claim=claim, wording="DRAFT WORDING", actor=reviewer, version=claim.version)
    ledger = editor_client.get(reverse("article_ledger", args=[claim.article_id])).content.decode()
    assert f"{WORDING} <em>(published, version 1)</em>" in ledger
    assert "<em>Draft wording, not public:</em> DRAFT WORDING" in ledger
    markdown = editor_client.get(reverse("article_ledger_md", args=[claim.article_id])).content.decode()
    assert f"**Claim reviewed (published, version 1):** {WORDING}" in markdown
    assert "**Draft wording (not public):** DRAFT WORDING" in markdown

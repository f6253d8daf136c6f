"""Publish opens a preview of the public page and its JSON-LD, with a pre-flight checklist that can block."""

import json
import re

import pytest
from django.urls import reverse

from claims.models import Appearance, Claim, PublishedVersion, Rating
from tests.support.factories import (
    EXCERPT,
    RATIONALE,
    WORDING,
    approved,
    cite_as,
    make_article,
    make_claim,
    published_as,
    worded_claim,
)

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<pre class="jsonld"[^>]*>(.*?)</pre>', re.S)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def preview_url(verdict) -> str:
    return reverse("verdict_publish", args=[verdict.claim_id, verdict.pk])


def preview(client, verdict) -> str:
    response = client.get(preview_url(verdict))
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, verdict, **data):
    return client.post(preview_url(verdict), {"version": verdict.version, **data})


def test_publish_on_the_claim_page_opens_the_preview_with_the_page_and_json_ld(editor_client, reviewer, make_user):
    approver = make_user("Editor", "ann")
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer)
    verdict = approved(claim, reviewer, approver)
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert f'action="{preview_url(verdict)}"' in page and 'method="get"' in page
    shown = preview(editor_client, verdict)
    assert "Preview" in shown and WORDING in shown and RATIONALE in shown and EXCERPT in shown
    (payload,) = JSONLD.findall(shown)
    review = json.loads(payload.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))
    assert review["claimReviewed"] == WORDING and review["reviewRating"]["alternateName"] == "False"
    assert "Ready to publish" in shown and "disabled" not in shown.split('id="confirm-publish"')[1].split(">")[0]
    assert not PublishedVersion.objects.exists()  # looking is not publishing
    response = confirm(editor_client, verdict)
    assert response.status_code == 302
    assert PublishedVersion.objects.get(claim=claim).content["claim_reviewed"] == WORDING


def test_without_claim_reviewed_wording_the_raw_sentence_never_becomes_the_headline(editor_client, reviewer, make_user):
    approver = make_user("Editor", "ann")
    claim = worded_claim(reviewer, wording="")
    cite_as(claim, reviewer)
    verdict = approved(claim, reviewer, approver)
    shown = preview(editor_client, verdict)
    assert "Claim reviewed wording" in shown and "Not ready to publish" in shown
    assert re.search(r'id="confirm-publish"[^>]*disabled', shown)
    response = confirm(editor_client, verdict)
    assert response.status_code == 200 and "Not ready to publish" in response.content.decode()
    assert not PublishedVersion.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED


def test_a_verdict_without_evidence_cannot_be_published(editor_client, reviewer, make_user):
    approver = make_user("Editor", "ann")
    claim = worded_claim(reviewer)
    verdict = approved(claim, reviewer, approver)
    shown = preview(editor_client, verdict)
    assert "At least one piece of evidence" in shown and "Not ready to publish" in shown
    assert confirm(editor_client, verdict).status_code == 200
    assert not PublishedVersion.objects.exists()


def test_a_rating_taken_off_the_scale_blocks_publication(editor_client, reviewer, make_user):
    approver = make_user("Editor", "ann")
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer)
    verdict = approved(claim, reviewer, approver, label="Mixed")
    Rating.objects.filter(label="Mixed").update(active=False)  # an admin retires the step meanwhile
    assert "Rating is on the active scale" in preview(editor_client, verdict)
    assert confirm(editor_client, verdict).status_code == 200
    assert not PublishedVersion.objects.exists()


def test_an_unfound_excerpt_is_listed_and_blocks(editor_client, reviewer, make_user):
    approver = make_user("Editor", "ann")
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer, excerpt="A sentence the survey never printed at all.")
    verdict = approved(claim, reviewer, approver)
    shown = preview(editor_client, verdict)
    assert "not found in the source" in shown and "Not ready to publish" in shown
    assert confirm(editor_client, verdict).status_code == 200 and not PublishedVersion.objects.exists()


def test_long_wording_and_an_appearance_without_url_headline_or_date_warn_but_do_not_block(
    editor_client, reviewer, make_user
):
    approver = make_user("Editor", "ann")
    article = make_article(title="", url="", published=None)  # pasted: no URL, headline or date
    claim = worded_claim(
        reviewer, claim=make_claim(article), wording="Unemployment " * 8 + "fell to 4.2 per cent in March"
    )
    cite_as(claim, reviewer)
    verdict = approved(claim, reviewer, approver)
    shown = preview(editor_client, verdict)
    assert "Ready to publish" in shown
    assert "characters: search engines may cut it" in shown
    assert "Missing: URL, headline, date" in shown
    assert confirm(editor_client, verdict).status_code == 302
    assert Appearance.objects.filter(claim=claim).exists() and PublishedVersion.objects.filter(claim=claim).exists()


def test_a_correction_preview_shows_the_diff_and_needs_a_note(editor_client, reviewer, editor, make_user):
    approver = make_user("Editor", "ann")
    claim = published_as(reviewer, approver)
    from claims.review import workflow

    claim = workflow.claim_edit_wording(
        claim=claim, wording="Jobless rate fell to 4.2%", actor=reviewer, version=claim.version
    )
    verdict = approved(claim, reviewer, approver, correction_reason="Plainer wording.")
    shown = preview(editor_client, verdict)
    assert "version 2" in shown and "Jobless rate fell to 4.2%" in shown and WORDING in shown
    assert 'name="note"' in shown and "Plainer wording." in shown
    response = confirm(editor_client, verdict, note="  ")
    assert response.status_code == 200 and "correction note" in response.content.decode()
    assert confirm(editor_client, verdict, note="Plainer wording, same verdict.").status_code == 302
    assert PublishedVersion.objects.get(claim=claim, current=True).note == "Plainer wording, same verdict."


def test_reviewers_cannot_open_the_preview(reviewer_client, reviewer, editor):
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer)
    verdict = approved(claim, reviewer, editor)
    assert reviewer_client.get(preview_url(verdict)).status_code == 403
    assert confirm(reviewer_client, verdict).status_code == 403
    assert not PublishedVersion.objects.filter(claim=claim).exists()

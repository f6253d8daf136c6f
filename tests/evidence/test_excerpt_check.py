"""Excerpts are checked against the source's text snapshot: found (and where), or flagged."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.evidence import library as evidence
from claims.models import Citation, Event, PublishedVersion, Source
from claims.pipeline.excerpts import find_excerpt
from claims.pipeline.sources import source_fetch
from claims.review import workflow
from tests.evidence.test_sources import PDF
from tests.evidence.test_sources_fetch import PAGES, page_server  # noqa: F401 - the loopback page fixture
from tests.support.factories import approved, cite_as, publish_as, text_source, worded_claim

SOURCE = (
    "REPORT OF THE AUDITOR\n\n"
    "The ministry’s figures — published in May — do not match the register.\n"
    "Of the 1,200 schools promised, only 640 were com-\npleted by the end of the year.\n\n"
    "The auditor recommends a full review."
)


@pytest.mark.parametrize(
    "excerpt",
    [
        "Of the 1,200 schools promised, only 640 were completed by the end of the year.",  # hyphenated line break
        "the ministry's figures - published in may - do not match the register.",  # case, quotes, dashes
        "The  ministry’s figures —\npublished in May — do not match the register.",  # whitespace
        "“Of the 1,200 schools promised, only 640 were completed”",  # quoted
        "The ministry’s figures … do not match the register.",  # elided
    ],
)
def test_excerpt_is_found_through_case_whitespace_quotes_dashes_and_hyphenation(excerpt):
    match = find_excerpt(excerpt, SOURCE)
    assert match is not None and match.distance == 0


def test_ocr_noise_within_a_small_edit_distance_is_found():
    noisy = "0f the 1,2OO schools prornised, only 640 were completed by the end of the year."
    match = find_excerpt(noisy, SOURCE)
    assert match is not None and 0 < match.distance <= 5
    assert match.line == 4


def test_an_invented_quote_is_not_found():
    assert find_excerpt("Every one of the 1,200 schools promised was completed on time.", SOURCE) is None
    assert find_excerpt("Only 64 were completed.", SOURCE) is None  # short excerpts must match exactly


def test_location_is_the_paragraph_and_line():
    match = find_excerpt("The auditor recommends a full review.", SOURCE)
    assert (match.paragraph, match.line) == (3, 7)
    assert match.describe() == "paragraph 3, line 7"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_invented_quote_cited_to_an_uploaded_pdf_is_flagged_on_the_claim_page(reviewer_client, media):
    claim = worded_claim(None)
    response = reviewer_client.post(
        reverse("evidence_add", args=[claim.pk]),
        {
            "file": SimpleUploadedFile("report.pdf", PDF),
            "excerpt": "Unemployment was 2.1 percent, the lowest ever.",
            "stance": "supports",
            "source_type": "report",
        },
    )
    assert response.status_code == 302
    citation = Citation.objects.get(claim=claim)
    assert citation.excerpt_check == Citation.ExcerptCheck.NOT_FOUND
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "not found in the source" in page


@pytest.mark.django_db
def test_a_verbatim_excerpt_shows_found_in_the_source_with_its_location(reviewer_client, reviewer, media):
    claim = worded_claim(reviewer)
    citation = cite_as(claim, reviewer, excerpt="The survey covers 40,000 households in every region.")
    assert citation.excerpt_check == Citation.ExcerptCheck.FOUND
    assert citation.excerpt_location == "paragraph 2, line 4"
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "found in the source" in page and "paragraph 2, line 4" in page
    assert "not found in the source" not in page


@pytest.mark.django_db
def test_publishing_an_unfound_excerpt_needs_an_editors_override_with_a_reason(reviewer, editor, make_user, media):
    claim = worded_claim(reviewer)
    citation = cite_as(claim, reviewer, excerpt="The minister's figure is confirmed by the survey.")
    verdict = approved(claim, reviewer, editor)
    with pytest.raises(workflow.WorkflowError, match="not found in the source"):
        publish_as(verdict, editor)
    assert not PublishedVersion.objects.filter(claim=claim).exists()
    with pytest.raises(PermissionDenied):
        evidence.citation_override_excerpt(citation=citation, actor=reviewer, reason="I read it in the print copy")
    with pytest.raises(evidence.EvidenceError):
        evidence.citation_override_excerpt(citation=citation, actor=editor, reason=" ")
    evidence.citation_override_excerpt(citation=citation, actor=editor, reason="Quoted from the printed edition, p. 4")
    event = Event.objects.get(claim=claim, action="excerpt_overridden")
    assert event.actor == editor and event.after["reason"] == "Quoted from the printed edition, p. 4"
    publish_as(verdict, editor)
    assert PublishedVersion.objects.filter(claim=claim).count() == 1


@pytest.mark.django_db
def test_override_is_an_editor_button_on_the_claim_page(client, reviewer, editor, media):
    claim = worded_claim(reviewer)
    citation = cite_as(claim, reviewer, excerpt="Nothing like this is in the survey at all.")
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Publish anyway" in page
    response = client.post(
        reverse("citation_override", args=[claim.pk, citation.pk]), {"reason": "Read from the scanned annex"}
    )
    assert response.status_code == 302
    citation.refresh_from_db()
    assert citation.excerpt_cleared and citation.excerpt_override_by == editor


@pytest.mark.django_db
def test_refetching_a_source_checks_its_excerpts_again(page_server, reviewer):  # noqa: F811
    claim = worded_claim(reviewer)
    source = Source.objects.create(url=page_server, fetch_status=Source.FetchStatus.QUEUED)
    citation = cite_as(claim, reviewer, source=source, excerpt="adopted with 70 votes in favour and 38 against")
    assert citation.excerpt_check == Citation.ExcerptCheck.PENDING  # no text yet
    source_fetch(source.pk)
    citation.refresh_from_db()
    assert citation.excerpt_check == Citation.ExcerptCheck.FOUND
    PAGES["body"] = PAGES["body"].replace("70 votes in favour and 38 against", "a show of hands")
    try:
        Source.objects.filter(pk=source.pk).update(fetch_status=Source.FetchStatus.QUEUED)
        source_fetch(source.pk)
    finally:
        PAGES["body"] = PAGES["body"].replace("a show of hands", "70 votes in favour and 38 against")
    citation.refresh_from_db()
    assert citation.excerpt_check == Citation.ExcerptCheck.NOT_FOUND


@pytest.mark.django_db
def test_citing_a_text_upload_checks_the_excerpt_at_once(reviewer):
    source = text_source(reviewer)
    assert source.text_snapshot
    claim = worded_claim(reviewer)
    assert cite_as(claim, reviewer, source=source).excerpt_check == Citation.ExcerptCheck.FOUND

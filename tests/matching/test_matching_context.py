"""Same words are the same claim only in the same context; imports re-match the claims already in the queue."""

from __future__ import annotations

import json

import pytest

from claims.matching import known_reviews
from claims.models import Article, Claim, ClaimLink, Event
from claims.pipeline.extract import article_extract

pytestmark = pytest.mark.django_db

# A generic fact both stories state in the same words (each about its own city).
GENERIC = "Fines for a first offence are 100 pounds."


def submit(text: str, title: str = "") -> Article:
    article = Article.objects.create(raw=text, title=title)
    return article_extract(article.pk)


def test_the_same_generic_sentence_in_two_cities_stories_is_two_claims_suggested_not_linked():
    submit(
        f"Leeds City Council approved a ban on idling engines near schools on Tuesday. {GENERIC} "
        "Councillors in Leeds voted 41 to 12 for the ban.",
        title="Leeds bans idling near schools",
    )
    submit(
        f"Bradford Council approved new parking charges for the city centre on Wednesday. {GENERIC} "
        "Bradford expects the charges to raise 2 million pounds a year.",
        title="Bradford brings in new parking charges",
    )
    claims = Claim.objects.filter(text=GENERIC)
    assert claims.count() == 2
    assert all(c.appearance_count == 1 for c in claims)
    link = ClaimLink.objects.get(claim__text=GENERIC, other__text=GENERIC)
    assert link.status == ClaimLink.Status.SUGGESTED


def test_the_same_sentence_in_a_story_about_the_same_place_and_speaker_links():
    submit(
        f"Leeds City Council approved a ban on idling engines near schools on Tuesday. {GENERIC}",
        title="Leeds bans idling near schools",
    )
    submit(
        f"Drivers in Leeds face fines for idling outside schools after a council vote. {GENERIC}",
        title="Idling fines come to Leeds",
    )
    claim = Claim.objects.get(text=GENERIC)
    assert claim.appearance_count == 2


def claimreview(text: str, url: str) -> str:
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": text,
            "headline": "Did the council really cut library hours by 10 percent?",
            "author": {"@type": "Organization", "name": "Harrowfield Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
            "datePublished": "2026-11-20",
        }
    )


def test_importing_a_fact_check_rematches_the_claims_already_in_the_queue_once():
    submit("Harrowfield council cut library opening hours by 10 percent this year, the union said.")
    claim = Claim.objects.get(text__contains="library opening hours")
    content = claimreview(
        "Harrowfield council cut library opening hours by 10 percent.", "https://checks.example/library"
    )
    result = known_reviews.known_reviews_import(source="test", content=content)
    assert result.created == 1 and result.rematched == 1
    assert "already checked" in result.summary
    event = Event.objects.get(claim=claim, action="known_review_matched")
    assert "Harrowfield Checks" in event.summary and "Mostly true" in event.summary
    assert known_reviews.claim_known_reviews(claim)[0][0].url == "https://checks.example/library"
    # Importing it again updates the review; the match is not recorded twice.
    again = known_reviews.known_reviews_import(source="test", content=content)
    assert again.updated == 1 and again.rematched == 0
    assert Event.objects.filter(claim=claim, action="known_review_matched").count() == 1


def test_a_fact_check_with_a_conflicting_figure_does_not_match_a_queued_claim():
    submit("Harrowfield council cut library opening hours by 10 percent this year, the union said.")
    content = claimreview("Harrowfield council cut library opening hours by 40 percent.", "https://checks.example/40")
    result = known_reviews.known_reviews_import(source="test", content=content)
    assert result.rematched == 0
    claim = Claim.objects.get(text__contains="library opening hours")
    assert known_reviews.claim_known_reviews(claim) == []


def test_a_merged_wording_links_to_its_survivor_only_where_its_own_context_agrees(reviewer):
    from claims.matching import decisions

    leeds = submit(
        f"Leeds City Council approved a ban on idling engines near schools on Tuesday. {GENERIC}",
        title="Leeds bans idling near schools",
    )
    bradford = submit(
        f"Bradford Council approved new parking charges for the city centre on Wednesday. {GENERIC}",
        title="Bradford brings in new parking charges",
    )
    link = ClaimLink.objects.get(claim__text=GENERIC, other__text=GENERIC)
    survivor = decisions.claim_link_confirm(link=link, actor=reviewer)
    merged = Claim.objects.get(text=GENERIC, merged_into=survivor)
    # Told again in the merged claim's own story: the survivor's claim.
    again = submit(f"Drivers in {merged.article.title.split()[0]} face fines for idling. {GENERIC}")
    assert again.appearances.get(text=GENERIC).claim_id == survivor.pk
    # Told in a third city's story: neither context agrees, a claim of its own.
    third = submit(f"Wakefield Council approved a ban on street drinking on Monday. {GENERIC}", title="Wakefield")
    assert third.appearances.get(text=GENERIC).claim_id not in {survivor.pk, merged.pk}
    assert {leeds.pk, bradford.pk} >= {survivor.article_id, merged.article_id}

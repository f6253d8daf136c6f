"""ClaimReview JSON-LD of published verdicts, checked against Google's fact-check guidelines."""

import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from claims.models import Verdict
from claims.publishing.claimreview import claim_review, data_feed, published_verdicts
from tests.support.factories import correct, propose, published_claim

pytestmark = pytest.mark.django_db

# Google Search Central, "Fact check (ClaimReview) structured data".
REQUIRED = {"claimReviewed": str, "reviewRating": dict, "url": str}
RECOMMENDED = {"author": dict, "datePublished": str, "itemReviewed": dict}
RATING_FIELDS = {"alternateName": str, "ratingValue": int, "bestRating": int, "worstRating": int}
CLAIM_RECOMMENDED = {"author": dict, "datePublished": str, "appearance": list, "firstAppearance": dict}


def guideline_problems(review: dict) -> list[str]:
    """Return every way a ClaimReview misses Google's required or recommended fields."""
    problems = []
    if review.get("@context") != "https://schema.org" or review.get("@type") != "ClaimReview":
        problems.append("not a schema.org ClaimReview")
    for fields, where in ((REQUIRED, "review"), (RECOMMENDED, "review")):
        for name, kind in fields.items():
            if not isinstance(review.get(name), kind) or not review.get(name):
                problems.append(f"{where}.{name} missing or not {kind.__name__}")
    rating = review.get("reviewRating") or {}
    if rating.get("@type") != "Rating":
        problems.append("reviewRating is not a Rating")
    for name, kind in RATING_FIELDS.items():
        if not isinstance(rating.get(name), kind) or isinstance(rating.get(name), bool):
            problems.append(f"reviewRating.{name} missing or not {kind.__name__}")
    if all(isinstance(rating.get(n), int) for n in ("ratingValue", "bestRating", "worstRating")):
        if not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
            problems.append("ratingValue outside worstRating..bestRating")
    author = review.get("author") or {}
    if author.get("@type") != "Organization" or not author.get("name") or not author.get("url"):
        problems.append("author is not an Organization with name and url")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    for name, kind in CLAIM_RECOMMENDED.items():
        if not isinstance(item.get(name), kind) or not item.get(name):
            problems.append(f"itemReviewed.{name} missing or not {kind.__name__}")
    if (item.get("author") or {}).get("@type") not in ("Person", "Organization"):
        problems.append("itemReviewed.author is neither Person nor Organization")
    for work in item.get("appearance", []):
        if work.get("@type") != "CreativeWork" or not work.get("url"):
            problems.append("an appearance is not a CreativeWork with a url")
    for name in ("datePublished",):
        for value in (review.get(name), item.get(name)):
            try:
                date.fromisoformat(str(value)[:10])
            except ValueError:
                problems.append(f"{name} {value!r} is not an ISO date")
    return problems


def test_published_claim_review_holds_every_required_and_recommended_field():
    claim, verdict = published_claim("False")
    review = json.loads(json.dumps(claim_review(verdict)))  # survives a JSON round trip
    assert guideline_problems(review) == []
    assert review["claimReviewed"] == "Unemployment fell by 40% in 2025"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert review["author"]["name"] == settings.NEWSROOM_NAME
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jane Minister"}
    assert item["datePublished"] == "2026-03-14"
    assert [w["url"] for w in item["appearance"]] == [
        "https://news.example.com/budget",
        "https://other.example.net/row",
    ]
    assert item["firstAppearance"]["url"] == "https://news.example.com/budget"


@override_settings(SITE_URL="https://factcheck.example.org")
def test_review_url_is_the_public_page_on_the_configured_site():
    claim, verdict = published_claim()
    url = urlsplit(claim_review(verdict)["url"])
    assert (url.scheme, url.netloc) == ("https", "factcheck.example.org")
    assert url.path == f"/checks/{claim.slug}/"


def test_organisation_speakers_are_organizations():
    claim, verdict = published_claim(speaker="Ministry of Finance", speaker_kind="organisation")
    assert claim_review(verdict)["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry of Finance"}


def test_drafts_have_no_claim_review():
    claim, verdict = published_claim()
    draft = propose(claim, "True", status=Verdict.Status.APPROVED)
    with pytest.raises(ValueError):
        claim_review(draft)


def test_correction_keeps_first_publication_date_and_adds_date_modified():
    claim, verdict = published_claim()
    fixed = correct(verdict, "Mostly false")
    review = claim_review(fixed)
    assert review["datePublished"] == verdict.published_at.date().isoformat()
    assert review["dateModified"] == fixed.published_at.isoformat()
    assert review["reviewRating"]["alternateName"] == "Mostly false"


def test_data_feed_lists_only_current_published_reviews():
    claim, verdict = published_claim()
    correct(verdict, "Mostly false")
    other, _ = published_claim("True", text="Exports doubled.")
    propose(other, "Mixed")  # a draft on a published claim stays private
    feed = data_feed(published_verdicts())
    assert feed["@type"] == "DataFeed"
    labels = sorted(e["item"]["reviewRating"]["alternateName"] for e in feed["dataFeedElement"])
    assert labels == ["Mostly false", "True"]
    assert all(
        guideline_problems({"@context": "https://schema.org", **e["item"]}) == [] for e in feed["dataFeedElement"]
    )

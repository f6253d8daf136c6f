"""ClaimReview (schema.org) JSON-LD for published verdicts, and the public read side.

Google's fact-check structured data requires `claimReviewed`, `reviewRating`
(with `alternateName`) and `url`; it recommends `author`, `datePublished` and an
`itemReviewed` Claim with its author, date and appearances. Every public format
(page, feed, API, `export_claims --format jsonld`) is built from here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min, Prefetch, QuerySet
from django.urls import reverse

from ..models import Appearance, Citation, Claim, Rating, Verdict

SCHEMA_CONTEXT = "https://schema.org"
# Appearance.speaker_kind values (see extraction.pipeline) that name an organisation.
ORGANISATION_KINDS = {"organisation", "organization", "outlet", "publication"}


@dataclass(frozen=True)
class RatingScale:
    """The numeric ends of the newsroom's rating scale (active steps only)."""

    best: int
    worst: int


WORDING_WARN_CHARS = 75  # Google's ClaimReview guideline: claimReviewed of at most 75 characters


def rating_scale() -> RatingScale:
    """Return the best and worst values of the active rating scale."""
    bounds = Rating.objects.filter(active=True, numeric=True).aggregate(best=Max("value"), worst=Min("value"))
    return RatingScale(best=bounds["best"] or 0, worst=bounds["worst"] or 0)


def published_verdicts() -> QuerySet[Verdict]:
    """Return the current public verdicts, newest publication first, ready for rendering."""
    appearances = Appearance.objects.select_related("article").order_by("article__published", "created_at", "id")
    citations = Citation.objects.select_related("source").order_by("created_at", "id")
    return (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, published_at__isnull=False)
        .exclude(claim__slug="")
        .select_related("claim", "claim__article", "rating", "corrects", "corrects__rating")
        .prefetch_related(
            Prefetch("claim__appearances", queryset=appearances), Prefetch("claim__citations", queryset=citations)
        )
        .order_by("-published_at", "-id")
    )


def published_verdict_for(slug: str) -> Verdict | None:
    """Return the public verdict of the claim with this slug, or None if nothing is published."""
    return published_verdicts().filter(claim__slug=slug).first()


def published_corrections() -> QuerySet[Verdict]:
    """Return every published change to a published verdict, newest first.

    A correction stays in the log after it is itself corrected (it is then
    SUPERSEDED but was public), so the filter is on `published_at`, never on
    drafts: a proposed or approved correction has no `published_at`.
    """
    return (
        Verdict.objects.filter(
            corrects__isnull=False,
            published_at__isnull=False,
            status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED],
            corrects__published_at__isnull=False,
        )
        .exclude(claim__slug="")
        .select_related("claim", "rating", "corrects", "corrects__rating")
        .order_by("-published_at", "-id")
    )


def first_publication(verdict: Verdict):
    """Return when the claim's review was first published (the start of its correction chain)."""
    first = verdict
    seen = {verdict.pk}
    while first.corrects_id and first.corrects_id not in seen:
        seen.add(first.corrects_id)
        first = first.corrects
    return first.published_at or verdict.published_at


# Where a fresh clone serves itself: the site URL of output made without a request when SITE_URL is unset.
DEV_SITE_URL = "http://127.0.0.1:8000"


def configured_site_url() -> str:
    """Return SITE_URL, or the development address when it is unset (pages use the request's host instead)."""
    return settings.SITE_URL or DEV_SITE_URL


def public_url(claim: Claim) -> str:
    """Return the absolute URL of a claim's public fact-check page on the configured site."""
    return configured_site_url() + reverse("public_check", args=[claim.slug])


def newsroom() -> dict:
    """Return the newsroom as a schema.org Organization."""
    return {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": configured_site_url() + "/"}


def speaker_author(claim: Claim, appearances: list[Appearance]) -> dict | None:
    """Return the claim's speaker as a schema.org Person or Organization (None if unknown)."""
    kinds = [a.speaker_kind for a in appearances if a.speaker_kind]
    kind = kinds[0] if kinds else ""
    name = claim.speaker
    if not name:
        # Claims in the article's own voice are the outlet's.
        outlet = next((a.article.outlet for a in appearances if a.article.outlet), "")
        if not outlet:
            return None
        return {"@type": "Organization", "name": outlet}
    return {"@type": "Organization" if kind in ORGANISATION_KINDS else "Person", "name": name}


def distinct_appearances(claim: Claim) -> list[Appearance]:
    """Return one appearance per article, earliest published article first (undated last)."""
    appearances, seen = [], set()
    for appearance in sorted(
        claim.appearances.all(), key=lambda a: (a.article.published is None, a.article.published or 0, a.created_at)
    ):
        if appearance.article_id not in seen:
            seen.add(appearance.article_id)
            appearances.append(appearance)
    return appearances


def creative_work(appearance: Appearance) -> dict:
    """Return one appearance of the claim as a schema.org CreativeWork."""
    article = appearance.article
    work = {"@type": "CreativeWork"}
    if article.url:
        work["url"] = article.url
    if article.title:
        work["headline"] = article.title
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.author:
        work["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


def claim_review(verdict: Verdict, *, scale: RatingScale | None = None) -> dict:
    """Return the ClaimReview JSON-LD (a dict) for a published verdict."""
    if verdict.status != Verdict.Status.PUBLISHED or not verdict.published_at:
        raise ValueError("Only a published verdict has a public ClaimReview")
    claim = verdict.claim
    return build_claim_review(
        claim=claim,
        rating=verdict.rating,
        url=public_url(claim),
        published=first_publication(verdict),
        modified=verdict.published_at if verdict.corrects_id else None,
        scale=scale,
    )


def review_rating(rating: Rating, scale: RatingScale) -> dict:
    """Return a schema.org Rating; a rating off the numeric scale carries its name only.

    Misleading and Unproven are not degrees of truth: a ratingValue would rank them
    against True…False, so they are published with alternateName alone.
    """
    if not getattr(rating, "numeric", True):
        return {"@type": "Rating", "alternateName": rating.label}
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": scale.best,
        "worstRating": scale.worst,
        "alternateName": rating.label,
    }


def build_claim_review(*, claim: Claim, rating: Rating, url: str, published, modified=None, scale=None) -> dict:
    """Return the ClaimReview JSON-LD of a claim with this rating (also for a preview, before publication)."""
    scale = scale or rating_scale()
    appearances = distinct_appearances(claim)
    item = {"@type": "Claim"}
    author = speaker_author(claim, appearances)
    if author:
        item["author"] = author
    dated = [a.article.published for a in appearances if a.article.published]
    if dated:
        item["datePublished"] = min(dated).isoformat()
    works = [creative_work(a) for a in appearances]
    works = [w for w in works if len(w) > 1]
    if works:
        item["appearance"] = works
        item["firstAppearance"] = works[0]
    review = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.reviewed_wording,
        "datePublished": published.date().isoformat(),
        "author": newsroom(),
        "reviewRating": review_rating(rating, scale),
        "itemReviewed": item,
    }
    if modified:
        review["dateModified"] = modified.isoformat()
    return review


def data_feed_items(verdicts, *, scale: RatingScale | None = None) -> Iterator[dict]:
    """Yield one schema.org DataFeedItem per published verdict."""
    scale = scale or rating_scale()
    for verdict in verdicts:
        review = claim_review(verdict, scale=scale)
        review.pop("@context")
        yield {"@type": "DataFeedItem", "dateModified": verdict.published_at.isoformat(), "item": review}


def data_feed_head() -> dict:
    """Return the DataFeed without its elements."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.NEWSROOM_NAME} fact checks",
        "url": configured_site_url() + reverse("public_feed"),
        "publisher": newsroom(),
    }


def data_feed(verdicts) -> dict:
    """Return the schema.org DataFeed of these published verdicts' ClaimReviews."""
    return {**data_feed_head(), "dataFeedElement": list(data_feed_items(verdicts))}


def data_feed_json(verdicts, *, chunk_size: int = 200) -> Iterator[str]:
    """Yield the DataFeed as JSON text, a chunk of verdicts at a time (memory stays flat)."""
    head = json.dumps(data_feed_head(), ensure_ascii=False)
    yield head[:-1] + ', "dataFeedElement": ['
    rows = verdicts.iterator(chunk_size=chunk_size) if hasattr(verdicts, "iterator") else verdicts
    for n, item in enumerate(data_feed_items(rows)):
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"

"""Published versions: the frozen public snapshot of a fact check, and the changes waiting to go out.

Publishing stores everything public (claim reviewed, speaker, rating, rationale,
evidence with excerpts and stances, appearances, the ClaimReview JSON-LD) as
version N of the claim. Public pages, feeds and the API render the current version
only; staff keep working on the live rows, and `pending_changes` shows them what a
correction would change. The stored ClaimReview holds site-relative URLs, made
absolute when served, so every page and feed uses one canonical site URL.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..models import Claim, Event, PublishedVersion, Verdict
from . import claimreview

# Timeline actions that change what the public page would show (a verdict change is its own proposal).
PUBLIC_ACTIONS = ("wording_edited", "evidence_added", "evidence_removed", "source_edited")


def site_url(request=None) -> str:
    """Return the canonical site URL: SITE_URL when set, else the host the request came to."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return claimreview.DEV_SITE_URL


def claim_slug(claim: Claim) -> str:
    """Return the slug a claim gets at first publication: its wording, made unique with its id if taken."""
    base = slugify(claim.reviewed_wording)[:100].strip("-") or "claim"
    taken = (
        Claim.objects.filter(slug=base).exclude(pk=claim.pk).exists()
        or PublishedVersion.objects.filter(slug=base).exclude(claim=claim).exists()
    )
    return f"{base}-{claim.pk}" if taken else base


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def content_of(*, claim: Claim, verdict: Verdict, slug: str, first_published: datetime, published: datetime) -> dict:
    """Return the public content of a claim under this verdict, as plain JSON-ready data.

    `first_published` and `published` are the dates the page will carry; for a
    preview they are the moment it would go out.
    """
    appearances = claimreview.distinct_appearances(claim)
    citations = list(claim.citations.select_related("source").order_by("created_at", "id"))
    path = reverse("public_check", args=[slug])
    corrected = first_published != published
    review = claimreview.build_claim_review(
        claim=claim,
        rating=verdict.rating,
        url=path,
        published=first_published,
        modified=published if corrected else None,
    )
    review["author"]["url"] = "/"
    rating = verdict.rating
    return {
        "slug": slug,
        "path": path,
        "claim_reviewed": claim.reviewed_wording,
        "text": claim.text,
        "speaker": claim.speaker,
        "rating": {
            "label": rating.label,
            "value": rating.value,
            "numeric": rating.numeric,
            "colour": rating.colour,
            "description": rating.description,
        },
        "rationale": verdict.rationale,
        "evidence": [
            {
                "source": str(c.source),
                "url": c.source.url,
                "publisher": c.source.publisher,
                "published": _iso(c.source.published),
                "stance": c.stance,
                "stance_label": c.get_stance_display(),
                "excerpt": c.excerpt,
                "pinpoint": c.pinpoint,
            }
            for c in citations
        ],
        "appearances": [
            {
                # The real headline only: a pasted article's first sentence is no title.
                "title": a.article.title,
                "url": a.article.url,
                "outlet": a.article.outlet,
                "author": a.article.author,
                "published": _iso(a.article.published),
            }
            for a in appearances
        ],
        "first_published": first_published.isoformat(),
        "published": published.isoformat(),
        "claim_review": review,
    }


def current_version(claim: Claim) -> PublishedVersion | None:
    """Return the version of this claim the public sees, or None if it was never published."""
    return claim.published_versions.filter(current=True).first()


def version_publish(*, claim: Claim, verdict: Verdict, actor, note: str) -> PublishedVersion:
    """Store the claim's public content under a published verdict as its next version (caller's transaction)."""
    previous = claim.published_versions.select_for_update().filter(current=True).first()
    number = previous.number + 1 if previous else 1
    first = datetime.fromisoformat(previous.content["first_published"]) if previous else verdict.published_at
    content = content_of(
        claim=claim, verdict=verdict, slug=claim.slug, first_published=first, published=verdict.published_at
    )
    content["number"] = number
    if previous:
        PublishedVersion.objects.filter(pk=previous.pk).update(current=False)
    return PublishedVersion.objects.create(
        claim=claim,
        number=number,
        verdict=verdict,
        slug=claim.slug,
        content=content,
        note=note,
        published_by=actor,
        published_at=verdict.published_at,
    )


def draft_content(claim: Claim, verdict: Verdict) -> dict:
    """Return what the public page would show if this verdict were published now (the preview)."""
    current = current_version(claim)
    now = timezone.now()
    first = datetime.fromisoformat(current.content["first_published"]) if current else now
    content = content_of(
        claim=claim, verdict=verdict, slug=claim.slug or claim_slug(claim), first_published=first, published=now
    )
    content["number"] = current.number + 1 if current else 1
    return content


@dataclass(frozen=True)
class Change:
    """One difference between two versions' public content."""

    label: str
    before: str
    after: str


def _evidence_line(item: dict) -> str:
    excerpt = f" — “{item['excerpt']}”" if item.get("excerpt") else ""
    return f"{item['stance_label']}: {item['source']}{excerpt}"


def _appearance_line(item: dict) -> str:
    return ", ".join(part for part in (item["title"], item.get("outlet"), item.get("url")) if part) or "An article"


def changes_between(before: dict, after: dict) -> list[Change]:
    """Return what changed from one version's public content to another's, in reading order."""
    rows = []
    for key, label in (("claim_reviewed", "Claim reviewed"), ("speaker", "Said by")):
        if before.get(key) != after.get(key):
            rows.append(Change(label, before.get(key) or "", after.get(key) or ""))
    if before["rating"]["label"] != after["rating"]["label"]:
        rows.append(Change("Rating", before["rating"]["label"], after["rating"]["label"]))
    if before.get("rationale") != after.get("rationale"):
        rows.append(Change("Rationale", before.get("rationale", ""), after.get("rationale", "")))
    for key, label, line in (
        ("evidence", "Evidence", _evidence_line),
        ("appearances", "Appearance", _appearance_line),
    ):
        old = [line(item) for item in before.get(key, [])]
        new = [line(item) for item in after.get(key, [])]
        rows += [Change(f"{label} removed", text, "") for text in old if text not in new]
        rows += [Change(f"{label} added", "", text) for text in new if text not in old]
    return rows


def pending_changes(claim: Claim, verdict: Verdict | None = None) -> list[Change] | None:
    """Return how the live claim differs from its published version (None when it was never published).

    Compared under the open verdict if there is one, else the published verdict:
    the rows are what a correction would change on the public page.
    """
    current = current_version(claim)
    if current is None:
        return None
    verdict = verdict or (
        claim.verdicts.filter(status__in=[Verdict.Status.PROPOSED, Verdict.Status.APPROVED]).first() or current.verdict
    )
    if verdict is None:
        return []
    return changes_between(current.content, draft_content(claim, verdict))


def change_authors(claim: Claim, since: datetime) -> set[int]:
    """Return the ids of the people who changed the claim's public content since a moment."""
    return set(
        Event.objects.filter(claim=claim, action__in=PUBLIC_ACTIONS, created_at__gt=since, actor__isnull=False)
        .values_list("actor_id", flat=True)
        .distinct()
    )


def changed_since(claim: Claim, since: datetime) -> list[Event]:
    """Return the public-content changes made to a claim after a moment (e.g. its approval)."""
    return list(Event.objects.filter(claim=claim, action__in=PUBLIC_ACTIONS, created_at__gt=since))


# --- The public read side ------------------------------------------------------


def current_versions() -> QuerySet[PublishedVersion]:
    """Return the version the public sees of every published claim, newest publication first."""
    return PublishedVersion.objects.filter(current=True).select_related("claim").order_by("-published_at", "-id")


def version_for_slug(slug: str) -> PublishedVersion | None:
    """Return the current version published under this slug, or None."""
    return current_versions().filter(claim__slug=slug).first()


def corrections() -> QuerySet[PublishedVersion]:
    """Return every published correction (version 2 and later), newest first."""
    return PublishedVersion.objects.filter(number__gt=1).select_related("claim").order_by("-published_at", "-id")


def with_previous(versions) -> list[PublishedVersion]:
    """Give each version its predecessor's content (`previous`) and the changes between them (`changes`)."""
    versions = list(versions)
    wanted = {(v.claim_id, v.number - 1) for v in versions if v.number > 1}
    previous = {}
    if wanted:
        rows = PublishedVersion.objects.filter(
            claim_id__in={claim_id for claim_id, _ in wanted}, number__in={n for _, n in wanted}
        )
        previous = {(row.claim_id, row.number): row.content for row in rows}
    for version in versions:
        version.previous = previous.get((version.claim_id, version.number - 1))
        version.changes = changes_between(version.previous, version.content) if version.previous else []
    return versions


def _date(value: str | None):
    if not value:
        return None
    return date.fromisoformat(value[:10]) if len(value) <= 10 else datetime.fromisoformat(value)


def for_display(content: dict) -> dict:
    """Return a copy of version content with its dates parsed, for templates."""
    shown = copy.deepcopy(content)
    shown["first_published"] = _date(content["first_published"])
    shown["published"] = _date(content["published"])
    for item in shown["evidence"] + shown["appearances"]:
        item["published"] = _date(item.get("published"))
    return shown


def public_review(content: dict, site: str) -> dict:
    """Return a version's ClaimReview with absolute URLs on the canonical site."""
    review = copy.deepcopy(content["claim_review"])
    review["url"] = site + content["path"]
    review["author"]["url"] = site + "/"
    return review


def feed_head(site: str) -> dict:
    return {
        "@context": claimreview.SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.NEWSROOM_NAME} fact checks",
        "url": site + reverse("public_feed"),
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": site + "/"},
    }


def feed_json(versions, *, site: str, chunk_size: int = 200):
    """Yield the schema.org DataFeed of these versions as JSON text, a chunk at a time."""
    import json

    head = json.dumps(feed_head(site), ensure_ascii=False)
    yield head[:-1] + ', "dataFeedElement": ['
    rows = versions.iterator(chunk_size=chunk_size) if hasattr(versions, "iterator") else versions
    for n, version in enumerate(rows):
        review = public_review(version.content, site)
        review.pop("@context", None)
        item = {"@type": "DataFeedItem", "dateModified": version.published_at.isoformat(), "item": review}
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"

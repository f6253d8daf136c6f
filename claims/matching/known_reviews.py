"""Published fact-checks from elsewhere: read ClaimReview JSON-LD and store it as known reviews.

Accepted input (a file, a URL fetched with `claims.fetching.fetch`, or pasted text):
- a ClaimReview object, a list of them, or any JSON-LD holding them (`@graph`,
  a schema.org `DataFeed` with `dataFeedElement`/`item`, an `ItemList`);
- an HTML page with `<script type="application/ld+json">` blocks;
- the Google Fact Check Tools API answer (`{"claims": [{"text", "claimReview": [...]}]}`).

`parse_claimreviews(text)` is pure; `known_reviews_import(...)` stores the result;
`claim_known_reviews(claim)` finds the published fact-checks matching a claim.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import transaction
from django.db.models import F, Q, Value
from django.utils import timezone

from ..fetching import FetchError, fetch
from ..models import Claim, KnownReview, ReviewImport
from . import candidates
from .minhash import claim_keys, key_strings
from .similarity import compare_review, facts_of, fingerprint, word_overlap

JSON_TYPES = (
    "application/json",
    "application/ld+json",
    "text/json",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
)
LD_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>", re.I | re.S
)
MAX_REVIEWS = 20_000
# JSON may spell NUL and other controls as \u0000 escapes; PostgreSQL cannot store NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ReviewImportError(Exception):
    """An import that could not be read, with a message for the user."""


@dataclass(frozen=True)
class ParsedReview:
    claim_reviewed: str
    url: str = ""
    publisher: str = ""
    publisher_url: str = ""
    claimant: str = ""
    rating: str = ""
    rating_value: str = ""
    date_published: date | None = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.created} fact-check{'s' if self.created != 1 else ''} imported, {self.updated} updated"
        if self.skipped:
            text += f", {self.skipped} skipped (no claim text)"
        return text + "."


def _text(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    return CONTROL.sub("", html.unescape(str(value or ""))).strip()


def _url(value) -> str:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or ""
    value = _text(value)
    return value if value.lower().startswith(("http://", "https://")) else ""


def _date(value) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", _text(value))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _types(node: dict) -> set[str]:
    kind = node.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _from_claimreview(node: dict) -> ParsedReview:
    rating = node.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    item = node.get("itemReviewed") or {}
    if isinstance(item, list):
        item = item[0] if item else {}
    by = node.get("author") or node.get("publisher") or {}
    if isinstance(by, list):
        by = by[0] if by else {}
    claimant = item.get("author") if isinstance(item, dict) else ""
    return ParsedReview(
        claim_reviewed=_text(node.get("claimReviewed") or (item.get("name") if isinstance(item, dict) else "")),
        url=_url(node.get("url") or node.get("@id")),
        publisher=_text(by)[:300],
        publisher_url=_url(by) if isinstance(by, dict) else "",
        claimant=_text(claimant)[:300],
        rating=_text(rating.get("alternateName") or rating.get("name")) if isinstance(rating, dict) else "",
        rating_value=_text(rating.get("ratingValue"))[:20] if isinstance(rating, dict) else "",
        date_published=_date(node.get("datePublished")),
    )


def _from_factcheck_api(claim: dict) -> list[ParsedReview]:
    out = []
    for review in claim.get("claimReview") or []:
        publisher = review.get("publisher") or {}
        out.append(
            ParsedReview(
                claim_reviewed=_text(claim.get("text")),
                url=_url(review.get("url")),
                publisher=_text(publisher.get("name") or publisher.get("site"))[:300],
                claimant=_text(claim.get("claimant"))[:300],
                rating=_text(review.get("textualRating"))[:200],
                date_published=_date(review.get("reviewDate") or claim.get("claimDate")),
            )
        )
    return out


def _walk(node, out: list[ParsedReview]) -> None:
    if len(out) >= MAX_REVIEWS:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, out)
        return
    if not isinstance(node, dict):
        return
    if "ClaimReview" in _types(node):
        out.append(_from_claimreview(node))
        return
    if "claimReview" in node and "text" in node:
        out.extend(_from_factcheck_api(node))
        return
    for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity", "claims", "hasPart"):
        if key in node:
            _walk(node[key], out)


def parse_claimreviews(content: str) -> list[ParsedReview]:
    """Return the ClaimReviews in JSON, JSON-LD or an HTML page's ld+json blocks.

    Raises ReviewImportError when nothing readable is found.
    """
    content = (content or "").strip().lstrip("\ufeff")
    if not content:
        raise ReviewImportError("The import is empty.")
    blocks = [content] if content[:1] in "[{" else [html.unescape(b) for b in LD_SCRIPT.findall(content)]
    if not blocks:
        raise ReviewImportError(
            "No JSON-LD was found: give a JSON file, a ClaimReview feed, or a page that embeds "
            '<script type="application/ld+json">.'
        )
    found: list[ParsedReview] = []
    bad = 0
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            bad += 1
            continue
        _walk(data, found)
    if not found:
        if bad == len(blocks):
            raise ReviewImportError("The JSON could not be read (it is not valid JSON).")
        raise ReviewImportError("No ClaimReview was found in what was given.")
    return found


def is_url(source: str) -> bool:
    """Return whether source names an http(s) address, in any letter case (HTTP://… too)."""
    return source.strip().lower().startswith(("http://", "https://"))


def read_url(url: str) -> str:
    """Return the body of a feed or page, fetched with the fetcher's address checks and limits."""
    try:
        return fetch(url.strip(), allowed_types=JSON_TYPES).body
    except FetchError as exc:
        raise ReviewImportError(f"{url}: {exc}") from exc


def read_file(path: str) -> str:
    """Return the text of a local file. Only the import_claimreviews command reads files, never a web request."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(settings.CLAIMDESK_MAX_ARTICLE_BYTES * 10 + 1)
    except OSError as exc:
        raise ReviewImportError(f"{path}: {exc.strerror or exc}") from exc
    return raw.decode("utf-8", errors="replace")


def known_reviews_import(*, user=None, source: str = "", content: str | None = None) -> ImportResult:
    """Store ClaimReviews as known reviews, from `content` or else fetched from the URL `source`.

    `source` is also recorded as where they came from. Never opens a file: a source
    that is not an http(s) URL is refused (the management command reads files itself).
    Idempotent: the same review (URL and wording) is updated, not duplicated.
    """
    if content is None:
        if not is_url(source):
            raise ReviewImportError(f"{source}: only http and https addresses can be imported from.")
        content = read_url(source)
    parsed = parse_claimreviews(content)
    result = ImportResult()
    with transaction.atomic():
        for review in parsed:
            if not review.claim_reviewed:
                result.skipped += 1
                continue
            _, created = KnownReview.objects.update_or_create(
                url=review.url[:2000],
                fingerprint=fingerprint(review.claim_reviewed),
                defaults={
                    "claim_reviewed": review.claim_reviewed,
                    "publisher": review.publisher,
                    "publisher_url": review.publisher_url[:2000],
                    "claimant": review.claimant,
                    "rating": review.rating[:200],
                    "rating_value": review.rating_value,
                    "date_published": review.date_published,
                    "match_keys": key_strings(claim_keys(review.claim_reviewed)),
                    "imported_from": source[:2000],
                    "imported_by": user,
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


# --- Imports from a URL, run by the worker (queued by claims.intake.review_imports) ---


def review_import_run(import_id: int) -> ReviewImport | None:
    """Fetch and store one URL import; safe to run twice (a finished import is left alone).

    Returns None when the import is gone, finished, or has used up its attempts. A
    redelivered run (its worker died mid-fetch) takes the import over; storing is idempotent.
    A FetchError propagates to the task's retry policy; an unreadable feed is recorded as failed.
    """
    claimable = [ReviewImport.Status.QUEUED, ReviewImport.Status.FETCHING]
    claimed = ReviewImport.objects.filter(
        pk=import_id, status__in=claimable, attempts__lt=settings.CLAIMDESK_MAX_ATTEMPTS
    ).update(status=ReviewImport.Status.FETCHING, started_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return None
    job = ReviewImport.objects.select_related("requested_by").get(pk=import_id)
    try:
        content = fetch(job.url, allowed_types=JSON_TYPES).body  # not read_url: keep FetchError for retries
        result = known_reviews_import(user=job.requested_by, source=job.url, content=content)
    except ReviewImportError as exc:
        review_import_fail(import_id, str(exc))
        return ReviewImport.objects.get(pk=import_id)
    ReviewImport.objects.filter(pk=import_id).update(
        status=ReviewImport.Status.DONE, summary=result.summary[:500], error="", finished_at=timezone.now()
    )
    return ReviewImport.objects.get(pk=import_id)


def review_import_fail(import_id: int, message: str) -> None:
    """Record that a URL import failed for good, with the reason for the editor."""
    ReviewImport.objects.filter(pk=import_id).update(
        status=ReviewImport.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def claim_known_reviews(claim: Claim, *, limit: int = 5) -> list[tuple[KnownReview, float]]:
    """Return published fact-checks (imported ClaimReview) that match the claim, best first."""
    keys = key_strings(claim_keys(claim.text))
    reviews = KnownReview.objects.all()
    if candidates.is_postgres():
        # word_similarity(claimReviewed, claim): the short review wording inside the longer claim.
        nearby = (
            list(
                reviews.annotate(ws=TrigramWordSimilarity(F("claim_reviewed"), Value(claim.text)))
                .filter(Q(match_keys__has_any_keys=keys) | Q(ws__gte=0.4))
                .order_by("-ws")[:50]
            )
            if keys
            else []
        )
    else:
        wanted = set(keys)
        nearby = [
            r
            for r in reviews.order_by("-id")[:5000]
            if wanted.intersection(r.match_keys or ()) or word_overlap(claim.text, r.claim_reviewed) >= 0.6
        ]
    facts = facts_of(claim.text)
    found = []
    for review in nearby:
        match = compare_review(claim.text, review.claim_reviewed, facts=facts)
        if match.verdict != "different":
            found.append((review, match.similarity))
    found.sort(key=lambda pair: (-pair[1], -(pair[0].date_published or date.min).toordinal()))
    return found[:limit]

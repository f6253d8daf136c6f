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
from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from ..fetching import FetchError, fetch
from ..models import Claim, Event, KnownReview, ReviewImport
from . import rerank, retrieval
from .minhash import claim_keys, key_strings
from .similarity import Match, facts_of, fingerprint, normalise, shared_facts, wording_score
from .wording import without_post_trailer

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
    title: str = ""
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
    rematched: int = 0  # claims already in the queue that now match an imported fact-check
    problems: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.created} fact-check{'s' if self.created != 1 else ''} imported, {self.updated} updated"
        if self.skipped:
            text += f", {self.skipped} skipped (no claim text)"
        if self.rematched:
            text += f"; {self.rematched} claim{'s' if self.rematched != 1 else ''} in the queue already checked"
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
        title=_text(node.get("headline") or node.get("name"))[:500],
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
                title=_text(review.get("title"))[:500],
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
    Idempotent: the same review (URL and wording) is updated, not duplicated. The claims
    already in the queue are matched against what was imported (claims_rematch_known).
    """
    if content is None:
        if not is_url(source):
            raise ReviewImportError(f"{source}: only http and https addresses can be imported from.")
        content = read_url(source)
    return known_reviews_store(reviews=parse_claimreviews(content), user=user, source=source)


def known_reviews_store(*, reviews: list[ParsedReview], user=None, source: str = "") -> ImportResult:
    """Store parsed reviews (updating the same URL and wording), then re-match the claims in the queue."""
    result = ImportResult()
    touched: list[int] = []
    with transaction.atomic():
        for review in reviews:
            if not review.claim_reviewed:
                result.skipped += 1
                continue
            stored, created = KnownReview.objects.update_or_create(
                url=review.url[:2000],
                fingerprint=fingerprint(review.claim_reviewed),
                defaults={
                    "claim_reviewed": review.claim_reviewed,
                    "title": review.title[:500],
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
            touched.append(stored.pk)
            if created:
                result.created += 1
            else:
                result.updated += 1
        if touched:
            result.rematched = claims_rematch_known(review_ids=touched)
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


# --- Matching claims and published fact-checks ---------------------------------------

# Thresholds on the reranker's probability, which means "this fact-check checks this claim" for
# claims with and without one: scripts/train_rerank.py trains it with 989 news sentences of
# tests/extraction_dev as negative-only queries (invented news, no fact-check checks them) and
# chooses both thresholds out of fold (GroupKFold by tweet / by story; the table in
# claims/matching/MODEL.md). The claim page suggests a fact-check from REVIEW_SUGGEST_AT: at most
# 5% of held-out news sentences get a suggestion there (one standard error of margin).
REVIEW_SUGGEST_AT = rerank.model().suggest_at


def review_reason(claim_text: str, reviewed: str) -> str:
    """Return what a claim and a fact-check share, for the reviewer ("same figures 2024; wording 0.71")."""
    shared = shared_facts(facts_of(claim_text), facts_of(reviewed))
    wording = f"wording {wording_score(claim_text, reviewed):.2f}"
    return f"{shared}; {wording}" if shared else wording


@dataclass(frozen=True)
class ReviewMatch:
    review_id: int
    probability: float
    match: Match


class ReviewIndex:
    """Every known review indexed for ranking (rerank.ReviewRanker: BM25 candidates, then the reranker)."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        self.ids = [pk for pk, _, _ in rows]
        self.claims = [claim for _, claim, _ in rows]
        self.ranker = rerank.ReviewRanker(self.claims, [title for _, _, title in rows])

    def rank(self, text: str, *, limit: int = 5, threshold: float | None = None) -> list[ReviewMatch]:
        """Return the reviews most likely to be the claim, best first.

        Without a threshold every candidate is ranked (match_known): one whose facts conflict
        comes after all the others, never dropped. With a threshold (what a claim page
        suggests) conflicting reviews and those below the threshold are left out; the order
        of the rest is the same.
        """
        said = without_post_trailer(text)
        out = []
        for found in self.ranker.rank(text, k=limit if threshold is None else rerank.CANDIDATES):
            if threshold is not None and (found.conflict or found.probability < threshold):
                continue
            reviewed = self.claims[found.position]
            if found.conflict:
                match = Match("different", found.probability, found.conflict)
            elif normalise(said) == normalise(reviewed):
                match = Match("same", found.probability, "same wording")
            else:
                verdict = "similar" if found.probability >= REVIEW_SUGGEST_AT else "different"
                match = Match(verdict, found.probability, review_reason(said, reviewed))
            out.append(ReviewMatch(self.ids[found.position], found.probability, match))
        return out[:limit]


_index_cache: dict[str, tuple[tuple, ReviewIndex]] = {}


def review_index() -> ReviewIndex:
    """Return the ranking index of the known reviews, rebuilt when reviews were imported since."""
    state = KnownReview.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("imported_at"))
    version = (connection.alias, connection.settings_dict.get("NAME"), state["n"], state["last"], state["at"])
    cached = _index_cache.get("reviews")
    if cached and cached[0] == version:
        return cached[1]
    rows = list(KnownReview.objects.order_by("id").values_list("id", "claim_reviewed", "title"))
    built = ReviewIndex(rows)
    _index_cache["reviews"] = (version, built)
    return built


def claims_known_reviews(*, texts: list[str], limit: int = 5) -> list[list[tuple[KnownReview, float]]]:
    """Return, for each wording, the published fact-checks that match it (review, probability), best first."""
    index = review_index()
    ranked = [index.rank(text, limit=limit, threshold=REVIEW_SUGGEST_AT) for text in texts]
    reviews = KnownReview.objects.in_bulk({m.review_id for matches in ranked for m in matches})
    return [[(reviews[m.review_id], m.probability) for m in matches] for matches in ranked]


def claim_known_reviews(claim: Claim, *, limit: int = 5) -> list[tuple[KnownReview, float]]:
    """Return published fact-checks (imported ClaimReview) that match the claim, best first."""
    return claims_known_reviews(texts=[claim.text], limit=limit)[0]


QUEUE_SCAN_LIMIT = 20_000  # the newest open claims an import re-matches
# "Already checked" (a claim's timeline, the draft check, the article page) takes a likely match,
# REVIEW_LIKELY_AT: at most 2% of held-out news sentences reach it (one standard error of margin).
# Out of fold (2026-12-03, 10,375 CheckThat! 2020 fact-checks; see MODEL.md for every threshold):
#   threshold                                   0.30  0.42  0.50  0.60  0.70  0.80  0.90
#   news sentences (989) with a suggestion      5.7%  4.2%  3.6%  2.8%  1.8%  1.3%  0.3%
#   train tweets whose best is their own (656)   96%   93%   92%   89%   87%   83%   78%
#   the same tweets without the trailer (637)    95%   92%   90%   88%   85%   82%   75%
# Chosen: suggest at 0.41 (4.3% of the news sentences), likely at 0.79 (1.5%). Before the news
# sentences were trained on, 43% of them had a suggestion at 0.42 and 30% at 0.6.
REVIEW_LIKELY_AT = rerank.model().likely_at


def claims_rematch_known(*, review_ids: list[int]) -> int:
    """Match claims already in the queue against newly imported reviews; record each new match once.

    The claim page ranks known reviews when it is shown; this makes an import visible in the
    timeline of the claims it checks ("already checked by …", for a likely match: REVIEW_LIKELY_AT),
    so a desk sees it without opening every claim. Returns how many claims matched a review they had not matched before.
    """
    from ..events import event_record

    open_claims = list(
        Claim.objects.filter(merged_into__isnull=True)
        .exclude(status=Claim.Status.DISMISSED)
        .order_by("-id")
        .values_list("id", "text")[:QUEUE_SCAN_LIMIT]
    )
    if not open_claims:
        return 0
    claim_index = retrieval.Index([text for _, text in open_claims])
    reviews = KnownReview.objects.in_bulk(review_ids)
    already = {
        (claim_id, after.get("review"))
        for claim_id, after in Event.objects.filter(action="known_review_matched").values_list("claim_id", "after")
        if isinstance(after, dict)
    }
    # The claims each new review retrieves, then each of them ranked as its claim page ranks it.
    nearby = sorted({p for review in reviews.values() for p, _ in claim_index.search(review.claim_reviewed, 20)})
    index = review_index()
    matched: set[int] = set()
    for position in nearby:
        claim_id, text = open_claims[position]
        for found in index.rank(text, limit=5, threshold=REVIEW_LIKELY_AT):
            review = reviews.get(found.review_id)
            if review is None or (claim_id, review.pk) in already:
                continue
            already.add((claim_id, review.pk))
            matched.add(claim_id)
            rating = f": {review.rating}" if review.rating else ""
            event_record(
                action="known_review_matched",
                claim_id=claim_id,
                summary=f"Already checked by {review.publisher or 'a fact-checker'}{rating} ({found.match.reason})",
                after={"review": review.pk, "probability": found.probability},
            )
    return len(matched)

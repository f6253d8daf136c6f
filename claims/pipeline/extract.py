"""Extract an article: what the worker runs for `claims.tasks.extract_article`.

Claim the row with a conditional UPDATE (so a second delivery does nothing), fetch it if it
came as a URL, run the pure extractor, then — in one transaction — store its text and
metadata, note a near-duplicate, and bring its claims in line (`appearances.claims_replace`).
After that commit, suggest similar stored claims for the new ones (`article_suggest`); the
article records that it owes them, in the same transaction as the claims, so the queue sweep
can run that step again if the worker dies before it is done.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .. import extraction
from ..events import event_record
from ..fetching import FetchError, fetch
from ..matching import duplicates, suggestions
from ..models import Article, Claim
from .appearances import claims_replace

log = logging.getLogger(__name__)


def public_page_url(value: str | None) -> str:
    """Return an http(s) URL found in a page's metadata, or "" (a javascript: canonical must never be a link)."""
    value = (value or "").strip()[:2000]
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def article_extract(article_id: int) -> Article | None:
    """Fetch (if needed), clean and split an article into claims; safe to run twice.

    Returns None when the article is gone or already being handled by another run.
    Each run counts as an attempt; an article whose runs keep dying (a redelivered
    message that kills its worker every time) is failed after CLAIMDESK_MAX_ATTEMPTS.
    """
    limit = settings.CLAIMDESK_MAX_ATTEMPTS
    claimable = [Article.Status.QUEUED, Article.Status.EXTRACTING, Article.Status.FAILED]
    claimed = Article.objects.filter(pk=article_id, status__in=claimable, attempts__lt=limit).update(
        status=Article.Status.EXTRACTING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        if Article.objects.filter(pk=article_id, status__in=claimable[:2], attempts__gte=limit).exists():
            article_fail(
                article_id,
                f"Gave up after {limit} attempts: processing stopped each time "
                "(the worker may have run out of time or memory).",
            )
        return None
    article = Article.objects.get(pk=article_id)

    if article.origin == Article.Origin.URL and not article.raw:
        fetched = fetch(article.url)  # FetchError propagates to the task's retry policy
        article.raw = fetched.body
        article.raw_format = Article.Format.TEXT if fetched.content_type == "text/plain" else Article.Format.HTML
        Article.objects.filter(pk=article_id).update(raw=article.raw, raw_format=article.raw_format)

    doc = extraction.extract(
        article.raw,
        is_html=article.raw_format == Article.Format.HTML,
        threshold=settings.CLAIMDESK_CLAIM_THRESHOLD,
    )
    if not doc.text.strip():
        raise FetchError("No article text was found in what was submitted.")

    with transaction.atomic():
        commit_without_flush_wait()
        article = Article.objects.select_for_update().get(pk=article_id)
        article.set_text(doc.text)
        article.title = article.title or (doc.title or "")[:500]
        article.outlet = article.outlet or (doc.site or "")[:200]
        article.author = article.author or (doc.author or "")[:300]
        article.published = article.published or doc.published
        article.url = article.url or public_page_url(doc.url)
        article_mark_duplicate(article=article)
        created = claims_replace(article=article, extracted=doc.claims)
        article.status = Article.Status.READY
        article.error = ""
        article.extracted_at = timezone.now()
        suggestions_owe(article=article, claims=created)
        article.save()
        event_record(action="article_extracted", article=article, summary=f"{len(doc.claims)} claims extracted")
    suggested = article_suggest(article_id=article_id, claims=created)
    for name in SUGGESTION_FIELDS if suggested else ():
        setattr(article, name, getattr(suggested, name))
    return article


def commit_without_flush_wait() -> None:
    """Let the current transaction's COMMIT return before PostgreSQL has flushed it to disk.

    A database crash can then lose the last fraction of a second of commits (never corrupt
    them). An extraction lost that way leaves its article `extracting`, as the claiming UPDATE
    before it was committed durably, and the queue sweep runs it again; its timeline events go
    with it, and the notification task skips an event it cannot find.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


SUGGESTION_FIELDS = [
    "suggestions_status",
    "suggestions_claims",
    "suggestions_attempts",
    "suggestions_started_at",
    "suggestions_error",
]


def suggestions_owe(*, article: Article, claims: list[Claim]) -> None:
    """Record (on the unsaved article, in the extraction's transaction) that these new claims are owed suggestions.

    Claims an earlier run still owed them to are kept (those since deleted are skipped when read).
    The step starts its own count of runs; `suggestions_started_at` is when the owing began, which
    the queue sweep measures its grace period from.
    """
    owed = sorted(set(article.suggestions_claims or []) | {claim.pk for claim in claims})
    if not owed:
        article.suggestions_status = Article.SuggestionsStatus.NONE
        article.suggestions_claims = None
    else:
        article.suggestions_status = Article.SuggestionsStatus.PENDING
        article.suggestions_claims = owed
    article.suggestions_attempts = 0
    article.suggestions_started_at = timezone.now()
    article.suggestions_error = ""


def article_suggest(*, article_id: int, claims: list[Claim] | None = None) -> Article | None:
    """Store similar-claim suggestions for the claims an article still owes them to; safe to run twice.

    Run after the extraction's transaction commits (with its new claims, already in memory), and
    by `claims.tasks.suggest_article` when the queue sweep finds the step never finished (a worker
    died between the two). Judging candidates is most of an article's time once there is history
    (benchmarks/RESULTS.md's ingest rows); inside the extraction's transaction it kept the
    article's claims out of the queue until it was done, so the claims show first and their
    suggestions a moment later.

    Each run is counted first (committed, so a run that kills its worker counts too); the
    suggestions and "done" are then written in one transaction that holds the article's row, so
    a second run waits and finds nothing owed. A failure is logged and recorded on the article,
    which stays ready: it is tried again by the sweep until CLAIMDESK_MAX_ATTEMPTS runs, then
    marked failed. Returns None when there was nothing to do.
    """
    owing = Article.objects.filter(pk=article_id, suggestions_status=Article.SuggestionsStatus.PENDING)
    if not owing.update(suggestions_attempts=F("suggestions_attempts") + 1, suggestions_started_at=timezone.now()):
        return None
    try:
        with transaction.atomic():
            article = owing.select_for_update().first()
            if article is None:  # another run finished it while this one waited for the row
                return None
            owed = article.suggestions_claims or []
            if claims is None or sorted(claim.pk for claim in claims) != owed:
                claims = list(Claim.objects.filter(pk__in=owed).order_by("pk"))
            suggestions.claims_suggest(claims=claims)
            article.suggestions_status = Article.SuggestionsStatus.DONE
            article.suggestions_claims = None
            article.suggestions_error = ""
            article.save(update_fields=["suggestions_status", "suggestions_claims", "suggestions_error"])
            return article
    except Exception as exc:  # noqa: BLE001 - the article is stored; a suggestion failure must not fail it
        log.exception("Suggestions for the new claims of article %s failed", article_id)
        article_suggestions_fail(article_id, f"{exc.__class__.__name__}: {exc}", final=False)
        return Article.objects.filter(pk=article_id).first()


def article_suggestions_fail(article_id: int, message: str, *, final: bool = True) -> None:
    """Record why an article's suggestion step failed; for good when final or after CLAIMDESK_MAX_ATTEMPTS runs."""
    owing = Article.objects.filter(pk=article_id, suggestions_status=Article.SuggestionsStatus.PENDING)
    if not final:
        owing = owing.filter(suggestions_attempts__lt=settings.CLAIMDESK_MAX_ATTEMPTS)
        if owing.update(suggestions_error=message[:500]):
            return  # still owed: the sweep sends it again after its grace period
        owing = Article.objects.filter(pk=article_id, suggestions_status=Article.SuggestionsStatus.PENDING)
    owing.update(suggestions_status=Article.SuggestionsStatus.FAILED, suggestions_error=message[:500])


def article_fail(article_id: int, message: str) -> None:
    """Record that extraction of an article failed for good."""
    Article.objects.filter(pk=article_id).update(status=Article.Status.FAILED, error=message[:2000])
    article = Article.objects.filter(pk=article_id).first()
    if article:
        event_record(action="article_failed", article=article, summary=message)


def article_mark_duplicate(*, article: Article) -> None:
    """Record (on the unsaved article) the earlier article it is a near-duplicate of, if any."""
    previous = article.duplicate_of_id
    original, score = duplicates.article_find_duplicate(article=article)
    article.duplicate_of = original
    article.duplicate_similarity = score if original else None
    if original and original.pk != previous:
        event_record(
            action="article_duplicate",
            article=article,
            summary=f"Near-duplicate of article {original.pk} ({score:.2f} similar)",
            after={"duplicate_of": original.pk, "similarity": score},
        )

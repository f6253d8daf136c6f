"""The queue sweep: re-enqueue work whose message never reached Redis or was lost.

An article (or URL source) is saved before its message is sent, and the message
is sent after commit. When Redis is unreachable the row stays `queued` with an
empty `enqueued_at`; when Redis loses its queue (a restart without persistence)
or a worker dies and its message is gone, the row sits `queued` or
`extracting`/`fetching` with an old timestamp. The sweep, run every minute by
Celery beat and by `manage.py sweep_queue`, sends those again. A second message
for the same row is harmless: the task claims its row with a conditional UPDATE,
and the attempts cap (CLAIMDESK_MAX_ATTEMPTS) ends rows whose runs keep dying.

An article's similar-claim suggestions are judged after its extraction commits,
in the same run; a worker that dies in between leaves the article ready and still
owing them (`suggestions_status` pending), and the redelivered extraction skips a
ready article. The sweep sends `suggest_article` for those once their step has not
finished for the stale period, which is longer than a run may take.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .events import event_record
from .matching.known_reviews import review_import_fail
from .models import Article, ReviewImport, Source
from .pipeline.extract import article_fail, article_suggestions_fail
from .pipeline.sources import source_fail
from .tasks import extract_article, fetch_source, import_known_reviews, suggest_article

log = logging.getLogger(__name__)

# A row saved this recently may still have its after-commit send in flight.
GRACE = timedelta(seconds=5)


@dataclass
class SweepResult:
    articles: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    imports: list[int] = field(default_factory=list)
    suggestions: list[int] = field(default_factory=list)  # articles whose suggestions were sent again
    failed: list[str] = field(default_factory=list)
    broker_down: bool = False

    def __str__(self) -> str:
        text = f"Re-enqueued {len(self.articles)} article(s) and {len(self.sources)} source(s)"
        if self.imports:
            text += f" and {len(self.imports)} fact-check import(s)"
        if self.suggestions:
            text += f", and the suggestions of {len(self.suggestions)} article(s)"
        if self.failed:
            text += f"; gave up on {', '.join(self.failed)} (too many attempts)"
        if self.broker_down:
            text += "; the task queue (Redis) is unreachable, the rest wait for the next sweep"
        return text + "."


def lost_articles(*, now):
    """Return articles waiting for a message that will not come."""
    stale = now - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER)
    return Article.objects.filter(
        Q(status=Article.Status.QUEUED, enqueued_at__isnull=True, updated_at__lt=now - GRACE)
        | Q(status=Article.Status.QUEUED, enqueued_at__lt=stale)
        | Q(status=Article.Status.EXTRACTING, started_at__lt=stale)
    ).order_by("created_at", "id")


def lost_sources(*, now):
    """Return URL sources waiting for a fetch message that will not come."""
    stale = now - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER)
    return (
        Source.objects.exclude(url="")
        .filter(
            Q(fetch_status=Source.FetchStatus.QUEUED, enqueued_at__isnull=True)
            & (Q(queued_at__isnull=True) | Q(queued_at__lt=now - GRACE))
            | Q(fetch_status=Source.FetchStatus.QUEUED, enqueued_at__lt=stale)
            | Q(fetch_status=Source.FetchStatus.FETCHING, fetch_started_at__lt=stale)
        )
        .order_by("created_at", "id")
    )


def lost_review_imports(*, now):
    """Return ClaimReview URL imports waiting for a message that will not come."""
    stale = now - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER)
    return ReviewImport.objects.filter(
        Q(status=ReviewImport.Status.QUEUED, enqueued_at__isnull=True, created_at__lt=now - GRACE)
        | Q(status=ReviewImport.Status.QUEUED, enqueued_at__lt=stale)
        | Q(status=ReviewImport.Status.FETCHING, started_at__lt=stale)
    ).order_by("created_at", "id")


def lost_suggestions(*, now):
    """Return ready articles whose suggestion step has not finished for the stale period (its run died)."""
    stale = now - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER)
    return Article.objects.filter(
        suggestions_status=Article.SuggestionsStatus.PENDING,
        suggestions_started_at__lt=stale,
        status=Article.Status.READY,  # one being extracted again runs the owed step itself
    ).order_by("suggestions_started_at", "id")


def lost_reason(article: Article) -> str:
    """Say, for the article's timeline, why the sweep sent it again."""
    if article.status == Article.Status.EXTRACTING:
        return "Sent to the queue again: its run stopped without finishing"
    if article.enqueued_at is None:
        return "Sent to the queue: the task queue was unreachable when it was submitted"
    return "Sent to the queue again: its message was lost"


def _requeue_article(article: Article) -> None:
    # Back to queued with a fresh send time: it counts as lost again only after the stale period.
    Article.objects.filter(pk=article.pk, status__in=[Article.Status.QUEUED, Article.Status.EXTRACTING]).update(
        status=Article.Status.QUEUED, enqueued_at=timezone.now(), updated_at=timezone.now()
    )
    event_record(action="article_requeued", article=article, summary=lost_reason(article))


def _requeue_suggestions(article: Article) -> None:
    # A fresh start time: sent again only after another stale period without finishing.
    Article.objects.filter(pk=article.pk, suggestions_status=Article.SuggestionsStatus.PENDING).update(
        suggestions_started_at=timezone.now()
    )
    event_record(
        action="article_suggestions_requeued",
        article=article,
        summary="Similar-claim suggestions sent to the queue again: their run stopped without finishing",
    )


def _requeue_source(source: Source) -> None:
    Source.objects.filter(
        pk=source.pk, fetch_status__in=[Source.FetchStatus.QUEUED, Source.FetchStatus.FETCHING]
    ).update(fetch_status=Source.FetchStatus.QUEUED, enqueued_at=timezone.now())


def _requeue_import(job: ReviewImport) -> None:
    ReviewImport.objects.filter(
        pk=job.pk, status__in=[ReviewImport.Status.QUEUED, ReviewImport.Status.FETCHING]
    ).update(status=ReviewImport.Status.QUEUED, enqueued_at=timezone.now())


@dataclass(frozen=True)
class _Kind:
    """One kind of queued work: how to find it lost, send it again, or give up on it."""

    label: str  # as in SweepResult.failed ("article 7")
    result_list: str  # the SweepResult field that lists what was sent again
    lost: Callable
    task: object  # the Celery task that does the work
    fail: Callable
    gave_up: str  # the failure message; {n} is the attempts made
    requeue: Callable
    attempts: str = "attempts"  # the row's field counting its runs


KINDS = (
    _Kind(
        "article",
        "articles",
        lost_articles,
        extract_article,
        article_fail,
        "Gave up after {n} attempts: processing stopped each time (the worker may have run out of time or memory).",
        _requeue_article,
    ),
    _Kind(
        "source",
        "sources",
        lost_sources,
        fetch_source,
        source_fail,
        "Gave up after {n} attempts: fetching stopped each time.",
        _requeue_source,
    ),
    _Kind(
        "import",
        "imports",
        lost_review_imports,
        import_known_reviews,
        review_import_fail,
        "Gave up after {n} attempts: fetching stopped each time.",
        _requeue_import,
    ),
    _Kind(
        "suggestions for article",
        "suggestions",
        lost_suggestions,
        suggest_article,
        article_suggestions_fail,
        "Gave up after {n} attempts: judging the suggestions stopped each time.",
        _requeue_suggestions,
        attempts="suggestions_attempts",
    ),
)


def queue_sweep(*, now=None, limit: int = 500) -> SweepResult:
    """Send the extraction, fetch or import message again for every lost article, source and import."""
    now = now or timezone.now()
    result = SweepResult()
    max_attempts = settings.CLAIMDESK_MAX_ATTEMPTS
    for kind in KINDS:
        for row in kind.lost(now=now)[:limit]:
            attempts = getattr(row, kind.attempts)
            if attempts >= max_attempts:
                kind.fail(row.pk, kind.gave_up.format(n=attempts))
                result.failed.append(f"{kind.label} {row.pk}")
                continue
            try:
                kind.task.delay(row.pk)
            except Exception:  # noqa: BLE001 - broker still down: try again next sweep
                log.warning("Sweep: the broker is unreachable", exc_info=True)
                result.broker_down = True
                return result
            kind.requeue(row)
            getattr(result, kind.result_list).append(row.pk)
    if result.articles or result.sources or result.imports or result.suggestions or result.failed:
        log.info("Sweep: %s", result)
    return result


@shared_task(name="claims.tasks.sweep_queue", acks_late=False, ignore_result=True)
def sweep_queue() -> str:
    """Re-enqueue articles, sources, imports and suggestion steps whose message was lost or never sent (beat)."""
    return str(queue_sweep())

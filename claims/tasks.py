"""Celery tasks: an id in, one pipeline call; retries and failure recording are declared on the task.

Task names are spelled out so messages already queued keep finding their task when code moves.
The queue sweep's task lives in claims/sweep.py, on top of these.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone

from .fetching import FetchError, TransientFetchError
from .matching import known_reviews
from .pipeline import extract, sources

log = logging.getLogger(__name__)

MAX_RETRIES = 3


class RowTask(Task):
    """A task on one row: transient fetch errors are retried with backoff; the final failure is stored on the row.

    `fail(row_id, message)` (given per task) writes the failure where the user reads it.
    A run that dies with its worker is redelivered (acks late) and counted by the row's attempts.
    """

    autoretry_for = (TransientFetchError,)
    max_retries = MAX_RETRIES
    retry_backoff = True  # 1 s, 2 s, 4 s
    retry_jitter = False
    acks_late = True
    reject_on_worker_lost = True
    label = "Work"
    fail = None

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Store why the last attempt failed on the row: a fetch error as it reads, any crash by its type."""
        message = str(exc) if isinstance(exc, FetchError) else f"{self.label} failed: {exc.__class__.__name__}: {exc}"
        self.fail(args[0], message)


def outcome(row) -> str:
    """Return the task's result: "skipped" when there was nothing to do, else "ready"."""
    return "skipped" if row is None else "ready"


@shared_task(
    base=RowTask, name="claims.tasks.extract_article", label="Extraction", fail=staticmethod(extract.article_fail)
)
def extract_article(article_id: int) -> str:
    """Extract the claims of one article."""
    return outcome(extract.article_extract(article_id))


@shared_task(
    base=RowTask,
    name="claims.tasks.suggest_article",
    label="Suggestions",
    fail=staticmethod(extract.article_suggestions_fail),
)
def suggest_article(article_id: int) -> str:
    """Store the similar-claim suggestions an extracted article still owes its claims (sent by the queue sweep)."""
    return outcome(extract.article_suggest(article_id=article_id))


@shared_task(base=RowTask, name="claims.tasks.fetch_source", label="Fetch", fail=staticmethod(sources.source_fail))
def fetch_source(source_id: int) -> str:
    """Fetch and snapshot one URL source."""
    return outcome(sources.source_fetch(source_id))


def send_after_commit(task: Task, row) -> None:
    """Send `task(row.pk)` once the current transaction commits, then stamp the row's `enqueued_at`.

    The send happens after the caller has returned, so a broker failure cannot be reported to it:
    it is logged, and the row stays queued with no `enqueued_at` — its page says processing is
    delayed, and the queue sweep sends it when Redis is back.
    """

    def send() -> None:
        try:
            task.delay(row.pk)
        except Exception:  # noqa: BLE001 - broker down: the row stays queued for the sweep
            log.warning(
                "Could not send %s for %s %s; it stays queued", task.name, row._meta.model_name, row.pk, exc_info=True
            )
            return
        type(row).objects.filter(pk=row.pk).update(enqueued_at=timezone.now())

    transaction.on_commit(send)


@shared_task(
    base=RowTask,
    name="claims.tasks.import_known_reviews",
    label="Import",
    fail=staticmethod(known_reviews.review_import_fail),
)
def import_known_reviews(import_id: int) -> str:
    """Fetch one ClaimReview feed or page (an editor's URL import) and store its reviews."""
    return outcome(known_reviews.review_import_run(import_id))

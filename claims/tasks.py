"""Celery tasks: thin wrappers that take an id and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services
from .collaboration.tasks import deliver_notifications, send_digests  # noqa: F401 - registered for the worker
from .fetching import FetchError

log = logging.getLogger(__name__)

MAX_RETRIES = 3


def run_with_retries(task, work, fail, row_id: int, what: str) -> str:
    """Run one service on a row: retry transient fetch errors, record every other failure on the row."""
    try:
        result = work(row_id)
    except FetchError as exc:
        if exc.transient and task.request.retries < MAX_RETRIES:
            raise task.retry(exc=exc, countdown=2**task.request.retries) from exc
        fail(row_id, str(exc))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - any crash is stored on the row for the user to read
        log.exception("%s of %s failed", what, row_id)
        fail(row_id, f"{what} failed: {exc.__class__.__name__}: {exc}")
        return "failed"
    return "skipped" if result is None else "ready"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def extract_article(self, article_id: int) -> str:
    """Extract the claims of one article; retry transient fetch errors, record the rest."""
    return run_with_retries(self, services.article_extract, services.article_fail, article_id, "Extraction")


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def fetch_source(self, source_id: int) -> str:
    """Fetch and snapshot one URL source; retry transient errors, record the rest."""
    return run_with_retries(self, services.source_fetch, services.source_fail, source_id, "Fetch")


@shared_task(acks_late=False, ignore_result=True)
def sweep_queue() -> str:
    """Re-enqueue articles and sources whose message was never delivered or was lost (run by beat)."""
    from .sweep import queue_sweep

    return str(queue_sweep())

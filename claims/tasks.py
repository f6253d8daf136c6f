"""Celery tasks: thin wrappers that take an id and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services
from .fetching import FetchError

log = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def extract_article(self, article_id: int) -> str:
    """Extract the claims of one article; retry transient fetch errors, record the rest."""
    try:
        article = services.article_extract(article_id)
    except FetchError as exc:
        if exc.transient and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
        services.article_fail(article_id, str(exc))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - any crash is stored on the article for the user
        log.exception("Extraction of article %s failed", article_id)
        services.article_fail(article_id, f"Extraction failed: {exc.__class__.__name__}: {exc}")
        return "failed"
    return "skipped" if article is None else "ready"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def fetch_source(self, source_id: int) -> str:
    """Fetch and snapshot one URL source; retry transient errors, record the rest."""
    try:
        source = services.source_fetch(source_id)
    except FetchError as exc:
        if exc.transient and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
        services.source_fail(source_id, str(exc))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - stored on the source for the user
        log.exception("Fetching source %s failed", source_id)
        services.source_fail(source_id, f"Fetch failed: {exc.__class__.__name__}: {exc}")
        return "failed"
    return "skipped" if source is None else "ready"


@shared_task(acks_late=False, ignore_result=True)
def sweep_queue() -> str:
    """Re-enqueue articles and sources whose message was never delivered or was lost (run by beat)."""
    from .sweep import queue_sweep

    return str(queue_sweep())

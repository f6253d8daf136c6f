"""Submitting articles: store the row as queued, then send its extraction once the row is committed."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from .. import extraction, tasks
from ..events import event_record
from ..models import Article

log = logging.getLogger(__name__)


def article_submit(*, user, text: str = "", url: str = "", filename: str = "", is_html: bool | None = None) -> Article:
    """Store a new article as queued and enqueue its extraction once the row is committed."""
    if url:
        article = Article(origin=Article.Origin.URL, url=url, submitted_by=user, raw_format=Article.Format.HTML)
    else:
        if is_html is None:
            is_html = extraction.clean.looks_like_html(text)
        article = Article(
            origin=Article.Origin.FILE if filename else Article.Origin.PASTE,
            filename=filename[:255],
            raw=text,
            raw_format=Article.Format.HTML if is_html else Article.Format.TEXT,
            submitted_by=user,
        )
    with transaction.atomic():
        article.save()
        event_record(
            action="article_submitted",
            actor=user,
            article=article,
            summary=f"Submitted ({article.get_origin_display().lower()})",
        )
        article_enqueue(article)
    return article


def article_enqueue(article: Article) -> None:
    """Send the article's extraction to the broker once the current transaction commits.

    The send happens after this returns, so a broker failure cannot be reported here:
    it is logged, and the article stays queued with no `enqueued_at` — the article
    page says processing is delayed, and the queue sweep sends it when Redis is back.
    """

    def send() -> None:
        try:
            tasks.extract_article.delay(article.pk)
        except Exception:  # noqa: BLE001 - broker down: the row stays queued for the sweep
            log.warning("Could not enqueue article %s; it stays queued for the sweep", article.pk, exc_info=True)
            return
        Article.objects.filter(pk=article.pk).update(enqueued_at=timezone.now())

    transaction.on_commit(send)


def article_retry(*, article: Article, user) -> Article:
    """Put a failed article back in the queue."""
    with transaction.atomic():
        updated = Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
            status=Article.Status.QUEUED, error="", attempts=0, enqueued_at=None, updated_at=timezone.now()
        )
        if updated:
            event_record(action="article_retried", actor=user, article=article, summary="Retry requested")
            article_enqueue(article)
    article.refresh_from_db()
    return article

"""Submitting articles: store the row as queued, then send its extraction once the row is committed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import extraction, tasks
from ..events import event_record
from ..models import Article


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
    """Send the article's extraction to the worker once the current transaction commits.

    Nothing is known about the send yet when this returns, so it returns nothing: a broker
    failure is logged, and the article stays queued with no `enqueued_at` for the sweep.
    """
    tasks.send_after_commit(tasks.extract_article, article)


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

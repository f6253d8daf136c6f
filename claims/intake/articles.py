"""Submitting articles: store the row as queued, then send its extraction once the row is committed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .. import extraction, tasks
from ..events import event_record
from ..models import Article
from ..roles import is_editor


def article_submit(
    *, user, text: str = "", url: str = "", filename: str = "", is_html: bool | None = None, metadata=None
) -> Article:
    """Store a new article as queued and enqueue its extraction once the row is committed.

    `metadata` (url, title, outlet, author, published) is what the user knows of where the
    article appeared; extraction fills only what is left empty.
    """
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
    for name, value in (metadata or {}).items():
        if value and not (name == "url" and url):
            setattr(article, name, value)
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


ARTICLE_METADATA = ("url", "title", "outlet", "author", "published")


def article_edit_metadata(*, article: Article, actor, **fields) -> Article:
    """Correct where an article appeared (URL, headline, outlet, author, date): Editors only, on the timeline."""
    if not is_editor(actor):
        raise PermissionDenied("Only editors change an article's publication details.")
    before = {name: str(getattr(article, name) or "") for name in fields}
    after = {name: str(value or "") for name, value in fields.items()}
    changed = sorted(name for name in fields if before[name] != after[name])
    if not changed:
        return article
    with transaction.atomic():
        for name in changed:
            setattr(article, name, fields[name])
        article.save(update_fields=[*changed, "updated_at"])
        event_record(
            action="article_metadata_edited",
            actor=actor,
            article=article,
            summary="Edited the publication details: " + ", ".join(changed),
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return article

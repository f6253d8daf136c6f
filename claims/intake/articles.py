"""Submitting articles: store the row as queued, then send its extraction once the row is committed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .. import extraction, tasks
from ..events import event_record
from ..matching.decisions import claim_recount
from ..models import Appearance, Article, Claim, PublishedVersion
from ..review.workflow import counts_invalidate
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


# --- Archive, restore, delete (Editors) ----------------------------------------------


class ArticleDeleteRefused(Exception):
    """The article has published claims: deleting it would take public pages down; archive it instead."""


def _editor_only(actor, what: str) -> None:
    if not is_editor(actor):
        raise PermissionDenied(f"Only editors {what} articles.")


def article_archive(*, article: Article, actor) -> Article:
    """Archive an article: it leaves the articles list and the queue by default; nothing is deleted."""
    _editor_only(actor, "archive")
    with transaction.atomic():
        now = timezone.now()
        if Article.objects.filter(pk=article.pk, archived_at__isnull=True).update(
            archived_at=now, archived_by=actor, updated_at=now
        ):
            event_record(action="article_archived", actor=actor, article=article, summary="Archived")
            counts_invalidate()
    article.refresh_from_db()
    return article


def article_restore(*, article: Article, actor) -> Article:
    """Bring an archived article back into the articles list and the queue."""
    _editor_only(actor, "restore")
    with transaction.atomic():
        if Article.objects.filter(pk=article.pk, archived_at__isnull=False).update(
            archived_at=None, archived_by=None, updated_at=timezone.now()
        ):
            event_record(action="article_restored", actor=actor, article=article, summary="Restored from the archive")
            counts_invalidate()
    article.refresh_from_db()
    return article


@dataclass
class DeletePlan:
    """What deleting an article would do to its claims."""

    published: int  # claims with a public page: deleting is refused while there is one
    deleted: int  # claims found only in this article, deleted with it
    kept: int  # claims also found in other articles, kept there

    @property
    def allowed(self) -> bool:
        return self.published == 0

    @property
    def refusal(self) -> str:
        noun = "claim is" if self.published == 1 else "claims are"
        return f"{self.published} {noun} published — archive instead."


def _article_claims(article: Article):
    """Return the claims first seen in the article or appearing in it, each with `elsewhere` and `public`."""
    elsewhere = Appearance.objects.filter(claim=OuterRef("pk")).exclude(article=article)
    public = PublishedVersion.objects.filter(claim=OuterRef("pk"))
    return (
        Claim.objects.filter(Q(article=article) | Q(pk__in=Appearance.objects.filter(article=article).values("claim")))
        .annotate(elsewhere=Exists(elsewhere), public=Exists(public))
        .order_by("pk")
    )


def article_delete_plan(article: Article) -> DeletePlan:
    """Return what deleting the article would do: how many claims are published, deleted and kept."""
    claims = list(_article_claims(article).values("public", "elsewhere"))
    return DeletePlan(
        published=sum(1 for c in claims if c["public"]),
        deleted=sum(1 for c in claims if not c["public"] and not c["elsewhere"]),
        kept=sum(1 for c in claims if not c["public"] and c["elsewhere"]),
    )


def article_delete(*, article: Article, actor) -> DeletePlan:
    """Delete an article and the claims found only in it; refuse while any of its claims is published.

    A claim also found in another article stays, first seen in the oldest of those (its timeline
    intact). The deletion is recorded on the timeline with no article, so it outlives the row: who,
    when, what the article was and its own timeline (`before`), what became of its claims (`after`).
    """
    _editor_only(actor, "delete")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        plan = article_delete_plan(article)
        if not plan.allowed:
            raise ArticleDeleteRefused(plan.refusal)
        claims = list(_article_claims(article))
        kept = [claim for claim in claims if claim.elsewhere]
        for claim in kept:
            if claim.article_id == article.pk:
                first = (
                    Appearance.objects.filter(claim=claim)
                    .exclude(article=article)
                    .select_related("article")
                    .order_by("article__created_at", "article_id")
                    .first()
                    .article
                )
                claim.article, claim.article_created_at = first, first.created_at
                claim.save(update_fields=["article", "article_created_at", "updated_at"])
        timeline = [
            {
                "at": e.created_at.isoformat(),
                "action": e.action,
                "by": e.actor.get_username() if e.actor else "",
                "summary": e.summary,
            }
            for e in article.events.select_related("actor").order_by("created_at", "id")
        ]
        event_record(
            action="article_deleted",
            actor=actor,
            summary=f"Deleted article {article.pk} “{article.display_title[:200]}”: "
            f"{plan.deleted} claim{'s' if plan.deleted != 1 else ''} deleted, {plan.kept} kept in other articles",
            before={
                "article": article.pk,
                "title": article.display_title,
                "url": article.url,
                "outlet": article.outlet,
                "submitted_by": article.submitted_by.get_username() if article.submitted_by else "",
                "created_at": article.created_at.isoformat(),
                "timeline": timeline,
            },
            after={
                "deleted_claims": [claim.pk for claim in claims if not claim.elsewhere],
                "kept_claims": [claim.pk for claim in kept],
            },
        )
        Claim.objects.filter(pk__in=[claim.pk for claim in claims if not claim.elsewhere]).delete()
        article.delete()
        claim_recount(claim.pk for claim in kept)
        counts_invalidate()
    return plan

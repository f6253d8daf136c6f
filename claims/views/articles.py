"""Screens for submitting articles and reading them with their claims."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from ..intake import articles as intake
from ..intake.forms import ArticleForm, ArticleMetadataForm
from ..models import Article, Event
from ..presenters import article_claims_html, url_format
from ..queries import article_checked
from ..roles import is_editor


def highlight_segments(text: str, appearances) -> list[tuple[str, object]]:
    """Split text into (segment, appearance-or-None) pieces so templates can mark claim spans."""
    segments: list[tuple[str, object]] = []
    pos = 0
    for appearance in sorted(appearances, key=lambda a: (a.start, a.end)):
        if appearance.start < pos or appearance.end > len(text) or appearance.anchor_lost:
            continue  # overlapping or lost spans are listed but not highlighted
        if appearance.start > pos:
            segments.append((text[pos : appearance.start], None))
        segments.append((text[appearance.start : appearance.end], appearance))
        pos = appearance.end
    if pos < len(text):
        segments.append((text[pos:], None))
    return segments


def article_body_html(text: str, appearances, *, highlight: str = "") -> SafeString:
    """Return the article text as HTML with every claim span marked and linked to its claim.

    Built here rather than in a template loop: a 3,000-word article with 40 claims took 16 ms to
    render segment by segment in the template, about a third of that as plain Python.
    """
    parts = []
    claim_url = url_format("claim_detail")  # one reverse() a page, not one a span
    for segment, appearance in highlight_segments(text, appearances):
        if appearance is None:
            parts.append(escape(segment).replace("\n", "<br>"))
            continue
        current = " current" if highlight == str(appearance.claim_id) else ""
        parts.append(
            f'<mark id="a{appearance.pk}" class="claim-span{current}" '
            f'title="Claim {appearance.claim_id} · score {appearance.score:.2f}">'
            f'<a href="{escape(claim_url.format(appearance.claim_id))}">{escape(segment)}</a></mark>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@permission_required("claims.add_article", raise_exception=True)
def article_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ArticleForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        oversized=getattr(request, "oversized_uploads", set()) if posted else set(),
        initial={"url": request.GET.get("url", "")[:2000]},  # "edit the URL" from a failed fetch
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        earlier = None if data.get("again") else form.earlier_copy()
        if earlier:  # warn before a second copy exists; a tick on "Submit it again anyway" goes ahead
            return render(request, "claims/article_new.html", {"form": form, "earlier": earlier})
        if data.get("file"):
            article = intake.article_submit(
                user=request.user,
                text=data["file"],
                filename=request.FILES["file"].name,
                is_html=form.upload_is_html,
                metadata=form.metadata(),
            )
        else:
            article = intake.article_submit(
                user=request.user, text=data.get("text", ""), url=data.get("url", ""), metadata=form.metadata()
            )
        return redirect(article)
    return render(request, "claims/article_new.html", {"form": form})


@permission_required("claims.view_article", raise_exception=True)
@vary_on_headers("HX-Request")
def article_detail(request: HttpRequest, pk: int, metadata_form=None) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("duplicate_of"), pk=pk)
    appearances = list(article.appearances.select_related("claim", "claim__assignee").order_by("position", "start"))
    ready = article.status == Article.Status.READY
    context = {
        "article": article,
        "appearances": appearances,
        "body_html": article_body_html(article.text, appearances, highlight=request.GET.get("highlight", ""))
        if ready
        else "",
        "claims_html": article_claims_html(appearances) if ready else "",
        "already_checked": article_checked(article) if ready else None,
        "metadata_form": metadata_form
        or ArticleMetadataForm(initial={name: getattr(article, name) for name in intake.ARTICLE_METADATA}),
        "can_edit_metadata": is_editor(request.user),
    }
    if article.is_archived:
        context["archived_by"] = article.archived_by
    if context["can_edit_metadata"] and article.is_done:  # one query: offer Delete… only when it would be allowed
        context["delete_plan"] = intake.article_delete_plan(article)
    template = "claims/article_detail.html"
    if request.htmx and request.htmx.target == "article-body":
        template += "#body"
    return render(request, template, context)


@permission_required("claims.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    """List articles newest first with their claim counts and submitter; filter by status and words."""
    articles = (
        Article.objects.select_related("submitted_by")
        .defer("raw", "text", "match_keys")
        .annotate(claim_count=Count("appearances"))
        .order_by("-created_at", "-id")
    )
    archived = request.GET.get("archived", "")
    if archived == "only":
        articles = articles.filter(archived_at__isnull=False)
    elif archived != "show":
        archived = ""
        articles = articles.filter(archived_at__isnull=True)
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        found = Q(title__icontains=q) | Q(outlet__icontains=q) | Q(author__icontains=q)
        found |= Q(url__icontains=q) | Q(filename__icontains=q)
        if q.isdigit():
            found |= Q(pk=int(q))  # "Article 7"
        articles = articles.filter(found)
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/article_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "archived": archived,
            "statuses": Article.Status.choices,
            "can_archive": is_editor(request.user),
        },
    )


@permission_required("claims.add_article", raise_exception=True)
@require_POST
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    intake.article_retry(article=article, user=request.user)
    return redirect(article)


@permission_required("claims.change_article", raise_exception=True)
@require_POST
def article_metadata(request: HttpRequest, pk: int) -> HttpResponse:
    """Save an editor's correction of where the article appeared; invalid input re-renders the page."""
    article = get_object_or_404(Article, pk=pk)
    if not is_editor(request.user):
        raise PermissionDenied("Only editors change an article's publication details.")
    form = ArticleMetadataForm(request.POST)
    if not form.is_valid():
        return article_detail(request, pk, metadata_form=form)
    intake.article_edit_metadata(article=article, actor=request.user, **form.cleaned_data)
    messages.success(request, "Publication details saved.")
    return redirect(article)


def _back(request: HttpRequest, article: Article) -> str:
    """Return where an archive or restore button sends the user back to: its `next`, or the article."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return article.get_absolute_url()


def _editor_only(request: HttpRequest, what: str) -> None:
    if not is_editor(request.user):
        raise PermissionDenied(f"Only editors {what} articles.")


@permission_required("claims.change_article", raise_exception=True)
@require_POST
def article_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive the article (Editors): reversible, so no confirmation step."""
    article = get_object_or_404(Article, pk=pk)
    _editor_only(request, "archive")
    intake.article_archive(article=article, actor=request.user)
    messages.success(
        request, format_html("Archived “{}”. It is out of the articles list and the queue.", article.display_title)
    )
    return redirect(_back(request, article))


@permission_required("claims.change_article", raise_exception=True)
@require_POST
def article_restore(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    _editor_only(request, "restore")
    intake.article_restore(article=article, actor=request.user)
    messages.success(request, format_html("Restored “{}”.", article.display_title))
    return redirect(_back(request, article))


@permission_required("claims.delete_article", raise_exception=True)
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what deleting would do, with the button (the confirmation works without JavaScript). POST: delete."""
    article = get_object_or_404(Article, pk=pk)
    _editor_only(request, "delete")
    if request.method == "POST":
        try:
            plan = intake.article_delete(article=article, actor=request.user)
        except intake.ArticleDeleteRefused as refused:
            messages.error(request, str(refused))
            return redirect("article_delete", pk=pk)
        kept = f"; {plan.kept} kept in the other articles they appear in" if plan.kept else ""
        messages.success(
            request,
            format_html(
                "Deleted “{}” and {} claim{}{}. The deletion is on record in the audit log.",
                article.display_title,
                plan.deleted,
                "" if plan.deleted == 1 else "s",
                kept,
            ),
        )
        return redirect("article_list")
    plan = intake.article_delete_plan(article)
    return render(request, "claims/article_delete.html", {"article": article, "plan": plan})


@permission_required("claims.view_event", raise_exception=True)
@require_safe
def article_deletions(request: HttpRequest) -> HttpResponse:
    """List the deletions of articles, newest first: the audit log that outlives the deleted rows."""
    deletions = Event.objects.filter(action="article_deleted").select_related("actor").order_by("-created_at", "-id")
    page = Paginator(deletions, 50).get_page(request.GET.get("page"))
    return render(request, "claims/article_deletions.html", {"page": page})

"""Internal exports: the claim ledger of an article (HTML, Markdown, PDF) and the queue as CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from ..models import Article
from ..publishing import csv as csv_export
from ..publishing import ledger as ledger_export
from ..queries import claim_queue

# Exports carry unpublished findings: only newsroom roles may pull them.
LEDGER_PERMS = ("claims.view_article", "claims.view_claim", "claims.view_verdict")


def ledger_filename(article: Article, extension: str) -> str:
    """Return a download filename such as ledger-12-budget-speech.pdf."""
    return f"ledger-{article.pk}-{slugify(article.display_title)[:60] or 'article'}.{extension}"


@permission_required(LEDGER_PERMS, raise_exception=True)
@require_safe
def article_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = ledger_export.article_ledger(article=get_object_or_404(Article, pk=pk))
    return render(request, "claims/ledger.html", {"ledger": ledger})


@permission_required(LEDGER_PERMS, raise_exception=True)
@require_safe
def article_ledger_md(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    text = ledger_export.ledger_markdown(ledger_export.article_ledger(article=article))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ledger_filename(article, "md")}"'
    return response


@permission_required(LEDGER_PERMS, raise_exception=True)
@require_safe
def article_ledger_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    ledger = ledger_export.article_ledger(article=article)
    html = render_to_string(
        "claims/ledger.html", {"ledger": ledger, "inline_css": ledger_export.ledger_css()}, request=request
    )
    response = HttpResponse(ledger_export.ledger_pdf(html=html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{ledger_filename(article, "pdf")}"'
    return response


@permission_required("claims.view_claim", raise_exception=True)
@require_safe
def queue_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    claims, _filters = claim_queue(params=request.GET, user=request.user)
    lines = csv_export.csv_lines(csv_export.claim_rows(claims))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_export.export_filename()}"'
    return response

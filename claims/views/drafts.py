"""Check a draft before it runs, and an article's claims checked before (its panel, loaded after the page).

The draft check reads only: no article, claim, event or log line is made of the pasted
text. The draft becomes an article only through "Submit this draft as an article", which
posts the same textarea to the intake's own form (claims.views.articles.article_new).
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from ..intake.forms import DraftForm
from ..matching.checked_before import MAX_LOOKED_UP, claims_checked_before, draft_check
from ..models import Article, Claim


@sensitive_post_parameters("text")  # an error report never carries an unpublished draft
@never_cache
@permission_required("claims.view_claim", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def draft_check_page(request: HttpRequest) -> HttpResponse:
    """Show a pasted draft sentence by sentence with what was checked before; store nothing."""
    posted = request.method == "POST"
    form = DraftForm(request.POST if posted else None)
    result = draft_check(text=form.cleaned_data["text"]) if posted and form.is_valid() else None
    template = "claims/draft_check.html" + ("#draft" if request.htmx else "")
    return render(request, template, {"form": form, "result": result, "max_looked_up": MAX_LOOKED_UP})


@permission_required("claims.view_article", raise_exception=True)
@require_safe
@vary_on_headers("HX-Request")
def article_checked_before(request: HttpRequest, pk: int) -> HttpResponse:
    """List the article's claims that match a published fact-check: ours (with its twins') and imported.

    The article page loads it after itself (ranking every claim against thousands of imported
    fact-checks takes a moment); without JavaScript its link opens this as a page.
    """
    article = get_object_or_404(Article.objects.defer("raw", "match_keys"), pk=pk)
    claims: list[Claim] = []
    if article.status == Article.Status.READY:  # in reading order, each claim once
        appearances = article.appearances.select_related("claim").order_by("position", "start")
        claims = list(dict.fromkeys(appearance.claim for appearance in appearances))
    prior = claims_checked_before(claims=claims) if claims else {}
    rows = [(claim, prior[claim.pk]) for claim in claims if prior[claim.pk].checked]
    context = {"article": article, "rows": rows, "total": len(claims)}
    template = "claims/article_checked_before.html" + ("#panel" if request.htmx else "")
    return render(request, template, context)

"""Public fact-check pages: no login, published verdicts only (drafts always 404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from ..publishing import claimreview

PAGE_SIZE = 30


def public_context(**extra) -> dict:
    """Return the context every public page shares (newsroom name and site URL)."""
    return {"newsroom_name": settings.NEWSROOM_NAME, "site_url": settings.SITE_URL, **extra}


@login_not_required
@require_safe
def check_index(request: HttpRequest) -> HttpResponse:
    verdicts = claimreview.published_verdicts()
    page = Paginator(verdicts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/public_index.html", public_context(page=page))


@login_not_required
@require_safe
def check_detail(request: HttpRequest, slug: str) -> HttpResponse:
    verdict = claimreview.published_verdict_for(slug)
    if verdict is None:
        raise Http404("No published fact check at this address")
    claim = verdict.claim
    corrections = list(claimreview.published_corrections().filter(claim=claim))
    context = public_context(
        verdict=verdict,
        claim=claim,
        rating=verdict.rating,
        appearances=claimreview.distinct_appearances(claim),
        citations=list(claim.citations.all()),
        corrections=corrections,
        first_published=claimreview.first_publication(verdict),
        claim_review=claimreview.claim_review(verdict),
    )
    return render(request, "claims/public_check.html", context)


@login_not_required
@require_safe
def check_feed(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        claimreview.data_feed_json(claimreview.published_verdicts()), content_type="application/ld+json; charset=utf-8"
    )


@login_not_required
@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    page = Paginator(claimreview.published_corrections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/public_corrections.html", public_context(page=page))


class CorrectionsFeed(Feed):
    """An Atom feed of the corrections log, for partners and feed readers."""

    feed_type = Atom1Feed

    def title(self):
        return f"{settings.NEWSROOM_NAME}: corrections to published fact checks"

    def subtitle(self):
        return "Every change to a published verdict: old rating, new rating, reason and date."

    def link(self):
        return reverse("public_corrections")

    def items(self):
        return claimreview.published_corrections()[:100]

    def item_title(self, item):
        return f"{item.claim.reviewed_wording[:120]}: {item.corrects.rating.label} → {item.rating.label}"

    def item_description(self, item):
        return f"Rating changed from {item.corrects.rating.label} to {item.rating.label}. {item.correction_reason}"

    def item_link(self, item):
        return reverse("public_check", args=[item.claim.slug]) + f"#correction-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


corrections_feed = login_not_required(CorrectionsFeed())

"""Public fact-check pages: no login, published versions only (drafts always 404).

Every page renders the stored content of a claim's current published version
(claims/publishing/versions.py), never the live rows staff are still editing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from ..models import PublishedVersion
from ..publishing import rating_styles
from ..publishing import versions as publication

PAGE_SIZE = 30


def public_context(request: HttpRequest, **extra) -> dict:
    """Return the context every public page shares (newsroom name and canonical site URL)."""
    return {"newsroom_name": settings.NEWSROOM_NAME, "site_url": publication.site_url(request), **extra}


def check_context(request: HttpRequest, content: dict, *, corrections=()) -> dict:
    """Return the context of a public check page for one version's content (also used by the preview)."""
    return public_context(
        request,
        check=publication.for_display(content),
        claim_review=publication.public_review(content, publication.site_url(request)),
        corrections=corrections,
    )


@login_not_required
@require_safe
def rating_styles_css(request: HttpRequest) -> HttpResponse:
    """Serve the rating colours as classes: pages carry no style attributes, which the CSP refuses."""
    css = rating_styles.rating_stylesheet()
    etag = rating_styles.stylesheet_etag(css)
    # Browsers keep it a minute, then ask again with the ETag (304 until an admin changes a colour).
    response = get_conditional_response(request, etag=etag) or HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    return response


@login_not_required
@require_safe
def check_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(publication.current_versions(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [(version, publication.for_display(version.content)) for version in page.object_list]
    return render(request, "claims/public_index.html", public_context(request, page=page))


@login_not_required
@require_safe
def check_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = publication.version_for_slug(slug)
    if version is None:
        # An address a claim was once published under answers with a redirect to its current one.
        old = PublishedVersion.objects.filter(slug=slug).select_related("claim").order_by("-number").first()
        if old and old.claim.slug and old.claim.published_versions.filter(current=True).exists():
            return redirect("public_check", old.claim.slug, permanent=True)
        raise Http404("No published fact check at this address")
    history = publication.with_previous(version.claim.published_versions.filter(number__gt=1).order_by("number"))
    return render(request, "claims/public_check.html", check_context(request, version.content, corrections=history))


@login_not_required
@require_safe
def check_feed(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        publication.feed_json(publication.current_versions(), site=publication.site_url(request)),
        content_type="application/ld+json; charset=utf-8",
    )


@login_not_required
@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    page = Paginator(publication.corrections(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = publication.with_previous(page.object_list)
    return render(request, "claims/public_corrections.html", public_context(request, page=page))


class CorrectionsFeed(Feed):
    """An Atom feed of the corrections log, for partners and feed readers."""

    feed_type = Atom1Feed

    def __init__(self, site: str) -> None:
        self.site = site

    def title(self):
        return f"{settings.NEWSROOM_NAME}: corrections to published fact checks"

    def subtitle(self):
        return "Every change to a published fact check: what it said, what it says now, why and when."

    def link(self):
        return self.site + reverse("public_corrections")

    def feed_url(self):
        return self.site + reverse("public_corrections_feed")

    def items(self):
        return publication.with_previous(publication.corrections()[:100])

    def item_title(self, item):
        was = item.previous["rating"]["label"] if item.previous else ""
        return f"{item.content['claim_reviewed'][:120]}: {was} → {item.content['rating']['label']}"

    def item_description(self, item):
        changed = "; ".join(
            f"{change.label}: {change.before or '—'} → {change.after or '—'}" for change in item.changes
        )
        return f"Version {item.number}. {item.note} {changed}".strip()

    def item_link(self, item):
        return self.site + item.content["path"] + f"#correction-{item.number}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


@login_not_required
@require_safe
def corrections_feed(request: HttpRequest) -> HttpResponse:
    # One feed object per request: its links use the request's canonical site URL.
    return CorrectionsFeed(publication.site_url(request))(request)

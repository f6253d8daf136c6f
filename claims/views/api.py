"""The read-only JSON API (v1) for CMS integration: articles, claims, published reviews.

Every request needs `Authorization: Bearer <key>` (keys are made on the API tokens
page). What a key can read follows its user's role: articles need view_article,
claims view_claim, evidence view_citation, unpublished verdicts view_verdict;
published reviews are readable by any active key. Lists are paginated with
`page_size` (at most MAX_PAGE_SIZE) and followed through `next`, a link with a keyset
`cursor` (see paginate()).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date, datetime, time
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..api.serialisers import (
    absolute,
    appearance_json,
    article_json,
    citation_json,
    claim_json,
    iso,
    verdict_json,
)
from ..api.tokens import api_token_authenticate
from ..collaboration.comments import comment_json
from ..models import Article, Claim, Verdict
from ..publishing import versions as publication
from ..publishing.csv import with_export_columns
from ..queries import claim_queue

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def api_view(permission: str | None = None) -> Callable:
    """Wrap a view: token authentication, GET/HEAD only, an optional claims-app permission."""

    def decorate(view):
        @login_not_required
        @require_safe
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = api_token_authenticate(header=request.headers.get("Authorization", ""))
            if user is None:
                return error(
                    401,
                    "A valid API token is required: send 'Authorization: Bearer <key>'",
                    WWW_Authenticate='Bearer realm="claimdesk"',
                )
            if permission and not user.has_perm(f"claims.{permission}"):
                return error(403, f"Your role does not allow this (needs {permission})")
            request.user = user
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def paginate(request: HttpRequest, items, serialize: Callable) -> JsonResponse:
    """Return one page of items as {next, results}, keyset-paginated on the queryset's order.

    `next` carries a `cursor`: the sort values of the page's last row. The next page
    starts after them through the sort's index, so page 10,000 costs what page 1 does
    (an OFFSET would read and drop every row before it), and rows added meanwhile
    never shift a page. There is no total count: counting a million rows costs more
    than the page.
    """
    try:
        size = min(max(int(request.GET.get("page_size", DEFAULT_PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        return error(400, "page_size must be a whole number")
    if request.GET.get("page", "1") != "1":
        return error(400, "Pages are followed through the `next` link (a cursor), not by number")
    ordering = keyset_ordering(items)
    if request.GET.get("cursor"):
        after = cursor_decode(request.GET["cursor"], model=items.model, ordering=ordering)
        if after is None:
            return error(400, "cursor is not one this API gave out")
        items = items.filter(after)
    rows = list(items[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    next_link = None
    if more:
        params = request.GET.copy()
        params.pop("page", None)
        params["cursor"] = cursor_encode(rows[-1], ordering=ordering)
        next_link = absolute(request.path) + "?" + params.urlencode()
    return JsonResponse(
        {"next": next_link, "results": [serialize(item) for item in rows]},
        json_dumps_params={"ensure_ascii": False},
    )


def keyset_ordering(items) -> tuple[str, ...]:
    """Return the queryset's order ("-field" or "field" names), which must end with the primary key."""
    ordering = tuple("id" if name in ("pk", "-pk") else name for name in items.query.order_by)
    if not ordering or ordering[-1].lstrip("-") != "id" or any("__" in name for name in ordering):
        raise ValueError(f"keyset pagination needs an order on the model's own fields ending in id: {ordering}")
    return ordering


def cursor_encode(row, *, ordering: tuple[str, ...]) -> str:
    values = [getattr(row, name.lstrip("-")) for name in ordering]
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str, *, model, ordering: tuple[str, ...]) -> Q | None:
    """Return the filter for the rows after the cursor's row in this order, or None if it is not valid."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(ordering):
            return None
        values = [model._meta.get_field(name.lstrip("-")).to_python(v) for name, v in zip(ordering, raw, strict=True)]
    except (ValueError, TypeError, ValidationError):
        return None
    if any(v is None for v in values):
        return None
    # `first <= v AND (…strictly after…)`: the leading range lets PostgreSQL start the index scan
    # at the cursor instead of filtering every row before it.
    first, value = ordering[0].lstrip("-"), values[0]
    leading = Q(**{f"{first}__{'lte' if ordering[0].startswith('-') else 'gte'}": value})
    return leading & _strictly_after(ordering, values)


def _strictly_after(ordering, values) -> Q:
    name, value = ordering[0].lstrip("-"), values[0]
    after = Q(**{f"{name}__{'lt' if ordering[0].startswith('-') else 'gt'}": value})
    if len(ordering) == 1:
        return after
    return after | (Q(**{name: value}) & _strictly_after(ordering[1:], values[1:]))


@api_view("view_article")
def articles(request: HttpRequest) -> JsonResponse:
    items = Article.objects.order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        items = items.filter(status=status)
    return paginate(request, items, article_json)


@api_view("view_article")
def article(request: HttpRequest, pk: int) -> JsonResponse:
    obj = get_object_or_404(Article, pk=pk)
    data = article_json(obj)
    data["claims"] = [
        {
            "id": a.claim_id,
            "text": a.text,
            "speaker": a.speaker,
            "status": a.claim.status,
            "start": a.start,
            "end": a.end,
        }
        for a in obj.appearances.select_related("claim").order_by("position", "start", "id")
    ]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api_view("view_claim")
def claims(request: HttpRequest) -> JsonResponse:
    queryset, filters = claim_queue(params=request.GET, user=request.user)
    if filters.errors:
        return error(400, "; ".join(filters.errors))
    queryset = with_export_columns(queryset.select_related("assignee"))
    see_drafts = request.user.has_perm("claims.view_verdict")
    return paginate(request, queryset, lambda c: claim_json(c, see_drafts=see_drafts))


@api_view("view_claim")
def claim(request: HttpRequest, pk: int) -> JsonResponse:
    obj = get_object_or_404(with_export_columns(Claim.objects.select_related("assignee")), pk=pk)
    user = request.user
    data = claim_json(obj, see_drafts=user.has_perm("claims.view_verdict"))
    data["appearances"] = [
        appearance_json(a) for a in obj.appearances.select_related("article").order_by("created_at", "id")
    ]
    if user.has_perm("claims.view_citation"):
        data["citations"] = [
            citation_json(c) for c in obj.citations.select_related("source").order_by("created_at", "id")
        ]
    verdicts = obj.verdicts.select_related("rating").order_by("-proposed_at", "-id")
    if not user.has_perm("claims.view_verdict"):
        verdicts = verdicts.filter(
            published_at__isnull=False, status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED]
        )
    data["verdicts"] = [verdict_json(v) for v in verdicts]
    # The desk's discussion: token holders are desk users; comments never reach public pages.
    data["comments"] = [
        comment_json(c)
        for c in obj.comments.filter(deleted_at__isnull=True).select_related("author").order_by("created_at", "id")
    ]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def parse_since(raw: str):
    """Return an aware datetime from `since` (a date or an ISO datetime), or None if it is malformed."""
    try:
        value = datetime.fromisoformat(raw) if "T" in raw else datetime.combine(date.fromisoformat(raw), time())
    except ValueError:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@api_view()
def reviews(request: HttpRequest) -> JsonResponse:
    """Published reviews (each claim's current version), newest first; `since=<date or datetime>` filters."""
    versions = publication.current_versions()
    if request.GET.get("since"):
        since = parse_since(request.GET["since"])
        if since is None:
            return error(400, "since must be a date (2026-03-14) or an ISO datetime")
        versions = versions.filter(published_at__gte=since)
    site = publication.site_url(request)

    def serialize(version) -> dict:
        return {
            "claim_id": version.claim_id,
            "version": version.number,
            "published_at": iso(version.published_at),
            "claim_review": publication.public_review(version.content, site),
        }

    return paginate(request, versions, serialize)

"""The claim queue: every claim across articles, filtered and sorted."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from ..models import Claim

SORTS = {
    "newest": ("-article_created_at", "-id"),
    "priority": ("-score", "-id"),
    "oldest": ("article_created_at", "id"),
}
PAGE_SIZE = 50


@vary_on_headers("HX-Request")
def queue(request: HttpRequest) -> HttpResponse:
    claims = Claim.objects.select_related("article", "assignee")
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    sort = request.GET.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"
    claims = claims.order_by(*SORTS[sort])
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "sort": sort, "statuses": Claim.Status.choices}
    template = "claims/queue.html" + ("#rows" if request.htmx else "")
    return render(request, template, context)

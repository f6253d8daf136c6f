"""The claim queue: every claim across articles, filtered and sorted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from ..models import Claim
from ..selectors import QueuePaginator, claim_queue

PAGE_SIZE = 50


@vary_on_headers("HX-Request")
def queue(request: HttpRequest) -> HttpResponse:
    claims, filters = claim_queue(params=request.GET, user=request.user)
    claims = claims.select_related("article", "assignee")
    page = QueuePaginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "status": filters.status, "sort": filters.sort,
               "statuses": Claim.Status.choices}
    template = "claims/queue.html" + ("#rows" if request.htmx else "")
    return render(request, template, context)

"""The claim queue: every claim across articles, filtered, sorted, counted and worked in bulk."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from .. import presenters, queries
from ..collaboration.panels import queue_panels
from ..models import Claim
from ..review import workflow
from ..roles import assignable_people, is_editor
from .collaboration import queue_bulk_extra

PAGE_SIZE = 50
# Full-text results are ranked by the queue's sort, not by relevance: page N costs PostgreSQL all
# N x 50 matches before it (OFFSET), 1.8 s at page 500 of a common word over 1M claims. Past this
# page a search asks for a narrower query instead.
SEARCH_MAX_PAGES = 20


class CountedPaginator(Paginator):
    """A paginator told its total instead of running COUNT(*) on every request."""

    def __init__(self, object_list, per_page, *, total: int):
        super().__init__(object_list, per_page)
        self.total = total

    @cached_property
    def count(self) -> int:
        return self.total


def queue_context(request: HttpRequest, params: QueryDict) -> dict:
    """Return the queue page's rows, filters, counts and choices for these parameters."""
    claims, filters = queries.claim_queue(params=params, user=request.user)
    counts = queries.status_counts(params, request.user)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    matches = total
    search_capped = bool(filters.q) and total > SEARCH_MAX_PAGES * PAGE_SIZE
    if search_capped:
        total = SEARCH_MAX_PAGES * PAGE_SIZE  # get_page() beyond it serves the last page
    # Deferred join: page through ids alone (an index-only scan even at ?page=500), then load those rows.
    page = CountedPaginator(claims.values_list("pk", flat=True), PAGE_SIZE, total=total).get_page(params.get("page"))
    page.object_list = queries.queue_rows(list(page.object_list))
    presenters.queue_rows_decorate(page.object_list)
    query = filters.as_query()
    status_tabs = [("", "All", sum(counts.values()), urlencode({k: v for k, v in query.items() if k != "status"}))]
    for value, label in Claim.Status.choices:
        status_tabs.append((value, label, counts.get(value, 0), urlencode({**query, "status": value})))
    editor = is_editor(request.user)
    panels = queue_panels(request, params)
    for claim in page.object_list:
        claim.row_html = presenters.queue_row_html(claim, today=panels["today"])
    people, tags, options = assignable_people(), panels["all_tags"], presenters.options_html
    return panels | {
        "page": page,
        "search_capped": search_capped,
        "search_max_pages": SEARCH_MAX_PAGES,
        "matches": matches,
        "filters": filters,
        "status": filters.status,
        "sort": filters.sort,
        "statuses": Claim.Status.choices,
        "kinds": Claim.Kind.choices,
        "status_tabs": status_tabs,
        "query": urlencode(query),
        "is_editor": editor,
        "manual_statuses": [(s.value, s.label) for s in workflow.MANUAL_STATUSES],
        "dismiss_reasons": Claim.DismissReason.choices,
        "people": people,
        # The filter and bulk forms' option lists, printed in Python (two of every desk member).
        "status_options": options(Claim.Status.choices, selected=filters.status),
        "kind_options": options(Claim.Kind.choices, selected=filters.kind),
        "assignee_options": options([(p.username, p.username) for p in people], selected=filters.assignee),
        "tag_options": options([(t.slug, t.name) for t in tags], selected=filters.tag),
        "bulk_assignee_options": options((p.pk, p.username) for p in people),
        "bulk_tag_options": options((t.pk, t.name) for t in tags),
    }


@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    template = "claims/queue.html" + ("#rows" if request.htmx else "")
    return render(request, template, queue_context(request, request.GET))


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Assign, set the status of, or dismiss the selected claims, then show the same queue again."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    action = request.POST.get("action", "")
    # Back to the same filtered queue; re-encoded so only query parameters come through.
    back = reverse("queue") + "?" + QueryDict(request.POST.get("query", "")[:2000]).urlencode()
    if not ids:
        messages.error(request, "Select at least one claim (tick its box or press x).")
        return redirect(back)
    if action in ("tag", "due"):
        queue_bulk_extra(request, ids, action)
        return redirect(back)
    assignee = None
    if action == "assign":
        who = request.POST.get("assignee", "")
        if who == "me":
            assignee = request.user
        elif who.isdigit():
            assignee = get_user_model().objects.filter(pk=who, is_active=True).first()
        elif who != "none":
            messages.error(request, "Choose who to assign the claims to.")
            return redirect(back)
    done, problems = workflow.claims_bulk(
        claim_ids=ids,
        action=action,
        actor=request.user,
        assignee=assignee,
        status=request.POST.get("status", ""),
        dismiss_reason=request.POST.get("dismiss_reason", ""),
    )
    if done:
        messages.success(request, f"{done} claim{'s' if done != 1 else ''} updated.")
    for problem in problems[:5]:
        messages.error(request, problem)
    if len(problems) > 5:
        messages.error(request, f"…and {len(problems) - 5} more not changed.")
    return redirect(back)

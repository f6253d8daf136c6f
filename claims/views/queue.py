"""The claim queue: every claim across articles, filtered, sorted, counted and worked in bulk."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import Left
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from .. import workflow
from ..collaboration.views import queue_bulk_extra, queue_panels
from ..display import truncate, url_format
from ..models import Claim, Verdict
from ..roles import ADMIN, EDITOR, REVIEWER, is_editor
from ..selectors import claim_queue

PAGE_SIZE = 50
COUNTS_TTL = 30  # seconds; counts also change key when a claim is added or the workflow moves one


class CountedPaginator(Paginator):
    """A paginator told its total instead of running COUNT(*) on every request."""

    def __init__(self, object_list, per_page, *, total: int):
        super().__init__(object_list, per_page)
        self.total = total

    @cached_property
    def count(self) -> int:
        return self.total


def status_counts(params: QueryDict, user) -> dict[str, int]:
    """Return how many claims of each status match the filters other than status (cached briefly).

    On 100k claims a grouped COUNT costs tens of milliseconds; the key holds the
    newest claim id and the workflow's change counter, so new claims and status
    moves show at once, and anything else within COUNTS_TTL seconds.
    """
    others = params.copy()
    for name in ("status", "page", "sort"):
        others.pop(name, None)
    claims, filters = claim_queue(params=others, user=user)
    newest = Claim.objects.order_by("-id").values_list("id", flat=True).first()
    scope = user.pk if filters.assignee == "mine" else ""
    raw = f"{sorted(filters.as_query().items())}|{scope}|{newest}|{workflow.counts_generation()}"
    key = "queue-counts:" + hashlib.sha1(raw.encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        rows = claims.order_by().values("status").annotate(n=Count("id", distinct=filters.article is not None))
        counts = {row["status"]: row["n"] for row in rows}
        cache.set(key, counts, COUNTS_TTL)
    return counts


def latest_verdicts() -> Prefetch:
    """Return a prefetch of each claim's live verdicts (newest first) with their rating."""
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.exclude(status=Verdict.Status.SUPERSEDED)
        .select_related("rating")
        .order_by("-proposed_at", "-id"),
        to_attr="live_verdicts",
    )


# Enough of an article's text for its first line when it has neither outlet nor title.
ARTICLE_HEAD_CHARS = 400


def article_label(article) -> str:
    """Return what the queue shows for an article: outlet, else title, else the first line of its text."""
    if article.outlet or article.title:
        return article.outlet or article.title
    first_line = article.head.strip().split("\n", 1)[0] if article.head else ""
    return (first_line[:90] + "…") if len(first_line) > 90 else (first_line or f"Article {article.pk}")


def decorate_rows(claims: list[Claim]) -> None:
    """Give each queue row its links, labels and shortened text, worked out once in Python.

    Rendering, not SQL, dominated the queue (about 200 reverse() calls and 150 truncatechars
    per page); the template now only prints these attributes.
    """
    claim_url, assign_url, article_url = (url_format(n) for n in ("claim_detail", "claim_assign", "article_detail"))
    kinds, statuses = dict(Claim.Kind.choices), dict(Claim.Status.choices)
    verdict_statuses = dict(Verdict.Status.choices)
    for claim in claims:
        article = claim.article
        claim.detail_url = claim_url.format(claim.pk)
        claim.assign_url = assign_url.format(claim.pk)
        claim.article_url = article_url.format(article.pk)
        claim.text_short = truncate(claim.text, 140)
        claim.speaker_short = truncate(claim.speaker or "—", 40)
        claim.article_label = truncate(article_label(article), 34)
        claim.kind_label = kinds.get(claim.kind, claim.kind)
        claim.status_label = statuses.get(claim.status, claim.status)
        claim.assignee_name = (claim.assignee.get_username() if claim.assignee else "") or "—"
        verdict = claim.live_verdicts[0] if claim.live_verdicts else None
        claim.verdict = verdict
        claim.verdict_note = (
            verdict_statuses.get(verdict.status, verdict.status).lower()
            if verdict and verdict.status != Verdict.Status.PUBLISHED
            else ""
        )


def queue_context(request: HttpRequest, params: QueryDict) -> dict:
    """Return the queue page's rows, filters, counts and choices for these parameters."""
    claims, filters = claim_queue(params=params, user=request.user)
    counts = status_counts(params, request.user)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    # Deferred join: page through ids alone (an index-only scan even at ?page=500), then load those rows.
    page = CountedPaginator(claims.values_list("pk", flat=True), PAGE_SIZE, total=total).get_page(params.get("page"))
    ids = list(page.object_list)
    rows = (
        Claim.objects.filter(pk__in=ids)
        .select_related("article", "assignee")
        # Neither the submitted original nor the article's full text is shown in the queue
        # (50 rows of 3,000-word articles were ~1 MB per page); the first line comes from its head.
        .defer("article__raw", "article__text", "article__match_keys")
        .annotate(article_head=Left("article__text", ARTICLE_HEAD_CHARS))
        .prefetch_related(latest_verdicts())
    )
    by_id = {claim.pk: claim for claim in rows} if ids else {}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    for claim in page.object_list:
        claim.article.head = claim.article_head
    decorate_rows(page.object_list)
    query = filters.as_query()
    status_tabs = [("", "All", sum(counts.values()), urlencode({k: v for k, v in query.items() if k != "status"}))]
    for value, label in Claim.Status.choices:
        status_tabs.append((value, label, counts.get(value, 0), urlencode({**query, "status": value})))
    editor = is_editor(request.user)
    return queue_panels(request, params, page.object_list) | {
        "page": page,
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
        "people": list(
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[REVIEWER, EDITOR, ADMIN])
            .distinct()
            .order_by("username")
            .values("pk", "username")
        ),
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

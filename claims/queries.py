"""The read side: the queries the pages, the CSV export and the API build, in one place to count them.

`claim_queue(params=request.GET, user=request.user)` returns the filtered, sorted
claims and the filters it understood, so every view of "the current queue" agrees.
The queue page's rows and counts, the claim page's rows and the article page's
"already checked" figure are loaded here too (their display is claims/presenters.py).

Query parameters (all optional, combinable, kept in the URL):
    status     new | in_review | verdict_proposed | approved | published | dismissed
    assignee   a username, "mine" or "unassigned"
    article    an article id
    kind       quantity | event | statement | official | legal | other
    speaker    substring of the speaker (case-insensitive)
    score_min, score_max   0..1
    date_from, date_to     YYYY-MM-DD, on the date the claim's article was submitted
    q          free text: PostgreSQL full-text search on claim text + speaker, stemmed and accent-insensitive
               (SQLite, for `make run`: a case-insensitive substring match, accents and word forms as typed)
    tag        a tag's slug
    flag       priority (claims flagged as priority)
    due        overdue | week (due within 7 days) | set | none
    sort       priority | newest | oldest | due
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Expression, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Col
from django.db.models.functions import Left
from django.utils import timezone

from .models import Appearance, Article, Citation, Claim, Verdict
from .review.workflow import counts_generation

SORTS = {
    # Newest article first; within an article its claims read in document order (id ascending).
    "newest": ("-article_created_at", "id"),
    "priority": ("-score", "-id"),
    "oldest": ("article_created_at", "id"),
    "due": (F("due_date").asc(nulls_last=True), "-priority", "article_created_at", "id"),
}
DUE_FILTERS = ("overdue", "week", "set", "none")
# English stemming behind unaccent (migration 0006): "Lopez" finds "López", "ambassadors" finds "ambassador".
SEARCH_CONFIG = "claimdesk"
CLOSED = (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
# Every filter parameter the queue understands, besides `sort` and `page`.
FILTER_NAMES = (
    "status",
    "assignee",
    "article",
    "kind",
    "speaker",
    "score_min",
    "score_max",
    "date_from",
    "date_to",
    "q",
    "tag",
    "flag",
    "due",
    "archived",
)


def claim_search_vector() -> SearchVector:
    """Return the expression claims_claim.search_vector stores (migration 0011), computed from the row."""
    return SearchVector("text", "speaker", config=SEARCH_CONFIG)


class StoredSearchVector(Expression):
    """The claims_claim.search_vector column (PostgreSQL, migration 0011) under the alias the query gives the table.

    Not a model field, so no query selects it; it resolves to a column of the query's own
    claims table, which keeps its alias when the queryset is nested (saved-search counts).
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), STORED_SEARCH_COLUMN)


STORED_SEARCH_COLUMN = SearchVectorField()
STORED_SEARCH_COLUMN.set_attributes_from_name("search_vector")
STORED_SEARCH_COLUMN.model = Claim


@dataclass
class QueueFilters:
    status: str = ""
    assignee: str = ""
    article: int | None = None
    kind: str = ""
    speaker: str = ""
    score_min: float | None = None
    score_max: float | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    tag: str = ""
    flag: str = ""
    due: str = ""
    archived: str = ""  # "show": include claims found only in archived articles
    sort: str = "newest"
    errors: list[str] = field(default_factory=list)

    def as_query(self) -> dict[str, str]:
        """Return the active filters as URL parameters (for links that keep them)."""
        out = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value not in ("", None):
                out[name] = value.isoformat() if isinstance(value, date) else str(value)
        if self.sort != "newest":
            out["sort"] = self.sort
        return out


def _float(raw: str, name: str, errors: list[str]) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors.append(f"{name} must be a number between 0 and 1")
        return None
    return min(max(value, 0.0), 1.0)


def _date(raw: str, name: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{name} must be a date like 2026-03-14")
        return None


def parse_queue_filters(params) -> QueueFilters:
    """Return the queue filters found in request parameters, ignoring (and noting) bad values."""
    errors: list[str] = []
    f = QueueFilters(errors=errors)
    status = params.get("status", "")
    f.status = status if status in Claim.Status.values else ""
    f.assignee = params.get("assignee", "").strip()[:150]
    article = params.get("article", "")
    if article:
        if article.isdigit():
            f.article = int(article)
        else:
            errors.append("article must be an article number")
    kind = params.get("kind", "")
    f.kind = kind if kind in Claim.Kind.values else ""
    f.speaker = params.get("speaker", "").strip()[:200]
    f.score_min = _float(params.get("score_min", ""), "score_min", errors)
    f.score_max = _float(params.get("score_max", ""), "score_max", errors)
    f.date_from = _date(params.get("date_from", ""), "date_from", errors)
    f.date_to = _date(params.get("date_to", ""), "date_to", errors)
    f.q = params.get("q", "").strip()[:200]
    f.tag = params.get("tag", "").strip()[:60]
    f.flag = "priority" if params.get("flag", "") == "priority" else ""
    due = params.get("due", "")
    f.due = due if due in DUE_FILTERS else ""
    f.archived = "show" if params.get("archived", "") == "show" else ""
    sort = params.get("sort", "newest")
    f.sort = sort if sort in SORTS else "newest"
    return f


def claim_queue(*, params, user) -> tuple[QuerySet[Claim], QueueFilters]:
    """Return the claims of the queue for these parameters, sorted, and the filters applied."""
    f = parse_queue_filters(params)
    claims = Claim.objects.all()
    if f.status:
        claims = claims.filter(status=f.status)
    if f.assignee == "mine":
        claims = claims.filter(assignee=user)
    elif f.assignee == "unassigned":
        claims = claims.filter(assignee__isnull=True)
    elif f.assignee:
        claims = claims.filter(assignee__username=f.assignee)
    if f.article is not None:
        claims = claims.filter(appearances__article_id=f.article).distinct()
    elif not f.archived:
        claims = claims_without_archived(claims)
    if f.kind:
        claims = claims.filter(kind=f.kind)
    if f.speaker:
        claims = claims.filter(speaker__icontains=f.speaker)
    if f.score_min is not None:
        claims = claims.filter(score__gte=f.score_min)
    if f.score_max is not None:
        claims = claims.filter(score__lte=f.score_max)
    if f.date_from:
        claims = claims.filter(article_created_at__date__gte=f.date_from)
    if f.date_to:
        claims = claims.filter(article_created_at__date__lte=f.date_to)
    if f.tag:
        claims = claims.filter(tags__slug=f.tag)
    if f.flag:
        claims = claims.filter(priority=True)
    if f.due:
        today = timezone.localdate()
        claims = {
            "overdue": lambda c: c.filter(due_date__lt=today).exclude(status__in=CLOSED),
            "week": lambda c: c.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7)),
            "set": lambda c: c.filter(due_date__isnull=False),
            "none": lambda c: c.filter(due_date__isnull=True),
        }[f.due](claims)
    if f.q:
        if connection.vendor == "postgresql":
            query = SearchQuery(f.q, config=SEARCH_CONFIG, search_type="websearch")
            claims = claims.alias(search=StoredSearchVector()).filter(search=query)
        else:  # SQLite (make run): every word, anywhere in the text or the speaker; -word leaves out
            for word, wanted in sqlite_search_words(f.q):
                found = Q(text__icontains=word) | Q(speaker__icontains=word)
                claims = claims.filter(found if wanted else ~found)
    return claims.order_by(*SORTS[f.sort]), f


def sqlite_search_words(q: str, limit: int = 12) -> list[tuple[str, bool]]:
    """Split a search into (word, wanted) pairs for SQLite's fallback: quotes dropped, '-word' unwanted."""
    words = [(word.strip("\"'“”‘’-+()"), not word.startswith("-")) for word in q.split()]
    return [(word, wanted) for word, wanted in words if word][:limit]


def claims_without_archived(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Leave out the claims whose every article is archived (first seen in one, found in no other).

    Archived articles are few: PostgreSQL hashes their ids once and keeps the queue's index order;
    the EXISTS runs only for a claim first seen in an archived article.
    """
    archived = Article.objects.filter(archived_at__isnull=False).values("pk")
    live_elsewhere = Appearance.objects.filter(claim=OuterRef("pk")).exclude(article_id__in=archived)
    return claims.exclude(Q(article_id__in=archived) & ~Exists(live_elsewhere))


# --- The queue page -----------------------------------------------------------------

COUNTS_TTL = 30  # seconds; counts also change key when a claim is added or the workflow moves one
# Enough of an article's text for its first line when it has neither outlet nor title.
ARTICLE_HEAD_CHARS = 400


def status_counts(params, user) -> dict[str, int]:
    """Return how many claims of each status match the filters other than status (cached briefly).

    On 100k claims a grouped COUNT costs tens of milliseconds; the key holds the
    newest claim id and the workflow's change counter, so new claims and status
    moves show at once, and anything else within COUNTS_TTL seconds.
    """
    others = params.copy()
    for name in ("status", "page", "sort"):
        others.pop(name, None)
    filters = parse_queue_filters(others)
    newest = Claim.objects.order_by("-id").values_list("id", flat=True).first()
    scope = user.pk if filters.assignee == "mine" else ""
    raw = f"{sorted(filters.as_query().items())}|{scope}|{newest}|{counts_generation()}"
    key = "queue-counts:" + hashlib.sha1(raw.encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        # The queryset is built only on a miss: building it is most of a hit's cost.
        claims, _ = claim_queue(params=others, user=user)
        rows = claims.order_by().values("status").annotate(n=Count("id", distinct=filters.article is not None))
        counts = {row["status"]: row["n"] for row in rows}
        cache.set(key, counts, COUNTS_TTL)
    return counts


@dataclass
class QueueRow:
    """One queue row: the claim's columns the row prints, its article's label, tags and newest live verdict.

    Plain values rather than model instances: building 50 claims with their articles, users and
    verdicts was ~8 ms of CPU a page, the same rows as values ~1 ms (claims/presenters.py prints them).
    """

    pk: int
    text: str
    speaker: str
    kind: str
    score: float
    status: str
    appearance_count: int
    due_date: date | None
    priority: bool
    article_created_at: datetime
    article_id: int
    assignee_name: str
    article_outlet: str
    article_title: str
    article_published: date | None
    article_head: str
    tags: list[str] = field(default_factory=list)
    verdict: dict | None = None  # {"status", "label", "colour"} of the newest verdict not superseded

    @property
    def id(self) -> int:
        return self.pk


def queue_rows(ids: list[int]) -> list[QueueRow]:
    """Return the queue rows of these claim ids, in this order, with their tags and newest live verdict (3 queries)."""
    if not ids:
        return []
    rows = (
        Claim.objects.filter(pk__in=ids)
        # Neither the submitted original nor the article's full text is shown in the queue
        # (50 rows of 3,000-word articles were ~1 MB per page); the first line comes from its head.
        .annotate(article_head=Left("article__text", ARTICLE_HEAD_CHARS))
        .values(
            *("id", "text", "speaker", "kind", "score", "status", "appearance_count", "due_date", "priority"),
            *("article_created_at", "article_id", "article_head"),
            assignee_name=F("assignee__username"),
            article_outlet=F("article__outlet"),
            article_title=F("article__title"),
            article_published=F("article__published"),
        )
    )
    by_id = {}
    for row in rows:
        row["assignee_name"] = row["assignee_name"] or ""
        pk = row.pop("id")
        by_id[pk] = QueueRow(pk=pk, **row)
    for claim_id, name in (
        Claim.tags.through.objects.filter(claim_id__in=by_id)
        .order_by("tag__name", "tag_id")
        .values_list("claim_id", "tag__name")
    ):
        by_id[claim_id].tags.append(name)
    for verdict in (
        Verdict.objects.filter(claim_id__in=by_id)
        .exclude(status=Verdict.Status.SUPERSEDED)
        .order_by("-proposed_at", "-id")
        .values("claim_id", "status", label=F("rating__label"), colour=F("rating__colour"))
    ):
        row = by_id[verdict.pop("claim_id")]
        if row.verdict is None:
            row.verdict = verdict
    return [by_id[pk] for pk in ids if pk in by_id]


# --- The claim and article pages ----------------------------------------------------------


def claim_appearances(claim: Claim) -> list[Appearance]:
    """Return the claim's appearances with their article, oldest first."""
    return list(claim.appearances.select_related("article").order_by("created_at", "id"))


@dataclass
class EvidenceSource:
    """What the claim page prints of a cited source."""

    pk: int
    title: str
    url: str
    publisher: str
    source_type: str
    fetch_status: str

    def __str__(self) -> str:
        return self.title or self.url or f"Source {self.pk}"  # as Source.__str__


@dataclass
class EvidenceItem:
    """One citation as the claim page prints it, with its source, who added or cleared it, and its source's reach.

    Plain values rather than Citation, Source and two User instances: 20 citations as models were
    ~3.5 ms of CPU (claims/presenters.py evidence_rows and evidence_html print them).
    """

    pk: int
    source_id: int
    excerpt: str
    pinpoint: str
    stance: str
    note: str
    excerpt_check: str
    excerpt_location: str
    excerpt_override_at: datetime | None
    excerpt_override_reason: str
    created_by_id: int | None
    created_at: datetime
    source_cited_by: int
    created_by_name: str | None
    override_by_name: str | None
    source: EvidenceSource


EVIDENCE_COLUMNS = [f.name for f in fields(EvidenceItem)][:-3]
EVIDENCE_SOURCE_COLUMNS = ["source__" + f.name for f in fields(EvidenceSource)][1:]


def claim_citations(claim: Claim) -> list[EvidenceItem]:
    """Return the claim's citations with their source, author and how many claims cite that source."""
    cited_by = (
        Citation.objects.filter(source=OuterRef("source"))
        .values("source")
        .annotate(n=Count("claim", distinct=True))
        .values("n")
    )
    rows = claim.citations.annotate(source_cited_by=Subquery(cited_by)).values_list(
        *EVIDENCE_COLUMNS, "created_by__username", "excerpt_override_by__username", *EVIDENCE_SOURCE_COLUMNS
    )
    split = len(EVIDENCE_COLUMNS) + 2
    return [EvidenceItem(*row[:split], source=EvidenceSource(row[1], *row[split:])) for row in rows]


def claim_verdicts(claim: Claim) -> list[Verdict]:
    """Return all the claim's verdicts with their rating and people."""
    return list(claim.verdicts.select_related("rating", "proposed_by", "reviewed_by", "corrects__rating"))


@dataclass
class TimelineEntry:
    """One timeline entry as the claim page prints it: the event's columns and its actor's user name.

    Plain values rather than Event and User instances: 50 entries as models were ~2.2 ms of CPU, as values ~1 ms.
    """

    pk: int
    action: str
    summary: str
    before: object
    after: object
    created_at: datetime
    actor_name: str | None  # None when the actor is gone or it was the system


def claim_events(claim: Claim) -> list[TimelineEntry]:
    """Return the claim's timeline, oldest first, with each actor's user name (one query)."""
    rows = claim.events.order_by("created_at", "id").values_list(
        "id", "action", "summary", "before", "after", "created_at", "actor__username"
    )
    return [TimelineEntry(*row) for row in rows]


def article_checked(article) -> dict:
    """Return how many of an article's claims carry a published verdict, and of how many."""
    claim_ids = Appearance.objects.filter(article=article).values("claim_id")
    claims = Claim.objects.filter(pk__in=claim_ids)
    published = Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED)
    return {"checked": claims.filter(Exists(published)).count(), "total": claims.count()}

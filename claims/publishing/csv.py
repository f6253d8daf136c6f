"""CSV of the claim queue: one row per claim, streamed from a server-side cursor over ONE query.

`claim_rows(claims)` turns any queue queryset into tuples in HEADER order. On PostgreSQL
(`export_sql`) the queue's own SQL (its filters and order, compiled by Django) is wrapped in one
statement that joins each claim's current verdict and counts its sources and tags with LATERAL
index look-ups, and formats dates and guards spreadsheet formulas in SQL, so rows go from the
cursor to `csv.writer` untouched: at 1M claims the six correlated subqueries per row it replaced
cost more than the rest of the query. Rows are read with a server-side cursor a chunk at a time,
so memory stays flat however many rows there are.

Elsewhere (SQLite, for `make run`) the same columns come from the ORM (`with_export_columns`,
subqueries per row, also what the API's few rows use) and are cleaned in Python by `cell()`
(`portable_rows`); a test holds the two to the same bytes. `csv_lines` encodes rows lazily
for a StreamingHttpResponse or a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OrderBy, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from ..collaboration.tags import TagNames
from ..models import Citation, Claim, Verdict

CHUNK_SIZE = 2000
# Excel opens UTF-8 CSV correctly only with a byte-order mark; csv readers accept it (utf-8-sig).
BOM = "\ufeff"

COLUMNS = [
    # (header, value expression name in claim_rows)
    ("claim_id", "pk"),
    ("article_id", "article_id"),
    ("article_title", "article__title"),
    ("outlet", "article__outlet"),
    ("url", "article__url"),
    ("article_published", "article__published"),
    ("claim_text", "text"),
    ("claim_reviewed", "claim_reviewed"),
    ("speaker", "speaker"),
    ("kind", "kind"),
    ("score", "score"),
    ("status", "status"),
    ("assignee", "assignee__username"),
    ("rating", "verdict_rating"),
    ("rating_value", "verdict_rating_value"),
    ("verdict_status", "verdict_status"),
    ("rationale", "verdict_rationale"),
    ("sources", "source_count"),
    ("appearances", "appearance_count"),
    ("claim_created", "created_at"),
    ("article_submitted", "article_created_at"),
    ("verdict_published", "verdict_published_at"),
    ("updated", "updated_at"),
    ("tags", "tag_names"),
    ("due_date", "due_date"),
    ("priority", "priority"),
]
HEADER = [name for name, _ in COLUMNS]
# Free-text columns: a leading = + - @ would be run as a formula by spreadsheets.
TEXT_COLUMNS = {"article_title", "outlet", "claim_text", "claim_reviewed", "speaker", "assignee", "rationale", "tags"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def current_verdict_subquery() -> QuerySet[Verdict]:
    """Return the claim's verdict to report: the published one, else the newest live draft."""
    return (
        Verdict.objects.filter(claim=OuterRef("pk"))
        .exclude(status=Verdict.Status.SUPERSEDED)
        .annotate(
            published_first=Case(
                When(status=Verdict.Status.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("published_first", "-proposed_at", "-id")
    )


def with_export_columns(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Return claims annotated with the verdict and source columns of the export (subqueries per row)."""
    verdict = current_verdict_subquery()
    sources = (
        Citation.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(n=Count("source", distinct=True))
        .values("n")
    )
    return claims.annotate(
        verdict_rating=Subquery(verdict.values("rating__label")[:1]),
        verdict_rating_value=Subquery(verdict.values("rating__value")[:1]),
        verdict_status=Subquery(verdict.values("status")[:1]),
        verdict_rationale=Subquery(verdict.values("rationale")[:1]),
        verdict_published_at=Subquery(verdict.values("published_at")[:1]),
        source_count=Coalesce(Subquery(sources, output_field=IntegerField()), Value(0)),
        tag_names=TagNames(),
    )


# --- PostgreSQL: one statement, rows ready for csv.writer ---------------------------------------

CURRENT_VERDICT_SQL = """
    SELECT r.label, r.value, v.status, v.rationale, v.published_at
    FROM claims_verdict v JOIN claims_rating r ON r.id = v.rating_id
    WHERE v.claim_id = q.x_claim_id AND v.status <> 'superseded'
    ORDER BY CASE WHEN v.status = 'published' THEN 0 ELSE 1 END, v.proposed_at DESC, v.id DESC
    LIMIT 1
"""
SOURCE_COUNT_SQL = "SELECT count(DISTINCT c.source_id) AS n FROM claims_citation c WHERE c.claim_id = q.x_claim_id"
TAG_NAMES_SQL = """
    SELECT string_agg(t.name, ', ' ORDER BY t.name) AS names
    FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id WHERE ct.claim_id = q.x_claim_id
"""
# The columns joined around the claims' own query: (SQL, model field when it needs formatting).
JOINED_COLUMNS = {
    "rating": ("v.label", None),
    "rating_value": ("v.value", None),
    "verdict_status": ("v.status", None),
    "rationale": ("v.rationale", None),
    "verdict_published": ("v.published_at", Verdict._meta.get_field("published_at")),
    "sources": ("COALESCE(s.n, 0)", None),
    "tags": ("t.names", None),
}
# The rest come from the claims' query itself (header -> path).
CLAIM_COLUMNS = {name: path for name, path in COLUMNS if name not in JOINED_COLUMNS}


def _sql_text(expression: str) -> str:
    """Return SQL that guards a text value against formula injection, as cell() does."""
    starts = ", ".join("E'" + start.replace("\t", "\\t").replace("\r", "\\r") + "'" for start in FORMULA_STARTS)
    return f"CASE WHEN left({expression}, 1) IN ({starts}) THEN '''' || {expression} ELSE {expression} END"


def _sql_isoformat(expression: str, field) -> str:
    """Return SQL that prints a date or an aware datetime as Python's isoformat() does (UTC)."""
    if field.get_internal_type() == "DateField":
        return f"to_char({expression}, 'YYYY-MM-DD')"
    utc = f"({expression} AT TIME ZONE 'UTC')"
    # isoformat() prints microseconds only when there are some.
    return (
        f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN extract(microseconds FROM {utc})::int "
        f"%% 1000000 = 0 THEN '' ELSE to_char({utc}, '.US') END || '+00:00'"
    )


def _field(path: str):
    """Return the model field a COLUMNS path ends at (pk, article__title, assignee__username …)."""
    model, field = Claim, None
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        model = field.related_model or model
    return field


def export_sql(claims: QuerySet[Claim]) -> tuple[str, list]:
    """Return one PostgreSQL statement (and its parameters) selecting the export rows of these claims.

    The claims' query keeps its filters and order; the outer query repeats that order on the
    columns it selected, which the nested loops of the LATERAL joins preserve, so PostgreSQL
    needs no second sort.
    """
    ordering = claims.query.order_by or Claim._meta.ordering
    order_keys = {f"o{i}": _order_item(item) for i, item in enumerate(ordering)}
    inner = claims.annotate(
        **{f"x_{name}": F(path) for name, path in CLAIM_COLUMNS.items()},
        **{key: F(name) for key, (name, _direction) in order_keys.items()},
    ).values(*[f"x_{name}" for name in CLAIM_COLUMNS], *order_keys)
    sql, params = inner.query.sql_with_params()
    selected = []
    for name, path in COLUMNS:
        expression, field = JOINED_COLUMNS.get(name) or (f"q.x_{name}", _field(path))
        if field is not None and field.get_internal_type() in ("DateField", "DateTimeField"):
            expression = _sql_isoformat(expression, field)
        if name in TEXT_COLUMNS:
            expression = _sql_text(expression)
        selected.append(expression)
    order_by = ", ".join(f"q.{key} {direction}" for key, (_name, direction) in order_keys.items())
    statement = (
        f"SELECT {', '.join(selected)} FROM ({sql}) q "
        f"LEFT JOIN LATERAL ({CURRENT_VERDICT_SQL}) v ON true "
        f"LEFT JOIN LATERAL ({SOURCE_COUNT_SQL}) s ON true "
        f"LEFT JOIN LATERAL ({TAG_NAMES_SQL}) t ON true "
        f"ORDER BY {order_by}"
    )
    return statement, list(params)


def _order_item(item) -> tuple[str, str]:
    """Return (field name, SQL direction) of one order_by() item of the queue."""
    if isinstance(item, OrderBy):
        direction = "DESC" if item.descending else "ASC"
        if item.nulls_last:
            direction += " NULLS LAST"
        elif item.nulls_first:
            direction += " NULLS FIRST"
        return item.expression.name, direction
    return item.lstrip("-"), ("DESC" if item.startswith("-") else "ASC")


def claim_rows(claims: QuerySet[Claim], *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """Yield one tuple per claim, in HEADER order and ready to print, from a single streamed query."""
    if connection.vendor == "postgresql":
        yield from sql_rows(*export_sql(claims), chunk_size=chunk_size)
    else:
        yield from portable_rows(claims, chunk_size=chunk_size)


def portable_rows(claims: QuerySet[Claim], *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """Yield the rows of claim_rows through the ORM on any database (subqueries per row, cleaned in Python)."""
    fields = [expr for _, expr in COLUMNS]
    text_flags = [name in TEXT_COLUMNS for name in HEADER]
    for row in with_export_columns(claims).values_list(*fields).iterator(chunk_size=chunk_size):
        yield tuple(cell(value, text=flag) for value, flag in zip(row, text_flags, strict=True))


def sql_rows(sql: str, params: list, *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """Yield the rows of a statement from a server-side cursor, chunk_size rows per fetch."""
    connection.ensure_connection()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


ROWS_PER_CHUNK = 500


def cell(value, *, text: bool = False) -> object:
    """Return a value as it should appear in the CSV (ISO dates, no formula injection)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if text and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[tuple], *, bom: bool = True, rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[str]:
    """Yield the CSV text: the header at once, then the rows in chunks of rows_per_chunk lines.

    Rows arrive ready to print (claim_rows cleans them): each chunk is one csv.writer.writerows
    call. Chunks of a few hundred rows (~100 kB) keep the number of socket writes low; the header
    goes first on its own so a download starts before the query has run.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield (BOM if bom else "") + buffer.getvalue()
    rows = iter(rows)
    while True:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(islice(rows, rows_per_chunk))
        if not buffer.tell():
            return
        yield buffer.getvalue()


def export_filename(prefix: str = "claims", extension: str = "csv") -> str:
    """Return a dated download filename such as claims-2026-11-23.csv."""
    from django.utils import timezone

    return f"{prefix}-{timezone.localdate().isoformat()}.{extension}"

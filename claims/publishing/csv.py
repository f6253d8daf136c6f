"""CSV of the claim queue: one row per claim, streamed from a server-side cursor.

`claim_rows(claims)` turns any queue queryset into tuples in ONE query (rating,
rationale and source counts come from subqueries, not per-row lookups) read with
`.iterator(chunk_size=…)`, which on PostgreSQL is a server-side cursor: memory
stays flat however many rows there are. `csv_lines` encodes them lazily for a
StreamingHttpResponse or a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

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
]
HEADER = [name for name, _ in COLUMNS]
# Free-text columns: a leading = + - @ would be run as a formula by spreadsheets.
TEXT_COLUMNS = {"article_title", "outlet", "claim_text", "claim_reviewed", "speaker", "assignee", "rationale"}
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
    """Return claims annotated with the verdict and source columns of the export."""
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
    )


def claim_rows(claims: QuerySet[Claim], *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """Yield one tuple per claim, in HEADER order, from a single streamed query."""
    fields = [expr for _, expr in COLUMNS]
    yield from with_export_columns(claims).values_list(*fields).iterator(chunk_size=chunk_size)


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

    Chunks of a few hundred rows (~100 kB) keep the number of socket writes low; the
    header goes first on its own so a download starts before the query has run.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    text_flags = [name in TEXT_COLUMNS for name in HEADER]
    writer.writerow(HEADER)
    yield (BOM if bom else "") + buffer.getvalue()
    batch = 0
    for row in rows:
        if batch == 0:
            buffer.seek(0)
            buffer.truncate()
        writer.writerow([cell(value, text=flag) for value, flag in zip(row, text_flags, strict=True)])
        batch += 1
        if batch == rows_per_chunk:
            yield buffer.getvalue()
            batch = 0
    if batch:
        yield buffer.getvalue()


def export_filename(prefix: str = "claims", extension: str = "csv") -> str:
    """Return a dated download filename such as claims-2026-11-23.csv."""
    from django.utils import timezone

    return f"{prefix}-{timezone.localdate().isoformat()}.{extension}"

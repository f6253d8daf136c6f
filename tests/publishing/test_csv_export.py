"""CSV export of the queue: streamed, well-formed, the current filters, constant queries."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Tag
from claims.publishing import csv as csv_export
from claims.publishing.csv import HEADER
from claims.queries import claim_queue
from tests.support.factories import cite, correct, make_article, make_claim, propose, published_claim

pytestmark = pytest.mark.django_db

TRICKY = 'He said, "we\'ll cut taxes by 5%"\nand then: ünïcödé — 税金 — ضرائب 🧾; also, a trailing comma,'


def read_csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_ten_thousand_claims_stream_and_round_trip(reviewer_client):
    article = make_article(outlet="Outlet, with comma")
    Claim.objects.bulk_create(
        [
            Claim(article=article, text=f"{TRICKY} #{n}", speaker="Zoë “Quote” O'Neil", score=n / 10_000)
            for n in range(10_000)
        ]
    )
    response = reviewer_client.get(reverse("queue_export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith("\ufeffclaim_id,".encode())  # the header arrives before the rows are read
    rest = b"".join(chunks)
    rows = list(csv.DictReader(io.StringIO((first + rest).decode("utf-8-sig"), newline="")))
    assert len(rows) == 10_000
    assert list(rows[0]) == HEADER
    texts = {row["claim_text"] for row in rows}
    assert f"{TRICKY} #0" in texts and f"{TRICKY} #9999" in texts
    assert {row["outlet"] for row in rows} == {"Outlet, with comma"}
    assert {row["speaker"] for row in rows} == {"Zoë “Quote” O'Neil"}


def test_columns_hold_the_current_verdict_sources_and_dates(reviewer_client):
    claim, verdict = published_claim("False", text='=HYPERLINK("http://evil")')
    propose(claim, "Mixed", rationale="A draft correction.")  # the published verdict is what the row reports
    cite(claim, title="Second source", url="https://b.example.org")
    (row,) = read_csv(reviewer_client.get(reverse("queue_export_csv")))
    assert row["rating"] == "False" and row["rating_value"] == "1" and row["verdict_status"] == "published"
    assert row["rationale"] == verdict.rationale
    assert row["sources"] == "2"
    assert row["outlet"] == "Daily Example" and row["url"] == "https://news.example.com/budget"
    assert row["article_published"] == "2026-03-14"
    assert row["claim_reviewed"] == "Unemployment fell by 40% in 2025"
    # The claim is back in the workflow while its correction waits; the public verdict is still the published one.
    assert row["status"] == "verdict_proposed" and row["verdict_published"].startswith(str(verdict.published_at.year))
    assert row["claim_text"] == '\'=HYPERLINK("http://evil")'  # spreadsheets must not run it


def test_export_uses_the_queue_filters(reviewer_client, reviewer):
    article = make_article()
    mine = make_claim(article, text="Claim assigned to me", assignee=reviewer, status=Claim.Status.IN_REVIEW)
    make_claim(article, text="Someone else's claim", status=Claim.Status.IN_REVIEW)
    make_claim(article, text="A new claim")
    rows = read_csv(reviewer_client.get(reverse("queue_export_csv"), {"status": "in_review", "assignee": "mine"}))
    assert [row["claim_id"] for row in rows] == [str(mine.pk)]
    assert rows[0]["assignee"] == reviewer.username
    by_article = read_csv(reviewer_client.get(reverse("queue_export_csv"), {"article": article.pk, "q": "claim"}))
    assert len(by_article) == 3


def test_queue_page_links_to_the_export_with_its_filters(reviewer_client):
    make_claim()
    page = reviewer_client.get(reverse("queue"), {"status": "new", "sort": "priority", "page": "1"})
    assert 'href="/queue/export.csv?status=new&amp;sort=priority"' in page.content.decode()
    # No claim matches: nothing to export, and the empty row says what to do instead.
    empty = reviewer_client.get(reverse("queue"), {"status": "in_review"}).content.decode()
    assert "/queue/export.csv" not in empty and "Clear the filters" in empty


def test_export_query_count_does_not_grow_with_claims(reviewer_client):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(reviewer_client.get(reverse("queue_export_csv")).streaming_content)
        return len(ctx)

    published_claim()
    few = queries()
    tag = Tag.objects.create(name="Budget", slug="budget")
    for n in range(5):
        claim, verdict = published_claim(text=f"Claim {n}")
        correct(verdict, publish_it=n % 2 == 0)  # superseded and draft verdicts beside the published one
        cite(claim, title="Another source", url=f"https://example.org/{n}")
        claim.tags.add(tag)
    assert queries() == few


def tricky_claims(reviewer) -> None:
    """Store claims whose every column has an edge: formulas, tabs, commas, NULLs, microseconds, ties."""
    article = make_article(title="=SUM(A1)", outlet="@outlet, with comma", published=None, url="")
    other = make_article(title="-5 percent", outlet="\tTabbed", text="Line one\r\nline two")
    a = make_claim(article, text="+1 more claim", speaker="-dash", claim_reviewed="\rreturn", score=1.0)
    b = make_claim(other, text='He said "no", twice\nand left', speaker="", assignee=reviewer, priority=True)
    c = make_claim(other, text="Plain claim", status=Claim.Status.IN_REVIEW, due_date=date(2026, 12, 24))
    claim, verdict = published_claim("False", text="=HYPERLINK(1)")
    correct(verdict, label="Mostly false", publish_it=False)
    propose(a, "Mixed", rationale="@rationale starting with at")
    cite(b)
    cite(b, title="Second", url="https://b.example.org")
    cite(c, title="Second", url="https://b.example.org")
    for name in ("=Zeta", "alpha", "Beta"):
        Tag.objects.create(name=name, slug=name.strip("=").lower()).claims.add(b, claim)
    # isoformat() drops microseconds when there are none: one timestamp exactly on the second.
    Claim.objects.filter(pk=c.pk).update(created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    Claim.objects.filter(pk=a.pk).update(article_created_at=b.article_created_at)  # a tie in the sort


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "priority"},
        {"sort": "due"},
        {"sort": "oldest", "status": "in_review"},
        {"q": "claim"},
        {"tag": "alpha"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()) or "unfiltered",
)
def test_postgresql_export_prints_the_same_bytes_as_the_portable_export(reviewer, query):
    tricky_claims(reviewer)
    claims, _ = claim_queue(params=query, user=reviewer)
    fast = "".join(csv_export.csv_lines(csv_export.claim_rows(claims)))
    portable = "".join(csv_export.csv_lines(csv_export.portable_rows(claims)))
    assert connection.vendor == "postgresql"
    assert fast == portable
    assert fast.count("\r\n") > 1  # rows, not just the header


def test_export_by_article_lists_each_claim_once_in_queue_order(reviewer):
    tricky_claims(reviewer)
    claim = Claim.objects.filter(text="Plain claim").get()
    claims, _ = claim_queue(params={"article": str(claim.article_id)}, user=reviewer)
    rows = list(csv.reader(io.StringIO("".join(csv_export.csv_lines(csv_export.claim_rows(claims), bom=False)))))
    assert [int(row[0]) for row in rows[1:]] == list(claims.values_list("pk", flat=True))
    assert len(rows) == 3


def test_export_command_writes_csv_and_jsonld(tmp_path):
    published_claim("False")
    make_claim(make_article(), text="Not yet checked")
    out = tmp_path / "claims.csv"
    call_command("export_claims", "--format", "csv", "--status", "published", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert [row["status"] for row in rows] == ["published"]
    stdout = io.StringIO()
    call_command("export_claims", "--format", "jsonld", stdout=stdout)
    feed = json.loads(stdout.getvalue())
    assert [e["item"]["reviewRating"]["alternateName"] for e in feed["dataFeedElement"]] == ["False"]

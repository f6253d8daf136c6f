"""Queue and claim pages prepare their repeated rows in the view; what users see stays the same."""

import re

import pytest
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.dataset import PASSWORD, Size, generate
from claims.models import Article, Claim, Event
from claims.presenters import local_date, truncate

pytestmark = pytest.mark.django_db


def test_templates_are_compiled_once_by_the_cached_loader():
    # template-partials wraps the loaders; its child must be Django's cached loader (in DEBUG too).
    (partials_loader,) = engines["django"].engine.template_loaders
    assert [type(loader) for loader in partials_loader.loaders] == [CachedLoader]


def test_truncate_cuts_like_the_truncatechars_filter():
    long = "word " * 40
    assert truncate(long, 34) == long[:33] + "…" and len(truncate(long, 34)) == 34
    assert truncate("short", 34) == "short"


def test_local_date_formats_like_the_date_filter():
    from datetime import UTC, datetime

    from django.template import Context, Template
    from django.utils import timezone

    when = datetime(2026, 3, 14, 23, 30, 5, tzinfo=UTC)
    with timezone.override("Europe/Berlin"):  # the next day there: the newsroom's own time zone is shown
        for fmt in ("c", "Y-m-d H:i"):
            shown = Template("{{ when|date:fmt }}").render(Context({"when": when, "fmt": fmt}))
            assert local_date(when, fmt) == shown
        assert local_date(when, "Y-m-d H:i") == "2026-03-15 00:30"
        with_microseconds = when.replace(microsecond=123456)
        shown = Template("{{ when|date:'c' }}").render(Context({"when": with_microseconds}))
        assert local_date(with_microseconds, "c") == shown


def test_queue_row_shows_links_short_text_and_the_articles_first_line_when_it_has_no_title(reviewer_client, reviewer):
    article = Article.objects.create(
        raw="x", text="\n  First line of the piece, long enough to be cut short here\nrest"
    )
    claim = Claim.objects.create(article=article, text="The deficit " + "grew " * 40, speaker="", kind="quantity")
    body = reviewer_client.get(reverse("queue")).content.decode()
    row = re.search(rf'<tr id="row-{claim.pk}".*?</tr>', body, re.S).group(0)
    assert f'data-href="/claims/{claim.pk}/"' in row and f'data-assign-url="/claims/{claim.pk}/assign/"' in row
    assert f'<a href="/articles/{article.pk}/">First line of the piece, long eno…</a>' in row
    assert f">{claim.text[:139]}…</a>" in row
    assert (
        '<td class="speaker-cell" data-label="Speaker">—</td>' in row and '<td data-label="Kind">Quantity</td>' in row
    )
    assert '<td class="assignee" data-label="Assignee">—</td>' in row


def test_claim_page_loads_appearances_verdicts_and_links_once(client):
    tiny = generate(size=Size.tiny())
    assert client.login(username=tiny.editor_username, password=PASSWORD)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("claim_detail", args=[tiny.claim_id])).content.decode()
    froms = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries if 'FROM "' in q["sql"]]
    for table in ("claims_appearance", "claims_verdict", "claims_claimlink", "claims_event"):
        assert froms.count(table) == 1, (table, froms)
    # The timeline still lists every entry, oldest first, with who did it.
    events = Event.objects.filter(claim_id=tiny.claim_id).select_related("actor").order_by("created_at", "id")
    shown = re.findall(r'<time datetime="([^"]+)">', body)
    assert len(shown) == len(events) > 0
    assert shown == sorted(shown)


def test_queue_row_escapes_what_people_typed_and_shows_the_desk_marks_and_verdict(reviewer_client):
    from datetime import date

    from claims.models import Tag
    from tests.support.factories import published_claim

    claim, _ = published_claim("False", text='<script>alert("x")</script> & it\'s "quoted"', score=0.125)
    Claim.objects.filter(pk=claim.pk).update(priority=True, due_date=date(2020, 1, 2), appearance_count=3)
    Tag.objects.create(name="<b>Budget</b>", slug="budget").claims.add(claim)
    body = reviewer_client.get(reverse("queue")).content.decode()
    row = re.search(rf'<tr id="row-{claim.pk}".*?</tr>', body, re.S).group(0)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#x27;s &quot;quoted&quot;</a>" in row
    assert "<script>" not in row
    assert '<span class="tag">&lt;b&gt;Budget&lt;/b&gt;</span>' in row
    # Published claims are never overdue, whatever their due date; the date still shows.
    assert 'class="overdue"' not in row and '<small class="due">due 2020-01-02</small>' in row
    assert '<span class="badge priority">Priority</span>' in row
    assert "· 3 appearances</small>" in row
    assert '<td class="num" data-label="Score">0.13</td>' in row  # floatformat rounds half up
    # The rating's colour is a class from /checks/ratings.css (no style attribute under the CSP).
    assert re.search(r'<span class="rating rating-[0-9a-f]{6}">False</span>', row) and "style=" not in row
    assert '<span class="badge status-published">Published</span>' in row

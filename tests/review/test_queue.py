"""The claim queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.conftest import ROOT

DEV_ARTICLES = ROOT / "tests" / "extraction_dev" / "articles"

pytestmark = pytest.mark.django_db


def test_queue_lists_claims_and_filters_by_status(reviewer_client, ready_article):
    claims = list(ready_article.appearances.all())
    first = claims[0].claim
    Claim.objects.filter(pk=first.pk).update(status=Claim.Status.IN_REVIEW)
    page = reviewer_client.get(reverse("queue")).content.decode()
    assert page.count('class="badge status-') == len(claims)
    filtered = reviewer_client.get(reverse("queue"), {"status": "in_review"}).content.decode()
    assert filtered.count('class="badge status-') == 1


def test_queue_sorts_by_score(reviewer_client, ready_article):
    scores = [c.score for c in Claim.objects.all()]
    assert len(set(scores)) >= 3  # the seed article's claims score differently: the order means something
    response = reviewer_client.get(reverse("queue"), {"sort": "priority"})
    listed = [c.score for c in response.context["page"]]
    assert listed == sorted(scores, reverse=True)


def test_queue_htmx_request_gets_only_the_rows(reviewer_client, ready_article):
    body = reviewer_client.get(reverse("queue"), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="queue-rows"' in body and "<html" not in body


def test_queue_query_count_does_not_grow_with_rows(reviewer_client, reviewer):
    from claims.models import Article
    from claims.pipeline.extract import article_extract
    from tests.conftest import seed_text

    def count_queries():
        reviewer_client.get(reverse("queue"))  # warm what is cached between requests (the header's counts)
        with CaptureQueriesContext(connection) as ctx:
            assert reviewer_client.get(reverse("queue")).status_code == 200
        return len(ctx)

    article_extract(Article.objects.create(raw=seed_text(0), submitted_by=reviewer).pk)
    few = count_queries()
    # Articles with claims of their own (the second seed only adds appearances to the first's claims);
    # both counts are taken with the caches warm (status counts, header counts), as a second visit sees them.
    for name in ("climate_heat.txt", "courts_ruling.txt", "housing_rents.txt"):
        raw = (DEV_ARTICLES / name).read_text(encoding="utf-8")
        article_extract(Article.objects.create(raw=raw, submitted_by=reviewer).pk)
    assert Claim.objects.count() > 30
    assert count_queries() == few


def test_full_text_search_finds_claims_by_words_and_speaker(reviewer_client, ready_article):
    response = reviewer_client.get(reverse("queue"), {"q": "soldiers"})
    texts = [c.text for c in response.context["page"]]
    assert texts and all("soldiers" in t.lower() for t in texts)
    by_speaker = reviewer_client.get(reverse("queue"), {"q": "amnesty"}).context["page"]
    assert any("amnesty" in (c.speaker or "").lower() for c in by_speaker)


def test_filters_combine_and_bad_values_are_ignored(reviewer_client, ready_article, reviewer):
    claim = ready_article.appearances.first().claim
    Claim.objects.filter(pk=claim.pk).update(assignee=reviewer, status=Claim.Status.IN_REVIEW)
    page = reviewer_client.get(
        reverse("queue"), {"status": "in_review", "assignee": "mine", "score_min": "abc"}
    ).context["page"]
    assert [c.pk for c in page] == [claim.pk]
    unassigned = reviewer_client.get(reverse("queue"), {"assignee": "unassigned"}).context["page"]
    assert claim.pk not in [c.pk for c in unassigned]


def test_newest_sort_lists_newest_article_first_and_its_claims_in_document_order(reviewer_client, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Article

    now = timezone.now()
    older = Article.objects.create(raw="older", submitted_by=reviewer)
    newer = Article.objects.create(raw="newer", submitted_by=reviewer)
    expected = []
    for article, when in ((newer, now), (older, now - timedelta(days=1))):
        # Created in document order, so ids rise through each article.
        expected += [
            Claim.objects.create(article=article, article_created_at=when, text=f"{article.raw} claim {n}").pk
            for n in range(1, 4)
        ]
    # Created after the rest, yet the oldest article's claim still comes last.
    late = Claim.objects.create(article=older, article_created_at=now - timedelta(days=1), text="older claim 4")
    expected.append(late.pk)
    for params in ({}, {"status": "new"}, {"assignee": "unassigned"}, {"status": "new", "assignee": "unassigned"}):
        page = reviewer_client.get(reverse("queue"), params).context["page"]
        assert [c.pk for c in page] == expected, params
    body = reviewer_client.get(reverse("queue")).content.decode()
    positions = [body.index(f'id="row-{pk}"') for pk in expected]
    assert positions == sorted(positions)


def test_a_search_stops_at_its_last_allowed_page_and_says_how_to_narrow_it(reviewer_client, monkeypatch):
    from claims.views import queue as queue_view
    from tests.support.factories import make_article

    monkeypatch.setattr(queue_view, "SEARCH_MAX_PAGES", 2)
    article = make_article()
    Claim.objects.bulk_create(
        [Claim(article=article, article_created_at=article.created_at, text=f"Budget line {n}") for n in range(130)]
    )
    capped = reviewer_client.get(reverse("queue"), {"q": "budget", "page": 3})
    body = capped.content.decode()
    assert capped.context["page"].number == 2 and "Page 2 of 2" in body
    assert "Showing the first 2 pages (100 claims) of 130 matches: add words or filters to narrow the search." in body
    assert 'rel="next"' not in body
    # Without a search every page is still there.
    unfiltered = reviewer_client.get(reverse("queue"), {"page": 3})
    assert unfiltered.context["page"].number == 3 and "Showing the first" not in unfiltered.content.decode()


def test_sqlite_search_looks_for_every_word_of_the_query_and_leaves_out_minus_words():
    from claims.queries import sqlite_search_words

    assert sqlite_search_words('removal  "Castillo" -Peru') == [("removal", True), ("Castillo", True), ("Peru", False)]
    assert sqlite_search_words('" ‘’ ') == []
    assert len(sqlite_search_words("word " * 50)) == 12

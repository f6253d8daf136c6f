"""Already checked, both ways: an import re-matches the claims already in the queue (file, URL by the worker, feed),
and the claim page and the article page show the matching published checks, ours and imported, with rating and date."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat
from django.utils.timezone import localtime

from claims.intake.review_imports import review_import_request
from claims.matching import known_reviews
from claims.matching.known_reviews import known_reviews_import
from claims.models import Article, ClaimLink, Event
from claims.pipeline.extract import article_extract
from claims.tasks import import_known_reviews
from tests.support.factories import published_as
from tests.support.hostile_server import serve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rewrites_keep_their_plain_event_sentences(settings):
    """These tests are about matching: a rewrite's plain event sentence ("American troops arrived in
    Peru this week on a training mission", 0.47 since the check-worthiness refit) stays a claim."""
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.3


QUEUED = "Harrowfield council cut library opening hours by 10 percent this year, the union said."
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/library-hours",
    "claimReviewed": "Harrowfield council cut library opening hours by 10 percent.",
    "headline": "Did the council really cut library hours by 10 percent?",
    "author": {"@type": "Organization", "name": "Harrowfield Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
    "datePublished": "2026-11-20",
}
FEED = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [{"item": [REVIEW]}]}
ORIGINAL = "American troops arrived in Peru this week on a training mission, the embassy said."
REWRITE = "U.S. troops landed in Peru this week for a training mission, the embassy announced."


def submitted(text: str) -> Article:
    return article_extract(Article.objects.create(raw=text).pk)


class Feed(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = json.dumps(FEED).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_url(settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True  # the test's own server on 127.0.0.1
    server = serve(Feed)
    yield f"http://127.0.0.1:{server.server_port}/feed.json"
    server.shutdown()


def panel(client, article: Article) -> str:
    """Return the article page's "Checked before" panel as the page loads it (htmx)."""
    url = reverse("article_checked_before", args=[article.pk])
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def assert_shows_the_imported_check(page: str) -> None:
    assert "Harrowfield Checks" in page and "Mostly true" in page and "20 Nov 2026" in page
    assert 'href="https://checks.example/library-hours"' in page


def test_a_feed_fetched_by_the_worker_rematches_a_claim_already_in_the_queue(editor, editor_client, feed_url):
    article = submitted(QUEUED)
    claim = article.appearances.get().claim
    job = review_import_request(user=editor, url=feed_url)
    assert import_known_reviews.run(job.pk) == "ready"  # what the worker runs
    job.refresh_from_db()
    assert "1 claim in the queue already checked" in job.summary
    event = Event.objects.get(claim=claim, action="known_review_matched")
    assert "Harrowfield Checks" in event.summary and "Mostly true" in event.summary
    assert_shows_the_imported_check(editor_client.get(claim.get_absolute_url()).content.decode())
    assert_shows_the_imported_check(panel(editor_client, article))


def test_a_weak_match_is_not_written_into_a_queued_claims_timeline(monkeypatch):
    monkeypatch.setattr(known_reviews, "REVIEW_LIKELY_AT", 0.99)  # the library fact-check's match is below it
    claim = submitted(QUEUED).appearances.get().claim
    result = known_reviews_import(source="pasted JSON", content=json.dumps(REVIEW))
    assert result.rematched == 0 and not Event.objects.filter(claim=claim, action="known_review_matched").exists()
    assert known_reviews.claim_known_reviews(claim)  # the claim page still lists it


def test_a_file_imported_with_the_command_rematches_the_queue(tmp_path, capsys):
    claim = submitted(QUEUED).appearances.get().claim
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([REVIEW]))
    call_command("import_claimreviews", str(path))
    assert "1 claim in the queue already checked" in capsys.readouterr().out
    assert Event.objects.filter(claim=claim, action="known_review_matched").count() == 1


def test_the_article_page_loads_its_checked_before_panel_and_without_javascript_links_to_it(reviewer_client):
    article = submitted(QUEUED)
    known_reviews_import(source="pasted JSON", content=json.dumps(REVIEW))
    url = reverse("article_checked_before", args=[article.pk])
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert f'hx-get="{url}" hx-trigger="load"' in page and f'<a href="{url}">' in page
    fragment = panel(reviewer_client, article)
    assert fragment.lstrip().startswith('<section id="checked-before"') and "<header" not in fragment
    assert "1 of 1</strong> claim matches a published fact-check" in fragment
    assert_shows_the_imported_check(fragment)
    full = reviewer_client.get(url).content.decode()  # the link, without JavaScript
    assert "<h1>Checked before: " in full and "Harrowfield Checks" in full


def test_a_conflicting_figure_is_not_a_matching_check_on_the_article_page(reviewer_client):
    article = submitted(QUEUED.replace("10 percent", "40 percent"))
    known_reviews_import(source="pasted JSON", content=json.dumps(REVIEW))
    fragment = panel(reviewer_client, article)
    assert "Harrowfield Checks" not in fragment
    assert "None of this article's 1 claim matches a published fact-check" in fragment


def test_the_desks_own_published_check_shows_on_the_article_page_with_rating_and_date(make_user, client):
    reviewer, editor = make_user("Reviewer", "rosa"), make_user("Editor", "ed")
    article = submitted(QUEUED)
    claim = published_as(reviewer, editor, claim=article.appearances.get().claim, wording="Library hours cut by 10%")
    client.force_login(reviewer)
    fragment = panel(client, article)
    verdict = claim.verdicts.get()
    assert "Checked by this desk" in fragment and ">False<" in fragment
    assert dateformat.format(localtime(verdict.published_at), "j M Y") in fragment
    assert f'href="{reverse("public_check", args=[claim.slug])}"' in fragment


def test_a_suggested_twin_the_desk_published_shows_on_the_claim_page_and_the_article_page(make_user, client):
    reviewer, editor = make_user("Reviewer", "rosa"), make_user("Editor", "ed")
    first = submitted(ORIGINAL)
    second = submitted(REWRITE)
    link = ClaimLink.objects.get(status=ClaimLink.Status.SUGGESTED)
    original = first.appearances.get().claim
    rewrite = second.appearances.get().claim
    assert {link.claim_id, link.other_id} == {original.pk, rewrite.pk}
    published = published_as(reviewer, editor, claim=original, wording="US troops arrived in Peru")
    client.force_login(reviewer)
    claim_page = client.get(rewrite.get_absolute_url()).content.decode()
    assert "published by this desk:" in claim_page and ">False<" in claim_page
    assert f'href="{reverse("public_check", args=[published.slug])}"' in claim_page
    fragment = panel(client, second)
    assert "Checked by this desk" in fragment and "suggested as the same statement" in fragment
    assert f'href="{published.get_absolute_url()}"' in fragment


def test_the_panel_queries_do_not_grow_with_the_articles_claims(reviewer_client):
    known_reviews_import(source="pasted JSON", content=json.dumps(REVIEW))
    small = submitted(QUEUED)
    big = submitted(" ".join(f"The county spent {n} million pounds on roads in {1990 + n}." for n in range(25)))
    assert big.appearances.count() >= 20
    panel(reviewer_client, small)  # the known reviews' index is built once, then reused

    def queries(article):
        with CaptureQueriesContext(connection) as ctx:
            assert "Harrowfield Checks" in panel(reviewer_client, article) or article == big
        return len(ctx.captured_queries)

    assert queries(big) <= queries(small)  # one more when a review matches (it is loaded)

"""Submitting articles and reading them: views, the extraction service, retries."""

import pytest
from django.urls import reverse

from claims.models import Appearance, Article, Claim
from claims.pipeline.extract import article_extract
from tests.conftest import seed_text

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    for name in ("queue", "article_new", "article_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_pasting_an_article_stores_it_queued_and_enqueues_after_commit(
    reviewer_client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("claims.tasks.extract_article.delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = reviewer_client.post(reverse("article_new"), {"text": seed_text(0)})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.status == Article.Status.QUEUED
    assert len(callbacks) == 1 and sent == [article.pk]


def test_article_page_polls_while_queued_and_stops_when_ready(reviewer_client, reviewer):
    article = Article.objects.create(raw=seed_text(0), submitted_by=reviewer)
    page = reviewer_client.get(article.get_absolute_url())
    assert 'hx-trigger="every 1s"' in page.content.decode()
    article_extract(article.pk)
    partial = reviewer_client.get(article.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="article-body")
    body = partial.content.decode()
    assert 'hx-trigger="every' not in body  # polling stops (the "checked before" panel still loads once)
    assert "<html" not in body  # the partial only
    assert "claim-span" in body


def test_extraction_is_idempotent(ready_article):
    first = list(ready_article.appearances.values_list("start", "end"))
    Article.objects.filter(pk=ready_article.pk).update(status=Article.Status.QUEUED)
    article_extract(ready_article.pk)
    assert list(ready_article.appearances.values_list("start", "end")) == first
    assert Claim.objects.count() == Appearance.objects.count() == len(first)


def test_extraction_skips_an_article_already_done(ready_article):
    assert article_extract(ready_article.pk) is None


def test_failed_article_shows_error_and_retry_puts_it_back(
    reviewer_client, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    article = Article.objects.create(
        raw="", submitted_by=reviewer, status=Article.Status.FAILED, error="No article text was found"
    )
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "No article text was found" in page and "Retry" in page
    sent = []
    monkeypatch.setattr("claims.tasks.extract_article.delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(reverse("article_retry", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and article.error == ""
    assert sent == [article.pk] and article.enqueued_at is not None  # sent again after commit


def test_empty_and_binary_pastes_are_refused_with_a_message(reviewer_client):
    response = reviewer_client.post(reverse("article_new"), {"text": "   "})
    assert response.status_code == 200 and "Paste the article text" in response.content.decode()
    response = reviewer_client.post(reverse("article_new"), {"text": "abc\x00\x01\x02"})
    assert response.status_code == 200 and "binary" in response.content.decode()
    assert not Article.objects.exists()


def test_article_html_is_shown_escaped(reviewer_client, reviewer):
    payload = "The council spent $5 million on 12 bridges in 2024 <img src=x onerror=alert(1)> says the mayor."
    article = Article.objects.create(raw=payload, submitted_by=reviewer)
    article_extract(article.pk)
    body = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body

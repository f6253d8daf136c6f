"""End to end on the real stack: web view -> Redis -> a real Celery worker -> PostgreSQL."""

import pytest
from django.urls import reverse

from claims.models import Article
from tests.conftest import seed_text, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_submitted_article_is_extracted_by_a_real_worker(celery_worker_process, client, make_user):
    client.force_login(make_user("Reviewer"))
    response = client.post(reverse("article_new"), {"text": seed_text(0)})
    assert response.status_code == 302
    article = Article.objects.get()

    def done():
        article.refresh_from_db()
        return article.status in (Article.Status.READY, Article.Status.FAILED)

    assert wait_until(done, timeout=60), f"article still {article.status}"
    assert article.status == Article.Status.READY, article.error
    assert article.appearances.count() >= 8
    assert article.enqueued_at is not None
    page = client.get(article.get_absolute_url()).content.decode()
    assert "claim-span" in page

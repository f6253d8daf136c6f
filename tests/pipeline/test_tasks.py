"""The tasks are interfaces: stable names, retries declared on the task, the final failure stored on the row."""

import pytest

from claims import tasks
from claims.fetching import TransientFetchError
from claims.models import Article
from factcheck.celery import app as celery_app


def test_task_names_survive_code_moves():
    celery_app.loader.import_default_modules()
    assert {"claims.tasks.extract_article", "claims.tasks.fetch_source", "claims.tasks.sweep_queue"} <= set(
        celery_app.tasks
    )
    assert celery_app.conf.beat_schedule["sweep-queue"]["task"] in celery_app.tasks


@pytest.mark.parametrize("task", [tasks.extract_article, tasks.fetch_source])
def test_retries_are_declared_on_the_task(task):
    assert task.autoretry_for == (TransientFetchError,)
    assert task.max_retries == tasks.MAX_RETRIES and task.retry_backoff and not task.retry_jitter
    assert task.acks_late and task.reject_on_worker_lost


@pytest.mark.django_db
def test_a_crash_is_stored_on_the_row_by_type(monkeypatch):
    article = Article.objects.create(raw="The council spent $5 million on 12 bridges.")

    def crash(article_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr("claims.pipeline.extract.article_extract", crash)
    assert tasks.extract_article.apply(args=[article.pk]).failed()
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and article.error == "Extraction failed: RuntimeError: disk full"


@pytest.mark.django_db
def test_a_task_for_a_row_that_is_gone_does_nothing():
    assert tasks.extract_article.apply(args=[987654]).get() == "skipped"
    assert tasks.fetch_source.apply(args=[987654]).get() == "skipped"

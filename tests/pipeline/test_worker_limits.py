"""A worker that dies mid-task costs at most two minutes: time limits, visibility timeout, restore scans."""

from __future__ import annotations

import time

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from claims.models import Article
from tests.conftest import redis_url, seed_text, start_worker, wait_until


def test_a_run_is_cut_off_before_redis_would_give_its_message_to_another_worker():
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert settings.CLAIMDESK_FETCH_TOTAL_TIMEOUT < settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < transport["visibility_timeout"]


def test_a_dead_workers_message_is_redelivered_within_two_minutes_by_default():
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    restore_scan = transport["unacked_restore_interval"] * transport["unacked_restore_throttle"]
    assert transport["visibility_timeout"] + restore_scan <= 110  # and a few seconds to start the run


# The defaults' arithmetic is checked above; this runs the same path end to end with a short
# visibility timeout (the suite cannot spend the default 75 s waiting), everything else default.
SHORT_VISIBILITY = "20"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_article_whose_worker_was_killed_is_ready_once_its_visibility_timeout_and_a_restore_scan_pass(
    client, make_user
):
    redis.Redis.from_url(redis_url()).flushdb()
    doomed = start_worker(
        "doomed-defaults", CLAIMDESK_TEST_EXTRACT_DELAY="40", CELERY_VISIBILITY_TIMEOUT=SHORT_VISIBILITY
    )
    rescuer = None
    try:
        client.force_login(make_user("Reviewer"))
        client.post(reverse("article_new"), {"text": seed_text(0)})
        article = Article.objects.get()
        assert wait_until(lambda: Article.objects.get().status == Article.Status.EXTRACTING, timeout=30)
        doomed.kill()
        killed_at = time.monotonic()
        rescuer = start_worker("rescuer-defaults", CELERY_VISIBILITY_TIMEOUT=SHORT_VISIBILITY)
        transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        restore_scan = transport["unacked_restore_interval"] * transport["unacked_restore_throttle"]
        budget = int(SHORT_VISIBILITY) + restore_scan + 30  # and time to start the rescuer and run
        assert wait_until(lambda: Article.objects.get().status == Article.Status.READY, timeout=budget + 10)
        assert time.monotonic() - killed_at < budget
        article.refresh_from_db()
        assert article.attempts == 2
    finally:
        doomed.stop()
        if rescuer:
            rescuer.stop()

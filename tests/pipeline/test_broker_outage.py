"""Redis unreachable: a submit gives up sending within two seconds, the web stays responsive, the sweep catches up.

Nothing reads task results, so there is no result backend to wait for; the broker
publish is the only Redis call a submit makes, and it is bounded.
"""

from __future__ import annotations

import threading
import time

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from claims.models import Article
from factcheck.celery import app as celery_app
from tests.conftest import ROOT, redis_url, seed_text, start_worker, wait_until
from tests.support.web_server import Gunicorn, csrf_token

UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here


def test_no_task_result_is_stored_anywhere():
    celery_app.loader.import_default_modules()
    assert celery_app.conf.result_backend is None
    assert celery_app.conf.task_ignore_result is True
    ours = [task for name, task in celery_app.tasks.items() if name.startswith("claims.")]
    assert ours and all(task.ignore_result for task in ours)


def test_a_send_to_an_unreachable_broker_gives_up_within_two_seconds(settings):
    from claims.tasks import extract_article

    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = UNREACHABLE_REDIS
    celery_app._after_fork()  # drop pools built for the old URL
    try:
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 - kombu's OperationalError, whatever its subclass
            extract_article.delay(1)
        assert time.monotonic() - started < 2.0
    finally:
        celery_app.conf.broker_url = original
        celery_app._after_fork()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_submits_return_promptly_healthz_stays_fast_and_the_sweep_processes_them_later(make_user):
    redis.Redis.from_url(redis_url()).flushdb()
    editor = make_user("Editor", "eddie")
    # A hash gunicorn's hashers can check (the test process hashes with MD5 for speed).
    editor.password = make_password("a-long-test-passphrase", hasher=PBKDF2PasswordHasher())
    editor.save()
    # The whole web process sees Redis down.
    web = Gunicorn("redis-down", workers=2, REDIS_URL=UNREACHABLE_REDIS, DEBUG="1")
    try:
        started = time.monotonic()
        assert web.log_in_with_form("eddie", "a-long-test-passphrase").status_code == 302  # throttle cache down too
        assert time.monotonic() - started < 3.0
        client = web.logged_in(editor)
        submit_seconds: list[float] = []
        statuses: list[int] = []

        def submit(index: int) -> None:
            with web.client(cookies=client.cookies) as own:
                token = csrf_token(own, "/articles/new/")
                started = time.monotonic()
                response = own.post("/articles/new/", data={"text": seed_text(index % 2), "csrfmiddlewaretoken": token})
                submit_seconds.append(time.monotonic() - started)
                statuses.append(response.status_code)

        # Four submits on two sync workers, as in the report: /healthz must not wait behind them.
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        healthz_seconds = []
        with web.client() as probe:
            while any(thread.is_alive() for thread in threads):
                started = time.monotonic()
                assert probe.get("/healthz").text == "ok"
                healthz_seconds.append(time.monotonic() - started)
                time.sleep(0.05)
        for thread in threads:
            thread.join()

        assert statuses == [302] * 4
        assert max(submit_seconds) < 3.0, submit_seconds  # the send gives up in < 2 s, plus the request itself
        assert max(healthz_seconds) < 3.0, healthz_seconds
        articles = list(Article.objects.order_by("pk"))
        assert len(articles) == 4
        assert all(a.status == Article.Status.QUEUED and a.enqueued_at is None for a in articles)
        page = client.get(f"/articles/{articles[0].pk}/").text
        assert "processing is delayed" in page
    finally:
        web.stop()

    # Redis is back: a worker with its embedded beat sweeps every second and processes all four.
    worker = start_worker(
        "outage-sweeper", "--beat", f"--schedule={ROOT / 'var' / 'test-beat-outage'}", CLAIMDESK_SWEEP_INTERVAL="1"
    )
    try:

        def all_done() -> bool:
            return all(
                a.status in (Article.Status.READY, Article.Status.FAILED)
                for a in Article.objects.filter(pk__in=[a.pk for a in articles])
            )

        assert wait_until(all_done, timeout=90), list(Article.objects.values_list("status", flat=True))
        assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.READY}
    finally:
        worker.stop()

"""Faults on the real stack: a worker SIGKILLed mid-extraction, Redis unreachable at submit time.

These start their own `celery worker` processes (with test settings passed through
the environment) against Redis and the test database in PostgreSQL.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from django.urls import reverse

from claims.evidence.library import source_enqueue
from claims.models import Appearance, Article, Claim, Event, Source
from factcheck.celery import app as celery_app
from tests.conftest import ROOT, redis_url, seed_text, start_worker, wait_until
from tests.support import worker as support_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here


@pytest.fixture
def workers():
    """Start workers on demand; stop all of them after the test."""
    redis.Redis.from_url(redis_url()).flushdb()  # no stale messages from earlier runs
    started: list[support_worker.Worker] = []

    def start(name: str, *args: str, **env: str) -> support_worker.Worker:
        worker = start_worker(name, *args, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def broker_at():
    """Point this process's Celery producer at another broker URL (Redis 'down' or back up)."""
    original = celery_app.conf.broker_url

    def point(url: str) -> None:
        celery_app.conf.broker_url = url
        celery_app._after_fork()  # drop the connection and producer pools built for the old URL

    yield point
    point(original)


def article_status(article: Article, *states) -> bool:
    article.refresh_from_db()
    return article.status in states


def test_a_worker_killed_mid_extraction_is_redelivered_and_the_article_ends_with_one_set_of_claims(
    workers, client, make_user
):
    # Short visibility timeout and restore scans so the dead worker's message comes back in seconds.
    fast_redelivery = {
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    doomed = workers("doomed", CLAIMDESK_TEST_EXTRACT_DELAY="60", **fast_redelivery)
    client.force_login(make_user("Reviewer"))
    client.post(reverse("article_new"), {"text": seed_text(0)})
    article = Article.objects.get()
    assert wait_until(lambda: article_status(article, Article.Status.EXTRACTING), timeout=30)
    doomed.kill()
    assert article_status(article, Article.Status.EXTRACTING)  # stranded: the run died holding it

    workers("rescuer", **fast_redelivery)
    assert wait_until(lambda: article_status(article, Article.Status.READY, Article.Status.FAILED), timeout=60), (
        f"article still {article.status}"
    )
    assert article.status == Article.Status.READY, article.error
    assert article.attempts == 2  # the killed run and the redelivered one
    claims = Claim.objects.filter(article=article)
    assert claims.count() == Appearance.objects.filter(article=article).count() >= 8
    # Exactly one set: no claim text appears twice.
    assert claims.values("text").distinct().count() == claims.count()
    assert Event.objects.filter(article=article, action="article_extracted").count() == 1


def test_a_pool_process_killed_mid_extraction_is_requeued_at_once_by_its_worker(workers, client, make_user):
    # An hour-long visibility timeout: only reject_on_worker_lost can bring the message back in time.
    worker = workers("survivor", CLAIMDESK_TEST_EXTRACT_DELAY="60", CELERY_VISIBILITY_TIMEOUT="3600")
    client.force_login(make_user("Reviewer"))
    client.post(reverse("article_new"), {"text": seed_text(0)})
    article = Article.objects.get()
    assert wait_until(lambda: article_status(article, Article.Status.EXTRACTING), timeout=30)
    worker.kill_pool_child()
    assert wait_until(lambda: article_status(article, Article.Status.READY, Article.Status.FAILED), timeout=60), (
        f"article still {article.status}"
    )
    assert article.status == Article.Status.READY, article.error
    assert article.attempts == 2
    assert "WorkerLostError" in worker.output()
    claims = Claim.objects.filter(article=article)
    assert claims.count() == Appearance.objects.filter(article=article).count() >= 8


class Resolution(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = (
            b"<html><head><title>Resolution 12</title></head><body><article><h1>Resolution 12</h1>"
            b"<p>It was adopted with 70 votes in favour and 38 against on 29 May 2023.</p></article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_while_redis_is_unreachable_work_is_saved_and_the_periodic_sweep_enqueues_it_once_redis_is_back(
    workers, broker_at, client, make_user, settings
):
    page_server = ThreadingHTTPServer(("127.0.0.1", 0), Resolution)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    client.force_login(make_user("Editor"))

    broker_at(UNREACHABLE_REDIS)  # Redis "down" for the web process
    response = client.post(reverse("article_new"), {"text": seed_text(0)})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED and article.enqueued_at is None
    page = client.get(response["Location"]).content.decode()
    assert "processing is delayed" in page
    source = Source.objects.create(url=f"http://127.0.0.1:{page_server.server_port}/resolution")
    source_enqueue(source)  # outside a transaction: sent at once, and fails
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.QUEUED and source.enqueued_at is None

    # Redis is back: a worker with its embedded beat runs the sweep every second.
    broker_at(redis_url())
    workers(
        "sweeper",
        "--beat",
        f"--schedule={ROOT / 'var' / 'test-beat-schedule'}",
        CLAIMDESK_SWEEP_INTERVAL="1",
        CLAIMDESK_FETCH_ALLOW_LOOPBACK="1",
    )
    assert wait_until(lambda: article_status(article, Article.Status.READY, Article.Status.FAILED), timeout=60), (
        f"article still {article.status}"
    )
    assert article.status == Article.Status.READY, article.error
    assert article.enqueued_at is not None and article.appearances.count() >= 8

    def source_done():
        source.refresh_from_db()
        return source.fetch_status in (Source.FetchStatus.READY, Source.FetchStatus.FAILED)

    assert wait_until(source_done, timeout=30), f"source still {source.fetch_status}"
    assert source.fetch_status == Source.FetchStatus.READY, source.fetch_error
    assert "70 votes in favour" in source.text_snapshot
    page_server.shutdown()

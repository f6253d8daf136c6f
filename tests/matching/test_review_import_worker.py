"""ClaimReview imports from a URL: fetched by the worker, never in the web request; no file read from the web."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.intake.review_imports import review_import_request
from claims.matching import known_reviews
from claims.matching.known_reviews import ReviewImportError, known_reviews_import
from claims.models import KnownReview, ReviewImport
from claims.sweep import queue_sweep
from claims.tasks import import_known_reviews
from tests.conftest import wait_until
from tests.matching.test_matching_views import CLAIMREVIEW, FeedHandler
from tests.support.hostile_server import serve

pytestmark = pytest.mark.django_db


class Feeds(FeedHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path != "/broken.json":
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "7")
        self.end_headers()
        self.wfile.write(b"{broken")


@pytest.fixture
def loopback(monkeypatch, settings):
    """Let this process and a worker started after it fetch the test's own server on 127.0.0.1."""
    monkeypatch.setenv("CLAIMDESK_FETCH_ALLOW_LOOPBACK", "1")
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True


@pytest.fixture
def feed(loopback):
    server = serve(Feeds)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def sent(monkeypatch, django_capture_on_commit_callbacks):
    """Capture the import messages the web request sends (instead of Redis)."""
    ids = []
    monkeypatch.setattr("claims.tasks.import_known_reviews.delay", ids.append)
    return ids


def no_fetch_in_the_request(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the web request fetched the import URL")

    monkeypatch.setattr(known_reviews, "fetch", refuse)


def test_a_url_import_is_queued_for_the_worker_not_fetched_in_the_request(
    editor_client, editor, monkeypatch, sent, django_capture_on_commit_callbacks
):
    no_fetch_in_the_request(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("known_review_import"), {"url": "https://factcheck.example/feed.json"})
    assert response.status_code == 302
    job = ReviewImport.objects.get()
    assert (job.url, job.status, job.requested_by) == ("https://factcheck.example/feed.json", "queued", editor)
    assert sent == [job.pk]
    page = editor_client.get(reverse("known_review_import")).content.decode()
    assert "https://factcheck.example/feed.json" in page and "Queued" in page
    assert 'hx-trigger="every 2s"' in page  # the page polls while the import runs


def test_an_upper_case_scheme_is_accepted_lower_cased_and_still_never_read_as_a_file(
    editor_client, monkeypatch, sent, django_capture_on_commit_callbacks
):
    no_fetch_in_the_request(monkeypatch)
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(OSError()))
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("known_review_import"), {"url": "HTTP://factcheck.example/feed.json"})
    monkeypatch.undo()
    assert ReviewImport.objects.get().url == "http://factcheck.example/feed.json"
    assert opened == []


@pytest.mark.parametrize("source", ["/etc/passwd", "file:///etc/passwd", "FILE:///etc/passwd", "HTTP:/etc/passwd", ""])
def test_the_import_service_never_opens_a_file(source, monkeypatch):
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail(f"opened {a}"))
    with pytest.raises(ReviewImportError):
        known_reviews_import(source=source)


def test_the_worker_task_imports_the_feed_and_running_it_twice_changes_nothing(feed, editor):
    job = review_import_request(user=editor, url=f"{feed}/feed.json")
    assert import_known_reviews.run(job.pk) == "ready"
    job.refresh_from_db()
    assert job.status == "done" and "1 fact-check imported" in job.summary and job.finished_at
    assert import_known_reviews.run(job.pk) == "skipped"  # already done: left alone
    assert KnownReview.objects.get().imported_by == editor


def test_an_unreadable_feed_is_recorded_as_failed_with_the_reason(feed, editor):
    job = review_import_request(user=editor, url=f"{feed}/broken.json")
    import_known_reviews.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error
    assert not KnownReview.objects.exists()


def test_a_refused_address_fails_in_the_worker(settings, editor):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    job = review_import_request(user=editor, url="http://127.0.0.1:9/feed.json")
    import_known_reviews.apply(args=[job.pk])  # as a worker runs it: the task records the failure
    job.refresh_from_db()
    assert job.status == "failed"


def test_the_management_command_still_reads_files(tmp_path, capsys):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(CLAIMREVIEW))
    call_command("import_claimreviews", str(path))
    assert "1 fact-check imported" in capsys.readouterr().out


def test_the_htmx_poll_returns_only_the_imports_fragment(editor_client, editor):
    ReviewImport.objects.create(
        url="https://factcheck.example/a.json", requested_by=editor, status="done", summary="2 fact-checks imported"
    )
    response = editor_client.get(reverse("known_review_import"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="review-imports"') and "2 fact-checks imported" in body
    assert "hx-trigger" not in body  # nothing left to wait for: polling stops


@pytest.mark.worker
def test_a_real_worker_imports_a_feed_submitted_on_the_page(
    loopback, celery_worker_process, feed, editor_client, monkeypatch
):
    no_fetch_in_the_request(monkeypatch)
    editor_client.post(reverse("known_review_import"), {"url": f"{feed}/feed.json"})
    job = ReviewImport.objects.get()
    done = wait_until(lambda: ReviewImport.objects.filter(pk=job.pk, status="done").first(), 60)
    assert done, ReviewImport.objects.get(pk=job.pk).error
    assert KnownReview.objects.count() == 1


def test_the_sweep_sends_an_import_whose_message_never_reached_redis(editor, monkeypatch):
    sent = []
    monkeypatch.setattr("claims.tasks.import_known_reviews.delay", sent.append)
    old = timezone.now() - timedelta(minutes=1)
    lost = ReviewImport.objects.create(url="https://factcheck.example/a.json", requested_by=editor, created_at=old)
    ReviewImport.objects.create(url="https://factcheck.example/b.json", status="done", created_at=old)
    result = queue_sweep()
    assert sent == [lost.pk] and result.imports == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == "queued" and lost.enqueued_at is not None
    assert queue_sweep().imports == []  # sent again only once it is stale


def test_the_sweep_gives_up_on_an_import_whose_runs_keep_dying(editor, settings, monkeypatch):
    monkeypatch.setattr("claims.tasks.import_known_reviews.delay", lambda pk: None)
    long_ago = timezone.now() - timedelta(hours=1)
    job = ReviewImport.objects.create(
        url="https://factcheck.example/a.json",
        status="fetching",
        attempts=settings.CLAIMDESK_MAX_ATTEMPTS,
        created_at=long_ago,
        started_at=long_ago,
    )
    queue_sweep()
    job.refresh_from_db()
    assert job.status == "failed" and "Gave up" in job.error

"""The queue sweep: what it re-enqueues, what it leaves alone, and how it is scheduled."""

from datetime import timedelta

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from claims.models import Article, Source
from factcheck.celery import app as celery_app
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Capture the messages the sweep sends instead of publishing them."""
    messages = []
    monkeypatch.setattr("claims.tasks.extract_article.delay", lambda pk: messages.append(("article", pk)))
    monkeypatch.setattr("claims.tasks.fetch_source.delay", lambda pk: messages.append(("source", pk)))
    return messages


def make_article(*, ago: int = 60, **fields) -> Article:
    article = Article.objects.create(raw="The council spent $5 million.", **fields)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(seconds=ago))
    return article


def test_sweep_enqueues_what_never_reached_the_broker_or_was_lost(sent, capsys):
    long_ago = timezone.now() - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER + 5)
    never_sent = make_article()
    lost_in_redis = make_article(enqueued_at=long_ago)
    stalled = make_article(status=Article.Status.EXTRACTING, started_at=long_ago, attempts=1)
    waiting = make_article(enqueued_at=timezone.now())  # in the queue: leave it
    running = make_article(status=Article.Status.EXTRACTING, started_at=timezone.now())
    just_submitted = make_article(ago=0)  # its after-commit send may still be in flight
    done = make_article(status=Article.Status.READY)
    source = Source.objects.create(url="https://example.org/report", fetch_status=Source.FetchStatus.QUEUED)

    call_command("sweep_queue")

    assert sorted(sent) == sorted(
        [("article", never_sent.pk), ("article", lost_in_redis.pk), ("article", stalled.pk), ("source", source.pk)]
    )
    assert "Re-enqueued 3 article(s) and 1 source(s)." in capsys.readouterr().out
    stalled.refresh_from_db()
    assert stalled.status == Article.Status.QUEUED and stalled.enqueued_at is not None
    assert never_sent.events.get(action="article_requeued").summary.endswith("unreachable when it was submitted")
    assert stalled.events.get(action="article_requeued").summary.endswith("stopped without finishing")
    for untouched in (waiting, running, just_submitted, done):
        assert ("article", untouched.pk) not in sent
    sent.clear()
    call_command("sweep_queue")  # everything now has a fresh send time
    assert sent == []


def test_sweep_fails_an_article_whose_runs_keep_dying_instead_of_looping(sent):
    long_ago = timezone.now() - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER + 5)
    doomed = make_article(
        status=Article.Status.EXTRACTING, started_at=long_ago, attempts=settings.CLAIMDESK_MAX_ATTEMPTS
    )
    call_command("sweep_queue")
    doomed.refresh_from_db()
    assert sent == []
    assert doomed.status == Article.Status.FAILED and "Gave up after" in doomed.error


def test_sweep_reports_an_unreachable_broker_and_leaves_rows_queued(monkeypatch, capsys):
    def down(pk):
        raise ConnectionRefusedError("Redis is down")

    monkeypatch.setattr("claims.tasks.extract_article.delay", down)
    article = make_article()
    with pytest.raises(SystemExit) as exit_code:
        call_command("sweep_queue")
    assert exit_code.value.code == 1
    assert "unreachable" in capsys.readouterr().err
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and article.enqueued_at is None


def test_the_sweep_is_scheduled_by_celery_beat_and_compose_runs_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-queue"]
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] <= 300
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    beat = compose["services"]["beat"]
    assert beat["command"][:4] == ["celery", "-A", "factcheck", "beat"]
    assert beat["environment"]["REDIS_URL"] == compose["services"]["worker"]["environment"]["REDIS_URL"]


def test_stalled_runs_count_as_lost_only_after_redis_would_have_redelivered_them():
    assert settings.CLAIMDESK_SWEEP_STALE_AFTER > settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CLAIMDESK_SWEEP_STALE_AFTER > settings.CELERY_TASK_TIME_LIMIT

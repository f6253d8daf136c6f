"""The newsroom webhook: Slack-compatible JSON through the safe fetcher, logged once per event, retried."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.collaboration import comments, webhooks
from claims.collaboration.tasks import deliver_notifications
from claims.fetching import FetchError
from claims.models import Event, WebhookDelivery
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db


class Hook(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append({"type": self.headers["Content-Type"], "json": json.loads(body)})
        self.send_response(Hook.answers.pop(0) if Hook.answers else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def hook(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Hook.answers, Hook.received = [], []
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = [server.server_port]
    settings.CLAIMDESK_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/services/T000/B000"
    yield Hook
    server.shutdown()


def comment_event(reviewer, editor):
    comments.comment_post(claim=make_claim(), author=reviewer, body="@eddie the secret source is Jane")
    return Event.objects.get(action="comment_posted")


def test_each_notified_event_is_posted_once_as_slack_json_without_the_comment_text(
    hook, reviewer, editor, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("claims.collaboration.tasks.send_webhook.delay", lambda pk: webhooks.webhook_send(pk))
    event = comment_event(reviewer, editor)
    deliver_notifications(event.pk)
    deliver_notifications(event.pk)  # redelivered: no second post
    assert len(hook.received) == 1
    text = hook.received[0]["json"]["text"]
    assert hook.received[0]["type"] == "application/json"
    assert text.startswith("rita — commented — claim") and f"/claims/{event.claim_id}/|open in Claimdesk>" in text
    assert "Jane" not in text
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status, delivery.attempts) == ("sent", 200, 1)


def test_a_transient_failure_is_retried_and_logged_then_succeeds(hook, reviewer, editor, monkeypatch):
    monkeypatch.setattr("claims.collaboration.tasks.send_webhook.delay", lambda pk: None)
    event = comment_event(reviewer, editor)
    deliver_notifications(event.pk)
    delivery = WebhookDelivery.objects.get()
    hook.answers = [503]
    with pytest.raises(FetchError):
        webhooks.webhook_send(delivery.pk)  # the task's autoretry takes it from here
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("pending", 1, "The webhook answered 503.")
    assert webhooks.webhook_send(delivery.pk) == "sent"
    assert webhooks.webhook_send(delivery.pk) == "skipped"


def test_a_rejected_or_private_webhook_address_fails_for_good(hook, reviewer, editor, settings, monkeypatch):
    monkeypatch.setattr("claims.collaboration.tasks.send_webhook.delay", lambda pk: None)
    event = comment_event(reviewer, editor)
    deliver_notifications(event.pk)
    delivery = WebhookDelivery.objects.get()
    hook.answers = [404]
    assert webhooks.webhook_send(delivery.pk) == "failed"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending", url="http://169.254.169.254/latest/")
    assert webhooks.webhook_send(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "link-local" in delivery.error


def test_no_webhook_is_logged_when_none_is_configured(settings, reviewer, editor):
    settings.CLAIMDESK_WEBHOOK_URL = ""
    deliver_notifications(comment_event(reviewer, editor).pk)
    assert not WebhookDelivery.objects.exists()

"""The newsroom's optional outbound webhook (Slack-compatible JSON), with a delivery log and retries.

Set CLAIMDESK_WEBHOOK_URL (e.g. a Slack incoming-webhook address) and every event people
are notified about is posted there as {"text": ...}: who did what, on which claim, with
its link — never a comment's text, which stays on the desk. The notification task
logs one WebhookDelivery per event (a redelivered task adds none) and the
`send_webhook` task posts it through the safe fetcher, retrying transient failures.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import timezone

from ..fetching import FetchError, post_json
from ..models import Claim, Event, WebhookDelivery
from ..publishing.claimreview import configured_site_url

MAX_ATTEMPTS = 5


def webhook_text(event: Event) -> str:
    """Return the one-line Slack message for an event."""
    who = event.actor.get_username() if event.actor else "Claimdesk"
    link = f"{configured_site_url()}{Claim(pk=event.claim_id).get_absolute_url()}"
    what = "commented" if event.action == "comment_posted" else event.summary
    return f"{who} — {what} — claim {event.claim_id}: <{link}|open in Claimdesk>"


def webhook_log(event_id: int) -> WebhookDelivery | None:
    """Log (once) that this event goes to the configured webhook; return the delivery, or None when off."""
    url = settings.CLAIMDESK_WEBHOOK_URL
    if not url:
        return None
    event = Event.objects.filter(pk=event_id, claim__isnull=False).first()
    if event is None:
        return None
    delivery, _ = WebhookDelivery.objects.get_or_create(event=event, defaults={"url": url})
    return delivery


def webhook_send(delivery_id: int) -> str:
    """Post one logged delivery; return its status. Transient failures raise for the task to retry."""
    delivery = WebhookDelivery.objects.select_related("event__actor").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return "skipped"  # gone, or already sent by an earlier run
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts + 1)
    payload = json.dumps({"text": webhook_text(delivery.event)}).encode()
    try:
        status = post_json(delivery.url, payload)
    except FetchError as exc:
        final = not exc.transient or delivery.attempts + 1 >= MAX_ATTEMPTS
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            error=str(exc)[:2000], status=WebhookDelivery.Status.FAILED if final else WebhookDelivery.Status.PENDING
        )
        if final:
            return WebhookDelivery.Status.FAILED
        raise
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.SENT, response_status=status, sent_at=timezone.now(), error=""
    )
    return WebhookDelivery.Status.SENT

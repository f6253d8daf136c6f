"""Celery tasks of the collaboration package, and the after-commit hand-over of timeline events to them.

Task names are spelled out so queued messages keep finding their task when code moves.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction

from ..fetching import TransientFetchError
from . import notifications, webhooks

log = logging.getLogger(__name__)


def on_event_recorded(sender, event, **kwargs) -> None:
    """Hand a timeline event people are told about to the notification task once its transaction commits."""
    if event.action in notifications.NOTIFYING_ACTIONS and event.claim_id is not None:
        transaction.on_commit(lambda: notifications_enqueue(event.pk))


def notifications_enqueue(event_id: int) -> None:
    """Send the event to the notification task; a broker outage costs a log line, never the request."""
    try:
        deliver_notifications.delay(event_id)
    except Exception:  # noqa: BLE001 - Redis down: the sweep delivers it later
        log.warning("Could not enqueue notifications for event %s", event_id, exc_info=True)


@shared_task(
    name="claims.collaboration.tasks.deliver_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def deliver_notifications(event_id: int) -> int:
    """Notify everyone concerned by one timeline event (in-app, by e-mail for those who asked, the webhook)."""
    sent = notifications.notifications_deliver(event_id)
    delivery = webhooks.webhook_log(event_id)
    if delivery is not None and delivery.status == delivery.Status.PENDING:
        try:
            send_webhook.delay(delivery.pk)
        except Exception:  # noqa: BLE001 - broker down: the delivery stays pending in the log
            log.warning("Could not enqueue webhook delivery %s", delivery.pk, exc_info=True)
    return sent


@shared_task(name="claims.collaboration.tasks.send_digests", acks_late=True, ignore_result=True)
def send_digests() -> int:
    """Mail the daily digest to everyone who chose it (run by beat once a day)."""
    return notifications.notifications_send_digests()


@shared_task(
    name="claims.collaboration.tasks.send_webhook",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(TransientFetchError,),
    retry_backoff=2,
    retry_jitter=False,
    max_retries=webhooks.MAX_ATTEMPTS - 1,
)
def send_webhook(delivery_id: int) -> str:
    """Post one logged event to the newsroom's webhook; transient failures are retried with backoff."""
    return webhooks.webhook_send(delivery_id)


@shared_task(name="claims.collaboration.tasks.sweep_notifications", acks_late=False, ignore_result=True)
def sweep_notifications(older_than_seconds: int = 120) -> int:
    """Deliver the recent events whose task never reached the broker (run by beat); return how many."""
    stuck = notifications.undelivered_events(older_than=timedelta(seconds=older_than_seconds))
    for event_id in stuck:
        deliver_notifications(event_id)
    return len(stuck)

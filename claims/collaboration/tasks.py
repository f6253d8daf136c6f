"""Celery tasks of the collaboration package: thin wrappers around its services."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from ..fetching import TransientFetchError
from . import notifications, webhooks


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def deliver_notifications(event_id: int) -> int:
    """Notify everyone concerned by one timeline event (in-app, and by e-mail for those who asked)."""
    return notifications.notifications_deliver(event_id)


@shared_task(acks_late=True, ignore_result=True)
def send_digests() -> int:
    """Mail the daily digest to everyone who chose it (run by beat once a day)."""
    return notifications.notifications_send_digests()


@shared_task(
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


@shared_task(acks_late=False, ignore_result=True)
def sweep_notifications() -> int:
    """Deliver notifications whose task was never sent (run by beat)."""
    return notifications.notifications_sweep()

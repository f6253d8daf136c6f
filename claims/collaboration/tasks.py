"""Celery tasks of the collaboration package: thin wrappers around its services."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import notifications


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

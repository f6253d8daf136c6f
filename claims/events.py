"""The timeline: the one way to append an entry (who, when, what, before → after) to a claim or article."""

from __future__ import annotations

from django.db import transaction

from .models import Article, Claim, Event


def event_record(
    *,
    action: str,
    actor=None,
    claim: Claim | None = None,
    article: Article | None = None,
    claim_id: int | None = None,
    summary: str = "",
    before=None,
    after=None,
) -> Event:
    """Append one entry to the timeline of a claim or an article; the summary is cut to fit.

    Entries people are told about (claims/collaboration/notifications.py) are handed to
    the notification task once the transaction commits.
    """
    on_claim = {"claim": claim} if claim is not None else {"claim_id": claim_id}
    event = Event.objects.create(
        action=action,
        actor=actor,
        **on_claim,
        article=article,
        summary=summary[:500],
        before=before,
        after=after,
    )
    from .collaboration.notifications import NOTIFYING_ACTIONS, notifications_enqueue

    if action in NOTIFYING_ACTIONS and event.claim_id is not None:
        transaction.on_commit(lambda: notifications_enqueue(event.pk))
    return event

"""The timeline: the one way to append an entry (who, when, what, before → after) to a claim or article."""

from __future__ import annotations

from django.dispatch import Signal

from .models import Article, Claim, Event

# Sent with `event` for every timeline entry, inside the writer's transaction; higher layers subscribe.
event_recorded = Signal()


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

    Sends `event_recorded` (claims/collaboration listens: it tells people after commit).
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
    event_recorded.send(sender=Event, event=event)
    return event

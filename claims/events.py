"""The timeline: the one way to append an entry (who, when, what, before → after) to a claim or article."""

from __future__ import annotations

from django.db import connections

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
    """Append one entry to the timeline of a claim or an article; the summary is cut to fit."""
    on_claim = {"claim": claim} if claim is not None else {"claim_id": claim_id}
    return Event.objects.create(
        action=action,
        actor=actor,
        **on_claim,
        article=article,
        summary=summary[:500],
        before=before,
        after=after,
    )


def timeline_cascade_allow(sender, instance, using, **kwargs) -> None:
    """Let PostgreSQL's no-DELETE trigger pass the events of a claim or article being deleted (pre_delete).

    Deleting a claim or an article takes its timeline with it (CASCADE); nothing else may
    remove an event. The flag is SET LOCAL: it ends with the deleting transaction.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL claimdesk.timeline_cascade = 'on'")

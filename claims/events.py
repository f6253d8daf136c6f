"""The timeline: the one way to append an entry (who, when, what, before → after) to a claim or article."""

from __future__ import annotations

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

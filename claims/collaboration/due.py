"""Due dates and the priority flag of a claim (set on the claim page or in bulk)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..events import event_record
from ..models import Claim


def claim_set_due(*, claim: Claim, due_date: date | None, priority: bool, actor) -> bool:
    """Set a claim's due date and priority flag; return True when either changed."""
    if not actor.has_perm("claims.change_claim"):
        raise PermissionDenied("You may not change claims.")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        before = {"due": locked.due_date.isoformat() if locked.due_date else None, "priority": locked.priority}
        after = {"due": due_date.isoformat() if due_date else None, "priority": priority}
        if before == after:
            return False
        locked.due_date, locked.priority = due_date, priority
        # No version bump: a due date never conflicts with the wording or a verdict being edited.
        locked.save(update_fields=["due_date", "priority", "updated_at"])
        parts = [f"due {after['due']}" if after["due"] else "no due date", "priority" if priority else "normal"]
        event_record(
            action="due_changed",
            actor=actor,
            claim=locked,
            summary="Set " + ", ".join(parts),
            before={"due date": before["due"], "priority": "yes" if before["priority"] else "no"},
            after={"due date": after["due"], "priority": "yes" if priority else "no"},
        )
    return True


def claims_due_bulk(*, claim_ids: list[int], due_date: date | None, priority: bool | None, actor) -> int:
    """Set the due date (and, unless None, the priority) of many claims; return how many changed."""
    done = 0
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        done += claim_set_due(
            claim=claim, due_date=due_date, priority=claim.priority if priority is None else priority, actor=actor
        )
    return done

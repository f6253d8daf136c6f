"""The per-claim checklist: steps an Admin configures (admin site), ticked on the claim page.

A required step must be ticked before a verdict is proposed (`checklist_missing`, called by
workflow.verdict_propose).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..events import event_record
from ..models import ChecklistItem, ChecklistMark, Claim


def checklist_for(claim: Claim, *, items: Iterable[ChecklistItem] | None = None) -> list[ChecklistItem]:
    """Return the active checklist items, each with `.mark` (who ticked it on this claim, or None).

    The claim page passes the items it has cached (claims/reference.py); they are copied, not marked.
    """
    if items is None:
        items = ChecklistItem.objects.filter(active=True)
    items = [copy.copy(item) for item in items]
    if not items:
        return []
    marks = {m.item_id: m for m in ChecklistMark.objects.filter(claim=claim).select_related("done_by")}
    for item in items:
        item.mark = marks.get(item.pk)
    return items


def checklist_missing(claim: Claim) -> list[str]:
    """Return the labels of required items not yet ticked on the claim."""
    return list(
        ChecklistItem.objects.filter(active=True, required=True)
        .exclude(marks__claim=claim)
        .values_list("label", flat=True)
    )


def checklist_tick(*, claim: Claim, item: ChecklistItem, done: bool, actor) -> bool:
    """Tick or untick one checklist item on a claim; return True when it changed."""
    if not actor.has_perm("claims.change_claim"):
        raise PermissionDenied("You may not change claims.")
    with transaction.atomic():
        if done:
            _, changed = ChecklistMark.objects.get_or_create(claim=claim, item=item, defaults={"done_by": actor})
        else:
            changed = ChecklistMark.objects.filter(claim=claim, item=item).delete()[0] > 0
        if changed:
            event_record(
                action="checklist_ticked" if done else "checklist_unticked",
                actor=actor,
                claim=claim,
                summary=f"{'Done' if done else 'Not done'}: {item.label}",
            )
    return changed

"""My work: what needs this person now — assigned, sent back, waiting for an editor, followed and changed.

Each section is one query (with its claim and people joined); the header's counts are
one more, whatever the number of claims (the to-do count cached per user between changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import Claim, Event, Follow, Notification, Verdict
from ..review.workflow import counts_generation

SECTION_SIZE = 50
CLOSED = (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
DUE_FIRST = (F("due_date").asc(nulls_last=True), "-priority", "article_created_at", "id")


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a scalar subquery, so several counts share one query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def assigned(user) -> QuerySet[Claim]:
    """Return the open claims assigned to the user."""
    return Claim.objects.filter(assignee=user).exclude(status__in=CLOSED)


def sent_back(user) -> QuerySet[Claim]:
    """Return claims whose latest verdict the user wrote and an editor sent back (assigned or not).

    Read from the user's own verdicts (an index on the proposer), not from every claim in review.
    """
    newer = Verdict.objects.filter(claim=OuterRef("claim"), proposed_at__gt=OuterRef("proposed_at"))
    mine = Verdict.objects.filter(
        proposed_by=user, status=Verdict.Status.SENT_BACK, claim__status=Claim.Status.IN_REVIEW
    ).exclude(Exists(newer))
    return Claim.objects.filter(pk__in=mine.values("claim_id"))


def my_proposals(user) -> QuerySet[Verdict]:
    """Return the user's proposed verdicts still waiting for an editor."""
    return Verdict.objects.filter(status=Verdict.Status.PROPOSED, proposed_by=user)


def awaiting_approval(user) -> QuerySet[Verdict]:
    """Return proposed verdicts an editor may approve (written by someone else), oldest first."""
    if not user.has_perm("claims.approve_verdict"):
        return Verdict.objects.none()
    return Verdict.objects.filter(status=Verdict.Status.PROPOSED).exclude(proposed_by=user)


def followed_changed(user) -> QuerySet[Follow]:
    """Return the user's follows whose claim someone else changed since the user last opened it."""
    newer = Event.objects.filter(claim=OuterRef("claim_id"), created_at__gt=OuterRef("seen_at")).exclude(actor=user)
    return Follow.objects.filter(user=user).filter(Exists(newer))


@dataclass
class Section:
    key: str
    title: str
    empty: str
    rows: list = field(default_factory=list)


def _decorate(claims, today) -> None:
    for claim in claims:
        claim.overdue = bool(claim.due_date and claim.due_date < today and claim.status not in CLOSED)


def my_work(user) -> list[Section]:
    """Return the sections of the user's My work page, overdue and soonest-due first in each."""
    today = timezone.localdate()
    people = ("assignee",)
    sections = [
        Section("assigned", "Assigned to me", "Nothing is assigned to you."),
        Section("sent_back", "Sent back to me", "None of your verdicts is waiting for changes."),
        Section("proposed", "My verdicts waiting for an editor", "You have no verdict waiting for approval."),
    ]
    sections[0].rows = list(assigned(user).select_related(*people).order_by(*DUE_FIRST)[:SECTION_SIZE])
    sections[1].rows = list(sent_back(user).select_related(*people).order_by(*DUE_FIRST)[:SECTION_SIZE])
    sections[2].rows = [
        v.claim
        for v in my_proposals(user)
        .select_related("claim__assignee", "rating")
        .order_by("proposed_at", "id")[:SECTION_SIZE]
    ]
    if user.has_perm("claims.approve_verdict"):
        approval = Section(
            "approval", "Awaiting my approval", "No verdict is waiting for you; oldest proposals come first here."
        )
        for verdict in (
            awaiting_approval(user)
            .select_related("claim__assignee", "rating", "proposed_by")
            .order_by("proposed_at", "id")[:SECTION_SIZE]
        ):
            claim = verdict.claim
            claim.waiting_verdict = verdict
            approval.rows.append(claim)
        sections.insert(0, approval)
    following = Section("following", "Claims I follow that changed", "No followed claim changed since you last looked.")
    following.rows = [
        follow.claim
        for follow in followed_changed(user)
        .select_related("claim__assignee")
        .order_by("-claim__updated_at", "id")[:SECTION_SIZE]
    ]
    sections.append(following)
    for section in sections:
        _decorate(section.rows, today)
        # Overdue first, whatever the section's own order.
        section.rows.sort(key=lambda claim: not claim.overdue)
    return sections


# The header is on every page: at 1M claims its COUNTs cost ~60 ms of SQL a request, mostly
# the proposed verdicts an editor may approve. The to-do count is cached per user, under a key
# holding the workflow's change counter (moved by every assignment, status change and verdict
# step in this process; a change made in another web process shows within HEADER_TTL seconds).
# The unread count stays live (a partial index, notification_unread): notifications are stored
# by the worker, whose cache the web processes do not share.
HEADER_TTL = 30


def unread_count(user) -> int:
    """Return how many of the user's notifications are unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def header_counts_cached(user) -> dict[str, int]:
    """Return header_counts(user) in one query: the to-do count from the cache while the workflow has not moved."""
    key = f"header-work:{user.pk}:{counts_generation()}"
    work = cache.get(key)
    if work is None:
        counts = header_counts(user)
        cache.set(key, counts["work"], HEADER_TTL)
        return counts
    return {"unread": unread_count(user), "work": work}


def header_counts(user) -> dict[str, int]:
    """Return the unread notifications and the to-do count of My work, in one query."""
    counts = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            unread=SubqueryCount(Notification.objects.filter(recipient=user, read_at__isnull=True).values("pk")),
            assigned=SubqueryCount(assigned(user).values("pk")),
            sent_back=SubqueryCount(sent_back(user).values("pk")),
            approval=SubqueryCount(
                Verdict.objects.filter(status=Verdict.Status.PROPOSED).exclude(proposed_by=user).values("pk")
            ),
        )
        .values("unread", "assigned", "sent_back", "approval")
        .first()
    ) or {"unread": 0, "assigned": 0, "sent_back": 0, "approval": 0}
    work = counts["assigned"] + counts["sent_back"]
    if user.has_perm("claims.approve_verdict"):
        work += counts["approval"]
    return {"unread": counts["unread"], "work": work}

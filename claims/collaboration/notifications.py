"""Notifications: who is told about which timeline event, in-app and by e-mail.

Every timeline event whose action is in NOTIFYING_ACTIONS is handed to the
`deliver_notifications` task after commit (tasks.py listens to `event_recorded`).
The task (`notifications_deliver`) works out the recipients, stores one Notification per person and event (a unique
constraint: a redelivered task adds nothing), then mails those who asked for each
event, claiming each row with a conditional UPDATE before sending, so nothing is
mailed twice. Only users who may view claims are ever told about one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from ..models import Claim, Event, Follow, Notification, NotificationPreference, Verdict
from ..publishing.claimreview import configured_site_url
from .people import approvers, desk_users

VERDICT_OUTCOMES = ("verdict_sent_back", "verdict_approved", "verdict_published", "correction_published")
NOTIFYING_ACTIONS = frozenset(
    {
        "claim_assigned",
        "verdict_proposed",
        "correction_proposed",
        "comment_posted",
        "comment_edited",
        "appearance_linked",
    }
    | set(VERDICT_OUTCOMES)
)
R = Notification.Reason
SWEEP_LOOKBACK = 5000  # timeline entries the sweep looks back over


def _verdict_author_id(event: Event) -> int | None:
    """Return who wrote the verdict an approve/send-back/publish event acted on (the newest proposed before it)."""
    return (
        Verdict.objects.filter(claim_id=event.claim_id, proposed_at__lte=event.created_at)
        .order_by("-proposed_at", "-id")
        .values_list("proposed_by_id", flat=True)
        .first()
    )


def recipients(event: Event) -> dict[int, str]:
    """Return {user id: reason} for everyone this event should reach, never its actor."""
    claim = event.claim
    found: dict[int, str] = {}

    def add(user_ids, reason: str) -> None:
        for user_id in user_ids:
            if user_id and user_id != event.actor_id:
                found.setdefault(user_id, reason)

    followers = Follow.objects.filter(claim_id=claim.pk).values_list("user_id", flat=True)
    action = event.action
    if action == "claim_assigned":
        name = (event.after or {}).get("assignee")
        if name:
            add(get_user_model().objects.filter(username=name).values_list("pk", flat=True), R.ASSIGNED)
    elif action in ("verdict_proposed", "correction_proposed"):
        add(approvers().values_list("pk", flat=True), R.PROPOSED)
    elif action in VERDICT_OUTCOMES:
        add([_verdict_author_id(event)], R.VERDICT)
    elif action in ("comment_posted", "comment_edited"):
        comment = getattr(event, "comment", None)
        removed = comment is not None and comment.deleted_at is not None
        names = [n.strip() for n in (event.after or {}).get("mentioned", "").split(",") if n.strip()]
        if names and not removed:
            add(get_user_model().objects.filter(username__in=names).values_list("pk", flat=True), R.MENTION)
        if action == "comment_posted":
            add([claim.assignee_id], R.COMMENT)
            add(followers, R.COMMENT)
    elif action == "appearance_linked":
        add(followers, R.APPEARANCE)
    if not found:
        return {}
    allowed = set(desk_users().filter(pk__in=found).values_list("pk", flat=True))
    return {user_id: reason for user_id, reason in found.items() if user_id in allowed}


def _mail_mode(preferences: dict[int, str], user) -> str:
    if not user.email:
        return Notification.Mail.SKIPPED
    choice = preferences.get(user.pk, NotificationPreference.Email.EACH)
    return {
        NotificationPreference.Email.EACH: Notification.Mail.PENDING,
        NotificationPreference.Email.DIGEST: Notification.Mail.DIGEST,
    }.get(choice, Notification.Mail.SKIPPED)


def notifications_deliver(event_id: int) -> int:
    """Store this event's notifications and mail the each-event ones; return how many were mailed now.

    Safe to run twice: rows are unique per (recipient, event) and each mail is claimed first.
    """
    event = Event.objects.select_related("claim", "actor").filter(pk=event_id).first()
    if event is None or event.claim is None:
        return 0  # the claim (and its timeline) was deleted meanwhile
    reasons = recipients(event)
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=reasons)}
    preferences = dict(NotificationPreference.objects.filter(user_id__in=reasons).values_list("user_id", "email"))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                event=event,
                claim_id=event.claim_id,
                reason=reason,
                created_at=event.created_at,
                mail=_mail_mode(preferences, users[user_id]),
            )
            for user_id, reason in reasons.items()
            if user_id in users
        ],
        ignore_conflicts=True,
    )
    sent = 0
    for notification in Notification.objects.filter(event=event, mail=Notification.Mail.PENDING).select_related(
        "recipient"
    ):
        if not Notification.objects.filter(pk=notification.pk, mail=Notification.Mail.PENDING).update(
            mail=Notification.Mail.SENDING
        ):
            continue  # another run of this task took it
        try:
            send_mail(
                subject=f"[{settings.NEWSROOM_NAME}] {headline(notification, event)}",
                message=_mail_body([(notification, event)]),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except Exception:
            # Give it back so the retry sends it.
            Notification.objects.filter(pk=notification.pk).update(mail=Notification.Mail.PENDING)
            raise
        Notification.objects.filter(pk=notification.pk).update(mail=Notification.Mail.SENT, mailed_at=timezone.now())
        sent += 1
    return sent


def undelivered_events(*, older_than: timedelta = timedelta(minutes=2), window: timedelta = timedelta(hours=6)):
    """Return the ids of recent notifying events nobody has been told about (their task never ran).

    Only events with no notification at all; delivering is idempotent, so an event whose task
    is merely late is not harmed by being delivered by the sweep too.
    """
    now = timezone.now()
    # The newest events by id (a backward walk of the primary key), so the timeline is never scanned whole.
    recent = Event.objects.order_by("-id").values("id")[:SWEEP_LOOKBACK]
    return list(
        Event.objects.filter(
            pk__in=Subquery(recent),
            action__in=NOTIFYING_ACTIONS,
            claim__isnull=False,
            created_at__lte=now - older_than,
            created_at__gte=now - window,
        )
        .exclude(Exists(Notification.objects.filter(event=OuterRef("pk"))))
        .order_by("id")
        .values_list("id", flat=True)[:500]
    )


def headline(notification: Notification, event: Event) -> str:
    """Return one line saying who did what, for the notifications page and the mail subject."""
    who = event.actor.get_username() if event.actor else "Claimdesk"
    claim = f"claim {event.claim_id}"
    return {
        R.MENTION: f"{who} mentioned you in a comment on {claim}",
        R.ASSIGNED: f"{who} assigned {claim} to you",
        R.PROPOSED: f"{who} proposed a verdict on {claim}; it is waiting for approval",
        R.COMMENT: f"{who} commented on {claim}",
        R.APPEARANCE: f"{claim} appears in another article",
    }.get(notification.reason) or {
        "verdict_sent_back": f"{who} sent back your verdict on {claim}",
        "verdict_approved": f"{who} approved your verdict on {claim}",
        "verdict_published": f"{who} published your verdict on {claim}",
        "correction_published": f"{who} published your correction on {claim}",
    }.get(event.action, f"{who}: {event.summary} ({claim})")


def _mail_body(items) -> str:
    lines = []
    for notification, event in items:
        lines.append(headline(notification, event))
        comment = getattr(event, "comment", None)
        if comment is not None and comment.deleted_at is None:
            lines.append(f"  “{comment.body[:500]}”")
        elif event.action != "comment_posted":
            lines.append(f"  {event.summary}")
        lines.append(f"  {configured_site_url()}{Claim(pk=event.claim_id).get_absolute_url()}")
        lines.append("")
    lines.append(f"Choose how you are notified: {configured_site_url()}/account/notifications/")
    return "\n".join(lines)


def notifications_send_digests() -> int:
    """Mail each digest reader one message with their waiting notifications; return how many mails went out."""
    sent = 0
    waiting = Notification.objects.filter(mail=Notification.Mail.DIGEST)
    for user_id in waiting.values_list("recipient_id", flat=True).distinct().order_by("recipient_id"):
        with transaction.atomic():
            rows = list(
                waiting.filter(recipient_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "event__actor", "event__comment")
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(mail=Notification.Mail.SENDING)
        recipient = rows[0].recipient
        send_mail(
            subject=f"[{settings.NEWSROOM_NAME}] {len(rows)} notification{'s' if len(rows) != 1 else ''} today",
            message=_mail_body([(n, n.event) for n in rows]),
            from_email=None,
            recipient_list=[recipient.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            mail=Notification.Mail.SENT, mailed_at=timezone.now()
        )
        sent += 1
    return sent


def visible_notifications(user):
    """Return the user's notifications, newest first; none for someone who may no longer view claims."""
    if not user.has_perm("claims.view_claim"):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("event__actor", "event__comment", "claim")


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark some (or all) of a user's unread notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def preference_for(user) -> NotificationPreference:
    """Return the user's e-mail choice (each event unless they chose otherwise)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def preference_set(*, user, email: str) -> NotificationPreference:
    """Store how the user wants notifications by e-mail."""
    if email not in NotificationPreference.Email.values:
        raise ValueError("Choose each event, a daily digest or never.")
    pref, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"email": email})
    return pref


def follow_set(*, user, claim: Claim, follow: bool) -> bool:
    """Follow or stop following a claim; return whether the user now follows it."""
    if follow and not user.has_perm("claims.view_claim"):
        raise PermissionDenied("You may not follow claims.")
    if follow:
        Follow.objects.get_or_create(user=user, claim=claim)
    else:
        Follow.objects.filter(user=user, claim=claim).delete()
    return follow


def follow_seen(*, user, claim: Claim) -> None:
    """Note that the user has looked at the claim (its changes so far are no longer news in My work)."""
    Follow.objects.filter(user=user, claim=claim).update(seen_at=timezone.now())

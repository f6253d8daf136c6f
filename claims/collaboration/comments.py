"""Comments on a claim: post, edit or delete your own (within 10 minutes), @mentions, safe rendering."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import SafeString

from ..events import event_record
from ..models import Claim, Comment, Follow
from .people import desk_users

MAX_CHARS = 5000
EDIT_WINDOW = timedelta(minutes=10)
# "@name" not inside a word or an e-mail address; Django usernames allow letters, digits and @.+-_
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")


class CommentError(ValueError):
    """A comment the desk cannot take, with a message the user can act on."""


def mentioned_usernames(body: str) -> list[str]:
    """Return the usernames written as @name in a comment, in order, without trailing punctuation."""
    names = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".@+-")
        if name and name not in names:
            names.append(name)
    return names


def comment_html(body: str) -> SafeString:
    """Return a comment as HTML: everything escaped, links made clickable, line breaks kept."""
    html = urlize(body, trim_url_limit=80, nofollow=True, autoescape=True)
    return SafeString(html.replace("\n", "<br>"))


def _clean(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise CommentError("Write something before posting.")
    if len(body) > MAX_CHARS:
        raise CommentError(f"A comment is at most {MAX_CHARS} characters.")
    return body


def _set_mentions(comment: Comment) -> None:
    names = mentioned_usernames(comment.body)
    comment.mentions.set(desk_users().filter(username__in=names) if names else [])


def comment_post(*, claim: Claim, author, body: str) -> Comment:
    """Post a comment on a claim; its author follows the claim and mentioned colleagues are notified."""
    if not author.has_perm("claims.view_claim"):
        raise PermissionDenied("You may not comment on claims.")
    body = _clean(body)
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=author, body=body)
        _set_mentions(comment)
        Follow.objects.get_or_create(user=author, claim=claim)
        # The event names who was mentioned then: a task run after an edit notifies the same people.
        mentioned = ", ".join(sorted(comment.mentions.values_list("username", flat=True)))
        comment.event = event_record(
            action="comment_posted",
            actor=author,
            claim=claim,
            summary="Commented",
            after={"mentioned": mentioned} if mentioned else None,
        )
        comment.save(update_fields=["event"])
    return comment


def _own_and_recent(comment: Comment, actor) -> None:
    if comment.author_id != actor.pk:
        raise PermissionDenied("You can only change your own comments.")
    if comment.deleted_at is not None:
        raise CommentError("This comment was removed.")
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise CommentError("Comments can be changed for 10 minutes after posting; post a new one instead.")


def can_change(comment: Comment, user) -> bool:
    """Return True while the comment's author may still edit or delete it."""
    return (
        comment.author_id == user.pk
        and comment.deleted_at is None
        and timezone.now() - comment.created_at <= EDIT_WINDOW
    )


def comment_edit(*, comment: Comment, actor, body: str) -> Comment:
    """Change the text of your own comment within 10 minutes of posting it."""
    body = _clean(body)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _own_and_recent(comment, actor)
        if body == comment.body:
            return comment
        before = set(comment.mentions.values_list("username", flat=True))
        comment.body, comment.edited_at = body, timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        _set_mentions(comment)
        added = sorted(set(comment.mentions.values_list("username", flat=True)) - before)
        # Colleagues mentioned only in the new text are notified (notifications.recipients reads "mentioned").
        event_record(
            action="comment_edited",
            actor=actor,
            claim_id=comment.claim_id,
            summary="Edited a comment",
            after={"mentioned": ", ".join(added)} if added else None,
        )
    return comment


def comment_delete(*, comment: Comment, actor) -> Comment:
    """Remove your own comment within 10 minutes; the timeline keeps "comment removed" in its place."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _own_and_recent(comment, actor)
        comment.deleted_at = timezone.now()
        comment.body = ""
        comment.save(update_fields=["deleted_at", "body"])
        comment.mentions.clear()
        event_record(action="comment_deleted", actor=actor, claim_id=comment.claim_id, summary="Removed a comment")
    return comment


def comment_json(comment: Comment) -> dict:
    """Return a comment as the API shows it (to desk users' tokens only)."""
    return {
        "id": comment.pk,
        "author": comment.author.get_username() if comment.author else None,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
    }

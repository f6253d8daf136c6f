"""What the claim page and the queue show of the desk's collaboration (a fixed handful of queries each)."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from .. import reference
from ..models import Claim, Follow
from . import checklist, comments, saved_searches
from .forms import CommentForm, DueForm, SavedSearchForm, TagCreateForm, TagsForm


def claim_panels(request: HttpRequest, claim: Claim, events: list) -> dict:
    """Return the claim page's discussion, tags, due date, follow and checklist context.

    Also marks the claim seen for a follower, and puts each comment's current text (or
    "comment removed") on its timeline entry. A fixed handful of queries.
    """
    user = request.user
    following = Follow.objects.filter(user=user, claim=claim).update(seen_at=timezone.now()) > 0
    rows = list(claim.comments.select_related("author").order_by("created_at", "id"))
    by_event = {}
    for comment in rows:
        comment.html = comments.comment_html(comment.body) if comment.deleted_at is None else ""
        comment.author_name = comment.author.get_username() if comment.author else "former user"
        comment.changeable = comments.can_change(comment, user)
        if comment.event_id:
            by_event[comment.event_id] = comment
    for event in events:
        if event.action == "comment_posted":
            event.comment = by_event.get(event.pk)
    claim_tags = list(claim.tags.all())
    return {
        "comments": rows,
        "comment_form": CommentForm(),
        "following": following,
        "claim_tags": claim_tags,
        "all_tags": list(reference.tags()),
        "tags_form": TagsForm(initial={"tags": [t.pk for t in claim_tags]}),
        "tag_create_form": TagCreateForm(),
        "due_form": DueForm(initial={"due_date": claim.due_date, "priority": claim.priority}),
        "overdue": bool(claim.due_date and claim.due_date < timezone.localdate()),
        "checklist": checklist.checklist_for(claim, items=reference.checklist_items()),
    }


def queue_panels(request: HttpRequest, params: QueryDict) -> dict:
    """Return the queue's saved searches (with counts), tags and the save form."""
    return {
        "saved_searches": saved_searches.searches_with_counts(request.user),
        "saved_search_form": SavedSearchForm(),
        "all_tags": list(reference.tags()),
        "today": timezone.localdate(),
    }

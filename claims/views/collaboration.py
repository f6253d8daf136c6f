"""Collaboration screens: My work, notifications, and the claim page's comments, tags, due date,
follow and checklist actions; saved searches on the queue.

Every action is a normal form post that redirects back (htmx boosts it and swaps the page);
invalid input re-renders the page in place with the error (200).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..collaboration import checklist, comments, due, my_work, notifications, saved_searches, tags
from ..collaboration.forms import (
    CommentForm,
    DueForm,
    PreferenceForm,
    RenameForm,
    SavedSearchForm,
    TagCreateForm,
    TagsForm,
)
from ..collaboration.people import desk_users
from ..models import ChecklistItem, Claim, Comment, SavedSearch, Tag
from .claim import TEMPLATE, page_context

NOTIFICATIONS_PAGE = 50


# --- The claim page's collaboration actions -----------------------------------


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)


def _claim_page(request: HttpRequest, claim: Claim, **extra) -> HttpResponse:
    return render(request, TEMPLATE + ("#page" if request.htmx else ""), page_context(request, claim, **extra))


def _back(request: HttpRequest, claim: Claim, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(claim.get_absolute_url() + anchor)


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, comment_form=form)
    try:
        comments.comment_post(claim=claim, author=request.user, body=form.cleaned_data["body"])
    except comments.CommentError as exc:
        form.add_error("body", str(exc))
        return _claim_page(request, claim, comment_form=form)
    return _back(request, claim, "Comment posted.", "#discussion")


@permission_required("claims.view_claim", raise_exception=True)
def comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """Show (GET) or save (POST) the edit form of your own comment."""
    claim = _claim(pk)
    comment = get_object_or_404(Comment, pk=comment_pk, claim=claim)
    if not comments.can_change(comment, request.user):
        messages.error(request, "Comments can be changed by their author for 10 minutes after posting.")
        return redirect(claim)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comments.comment_edit(comment=comment, actor=request.user, body=form.cleaned_data["body"])
        except comments.CommentError as exc:
            form.add_error("body", str(exc))
        else:
            return _back(request, claim, "Comment saved.", "#discussion")
    return render(request, "claims/comment_edit.html", {"claim": claim, "comment": comment, "form": form})


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def comment_delete(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    claim = _claim(pk)
    comment = get_object_or_404(Comment, pk=comment_pk, claim=claim)
    try:
        comments.comment_delete(comment=comment, actor=request.user)
    except comments.CommentError as exc:
        messages.error(request, str(exc))
        return redirect(claim)
    return _back(request, claim, "Comment removed.", "#discussion")


@permission_required("claims.view_claim", raise_exception=True)
def mention_suggestions(request: HttpRequest) -> HttpResponse:
    """Return up to 8 desk members whose username starts with the @word being typed."""
    text = request.GET.get("body", "")[-200:]
    word = text.rsplit(None, 1)[-1] if text.strip() else ""
    people = []
    if word.startswith("@") and len(word) >= 2:
        people = list(
            desk_users()
            .filter(username__istartswith=word[1:60])
            .order_by("username")
            .values_list("username", flat=True)[:8]
        )
    return render(request, "claims/partials/mention_suggestions.html", {"people": people})


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def claim_follow(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    follow = request.POST.get("follow") == "1"
    notifications.follow_set(user=request.user, claim=claim, follow=follow)
    return _back(request, claim, "You follow this claim." if follow else "You no longer follow this claim.")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_tags(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = TagsForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, tags_form=form)
    tags.claim_set_tags(claim=claim, tags=form.cleaned_data["tags"], actor=request.user)
    return _back(request, claim, "Tags saved.")


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def tag_create(request: HttpRequest) -> HttpResponse:
    """Create a tag (Editors), then go back to the claim or queue it was created from."""
    form = TagCreateForm(request.POST)
    claim_pk = request.POST.get("claim", "")
    back = reverse("claim_detail", args=[int(claim_pk)]) if claim_pk.isdigit() else reverse("queue")
    if not form.is_valid():
        messages.error(request, "Give the tag a name (60 characters at most).")
        return redirect(back)
    try:
        tag = tags.tag_create(name=form.cleaned_data["name"], actor=request.user)
    except tags.TagError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if claim_pk.isdigit():
        claim = get_object_or_404(Claim, pk=int(claim_pk))
        if request.user.has_perm("claims.change_claim"):
            tags.claim_set_tags(claim=claim, tags=[tag], actor=request.user, add_only=True)
    messages.success(request, f"Tag “{tag}” created.")
    return redirect(back)


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_due(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, due_form=form)
    data = form.cleaned_data
    due.claim_set_due(claim=claim, due_date=data["due_date"], priority=data["priority"], actor=request.user)
    return _back(request, claim, "Due date and priority saved.")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def checklist_tick(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    claim = _claim(pk)
    item = get_object_or_404(ChecklistItem, pk=item_pk, active=True)
    done = request.POST.get("done") == "1"
    checklist.checklist_tick(claim=claim, item=item, done=done, actor=request.user)
    return _back(request, claim, f"{'Done' if done else 'Not done'}: {item.label}.")


def queue_bulk_extra(request: HttpRequest, ids: list[int], action: str) -> None:
    """Apply the queue's collaboration bulk actions (add a tag, set a due date or priority) with messages."""
    if not request.user.has_perm("claims.change_claim"):
        raise PermissionDenied
    if action == "tag":
        raw = request.POST.get("tag", "")
        tag = Tag.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if tag is None:
            messages.error(request, "Choose a tag to add.")
            return
        done = tags.claims_tag_bulk(claim_ids=ids, tag=tag, actor=request.user)
    else:
        form = DueForm({"due_date": request.POST.get("due_date", ""), "priority": request.POST.get("priority", "")})
        if not form.is_valid():
            messages.error(request, "Give the due date as a date like 2026-03-14.")
            return
        flag = {"1": True, "0": False}.get(request.POST.get("priority_set", ""))
        done = due.claims_due_bulk(
            claim_ids=ids, due_date=form.cleaned_data["due_date"], priority=flag, actor=request.user
        )
    messages.success(request, f"{done} claim{'s' if done != 1 else ''} updated.")


# --- My work and notifications --------------------------------------------------


@permission_required("claims.view_claim", raise_exception=True)
def my_work_page(request: HttpRequest) -> HttpResponse:
    sections = my_work.my_work(request.user)
    overdue = sum(1 for section in sections for claim in section.rows if claim.overdue)
    return render(request, "claims/my_work.html", {"sections": sections, "overdue_count": overdue})


@permission_required("claims.view_claim", raise_exception=True)
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications.visible_notifications(request.user), NOTIFICATIONS_PAGE).get_page(
        request.GET.get("page")
    )
    for notification in page.object_list:
        event = notification.event
        notification.headline = notifications.headline(notification, event)
        comment = getattr(event, "comment", None) if event.action == "comment_posted" else None
        notification.comment = comment
    # Always the whole page: its boosted forms swap the body, so the header's unread count follows.
    return render(request, "claims/notifications.html", {"page": page})


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of them read."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    n = notifications.notifications_mark_read(user=request.user, ids=ids)
    if ids is None:
        messages.success(request, f"{n} notification{'s' if n != 1 else ''} marked read.")
    page = request.POST.get("page", "")
    return redirect(reverse("notifications") + (f"?{urlencode({'page': page})}" if page.isdigit() else ""))


@permission_required("claims.view_claim", raise_exception=True)
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go to its claim."""
    notification = get_object_or_404(notifications.visible_notifications(request.user), pk=pk)
    if notification.read_at is None:
        notifications.notifications_mark_read(user=request.user, ids=[pk])
    anchor = "#discussion" if notification.event.action == "comment_posted" else ""
    return redirect(notification.claim.get_absolute_url() + anchor)


def notification_settings(request: HttpRequest) -> HttpResponse:
    pref = notifications.preference_for(request.user)
    form = PreferenceForm(request.POST or None, initial={"email": pref.email})
    if request.method == "POST" and form.is_valid():
        notifications.preference_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, "Notification settings saved.")
        return redirect("notification_settings")
    return render(request, "claims/notification_settings.html", {"form": form, "has_email": bool(request.user.email)})


# --- Saved searches ---------------------------------------------------------------


def _queue_back(query: str) -> str:
    return reverse("queue") + ("?" + query if query else "")


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    query = saved_searches.clean_query(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(request, "Give the search a name (80 characters at most).")
        return redirect(_queue_back(query))
    search = saved_searches.saved_search_create(
        owner=request.user, name=form.cleaned_data["name"], query=query, shared=form.cleaned_data["shared"]
    )
    messages.success(request, f"Search “{search.name}” saved.")
    return redirect(_queue_back(search.query))


@permission_required("claims.view_claim", raise_exception=True)
def saved_search_manage(request: HttpRequest) -> HttpResponse:
    """List the user's saved searches with rename and delete forms."""
    mine = list(SavedSearch.objects.filter(owner=request.user).order_by("name", "id"))
    shared = list(SavedSearch.objects.filter(shared=True).exclude(owner=request.user).select_related("owner"))
    return render(request, "claims/saved_searches.html", {"mine": mine, "shared": shared, "rename_form": RenameForm()})


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def saved_search_rename(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            saved_searches.saved_search_rename(search=search, actor=request.user, name=form.cleaned_data["name"])
            messages.success(request, f"Renamed to “{search.name}”.")
        except saved_searches.SavedSearchError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Give the search a name (80 characters at most).")
    return redirect("saved_searches")


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved_searches.saved_search_delete(search=search, actor=request.user)
    messages.success(request, f"Search “{search.name}” deleted.")
    return redirect("saved_searches")

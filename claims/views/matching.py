"""The matching panel of the claim page (confirm, reject, merge, split) and the ClaimReview import screen.

One URL, two renderings: with htmx the panel partial comes back in place; without
JavaScript the form posts and the browser is redirected to the claim page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from .. import roles
from ..intake.forms import KnownReviewImportForm
from ..matching import decisions
from ..matching.known_reviews import ReviewImportError, known_reviews_import
from ..models import Appearance, Claim, ClaimLink, KnownReview
from ..presenters import matching_panel

PANEL = "claims/partials/claim_matches.html"


def _panel(request: HttpRequest, claim: Claim, *, status: int = 200, done: str = "", **errors) -> HttpResponse:
    """Return the panel partial (htmx) or send the browser back to the claim page with a message."""
    if request.htmx:
        claim.refresh_from_db()
        context = {"claim": claim, "matching": matching_panel(claim), "done": done, **errors}
        return render(request, PANEL, context, status=status)
    for error in errors.values():
        messages.error(request, error)
    if done:
        messages.success(request, done)
    return redirect(f"{claim.get_absolute_url()}#claim-matches")


@permission_required("claims.view_claim", raise_exception=True)
@require_safe
@vary_on_headers("HX-Request")
def claim_matches(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    if not request.htmx:
        return redirect(f"{claim.get_absolute_url()}#claim-matches")
    return render(request, PANEL, {"claim": claim, "matching": matching_panel(claim)})


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_link_decide(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    link = get_object_or_404(
        ClaimLink.objects.select_related("claim", "other"), Q(claim=claim) | Q(other=claim), pk=link_pk
    )
    decision = request.POST.get("decision")
    if link.status != ClaimLink.Status.SUGGESTED:
        return _panel(request, claim, merge_error="Someone already decided on this suggestion.")
    if decision == "confirm":
        try:
            survivor = decisions.claim_link_confirm(link=link, actor=request.user)
        except ValueError as exc:
            return _panel(request, claim, merge_error=str(exc))
        return _panel(request, claim, done=f"Merged: claim {survivor.pk} now carries both wordings.")
    if decision == "reject":
        decisions.claim_link_reject(link=link, actor=request.user)
        return _panel(request, claim, done="Suggestion rejected; it will not be made again.")
    return _panel(request, claim, merge_error="Choose “Same claim” or “Not the same”.")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    raw = request.POST.get("other", "").strip().lstrip("#")
    other = Claim.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if other is None:
        return _panel(request, claim, merge_error=f"There is no claim number “{raw}”.")
    try:
        decisions.claim_merge(claim=other, into=claim, actor=request.user)
    except ValueError as exc:
        return _panel(request, claim, merge_error=str(exc))
    return _panel(request, claim, done=f"Claim {other.pk} was merged into this claim.")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_split(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    raw = request.POST.get("appearance", "")
    appearance = Appearance.objects.filter(pk=int(raw), claim=claim).first() if raw.isdigit() else None
    if appearance is None:
        return _panel(request, claim, split_error="Choose one of this claim's appearances.")
    try:
        new = decisions.claim_split(claim=claim, appearance=appearance, actor=request.user)
    except ValueError as exc:
        return _panel(request, claim, split_error=str(exc))
    return _panel(request, claim, done=f"The appearance is now claim {new.pk}.")


def known_review_import(request: HttpRequest) -> HttpResponse:
    """Let an editor load published fact-checks (ClaimReview JSON-LD) from a file, a URL or pasted JSON."""
    if not roles.is_editor(request.user):
        raise PermissionDenied("Only editors can import published fact-checks.")
    posted = request.method == "POST"
    form = KnownReviewImportForm(request.POST, request.FILES) if posted else KnownReviewImportForm()
    result = None
    if posted and form.is_valid():
        try:
            result = known_reviews_import(user=request.user, **form.import_arguments())
        except ReviewImportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, result.summary)
            return redirect("known_review_import")
    reviews = KnownReview.objects.select_related("imported_by").order_by("-imported_at", "-id")[:50]
    return render(
        request, "claims/known_reviews.html", {"form": form, "reviews": reviews, "total": KnownReview.objects.count()}
    )

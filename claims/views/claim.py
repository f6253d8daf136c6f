"""The claim page: one claim in its article context, its evidence, verdict and timeline.

Every action is a normal form post that redirects back to the page; htmx boosts
the forms and swaps only `#claim-page` (the `page` partial). Invalid input
re-renders in place (200); a stale edit re-renders with the current value (409).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from .. import presenters, queries, reference
from ..collaboration.panels import claim_panels
from ..evidence import library as evidence
from ..evidence.forms import EvidenceForm
from ..models import Citation, Claim, Verdict
from ..publishing import versions as publication
from ..publishing.claimreview import WORDING_WARN_CHARS
from ..review import workflow
from ..review.actions import verdict_actions
from ..review.forms import AssignForm, SendBackForm, StatusForm, VerdictForm, WordingForm
from ..roles import assignable_people, is_editor

TEMPLATE = "claims/claim_detail.html"


def page_context(request: HttpRequest, claim: Claim, **forms) -> dict:
    """Return everything the claim page shows, with fresh forms unless bound ones are given."""
    appearances = queries.claim_appearances(claim)
    verdicts = queries.claim_verdicts(claim)
    editor = is_editor(request.user)
    actions = verdict_actions(claim, request.user, verdicts=verdicts, editor=editor)
    open_verdict, published = actions.open_verdict, actions.published
    sent_back = next((v for v in verdicts if v.status == Verdict.Status.SENT_BACK), None)
    version = {"version": claim.version}
    if actions.revising:
        verdict_initial = {
            "rating": open_verdict.rating_id,
            "rationale": open_verdict.rationale,
            "version": open_verdict.version,
            "verdict": open_verdict.pk,
        }
    else:
        last = sent_back if sent_back and (not published or sent_back.proposed_at > published.proposed_at) else None
        verdict_initial = {**version, **({"rating": last.rating_id, "rationale": last.rationale} if last else {})}
    public_version = publication.current_version(claim)
    context = {
        "claim": claim,
        "contexts": presenters.claim_contexts(appearances),
        "matching": presenters.matching_panel(claim, appearances=appearances, verdicts=verdicts),
        "citations": presenters.evidence_rows(claim, queries.claim_citations(claim)),
        "verdicts": verdicts,
        "verdict_actions": actions,
        "open_verdict": open_verdict,
        "published_verdict": published,
        "sent_back": sent_back if sent_back and not open_verdict else None,
        "is_editor": editor,
        "can_override": request.user.has_perm("claims.publish_verdict"),
        "public_version": public_version,
        "pending_changes": publication.pending_changes(claim, open_verdict) if public_version else None,
        "events": presenters.timeline_rows(queries.claim_events(claim)),
        "ratings": reference.active_ratings(),
        # Every desk member, printed in Python (presenters.options_html); "" matches no one when unassigned.
        "assign_options": presenters.options_html(
            [(person.pk, person.username) for person in assignable_people()] if editor else [],
            selected=claim.assignee_id if claim.assignee_id is not None else "",
        ),
        "wording_form": WordingForm(initial={"claim_reviewed": claim.claim_reviewed, **version}),
        "status_form": StatusForm(initial={"status": claim.status, **version}, claim=claim),
        "evidence_form": EvidenceForm(),
        "verdict_form": VerdictForm(initial=verdict_initial, correcting=actions.correcting),
        "send_back_form": SendBackForm(initial={"version": open_verdict.version if open_verdict else 1}),
        "wording_warn": WORDING_WARN_CHARS,
    }
    context.update(claim_panels(request, claim, context["events"]))
    context.update(forms)
    context["timeline_html"] = presenters.timeline_html(context["events"])
    if not context["evidence_form"].is_bound:
        context["evidence_form_html"] = presenters.blank_form_html(
            "claims/partials/evidence_form.html",
            name="evidence_form",
            form=context["evidence_form"],
            claim_pk=claim.pk,
            csrf_input=csrf_input(request),
        )
    context["evidence_html"] = presenters.evidence_html(
        context["citations"],
        csrf_input=csrf_input(request),
        user_pk=request.user.pk,
        is_editor=editor,
        can_override=context["can_override"],
        override_citation=context.get("override_citation"),
        override_error=context.get("override_error", ""),
    )
    return context


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)


def _render(request: HttpRequest, claim: Claim, status: int = 200, **extra) -> HttpResponse:
    claim.refresh_from_db()
    template = TEMPLATE + ("#page" if request.htmx else "")
    return render(request, template, page_context(request, claim, **extra), status=status)


def _done(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(claim)


def _conflict(request: HttpRequest, claim: Claim, exc: workflow.Conflict, **forms) -> HttpResponse:
    return _render(request, claim, status=409, conflict=str(exc), **forms)


def _problem(request: HttpRequest, claim: Claim, form, exc: Exception, key: str) -> HttpResponse:
    form.add_error(None, str(exc))
    return _render(request, claim, **{key: form})


@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The page shows the claim's appearances (each with its article), not the article it was first
    # found in: loading that article's text, original and band keys here was wasted (~60 KB at 3,000 words).
    claim = get_object_or_404(Claim.objects.select_related("assignee"), pk=pk)
    template = TEMPLATE + ("#page" if request.htmx else "")
    return render(request, template, page_context(request, claim))


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_wording(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = WordingForm(request.POST)
    if not form.is_valid():
        return _render(request, claim, wording_form=form)
    try:
        workflow.claim_edit_wording(
            claim=claim,
            wording=form.cleaned_data["claim_reviewed"],
            actor=request.user,
            version=form.cleaned_data["version"],
        )
    except workflow.Conflict as exc:
        # Keep what the user typed; the version now points at the current row.
        mine = WordingForm(
            initial={"claim_reviewed": form.cleaned_data["claim_reviewed"], "version": exc.current.version}
        )
        return _conflict(
            request,
            claim,
            exc,
            wording_form=mine,
            conflict_current=f"Current wording: “{exc.current.claim_reviewed or '(none)'}”",
        )
    except workflow.WorkflowError as exc:
        return _problem(request, claim, form, exc, "wording_form")
    return _done(request, claim, "Wording saved.")


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_status(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render(request, claim, status_form=form)
    data = form.cleaned_data
    try:
        workflow.claim_set_status(
            claim=claim,
            status=data["status"],
            actor=request.user,
            version=data["version"],
            dismiss_reason=data["dismiss_reason"],
            note=data["note"],
        )
    except workflow.Conflict as exc:
        return _conflict(request, claim, exc, conflict_current=f"Current status: {exc.current.get_status_display()}")
    except workflow.WorkflowError as exc:
        return _problem(request, claim, form, exc, "status_form")
    return _done(request, claim, "Status updated.")


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_POST
@permission_required("claims.change_claim", raise_exception=True)
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = AssignForm(request.POST)
    back = _safe_next(request)
    if not form.is_valid():
        if back:
            messages.error(request, "Choose someone to assign the claim to.")
            return redirect(back)
        return _render(request, claim, assign_error="Choose someone to assign the claim to.")
    assignee = request.user if form.cleaned_data["assignee"] == "me" else form.cleaned_data["assignee"]
    # From the queue (keyboard `a`) there is no version to compare: it acts on the latest row.
    version = None if back and "version" not in request.POST else form.cleaned_data.get("version")
    try:
        workflow.claim_assign(claim=claim, assignee=assignee, actor=request.user, version=version)
    except workflow.Conflict as exc:
        current = exc.current.assignee.get_username() if exc.current.assignee else "nobody"
        return _conflict(request, claim, exc, conflict_current=f"Currently assigned to {current}")
    message = f"Claim {claim.pk} assigned to {assignee.get_username()}." if assignee else "Claim unassigned."
    if back:
        messages.success(request, message)
        return redirect(back)
    return _done(request, claim, message)


@require_POST
@permission_required("claims.add_citation", raise_exception=True)
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, claim, evidence_form=form, evidence_open=True)
    data = form.cleaned_data
    try:
        source = data["source"]
        if source is None:
            if not request.user.has_perm("claims.add_source"):
                raise PermissionDenied("You may not add sources to the library.")
            source, _ = evidence.source_create(
                actor=request.user,
                url=data["url"],
                upload=data["file"],
                title=data["title"],
                publisher=data["publisher"],
                published=data["published"],
                source_type=data["source_type"],
            )
        evidence.citation_add(
            claim=claim,
            source=source,
            excerpt=data["excerpt"],
            stance=data["stance"],
            pinpoint=data["pinpoint"],
            note=data["note"],
            actor=request.user,
        )
    except evidence.EvidenceError as exc:
        return _problem(request, claim, form, exc, "evidence_form")
    return _done(request, claim, f"Evidence added: {source}.")


@require_POST
@permission_required("claims.view_citation", raise_exception=True)
def citation_remove(request: HttpRequest, pk: int, citation_pk: int) -> HttpResponse:
    claim = _claim(pk)
    citation = get_object_or_404(Citation.objects.select_related("source"), pk=citation_pk, claim=claim)
    evidence.citation_remove(citation=citation, actor=request.user)
    return _done(request, claim, "Evidence removed.")


@require_POST
@permission_required("claims.publish_verdict", raise_exception=True)
def citation_override(request: HttpRequest, pk: int, citation_pk: int) -> HttpResponse:
    """Clear an excerpt the check could not find for publication, with the editor's reason."""
    claim = _claim(pk)
    citation = get_object_or_404(Citation.objects.select_related("source"), pk=citation_pk, claim=claim)
    try:
        evidence.citation_override_excerpt(citation=citation, actor=request.user, reason=request.POST.get("reason", ""))
    except evidence.EvidenceError as exc:
        return _render(request, claim, override_error=str(exc), override_citation=citation.pk)
    return _done(request, claim, "Excerpt cleared for publication; the reason is on the timeline.")


@require_POST
@permission_required("claims.add_verdict", raise_exception=True)
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a verdict, revise the proposed one, or propose a correction to the published one."""
    claim = _claim(pk)
    correcting = verdict_actions(claim, request.user).correcting
    form = VerdictForm(request.POST, correcting=correcting)
    if not form.is_valid():
        return _render(request, claim, verdict_form=form)
    data = form.cleaned_data
    try:
        _, done = workflow.verdict_save(
            claim=claim,
            rating=data["rating"],
            rationale=data["rationale"],
            actor=request.user,
            version=data["version"],
            verdict_id=data["verdict"],
            correction_reason=data.get("correction_reason", ""),
        )
    except Verdict.DoesNotExist as exc:
        raise Http404("No such verdict on this claim.") from exc
    except workflow.Conflict as exc:
        current = exc.current
        if isinstance(current, Verdict):
            shown = f"Current verdict: {current.rating} — “{current.rationale}”"
            # Re-submitting revises the current proposal (if it is still one) from its version.
            target = current.pk if current.status == Verdict.Status.PROPOSED else None
        else:
            shown = f"Current status: {current.get_status_display()}"
            target = None
        mine = VerdictForm(
            initial={
                "rating": data["rating"].pk,
                "rationale": data["rationale"],
                "version": current.version,
                "verdict": target,
            },
            correcting=correcting,
        )
        return _conflict(request, claim, exc, verdict_form=mine, conflict_current=shown)
    except workflow.WorkflowError as exc:
        return _problem(request, claim, form, exc, "verdict_form")
    return _done(
        request, claim, "Verdict revised." if done == "revised" else "Verdict proposed; an editor will review it."
    )


def _verdict(claim: Claim, verdict_pk: int) -> Verdict:
    return get_object_or_404(Verdict.objects.select_related("rating"), pk=verdict_pk, claim=claim)


def _verdict_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _verdict_step(request: HttpRequest, pk: int, verdict_pk: int, step, message: str) -> HttpResponse:
    """Move a verdict one step (approve, publish) from the version the editor saw."""
    claim = _claim(pk)
    verdict = _verdict(claim, verdict_pk)
    try:
        step(verdict=verdict, actor=request.user, version=_verdict_version(request))
    except workflow.Conflict as exc:
        return _conflict(request, claim, exc)
    return _done(request, claim, message)


@require_POST
@permission_required("claims.approve_verdict", raise_exception=True)
def verdict_approve(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    return _verdict_step(
        request, pk, verdict_pk, workflow.verdict_approve, "Verdict approved. Publish it when it is ready to go out."
    )


@require_POST
@permission_required("claims.approve_verdict", raise_exception=True)
def verdict_send_back(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    claim = _claim(pk)
    verdict = _verdict(claim, verdict_pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _render(request, claim, send_back_form=form)
    try:
        workflow.verdict_send_back(
            verdict=verdict,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except workflow.Conflict as exc:
        return _conflict(request, claim, exc)
    except workflow.WorkflowError as exc:
        return _problem(request, claim, form, exc, "send_back_form")
    return _done(request, claim, "Verdict sent back to the reviewer.")

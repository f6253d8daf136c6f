"""The publish preview: the public page and its JSON-LD as they will go out, with the pre-flight checklist.

GET shows the preview; POST (its Publish button) publishes through the same
service, which runs the checklist again, so a failing required item blocks
publication whether or not the button was enabled.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..models import Claim, Verdict
from ..publishing import preflight
from ..publishing import versions as publication
from ..review import workflow
from .public import check_context


def _preview(request: HttpRequest, claim: Claim, verdict: Verdict, *, status: int = 200, **extra) -> HttpResponse:
    content = publication.draft_content(claim, verdict)
    items = preflight.preflight(claim, verdict)
    current = publication.current_version(claim)
    context = check_context(request, content)
    context.update(
        claim=claim,
        verdict=verdict,
        items=items,
        blocked=bool(preflight.blocking(items)),
        current_version=current,
        changes=publication.changes_between(current.content, content) if current else [],
        jsonld_text=json.dumps(context["claim_review"], ensure_ascii=False, indent=2),
        note=request.POST.get("note", verdict.correction_reason)
        if request.method == "POST"
        else verdict.correction_reason,
        **extra,
    )
    return render(request, "claims/publish_preview.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("claims.publish_verdict", raise_exception=True)
def verdict_publish(request: HttpRequest, pk: int, verdict_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    verdict = get_object_or_404(Verdict.objects.select_related("rating"), pk=verdict_pk, claim=claim)
    if verdict.status != Verdict.Status.APPROVED:
        messages.info(request, "This verdict is not waiting to be published.")
        return redirect(claim)
    if request.method == "GET":
        return _preview(request, claim, verdict)
    raw = request.POST.get("version", "")
    try:
        workflow.verdict_publish(
            verdict=verdict,
            actor=request.user,
            version=int(raw) if raw.isdigit() else None,
            note=request.POST.get("note"),
        )
    except workflow.Conflict as exc:
        return _preview(request, claim, verdict, status=409, error=str(exc))
    except workflow.WorkflowError as exc:
        return _preview(request, claim, verdict, error=str(exc))
    version = publication.current_version(claim)
    messages.success(request, f"Published as version {version.number}.")
    return redirect(claim)

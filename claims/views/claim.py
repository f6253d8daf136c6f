"""The claim page: one claim in its article context."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Claim


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)
    appearances = list(claim.appearances.select_related("article").order_by("created_at"))
    contexts = []
    for appearance in appearances:
        text = appearance.article.text
        para_start = text.rfind("\n", 0, appearance.start) + 1
        para_end = text.find("\n", appearance.end)
        para_end = len(text) if para_end == -1 else para_end
        contexts.append({
            "appearance": appearance,
            "before": text[para_start:appearance.start],
            "span": text[appearance.start:appearance.end],
            "after": text[appearance.end:para_end],
        })
    events = claim.events.select_related("actor").order_by("created_at", "id")
    return render(request, "claims/claim_detail.html", {"claim": claim, "contexts": contexts, "events": events})

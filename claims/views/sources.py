"""The source library: list and search, add, detail with snapshot and citing claims, file download."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ..evidence import library as evidence
from ..evidence.downloads import attachment_response
from ..evidence.forms import SourceEditForm, SourceForm
from ..models import Claim, Source


@vary_on_headers("HX-Request")
@permission_required("claims.view_source", raise_exception=True)
def source_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    page = Paginator(evidence.source_library(q=q).select_related("created_by"), 50).get_page(request.GET.get("page"))
    template = "claims/source_list.html" + ("#results" if request.htmx else "")
    return render(request, template, {"page": page, "q": q})


@permission_required("claims.view_source", raise_exception=True)
def source_search(request: HttpRequest) -> HttpResponse:
    """Return the autocomplete choices for citing a source (an htmx fragment; a page without JS)."""
    q = request.GET.get("source_q", "") or request.GET.get("q", "")
    if not request.htmx:
        return redirect(reverse("source_list") + "?" + urlencode({"q": q}))
    sources = list(evidence.source_library(q=q, limit=8)) if q.strip() else []
    return render(request, "claims/partials/source_choices.html", {"sources": sources, "q": q})


@permission_required("claims.add_source", raise_exception=True)
def source_new(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source, created = evidence.source_create(
                actor=request.user,
                url=data["url"],
                upload=data["file"],
                title=data["title"],
                publisher=data["publisher"],
                published=data["published"],
                source_type=data["source_type"],
            )
        except evidence.EvidenceError as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(request, "Source added to the library.")
            else:
                messages.info(request, "This source is already in the library; here it is.")
            return redirect("source_detail", pk=source.pk)
    return render(request, "claims/source_new.html", {"form": form})


@vary_on_headers("HX-Request")
@permission_required("claims.view_source", raise_exception=True)
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("created_by"), pk=pk)
    citations = list(source.citations.select_related("claim", "created_by").order_by("claim_id", "created_at"))
    claims = {c.claim_id: c.claim for c in citations}
    context = {
        "source": source,
        "citations": citations,
        "claim_count": len(claims),
        "statuses": dict(Claim.Status.choices),
    }
    template = "claims/source_detail.html" + ("#fetch" if request.htmx else "")
    return render(request, template, context)


@permission_required("claims.change_source", raise_exception=True)
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceEditForm(request.POST or None, instance=Source.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        evidence.source_update(source=source, actor=request.user, **form.cleaned_data)
        messages.success(request, "Source updated.")
        return redirect("source_detail", pk=source.pk)
    return render(request, "claims/source_edit.html", {"form": form, "source": source})


@require_POST
@permission_required("claims.add_source", raise_exception=True)
def source_refetch(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch a URL source again: a changed text at the origin is recorded on every citing claim."""
    source = get_object_or_404(Source, pk=pk)
    if not source.url:
        raise Http404("Only URL sources can be fetched.")
    if source.fetch_status in (Source.FetchStatus.QUEUED, Source.FetchStatus.FETCHING):
        messages.info(request, "This source is already waiting for the worker.")
    else:
        evidence.source_refetch(source=source)
        messages.success(request, "The source will be fetched again; changes at the origin will show on the claims.")
    return redirect("source_detail", pk=source.pk)


@permission_required("claims.view_source", raise_exception=True)
def source_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an uploaded source only as a download, never rendered by the browser."""
    source = get_object_or_404(Source, pk=pk)
    if not source.file:
        raise Http404("This source has no uploaded file.")
    suffix = source.file.name[source.file.name.rfind(".") :].lower()
    content_type = evidence.UPLOAD_TYPES.get(suffix, "application/octet-stream")
    try:
        handle = source.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The uploaded file is missing from storage.") from exc
    return attachment_response(
        handle, filename=source.filename or f"source-{source.pk}{suffix}", content_type=content_type
    )

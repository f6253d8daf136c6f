"""Liveness probe for load balancers, and the benchmark's empty-view floor.

Included at /healthz by factcheck/urls.py; its own tiny URLconf keeps that a one-line insertion.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Return "ok" without touching the database: the process is up and serving Django."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", healthz, name="healthz")]

"""The API tokens page: a user makes and revokes their own keys for the JSON API."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..api import tokens
from ..api.forms import ApiTokenForm
from ..models import ApiToken


def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = tokens.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "claims/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"),
        },
    )


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.api_token_revoke(token=token, user=request.user)
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("api_tokens")

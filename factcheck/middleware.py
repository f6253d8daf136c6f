"""Request-wide access rules."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Require login for every view not marked `login_not_required`.

    An htmx request from a signed-out browser (an expired session while the
    article page polls) gets 403 with HX-Redirect to the login page, so htmx
    sends the whole window there instead of swapping the login form into a
    fragment of the page.
    """

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            current = urlsplit(request.htmx.current_url or "")
            next_url = current.path + (f"?{current.query}" if current.query else "") if current.path else "/"
            login = redirect_to_login(next_url, resolve_url(self.get_login_url(view_func)), REDIRECT_FIELD_NAME)
            response = HttpResponse(
                "Your session has ended; log in again.", status=403, content_type="text/plain; charset=utf-8"
            )
            response["HX-Redirect"] = login["Location"]
            return response
        return super().handle_no_permission(request, view_func)

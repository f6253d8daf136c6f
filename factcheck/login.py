"""The log-in screen, throttled against password guessing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views

from . import login_throttle

LOCKED_MESSAGE = (
    "Too many failed log-ins for this account from your address. "
    "Wait {minutes} minutes and try again, or ask an administrator to reset your password."
)


class LoginView(auth_views.LoginView):
    """Django's LoginView that refuses to check passwords after repeated failures."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        address = login_throttle.client_address(request)
        if login_throttle.login_locked(username=username, address=address):
            # An unbound form: binding it would check the password, which is what we refuse to do.
            form = self.get_form_class()(request, initial={"username": username})
            form.cleaned_data = {}  # what add_error expects of a form it reports on
            minutes = max(1, settings.CLAIMDESK_LOGIN_LOCKOUT_SECONDS // 60)
            form.add_error(None, LOCKED_MESSAGE.format(minutes=minutes))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_throttle.login_failed(
            username=self.request.POST.get("username", "")[:150], address=login_throttle.client_address(self.request)
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        login_throttle.login_succeeded(
            username=form.get_user().get_username(), address=login_throttle.client_address(self.request)
        )
        return super().form_valid(form)

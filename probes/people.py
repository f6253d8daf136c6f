"""The people the probes act as: one user per role, a user with no role, and nobody (anonymous)."""

from __future__ import annotations

import secrets

import httpx
from django.contrib.auth.hashers import PBKDF2PasswordHasher

ROLES = ("anonymous", "no role", "Reviewer", "Editor", "Admin")


def make_user(username: str, role: str | None, *, staff: bool = False):
    """Return a user in a role group, with the probe password hashed as production hashes it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .stack import PASSWORD

    user, _ = get_user_model().objects.get_or_create(username=username)
    # PBKDF2 directly: the caller's settings may list only a test hasher; gunicorn checks PBKDF2.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.is_staff = staff
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_people() -> dict:
    """Return {role: user} for every role of ROLES (None for anonymous)."""
    return {
        "anonymous": None,
        "no role": make_user("probe-visitor", None),
        "Reviewer": make_user("probe-reviewer", "Reviewer"),
        "Editor": make_user("probe-editor", "Editor"),
        "Admin": make_user("probe-admin", "Admin", staff=True),
    }


def session_key(user) -> str:
    """Return a fresh session of user, stored where gunicorn reads it (the same database and key)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def client_for(stack, user=None, **kwargs) -> httpx.Client:
    """Return a client signed in as user (None: anonymous) that passes CSRF as a browser form would."""
    token = secrets.token_hex(16)  # a CSRF secret: 32 characters, sent as cookie and header
    cookies = {"csrftoken": token}
    if user is not None:
        cookies["sessionid"] = session_key(user)
    headers = {"X-CSRFToken": token, "Origin": stack.web.base_url, "Referer": stack.web.base_url + "/"}
    return stack.web.client(cookies=cookies, headers=headers, follow_redirects=False, **kwargs)

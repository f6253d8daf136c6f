"""Every door locked: login on every route, CSRF on every POST, throttled log-in, roles, cookies.

The route tests walk the URL resolver, so a route added later is covered without
editing this file. A route is public only when its view is explicitly marked
with `login_not_required` and it lives under a public prefix.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from claims.models import Article
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

# Where public pages may live: the log-in forms, published fact-checks and the liveness probe
# (healthz answers "ok" and reads nothing: load balancers call it without a session).
PUBLIC_PREFIXES = ("accounts/login/", "admin/login/", "checks/", "healthz")
# Not behind the log-in session but behind an API token: anonymous requests get 401.
TOKEN_PREFIXES = ("api/",)
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "00000000-0000-0000-0000-000000000001"}


def sample_path(route: str) -> str:
    """Return a concrete path for a route or regex pattern string."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m[1] or "str", "1"), route)
    # Regex patterns (the admin's): first alternative of a named group, else a number.
    path = re.sub(r"\(\?P<\w+>([^()]*)\)", lambda m: m[1].split("|")[0] if re.fullmatch(r"[\w|]+", m[1]) else "1", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def all_routes(patterns=None, prefix: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from all_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = sorted({sample_path(route): entry for route, entry in all_routes()}.items())
PROTECTED = [path for path, entry in ROUTES if getattr(entry.callback, "login_required", True)]
PUBLIC = [path for path, entry in ROUTES if not getattr(entry.callback, "login_required", True)]
TOKEN = [path for path in PUBLIC if path.lstrip("/").startswith(TOKEN_PREFIXES)]


def test_the_route_walk_sees_the_app_routes():
    assert {"/articles/1/", "/articles/1/retry/", "/articles/new/", "/claims/1/", "/queue/"} <= set(PROTECTED)
    assert "/accounts/login/" in PUBLIC


def test_anonymous_requests_never_reach_a_protected_view(client):
    """GET and POST every route signed out: a redirect to log in (or 403/405), never the page."""
    leaks = []
    for path in PROTECTED:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            location = response.get("Location", "")
            if response.status_code not in (302, 403, 405) or (
                response.status_code == 302 and not location.startswith(("/accounts/login/", "/admin/login/"))
            ):
                leaks.append(f"{method.upper()} {path} -> {response.status_code} {location}")
    assert not leaks, "\n".join(leaks)


def test_public_routes_are_only_log_in_and_published_pages():
    assert not [path for path in PUBLIC if not path.lstrip("/").startswith(PUBLIC_PREFIXES + TOKEN_PREFIXES)]


def test_api_routes_refuse_requests_without_a_token(client):
    assert TOKEN, "the route walk found no API routes"
    leaks = []
    for path in TOKEN:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code not in (401, 403, 405):
                leaks.append(f"{method.upper()} {path} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_an_htmx_request_from_an_expired_session_redirects_the_whole_window(client, ready_article):
    response = client.get(
        ready_article.get_absolute_url(),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{ready_article.get_absolute_url()}",
    )
    assert response.status_code == 403
    assert response["HX-Redirect"] == f"/accounts/login/?next=/articles/{ready_article.pk}/"
    assert "claim-span" not in response.content.decode()


def test_every_post_without_a_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    accepted = []
    for path, _ in ROUTES:
        response = client.post(path, {"text": "x"}, HTTP_HX_REQUEST="true")
        if response.status_code != 403:
            accepted.append(f"POST {path} without a CSRF token answered {response.status_code}")
    assert not accepted, "\n".join(accepted)


def test_an_htmx_post_with_the_token_from_the_page_is_accepted(editor, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr("claims.tasks.extract_article.delay", sent.append)
    article = Article.objects.create(raw="x", status=Article.Status.FAILED, error="boom")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(article.get_absolute_url()).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page)[1]  # what hx-headers on <body> sends
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("article_retry", args=[article.pk]), HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and sent == [article.pk]


def test_a_user_without_a_role_cannot_read_or_submit_articles(client, make_user, ready_article):
    client.force_login(make_user(role=None, username="visitor"))
    for url in (reverse("article_list"), reverse("article_new"), ready_article.get_absolute_url()):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("article_new"), {"text": "The council spent $5 million."}).status_code == 403
    assert client.post(reverse("article_retry", args=[ready_article.pk])).status_code == 403
    assert Article.objects.count() == 1


def test_reviewers_may_read_and_submit_articles(reviewer_client, ready_article):
    for url in (reverse("article_list"), reverse("article_new"), ready_article.get_absolute_url()):
        assert reviewer_client.get(url).status_code == 200, url


def concrete_path(route: str, ids: dict) -> str:
    """Return a path for a route with its ids filled in from real objects (pk by the route's first segment)."""

    def fill(match):
        converter, name = match[1] or "str", match[2]
        return str(ids.get(route.split("/")[0] if name == "pk" else name, SAMPLES.get(converter, "1")))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def test_a_signed_in_user_without_a_role_is_refused_everywhere_including_htmx_and_exports(client, make_user):
    """Walk every app route with real ids: GET and htmx POST get 403 (or 405), and nothing changes."""
    from claims.models import Claim, Event
    from tests.support.factories import cite, make_article, make_claim, propose

    article = make_article()
    claim = make_claim(article)
    citation = cite(claim)
    verdict = propose(claim)
    ids = {
        "claims": claim.pk,
        "articles": article.pk,
        "sources": citation.source_id,
        "citation_pk": citation.pk,
        "verdict_pk": verdict.pk,
    }
    client.force_login(make_user(role=None, username="visitor"))
    events = Event.objects.count()
    status = Claim.objects.get(pk=claim.pk).status
    # Signing out and one's own account pages need no role; the admin has its own staff check.
    exempt = ("accounts/", "account/", "admin/")
    routes = [route for route, entry in all_routes() if getattr(entry.callback, "login_required", True)]
    opened = []
    for route in routes:
        if route.startswith(exempt):
            continue
        path = concrete_path(route, ids)
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"status": "dismissed", "version": "1"}, HTTP_HX_REQUEST="true")
            if response.status_code not in (403, 405):
                opened.append(f"{method.upper()} {path} -> {response.status_code}")
    assert not opened, "\n".join(opened)
    assert Event.objects.count() == events
    assert Claim.objects.get(pk=claim.pk).status == status


# --- Log-in throttle ----------------------------------------------------------


@pytest.fixture
def fresh_throttle(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast for these tests only
    caches["login_throttle"].clear()
    yield
    caches["login_throttle"].clear()


def log_in(client, username, password, address="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_is_locked_after_five_wrong_passwords_even_for_the_right_one(client, make_user, fresh_throttle):
    make_user("Reviewer", "rita", password="the-right-passphrase")
    for _ in range(5):
        assert log_in(client, "rita", "guess").status_code == 200
    locked = log_in(client, "rita", "the-right-passphrase")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # A colleague elsewhere is not locked out of the same account.
    assert log_in(Client(), "rita", "the-right-passphrase", address="10.9.9.9").status_code == 302


def test_a_successful_login_clears_the_failures(client, make_user, fresh_throttle):
    make_user("Reviewer", "rita", password="the-right-passphrase")
    for _ in range(4):
        log_in(client, "rita", "guess")
    assert log_in(client, "rita", "the-right-passphrase").status_code == 302
    for _ in range(4):
        assert log_in(Client(), "rita", "guess").status_code == 200  # counting from zero again


def test_one_address_trying_many_accounts_is_locked(client, make_user, settings, fresh_throttle):
    settings.CLAIMDESK_LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    make_user("Reviewer", "rita", password="the-right-passphrase")
    for n in range(6):
        log_in(client, f"user{n}", "Password1")
    assert log_in(client, "rita", "the-right-passphrase").status_code == 429


def test_the_admin_log_in_form_is_throttled_too(client, make_user, fresh_throttle):
    admin = make_user(role=None, username="boss", password="the-right-passphrase")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    assert resolve("/admin/login/").url_name == "admin_login"
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "guess"}, REMOTE_ADDR="10.2.2.2")
    response = client.post(
        "/admin/login/", {"username": "boss", "password": "the-right-passphrase"}, REMOTE_ADDR="10.2.2.2"
    )
    assert response.status_code == 429


@pytest.mark.parametrize("password", ["password", "short-1", "12345678901234", "rita-sanchez-01"])
def test_weak_passwords_are_refused_by_the_validators(password, django_user_model):
    user = django_user_model(username="rita-sanchez-01", first_name="Rita")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted(django_user_model):
    validate_password("correct horse battery staple", django_user_model(username="rita"))


# --- Production settings ------------------------------------------------------


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path):
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="x" * 64 + "-production",
        ALLOWED_HOSTS="claims.example.org",
        VAR_DIR=str(tmp_path),
    )
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE',"
        " 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'SECURE_SSL_REDIRECT', 'SECURE_CONTENT_TYPE_NOSNIFF',"
        " 'X_FRAME_OPTIONS']}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
    }


def test_the_session_cookie_is_sent_http_only(client, make_user, fresh_throttle):
    make_user("Reviewer", "rita", password="the-right-passphrase")
    response = log_in(client, "rita", "the-right-passphrase")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_pages_are_sent_with_security_headers(reviewer_client):
    response = reviewer_client.get(reverse("queue"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_role_groups_are_recreated_after_migrate_without_dropping_hand_granted_permissions():
    from django.contrib.auth.models import Group, Permission

    from claims.roles import roles_ensure

    Group.objects.filter(name="Reviewer").delete()
    editor = Group.objects.get(name="Editor")
    extra = Permission.objects.get(codename="view_user")
    editor.permissions.add(extra)
    roles_ensure()
    reviewer = Group.objects.get(name="Reviewer")
    assert reviewer.permissions.filter(codename="add_article").exists()
    assert not reviewer.permissions.filter(codename="approve_verdict").exists()
    assert editor.permissions.filter(pk=extra.pk).exists()


def test_behind_a_trusted_proxy_the_throttle_counts_the_client_address(client, make_user, settings, fresh_throttle):
    settings.CLAIMDESK_TRUSTED_PROXIES = 1
    make_user("Reviewer", "rita", password="the-right-passphrase")
    for _ in range(5):  # a guesser, through the newsroom's proxy
        client.post(
            reverse("login"),
            {"username": "rita", "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
        )
    colleague = Client().post(
        reverse("login"),
        {"username": "rita", "password": "the-right-passphrase"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert colleague.status_code == 302
    guesser = client.post(
        reverse("login"),
        {"username": "rita", "password": "the-right-passphrase"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert guesser.status_code == 429

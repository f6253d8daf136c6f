"""Authentication: log-in, throttle, sessions, cookies, redirects after log-in, API keys.

Each probe is one scenario with its own expectation; the real log-in form is used (CSRF
token from the page, the password checked with production's PBKDF2).
"""

from __future__ import annotations

import re

import httpx

from .results import Attempt


def login_form(stack, client: httpx.Client | None = None) -> tuple[httpx.Client, str]:
    """Return a fresh client (or the given one) holding the log-in page's CSRF cookie, and the form token."""
    client = client or stack.web.client(headers={"Referer": stack.web.base_url + "/accounts/login/"})
    page = client.get("/accounts/login/")
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def log_in(stack, username: str, password: str, *, next_url: str = "", client=None, **headers) -> httpx.Response:
    client, token = login_form(stack, client)
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return client.post(path, data=data, headers=headers)


def run(stack, people, *, fast: bool = False) -> list[Attempt]:

    from claims.api import tokens

    from .people import client_for
    from .stack import PASSWORD

    attempts: list[Attempt] = []

    def probe(request: str, held: bool, detail: str = "") -> None:
        attempts.append(Attempt("Authentication", request, bool(held), detail))

    good = log_in(stack, "probe-reviewer", PASSWORD)
    probe("log in with the right password", good.status_code == 302, f"{good.status_code}")
    session_cookie = next((c for c in good.headers.get_list("set-cookie") if c.startswith("sessionid=")), "")
    probe("session cookie is Secure", "Secure" in session_cookie, session_cookie[:120])
    probe("session cookie is HttpOnly", "HttpOnly" in session_cookie, session_cookie[:120])
    probe("session cookie is SameSite=Lax", "SameSite=Lax" in session_cookie, session_cookie[:120])
    csrf_cookie = next((c for c in good.headers.get_list("set-cookie") if c.startswith("csrftoken=")), "")
    probe(
        "CSRF cookie is Secure and HttpOnly", not csrf_cookie or ("Secure" in csrf_cookie and "HttpOnly" in csrf_cookie)
    )
    page = stack.web.client().get("/accounts/login/")
    probe("HSTS on every page", "max-age=31536000" in page.headers.get("strict-transport-security", ""))
    probe("pages refuse framing", page.headers.get("x-frame-options") == "DENY")
    wrong = log_in(stack, "probe-editor", "not-the-password")
    new_cookies = wrong.headers.get_list("set-cookie")
    probe(
        "wrong password is refused on the form",
        wrong.status_code == 200 and not any(c.startswith("sessionid=") for c in new_cookies),
        f"{wrong.status_code}",
    )
    unknown = log_in(stack, "nobody-at-all", "not-the-password")
    probe(
        "unknown user answers like a wrong password",
        unknown.status_code == wrong.status_code and unknown.text.count("errorlist") == wrong.text.count("errorlist"),
    )
    client, token = login_form(stack)
    no_csrf = client.post("/accounts/login/", data={"username": "probe-editor", "password": PASSWORD})
    probe("log-in POST without a CSRF token is refused", no_csrf.status_code == 403, f"{no_csrf.status_code}")
    if not fast:  # the fast subset keeps the cookie, form and API probes
        slow_probes(stack, people, probe)

    # API keys.
    api = stack.web.client()
    probe("API without a key: 401", api.get("/api/v1/claims/").status_code == 401)
    probe(
        "API with a made-up key: 401",
        api.get("/api/v1/claims/", headers={"Authorization": "Bearer cd_nope"}).status_code == 401,
    )
    token, key = tokens.api_token_create(user=people["Reviewer"], name="probe")
    probe(
        "API with a real key: 200",
        api.get("/api/v1/claims/", headers={"Authorization": f"Bearer {key}"}).status_code == 200,
    )
    probe(
        "API key in the query string is not accepted",
        api.get(f"/api/v1/claims/?key={key}&token={key}").status_code == 401,
    )
    probe(
        "API with a session but no key: 401",
        client_for(stack, people["Editor"]).get("/api/v1/claims/").status_code == 401,
    )
    tokens_client = client_for(stack, people["Reviewer"])
    tokens_client.post(f"/account/api-tokens/{token.pk}/revoke/")
    probe(
        "a revoked key is refused",
        api.get("/api/v1/claims/", headers={"Authorization": f"Bearer {key}"}).status_code == 401,
    )
    visitor = client_for(stack, people["no role"])
    made = visitor.post("/account/api-tokens/", data={"name": "mine"})
    probe("a user with no role cannot make an API key", made.status_code == 403, f"{made.status_code}")
    return attempts


def slow_probes(stack, people, probe) -> None:
    """Run the probes that need many real log-ins (PBKDF2 at full strength)."""
    from django.contrib.auth import get_user_model

    from .people import client_for, make_user
    from .stack import PASSWORD

    base = stack.web.base_url
    cross = stack.web.client(headers={"Referer": "https://evil.example/"})
    _, token = login_form(stack, cross)
    cross_site = cross.post(
        "/accounts/login/",
        data={"username": "probe-editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )
    probe("log-in from another origin is refused", cross_site.status_code == 403, f"{cross_site.status_code}")
    fixed = stack.web.client(
        cookies={"sessionid": "attackerchosen0123456789abcdefgh"}, headers={"Referer": base + "/accounts/login/"}
    )
    fixation = log_in(stack, "probe-reviewer", PASSWORD, client=fixed)
    issued = [c.split(";")[0] for c in fixation.headers.get_list("set-cookie") if c.startswith("sessionid=")]
    new_session = issued[0].split("=", 1)[1] if issued else ""
    probe(
        "session id changes at log-in (no fixation)",
        fixation.status_code == 302 and new_session not in ("", "attackerchosen0123456789abcdefgh"),
        f"{fixation.status_code}",
    )
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
    ):
        response = log_in(stack, "probe-reviewer", PASSWORD, next_url=target)
        location = response.headers.get("location", "")
        probe(
            f"no open redirect after log-in to {target!r}",
            response.status_code == 302 and location.startswith("/") and not location.startswith(("//", "/\\")),
            location,
        )
    signed_in = client_for(stack, people["Reviewer"])
    logout_get = signed_in.get("/accounts/logout/")
    probe(
        "log-out by GET is refused (a link cannot sign you out)",
        logout_get.status_code == 405,
        f"{logout_get.status_code}",
    )
    session = signed_in.cookies.get("sessionid")
    signed_in.post("/accounts/logout/")
    replay = stack.web.client(cookies={"sessionid": session}).get("/queue/")
    probe("a session is dead after log-out", replay.status_code == 302, f"{replay.status_code}")
    inactive = make_user("probe-inactive", "Reviewer")
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    probe("an inactive user cannot log in", log_in(stack, "probe-inactive", PASSWORD).status_code == 200)
    huge = log_in(stack, "probe-reviewer", "x" * 1_000_000)
    probe("a 1 MB password is answered, not a crash", huge.status_code in (200, 400, 413), f"{huge.status_code}")
    sqlish = log_in(stack, "' OR 1=1 --", "' OR '1'='1")
    probe("SQL in the user name is only a wrong log-in", sqlish.status_code == 200, f"{sqlish.status_code}")

    # The throttle: five failures lock the account for that address, whatever X-Forwarded-For says.
    make_user("probe-throttled", "Reviewer")
    for n in range(5):
        log_in(stack, "probe-throttled", "guess", **{"X-Forwarded-For": f"203.0.113.{n}"})
    locked = log_in(stack, "probe-throttled", PASSWORD, **{"X-Forwarded-For": "198.51.100.99"})
    probe(
        "after 5 failures even the right password is refused (429)", locked.status_code == 429, f"{locked.status_code}"
    )
    probe("X-Forwarded-For cannot dodge the throttle (no proxy trusted)", locked.status_code == 429)
    admin_throttle = None
    for _ in range(6):
        client, token = stack.web.client(headers={"Referer": base + "/admin/login/"}), None
        page = client.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        admin_throttle = client.post(
            "/admin/login/", data={"username": "probe-admin", "password": "guess", "csrfmiddlewaretoken": token}
        )
    probe("the admin log-in is throttled too", admin_throttle.status_code == 429, f"{admin_throttle.status_code}")

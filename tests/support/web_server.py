"""A real gunicorn serving the app on a loopback port, for tests that need separate web processes.

The in-process test client cannot show one request starving another: gunicorn's sync
workers can (a request that blocks holds its whole worker).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_url() -> str:
    """Return the URL of the database this test process uses (the test database)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Gunicorn:
    """A gunicorn master with sync workers on a free loopback port, against the test database."""

    def __init__(self, name: str, *, workers: int = 2, **env_overrides: str):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(DATABASE_URL=test_database_url(), DB_CONN_MAX_AGE="0", **env_overrides)
        self.log_path = ROOT / "var" / f"test-gunicorn-{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factcheck.wsgi:application",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=120",
                "--graceful-timeout=5",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.base_url + "/healthz", timeout=2).text == "ok":
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=60, **kwargs)

    def logged_in(self, user) -> httpx.Client:
        """Return a client carrying a session of user (made here: the test's password hasher differs)."""
        from django.conf import settings
        from django.test import Client

        django_client = Client()
        django_client.force_login(user)
        session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
        return self.client(cookies={settings.SESSION_COOKIE_NAME: session})

    def log_in_with_form(self, username: str, password: str) -> httpx.Response:
        """Post the login form (CSRF token from the page); return the response."""
        client = self.client()
        token = csrf_token(client, "/accounts/login/")
        return client.post(
            "/accounts/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token}
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def csrf_token(client: httpx.Client, path: str) -> str:
    """Return the CSRF token of the form on a page."""
    page = client.get(path)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

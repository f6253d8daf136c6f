"""X-Forwarded-Proto is trusted only when CLAIMDESK_TRUSTED_PROXIES says a proxy is in front (issue 17)."""

import os

import pytest
from django.test import override_settings

from tests.project.test_project import run_manage

PRINT = "from django.conf import settings; print(repr(settings.SECURE_PROXY_SSL_HEADER))"


def production(tmp_path, **extra) -> dict:
    env = dict(os.environ, DEBUG="0", SECRET_KEY="x" * 64 + "-prod", ALLOWED_HOSTS="claims.example.org")
    env.pop("CLAIMDESK_TRUSTED_PROXIES", None)
    env.update(VAR_DIR=str(tmp_path), **extra)
    return env


def test_without_a_trusted_proxy_the_forwarded_proto_header_is_ignored(tmp_path):
    result = run_manage("shell", "-c", PRINT, env=production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None"


def test_with_a_trusted_proxy_the_forwarded_proto_header_is_believed(tmp_path):
    result = run_manage("shell", "-c", PRINT, env=production(tmp_path, CLAIMDESK_TRUSTED_PROXIES="1"))
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=None)
def test_a_forged_header_does_not_make_a_plain_request_secure(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301 and response["Location"].startswith("https://")

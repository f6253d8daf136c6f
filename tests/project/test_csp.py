"""Content-Security-Policy: every HTML page, app and public, forbids inline scripts and framing (issue 17)."""

import re

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.conftest import ROOT
from tests.support.factories import published_claim

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """Return the enforced Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} appears twice in {header!r}"
        directives[name] = values
    return directives


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    for name, values in directives.items():
        assert "'unsafe-eval'" not in values, name
        if name != "style-src-attr":
            assert "'unsafe-inline'" not in values, name
        assert "*" not in values and "data:" not in values and "https:" not in values, name


def test_app_pages_send_a_strict_policy(reviewer_client, ready_article):
    claim = Claim.objects.filter(article=ready_article).first()
    for url in (
        reverse("queue"),
        reverse("article_new"),
        reverse("article_list"),
        reverse("article_detail", args=[ready_article.pk]),
        reverse("claim_detail", args=[claim.pk]),
        reverse("source_list"),
        reverse("api_tokens"),
    ):
        response = reviewer_client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_htmx_partials_carry_the_policy_too(reviewer_client):
    response = reviewer_client.get(reverse("queue"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert_strict(response)


def test_public_pages_and_login_send_a_strict_policy(client):
    claim, _ = published_claim()
    for url in (
        reverse("login"),
        reverse("public_index"),
        reverse("public_corrections"),
        reverse("public_check", args=[claim.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_the_only_script_elements_in_pages_load_files_or_hold_json_ld(reviewer_client, ready_article, client):
    claim, _ = published_claim()
    pages = [
        reviewer_client.get(reverse("queue")),
        reviewer_client.get(reverse("claim_detail", args=[Claim.objects.filter(article=ready_article).first().pk])),
        client.get(reverse("public_check", args=[claim.slug])),
    ]
    for response in pages:
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, re.I):
            assert "src=" in tag or 'type="application/ld+json"' in tag, tag
        assert not re.search(r"<style\b", html, re.I)
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"


def test_templates_hold_no_inline_script_handlers_or_javascript_urls():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I), path
        assert "javascript:" not in text.lower(), path
        assert "hx-on" not in text, path  # hx-on needs eval
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert "src=" in tag, f"{path}: inline script {tag}"

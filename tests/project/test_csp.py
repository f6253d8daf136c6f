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
    assert "style-src-attr" not in directives and "style-src-elem" not in directives  # style-src governs all
    for name, values in directives.items():
        assert "'unsafe-eval'" not in values, name
        assert "'unsafe-inline'" not in values, name
        assert "*" not in values and "data:" not in values and "https:" not in values, name
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


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
        assert not re.search(r"\sstyle\s*=", html, re.I), "inline style attribute"
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"


def test_templates_hold_no_inline_script_handlers_or_javascript_urls():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I), path
        assert "javascript:" not in text.lower(), path
        assert "hx-on" not in text, path  # hx-on needs eval
        assert not re.search(r"\sstyle\s*=", text, re.I), f"{path}: inline style attribute"
        markup = re.sub(r"\{#.*?#\}", "", text)  # template comments may name what they avoid
        assert "<style" not in markup or path.name == "ledger.html", path  # the ledger PDF inlines its CSS
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert "src=" in tag, f"{path}: inline script {tag}"


def test_scripts_never_set_inline_style_attributes():
    """A strict style-src refuses setAttribute("style") and style= in swapped-in markup (CSSOM .style is fine)."""
    for path in (ROOT / "static" / "js").rglob("*.js"):
        text = path.read_text()
        assert not re.search(r"setAttribute\(\s*[\"']style", text), path
        assert "cssText" not in text and "style=" not in text, path


def rating_rules(client) -> dict[str, str]:
    """Return {class: declarations} from the served rating stylesheet."""
    response = client.get(reverse("rating_styles"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    return dict(re.findall(r"\.(rating-[0-9a-f]{6}) \{ ([^}]*) \}", response.content.decode()))


def test_rating_colours_come_from_classes_in_the_rating_stylesheet(client, reviewer_client):
    """Every rating's colour, and its ink, is a class rule; the pages use the classes, never style=."""
    from claims.models import Rating

    claim, verdict = published_claim("False")
    colour = Rating.objects.get(label="False").colour.lower()
    rules = rating_rules(client)  # public: the public pages use it too
    assert rules[f"rating-{colour[1:]}"] == f"--rating: {colour}; --rating-ink: #ffffff;"
    for response in (
        client.get(reverse("public_check", args=[claim.slug])),
        client.get(reverse("public_index")),
        reviewer_client.get(reverse("queue")),
        reviewer_client.get(reverse("claim_detail", args=[claim.pk])),
    ):
        html = response.content.decode()
        assert f'href="{reverse("rating_styles")}"' in html
        assert f"rating-{colour[1:]}" in html


def test_a_published_colour_keeps_its_rule_after_the_admin_changes_the_scale(client):
    """Public pages show the colour a version was published with; the stylesheet still paints it."""
    from claims.models import Rating

    claim, _ = published_claim("False")
    old = Rating.objects.get(label="False").colour.lower()
    Rating.objects.filter(label="False").update(colour="#FFEE00")
    rules = rating_rules(client)
    assert f"rating-{old[1:]}" in rules
    assert rules["rating-ffee00"] == "--rating: #ffee00; --rating-ink: #1d2330;"  # dark ink on yellow
    assert f"rating-{old[1:]}" in client.get(reverse("public_check", args=[claim.slug])).content.decode()


def test_a_colour_that_is_not_hex_is_painted_grey_and_cannot_inject_css(client):
    from claims.models import Rating

    Rating.objects.filter(label="False").update(colour="red;}*{")
    css = client.get(reverse("rating_styles")).content.decode()
    assert "red" not in css and "*{" not in css
    assert ".rating-777777 { --rating: #777777;" in css


def test_the_rating_stylesheet_is_revalidated_with_its_etag(client):
    from claims.models import Rating

    first = client.get(reverse("rating_styles"))
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(reverse("rating_styles"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    Rating.objects.filter(label="False").update(colour="#123456")
    changed = client.get(reverse("rating_styles"), headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]

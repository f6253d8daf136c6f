"""The read-only JSON API: token per user, roles respected, paginated, queue filters."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from claims.api import tokens
from claims.models import ApiToken, Claim, Verdict
from tests.support.factories import make_article, make_claim, propose, published_claim

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def reviewer_key(reviewer):
    return tokens.api_token_create(user=reviewer, name="CMS")[1]


def test_api_needs_a_valid_token(client, reviewer_key):
    for name in ("api_articles", "api_claims", "api_reviews"):
        response = client.get(reverse(name))
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
        assert client.get(reverse(name), **bearer("cd_not-a-real-key")).status_code == 401
        assert client.get(reverse(name), **bearer(reviewer_key)).status_code == 200


def test_only_a_digest_of_the_key_is_stored_and_revoking_stops_it(client, reviewer, reviewer_key):
    token = ApiToken.objects.get(user=reviewer)
    assert reviewer_key not in (token.key_sha256, token.prefix) and reviewer_key.startswith(token.prefix)
    tokens.api_token_revoke(token=token, user=reviewer)
    assert client.get(reverse("api_claims"), **bearer(reviewer_key)).status_code == 401


def test_inactive_users_keys_stop_working(client, reviewer, reviewer_key):
    reviewer.is_active = False
    reviewer.save()
    assert client.get(reverse("api_reviews"), **bearer(reviewer_key)).status_code == 401


def test_user_without_a_role_reads_only_published_reviews(client, make_user):
    _, key = tokens.api_token_create(user=make_user(role=""), name="partner")
    published_claim()
    assert client.get(reverse("api_claims"), **bearer(key)).status_code == 403
    assert client.get(reverse("api_articles"), **bearer(key)).status_code == 403
    reviews = client.get(reverse("api_reviews"), **bearer(key)).json()
    assert reviews["count"] == 1 and reviews["results"][0]["claim_review"]["@type"] == "ClaimReview"


def test_claims_are_filtered_like_the_queue_and_paginated(client, reviewer, reviewer_key):
    article = make_article()
    for n in range(5):
        make_claim(article, text=f"Claim {n}", status=Claim.Status.IN_REVIEW, assignee=reviewer)
    make_claim(article, text="Unassigned")
    page = client.get(
        reverse("api_claims"), {"status": "in_review", "assignee": "mine", "page_size": 2}, **bearer(reviewer_key)
    ).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["previous"] is None
    assert "page=2" in page["next"] and "status=in_review" in page["next"]
    last = client.get(
        reverse("api_claims"),
        {"status": "in_review", "assignee": "mine", "page_size": 2, "page": 3},
        **bearer(reviewer_key),
    ).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get(reverse("api_claims"), {"page": 99}, **bearer(reviewer_key)).status_code == 404
    assert client.get(reverse("api_claims"), {"score_min": "x"}, **bearer(reviewer_key)).status_code == 400


def test_drafts_are_visible_to_roles_that_may_see_them_only(client, make_user, reviewer_key):
    claim, verdict = published_claim("False")
    draft = propose(claim, "Mixed", rationale="DRAFT")
    detail = client.get(reverse("api_claim", args=[claim.pk]), **bearer(reviewer_key)).json()
    assert {v["id"] for v in detail["verdicts"]} == {verdict.pk, draft.pk}
    assert detail["verdict"]["rating"] == "False" and detail["citations"][0]["stance"] == "refutes"
    assert detail["public_url"].endswith(f"/checks/{claim.slug}/")
    reader = make_user(role="")
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    _, key = tokens.api_token_create(user=reader, name="read claims only")
    limited = client.get(reverse("api_claim", args=[claim.pk]), **bearer(key)).json()
    assert [v["id"] for v in limited["verdicts"]] == [verdict.pk] and "citations" not in limited
    unpublished = make_claim(make_article(), text="Not yet published")
    propose(unpublished, "True", rationale="DRAFT ONLY")
    row = client.get(reverse("api_claim", args=[unpublished.pk]), **bearer(key)).json()
    assert row["verdict"] is None and row["verdicts"] == []


def test_articles_list_and_detail(client, reviewer_key):
    article = make_article()
    make_claim(article, text="First", position=0)
    make_claim(article, text="Second", position=1)
    listing = client.get(reverse("api_articles"), **bearer(reviewer_key)).json()
    assert listing["results"][0]["id"] == article.pk and listing["results"][0]["outlet"] == "Daily Example"
    detail = client.get(reverse("api_article", args=[article.pk]), **bearer(reviewer_key)).json()
    assert [c["text"] for c in detail["claims"]] == ["First", "Second"]


def test_tokens_page_creates_shows_once_and_only_its_owner_revokes(reviewer_client, reviewer, make_user):
    page = reviewer_client.post(reverse("api_tokens"), {"name": "CMS sync"}).content.decode()
    key = page.split('id="new-key" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith("cd_")
    assert key not in reviewer_client.get(reverse("api_tokens")).content.decode()
    token = ApiToken.objects.get(user=reviewer)
    reviewer_client.force_login(make_user("Editor"))
    assert reviewer_client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    reviewer_client.force_login(reviewer)
    reviewer_client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert not token.is_active


def test_admin_can_revoke_anyones_token(client, make_user, reviewer, reviewer_key):
    admin = make_user("Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    token = ApiToken.objects.get(user=reviewer)
    response = client.post(
        reverse("admin:claims_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert client.get(reverse("api_reviews"), **bearer(reviewer_key)).status_code == 401


def test_reviews_since_returns_only_newer_publications(client, reviewer_key):
    from datetime import timedelta

    from django.utils import timezone

    published_claim("False")  # published two days ago
    recent, _ = published_claim("True", text="Exports doubled.")
    Verdict.objects.filter(claim=recent).update(published_at=timezone.now())
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    page = client.get(reverse("api_reviews"), {"since": since}, **bearer(reviewer_key)).json()
    assert [r["claim_id"] for r in page["results"]] == [recent.pk]
    assert client.get(reverse("api_reviews"), {"since": "yesterday"}, **bearer(reviewer_key)).status_code == 400

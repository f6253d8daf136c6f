"""The read-only JSON API: token per user, roles respected, paginated, queue filters."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from claims.api import tokens
from claims.models import ApiToken, Claim
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
    assert len(reviews["results"]) == 1 and reviews["results"][0]["claim_review"]["@type"] == "ClaimReview"


def follow(client, url, params, key) -> list[dict]:
    """Return every page of a list endpoint, following `next` links to the end."""
    pages = [client.get(url, params, **bearer(key)).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"], **bearer(key)).json())
    return pages


def test_claims_are_filtered_like_the_queue_and_paginated(client, reviewer, reviewer_key):
    article = make_article()
    for n in range(5):
        make_claim(article, text=f"Claim {n}", status=Claim.Status.IN_REVIEW, assignee=reviewer)
    make_claim(article, text="Unassigned")
    pages = follow(
        client, reverse("api_claims"), {"status": "in_review", "assignee": "mine", "page_size": 2}, reviewer_key
    )
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert "cursor=" in pages[0]["next"] and "status=in_review" in pages[0]["next"] and "count" not in pages[0]
    assert {c["text"] for page in pages for c in page["results"]} == {f"Claim {n}" for n in range(5)}
    assert client.get(reverse("api_claims"), {"score_min": "x"}, **bearer(reviewer_key)).status_code == 400


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority"])
def test_claim_pages_follow_the_queue_order_without_gaps_or_repeats(client, reviewer_key, sort):
    from datetime import timedelta

    from django.utils import timezone

    from claims.queries import SORTS

    now = timezone.now()
    for a in range(3):  # claims of one article share article_created_at: ties the id must break
        article = make_article(title=f"Article {a}")
        for n in range(3):
            make_claim(article, text=f"Claim {a}.{n}", score=[0.5, 0.9, 0.5][n], position=n)
        Claim.objects.filter(article=article).update(article_created_at=now - timedelta(hours=a % 2))
    expected = list(Claim.objects.order_by(*SORTS[sort]).values_list("pk", flat=True))
    pages = follow(client, reverse("api_claims"), {"sort": sort, "page_size": 2}, reviewer_key)
    assert [c["id"] for page in pages for c in page["results"]] == expected
    assert len(pages) == 5 and len(pages[-1]["results"]) == 1


def test_pages_start_after_the_cursor_even_when_rows_are_added_meanwhile(client, reviewer_key):
    from claims.queries import SORTS

    article = make_article()
    for n in range(3):
        make_claim(article, text=f"Claim {n}", position=n)
    first = list(Claim.objects.order_by(*SORTS["newest"]).values_list("pk", flat=True))
    page = client.get(reverse("api_claims"), {"page_size": 2}, **bearer(reviewer_key)).json()
    make_claim(make_article(title="Breaking"), text="A newer claim")  # lands on page 1, shifts no page
    rest = client.get(page["next"], **bearer(reviewer_key)).json()
    assert [c["id"] for c in page["results"] + rest["results"]] == first


def test_list_endpoints_refuse_page_numbers_and_made_up_cursors(client, reviewer_key):
    for name in ("api_articles", "api_claims", "api_reviews"):
        assert client.get(reverse(name), {"page": 2}, **bearer(reviewer_key)).status_code == 400
        for cursor in ("not-base64!", "WzFd", "W10"):  # garbage, one value, no values
            response = client.get(reverse(name), {"cursor": cursor}, **bearer(reviewer_key))
            assert response.status_code == 400 and "cursor" in response.json()["error"]
        assert client.get(reverse(name), {"page_size": "x"}, **bearer(reviewer_key)).status_code == 400


def test_articles_and_reviews_pages_follow_their_order(client, reviewer_key):
    from claims.models import Article

    published = [published_claim(text=f"Claim {n}.")[1] for n in range(3)]
    articles = follow(client, reverse("api_articles"), {"page_size": 2}, reviewer_key)
    assert [a["id"] for page in articles for a in page["results"]] == list(
        Article.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    reviews = follow(client, reverse("api_reviews"), {"page_size": 2}, reviewer_key)
    by_newest = sorted(published, key=lambda v: (v.published_at, v.pk), reverse=True)
    assert [r["claim_id"] for page in reviews for r in page["results"]] == [v.claim_id for v in by_newest]


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
    recent, _ = published_claim("True", when=timezone.now(), text="Exports doubled.")
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    page = client.get(reverse("api_reviews"), {"since": since}, **bearer(reviewer_key)).json()
    assert [r["claim_id"] for r in page["results"]] == [recent.pk]
    assert client.get(reverse("api_reviews"), {"since": "yesterday"}, **bearer(reviewer_key)).status_code == 400

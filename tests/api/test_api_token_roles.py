"""API keys are for users with a role: a user with none gets 403 on the keys page and makes no key (issue 17)."""

import pytest
from django.urls import reverse

from claims.api import tokens
from claims.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_user_without_a_role_cannot_open_the_keys_page_or_create_a_key(client, make_user):
    client.force_login(make_user(role="", username="visitor"))
    assert client.get(reverse("api_tokens")).status_code == 403
    assert client.post(reverse("api_tokens"), {"name": "mine"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_user_without_a_role_cannot_revoke_either(client, make_user):
    visitor = make_user(role="", username="visitor")
    token, _ = tokens.api_token_create(user=visitor, name="given by an admin")
    client.force_login(visitor)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 403


@pytest.mark.parametrize("role", ["Reviewer", "Editor", "Admin"])
def test_every_role_makes_its_own_keys(client, make_user, role):
    client.force_login(make_user(role=role))
    assert client.get(reverse("api_tokens")).status_code == 200
    client.post(reverse("api_tokens"), {"name": "CMS"})
    assert ApiToken.objects.count() == 1

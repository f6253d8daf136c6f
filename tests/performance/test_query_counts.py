"""Every page runs as many queries at twice the data: no N+1 hides behind a small fixture.

Each page's queries are counted on a generated data set, the data set is doubled
(benchmarks.dataset.generate again, same mix), and the page must run exactly as many.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.dataset import PASSWORD, Size, generate
from claims.api import tokens
from claims.models import Claim

pytestmark = pytest.mark.django_db


def pages(showcase, api_key: str) -> dict[str, tuple[str, dict, dict]]:
    """Return label -> (url, query, headers) of every screen and list endpoint counted."""
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    return {
        "queue": (reverse("queue"), {}, {}),
        "queue, page 2": (reverse("queue"), {"page": 2}, {}),
        "queue, new + unassigned": (reverse("queue"), {"status": "new", "assignee": "unassigned"}, {}),
        "queue, full text": (reverse("queue"), {"q": "budget"}, {}),
        "queue, priority": (reverse("queue"), {"sort": "priority"}, {}),
        "queue, htmx rows": (reverse("queue"), {"page": 2}, {"HTTP_HX_REQUEST": "true"}),
        "claim page": (reverse("claim_detail", args=[showcase.claim_id]), {}, {}),
        "article page": (reverse("article_detail", args=[showcase.big_article_id]), {}, {}),
        "API claims": (reverse("api_claims"), {"page_size": 20}, bearer),
        "API articles": (reverse("api_articles"), {"page_size": 20}, bearer),
        "API reviews": (reverse("api_reviews"), {"page_size": 5}, bearer),
        "CSV export": (reverse("queue_export_csv"), {}, {}),
    }


def count(client, url: str, query: dict, headers: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, query, **headers)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx)


def test_every_page_runs_the_same_queries_at_twice_the_data(client):
    size = Size.tiny()
    showcase = generate(size=size)
    assert client.login(username=showcase.editor_username, password=PASSWORD)
    from django.contrib.auth.models import User

    _, key = tokens.api_token_create(user=User.objects.get(username=showcase.editor_username), name="counts")
    screens = pages(showcase, key)

    def steady_counts() -> dict[str, int]:
        for spec in screens.values():  # warm what pages cache between requests (the queue's counts)
            count(client, *spec)
        return {label: count(client, *spec) for label, spec in screens.items()}

    small = steady_counts()

    generate(size=size)  # the same mix again: twice the articles, claims, evidence, verdicts
    assert Claim.objects.count() == 2 * size.claims
    large = steady_counts()
    assert large == small  # the whole table, so a failure names every page that grew


def test_following_api_cursors_costs_the_same_queries_on_every_page(client):
    showcase = generate(size=Size.tiny())
    from django.contrib.auth.models import User

    _, key = tokens.api_token_create(user=User.objects.get(username=showcase.editor_username), name="counts")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url, per_page = reverse("api_claims") + "?page_size=10", []
    client.get(url, **bearer)  # the key's first use is recorded once: not a page's cost
    while url:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url, **bearer).json()
        per_page.append(len(ctx))
        url = page["next"]
    assert len(per_page) == 5 and len(set(per_page)) == 1

"""Queue search on PostgreSQL folds accents and word forms, as a desk searching for names expects."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.support.factories import make_article, make_claim

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps a plain substring search (documented in selectors)"
)


def queue_texts(client, q: str) -> str:
    return client.get(reverse("queue"), {"q": q}).content.decode()


@pytest.fixture
def claims(db):
    article = make_article()
    make_claim(article, text="Mayor López said the ambassadors met twice in March.", speaker="Ana López")
    make_claim(article, text="The ambassador denied that the port was closed.", speaker="Jorge Núñez", position=1)
    make_claim(article, text="Unemployment fell by 40% last year.", speaker="Jane Minister", position=2)


def test_searching_without_accents_finds_names_written_with_them(reviewer_client, claims):
    body = queue_texts(reviewer_client, "Lopez")
    assert "Mayor López said" in body and "Unemployment fell" not in body
    assert "The ambassador denied" in queue_texts(reviewer_client, "nunez")


def test_searching_with_accents_finds_names_written_without_them(reviewer_client, db):
    make_claim(make_article(), text="Senator Lopez voted against the budget.", speaker="")
    assert "Senator Lopez voted" in queue_texts(reviewer_client, "López")


def test_searching_finds_other_forms_of_the_word(reviewer_client, claims):
    for q in ("ambassador", "ambassadors"):
        body = queue_texts(reviewer_client, q)
        assert "Mayor López said" in body and "The ambassador denied" in body, q


def test_the_search_uses_the_accent_insensitive_index(db):
    from claims.models import Claim
    from claims.queries import claim_search_vector

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_fulltext_unaccent_gin'")
        (definition,) = cursor.fetchone()
    assert "'claimdesk'::regconfig" in definition
    assert "claimdesk" in str(Claim.objects.annotate(search=claim_search_vector()).query)

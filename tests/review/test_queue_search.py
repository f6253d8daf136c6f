"""Queue search on PostgreSQL folds accents and word forms, as a desk searching for names expects."""

import re

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


def test_the_search_reads_the_stored_accent_insensitive_vector(db):
    from claims.models import Claim
    from claims.queries import claim_queue

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns"
            " WHERE table_name = 'claims_claim' AND column_name = 'search_vector'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_search_vector_gin'")
        (index,) = cursor.fetchone()
    assert "'claimdesk'::regconfig" in definition and "(search_vector)" in index
    claims, _ = claim_queue(params={"q": "budget"}, user=None)
    sql = str(claims.query)
    assert '"claims_claim"."search_vector" @@' in sql and "to_tsvector" not in sql
    assert "search_vector" not in str(Claim.objects.all().query)  # never selected: not a model field


def test_a_claim_is_found_as_soon_as_it_is_stored_or_its_wording_changes(reviewer_client, claims):
    from claims.models import Claim

    claim = Claim.objects.get(text__startswith="The ambassador")
    Claim.objects.filter(pk=claim.pk).update(text="The envoy denied the payments.")
    assert "The envoy denied" in queue_texts(reviewer_client, "envoy")
    assert "The envoy denied" not in queue_texts(reviewer_client, "ambassador")


def test_saved_search_counts_with_words_count_the_nested_query_on_its_own_table(reviewer, claims):
    from django.http import QueryDict

    from claims.models import Claim
    from claims.queries import claim_queue

    claims_found, _ = claim_queue(params=QueryDict("q=ambassador"), user=reviewer)
    nested = Claim.objects.filter(pk__in=claims_found.values("pk"))
    assert sorted(nested.values_list("pk", flat=True)) == sorted(claims_found.values_list("pk", flat=True))
    # The inner claims table gets an alias of its own (W0): the stored vector is read from it, not the outer table.
    assert nested.count() >= 1 and re.search(r'\b[A-Z]\d+\."search_vector" @@', str(nested.query))

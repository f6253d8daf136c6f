"""PostgreSQL refuses to DELETE timeline events, as it refuses to UPDATE them (issue 17).

The one way an event goes is with the claim it belongs to (CASCADE); deleting an article only
clears the article of its entries (SET_NULL), so they stay in the audit log.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from claims.events import event_record
from claims.models import Article, Claim, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(reviewer):
    article = Article.objects.create(raw="The council spent $5 million.")
    return event_record(action="claim_assigned", actor=reviewer, article=article, summary="Assigned to rita")


def test_postgresql_refuses_to_delete_an_event_in_raw_sql(event):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_cascade_permission_does_not_outlive_its_transaction(event):
    claim = Claim.objects.create(article=event.article, text="A claim to delete.")
    event_record(action="claim_status", claim=claim, summary="Dismissed")
    claim.delete()  # its own transaction: the flag ends with it
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_event WHERE id = %s", [event.pk])


def test_deleting_a_claim_takes_its_timeline_with_it_deleting_an_article_keeps_its_entries(event):
    claim = Claim.objects.create(article=event.article, text="A claim to delete.")
    on_claim = event_record(action="claim_status", claim=claim, summary="Dismissed")
    claim.delete()
    assert not Event.objects.filter(pk=on_claim.pk).exists()
    event.article.delete()
    assert Event.objects.filter(pk=event.pk, article=None, summary="Assigned to rita").exists()

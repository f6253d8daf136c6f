"""The timeline (Event) is append-only: not through the model, the ORM, SQL or the admin."""

import pytest
from django.db import DatabaseError, connection, transaction

from claims.events import event_record
from claims.models import Article, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(reviewer):
    article = Article.objects.create(raw="The council spent $5 million.")
    return event_record(
        action="claim_assigned",
        actor=reviewer,
        article=article,
        summary="Assigned to rita",
        before={"assignee": None},
        after={"assignee": "rita"},
    )


def test_an_event_cannot_be_saved_again(event):
    event.summary = "Nothing happened"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_events_cannot_be_updated_or_deleted_in_bulk(event):
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.filter(pk=event.pk).update(summary="Nothing happened")
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert Event.objects.get(pk=event.pk).summary == "Assigned to rita"


def test_postgresql_refuses_to_change_an_event_even_in_raw_sql(event):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_event SET summary = 'rewritten' WHERE id = %s", [event.pk])
    assert Event.objects.get(pk=event.pk).summary == "Assigned to rita"


def test_deleting_a_user_keeps_their_events_with_the_actor_cleared(event, reviewer):
    reviewer.delete()
    event = Event.objects.get(pk=event.pk)
    assert event.actor_id is None and event.summary == "Assigned to rita"


def test_the_admin_shows_events_read_only(client, event, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="a-long-admin-passphrase")
    client.force_login(boss)
    change_url = f"/admin/claims/event/{event.pk}/change/"
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"action": "x", "summary": "rewritten"}).status_code == 403
    assert client.post(f"/admin/claims/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/claims/event/add/").status_code == 403
    # The bulk delete action is not offered; posting it anyway just shows the list again, deleting nothing.
    assert "delete_selected" not in client.get("/admin/claims/event/").content.decode()
    changelist = client.post("/admin/claims/event/", {"action": "delete_selected", "_selected_action": [event.pk]})
    assert changelist.status_code == 200 and "Select event to view" in changelist.content.decode()
    assert Event.objects.get(pk=event.pk).summary == "Assigned to rita"

"""Permissions, roles, tags, ratings and people are cached per process, and every change shows at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import reference
from claims.models import ChecklistItem, Rating, Tag
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db

REFERENCE_TABLES = (
    "auth_permission",
    "auth_group",
    "claims_tag",
    "claims_rating",
    "claims_checklistitem",
    "claims_savedsearch",
)


def _tables_read(ctx) -> list[str]:
    return [t for q in ctx.captured_queries for t in REFERENCE_TABLES if f'FROM "{t}"' in q["sql"]]


def test_claim_page_and_queue_read_reference_data_from_the_cache_after_the_first_request(editor_client):
    claim = make_claim()
    for url in (reverse("claim_detail", args=[claim.pk]), reverse("queue")):
        editor_client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert editor_client.get(url).status_code == 200
        # The claim's own tags are still read (claims_tag joined with claims_claim_tags), the lists are not.
        read = [t for t in _tables_read(ctx) if t != "claims_tag"]
        assert read == [], (url, read)
        assert sum(reference.TABLE in q["sql"] for q in ctx.captured_queries) == 1  # the generation, once


def test_a_granted_permission_counts_on_the_next_request(client, make_user):
    outsider = make_user(role="")
    client.force_login(outsider)
    url = reverse("queue")
    assert client.get(url).status_code == 403
    outsider.user_permissions.add(Permission.objects.get(codename="view_claim", content_type__app_label="claims"))
    assert client.get(url).status_code == 200


def test_leaving_a_group_takes_its_rights_away_on_the_next_request(client, reviewer):
    client.force_login(reviewer)
    url = reverse("queue")
    assert client.get(url).status_code == 200
    Group.objects.get(name="Reviewer").user_set.remove(reviewer)  # from the group's side
    assert client.get(url).status_code == 403


def test_a_new_editor_sees_the_editor_controls_at_once(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    url = reverse("claim_detail", args=[claim.pk])
    assert 'id="assign-to"' not in client.get(url).content.decode()
    reviewer.groups.add(Group.objects.get(name="Editor"))
    body = client.get(url).content.decode()
    assert 'id="assign-to"' in body and f'<option value="{reviewer.pk}" >rita</option>' in body


def test_new_tags_ratings_and_checklist_items_show_on_the_claim_page_at_once(editor_client):
    claim = make_claim()
    url = reverse("claim_detail", args=[claim.pk])
    editor_client.get(url)
    Tag.objects.create(name="Health budget", slug="health-budget")
    Rating.objects.create(label="Cherry-picked", order=99)
    ChecklistItem.objects.create(label="Call the press office", required=True)
    body = editor_client.get(url).content.decode()
    assert "Health budget" in body and ">Cherry-picked</option>" in body and "Call the press office" in body


def test_a_renamed_user_shows_under_the_new_name_in_the_assignee_list(editor_client, reviewer):
    claim = make_claim()
    url = reverse("claim_detail", args=[claim.pk])
    assert ">rita</option>" in editor_client.get(url).content.decode()
    reviewer.username = "rita-k"
    reviewer.save()
    assert ">rita-k</option>" in editor_client.get(url).content.decode()


def test_a_search_shared_by_a_colleague_is_listed_on_the_queue_at_once(reviewer_client, editor):
    from claims.collaboration.saved_searches import saved_search_create

    assert "Unassigned new" not in reviewer_client.get(reverse("queue")).content.decode()
    saved_search_create(owner=editor, name="Unassigned new", query="status=new&assignee=unassigned", shared=True)
    assert "Unassigned new" in reviewer_client.get(reverse("queue")).content.decode()


def test_a_rolled_back_change_brings_the_old_generation_back():
    before = reference.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Tag.objects.create(name="Short-lived", slug="short-lived")
        assert reference.generation() != before
        raise RuntimeError
    assert reference.generation() == before


def test_logging_in_does_not_move_the_generation(client, reviewer):
    before = reference.generation()
    assert client.login(username="rita", password="a-long-test-passphrase")
    assert reference.generation() == before

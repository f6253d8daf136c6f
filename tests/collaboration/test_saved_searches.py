"""Saved searches: "Save this search" on the queue, private or shared, listed with live counts, renamed, deleted."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import SavedSearch
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db


def test_save_this_search_stores_the_current_filters_under_a_name(reviewer_client, reviewer):
    body = reviewer_client.get(reverse("queue"), {"status": "new", "kind": "quantity"}).content.decode()
    assert "<summary>Save this search</summary>" in body
    assert '<label for="saved-name">Name</label>' in body and ">Save</button>" in body
    query = re.search(r'name="query" value="([^"]*)"', body).group(1).replace("&amp;", "&")
    response = reviewer_client.post(reverse("saved_search_create"), {"name": "New numbers", "query": query + "&page=3"})
    search = SavedSearch.objects.get()
    assert (search.owner, search.name, search.query, search.shared) == (
        reviewer,
        "New numbers",
        "status=new&kind=quantity",
        False,
    )
    assert response["Location"] == "/queue/?status=new&kind=quantity"


def test_saved_searches_are_links_on_the_queue_with_live_counts(reviewer_client, reviewer):
    make_claim(text="a", kind="quantity")
    make_claim(text="b", kind="quantity")
    make_claim(text="c", kind="event")
    SavedSearch.objects.create(owner=reviewer, name="Numbers", query="kind=quantity")
    body = reviewer_client.get(reverse("queue")).content.decode()
    assert '<a href="/queue/?kind=quantity">Numbers <span class="count">2</span></a>' in body


def test_private_searches_stay_private_and_shared_ones_reach_the_desk(client, reviewer, editor):
    SavedSearch.objects.create(owner=reviewer, name="Mine only", query="")
    SavedSearch.objects.create(owner=reviewer, name="For everyone", query="", shared=True)
    client.force_login(editor)
    body = client.get(reverse("queue")).content.decode()
    assert "For everyone" in body and "Mine only" not in body


def test_only_the_owner_renames_or_deletes(client, reviewer, editor):
    search = SavedSearch.objects.create(owner=reviewer, name="Old", query="", shared=True)
    client.force_login(editor)
    assert client.post(reverse("saved_search_rename", args=[search.pk]), {"name": "Hijacked"}).status_code == 404
    assert client.post(reverse("saved_search_delete", args=[search.pk])).status_code == 404
    client.force_login(reviewer)
    client.post(reverse("saved_search_rename", args=[search.pk]), {"name": "New name"})
    search.refresh_from_db()
    assert search.name == "New name"
    assert "New name" in client.get(reverse("saved_searches")).content.decode()
    client.post(reverse("saved_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_a_nameless_or_junk_save_is_refused_without_an_error_page(reviewer_client):
    for data in ({"name": "", "query": "status=new"}, {"name": "x" * 300}, {"name": "Odd", "query": "%zz&status=<b>"}):
        assert reviewer_client.post(reverse("saved_search_create"), data).status_code == 302
    assert list(SavedSearch.objects.values_list("name", "query")) == [("Odd", "")]


def test_saved_search_counts_are_one_query_however_many_there_are(
    reviewer_client, reviewer, django_assert_max_num_queries
):
    make_claim()

    def load() -> int:
        cache.clear()  # the queue caches its counts: measure the uncached page each time
        with django_assert_max_num_queries(40) as ctx:
            reviewer_client.get(reverse("queue"))
        return len(ctx)

    SavedSearch.objects.create(owner=reviewer, name="s0", query="kind=quantity")
    few = load()
    for i in range(1, 10):
        SavedSearch.objects.create(owner=reviewer, name=f"s{i}", query=f"q=word{i}")
    assert load() == few

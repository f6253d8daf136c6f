"""Tags (Editors create, anyone applies; queue filter, bulk action, CSV, API) and due dates with priority."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from claims.collaboration import tags
from claims.models import Claim, Event, Tag
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db


def test_editors_create_tags_and_reviewers_cannot(editor_client, client, reviewer):
    claim = make_claim()
    editor_client.post(reverse("tag_create"), {"name": "Elections 2026", "claim": claim.pk})
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Elections 2026", "elections-2026")
    assert list(claim.tags.all()) == [tag]  # created from a claim page: applied there too
    client.force_login(reviewer)
    client.post(reverse("tag_create"), {"name": "Health"})
    assert Tag.objects.count() == 1


def test_a_duplicate_or_empty_tag_name_is_refused_with_a_message(editor_client, editor):
    tags.tag_create(name="Health", actor=editor)
    for name in ("health", "!!!", ""):
        response = editor_client.post(reverse("tag_create"), {"name": name}, follow=True)
        assert response.status_code == 200
    assert Tag.objects.count() == 1


def test_anyone_on_the_desk_applies_tags_on_the_claim_page_and_the_timeline_says_so(reviewer_client, editor):
    health = tags.tag_create(name="Health", actor=editor)
    claim = make_claim()
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Health" in page and "Create tag" not in page  # reviewers apply, editors create
    reviewer_client.post(reverse("claim_tags", args=[claim.pk]), {"tags": [health.pk]})
    assert list(claim.tags.all()) == [health]
    assert Event.objects.get(claim=claim, action="tags_changed").summary == "Tags: Health"
    assert reviewer_client.post(reverse("claim_tags", args=[claim.pk]), {"tags": ["nope"]}).status_code == 200


def test_the_queue_filters_by_tag_and_tags_claims_in_bulk(reviewer_client, editor):
    health = tags.tag_create(name="Health", actor=editor)
    tagged, other = make_claim(text="a"), make_claim(text="b")
    response = reviewer_client.post(reverse("queue_bulk"), {"ids": [tagged.pk], "action": "tag", "tag": health.pk})
    assert response.status_code == 302
    assert list(health.claims.all()) == [tagged]
    body = reviewer_client.get(reverse("queue"), {"tag": "health"}).content.decode()
    assert f'id="row-{tagged.pk}"' in body and f'id="row-{other.pk}"' not in body
    assert '<span class="tag">Health</span>' in body


def test_tags_due_dates_and_priority_are_in_the_csv_and_the_api(editor_client, editor):
    from claims.api import tokens

    claim = make_claim()
    claim.tags.set([tags.tag_create(name="Health", actor=editor), tags.tag_create(name="Budget", actor=editor)])
    Claim.objects.filter(pk=claim.pk).update(due_date="2026-03-14", priority=True)
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(editor_client.get(reverse("queue_export_csv")).streaming_content).decode("utf-8-sig"))
        )
    )
    assert (rows[0]["tags"], rows[0]["due_date"], rows[0]["priority"]) == ("Budget, Health", "2026-03-14", "True")
    _, key = tokens.api_token_create(user=editor, name="t")
    data = editor_client.get(reverse("api_claim", args=[claim.pk]), HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert (data["tags"], data["due_date"], data["priority"]) == (["Budget", "Health"], "2026-03-14", True)


def test_a_due_date_and_priority_are_set_on_the_claim_page_and_overdue_is_shown(reviewer_client):
    claim = make_claim()
    yesterday = timezone.localdate() - timedelta(days=1)
    reviewer_client.post(reverse("claim_due", args=[claim.pk]), {"due_date": yesterday.isoformat(), "priority": "on"})
    claim.refresh_from_db()
    assert claim.due_date == yesterday and claim.priority
    assert Event.objects.filter(claim=claim, action="due_changed").count() == 1
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert '<span class="badge overdue">Overdue</span>' in page
    queue = reviewer_client.get(reverse("queue")).content.decode()
    assert f'<tr id="row-{claim.pk}" class="overdue"' in queue and "Priority</span>" in queue


def test_a_bad_due_date_re_renders_in_place(reviewer_client):
    claim = make_claim()
    response = reviewer_client.post(reverse("claim_due", args=[claim.pk]), {"due_date": "next tuesday"})
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    claim.refresh_from_db()
    assert claim.due_date is None


def test_the_queue_sorts_by_due_date_and_filters_overdue_and_priority(reviewer_client, editor_client):
    today = timezone.localdate()
    soon = make_claim(text="soon", due_date=today + timedelta(days=2))
    late = make_claim(text="late", due_date=today - timedelta(days=2), priority=True)
    undated = make_claim(text="undated")
    body = reviewer_client.get(reverse("queue"), {"sort": "due"}).content.decode()
    assert body.index(f'id="row-{late.pk}"') < body.index(f'id="row-{soon.pk}"') < body.index(f'id="row-{undated.pk}"')
    overdue = reviewer_client.get(reverse("queue"), {"due": "overdue"}).content.decode()
    assert f'id="row-{late.pk}"' in overdue and f'id="row-{soon.pk}"' not in overdue
    flagged = reviewer_client.get(reverse("queue"), {"flag": "priority"}).content.decode()
    assert f'id="row-{late.pk}"' in flagged and f'id="row-{undated.pk}"' not in flagged
    assert reviewer_client.get(reverse("queue"), {"due": "junk", "sort": "junk", "tag": "x" * 500}).status_code == 200


def test_due_dates_and_priority_are_set_in_bulk(reviewer_client):
    a, b = make_claim(text="a"), make_claim(text="b")
    reviewer_client.post(
        reverse("queue_bulk"), {"ids": [a.pk, b.pk], "action": "due", "due_date": "2026-05-01", "priority_set": "1"}
    )
    assert set(Claim.objects.values_list("due_date", "priority")) == {(timezone.datetime(2026, 5, 1).date(), True)}
    response = reviewer_client.post(reverse("queue_bulk"), {"ids": [a.pk], "action": "due", "due_date": "soon"})
    assert response.status_code == 302


def test_the_queue_query_count_does_not_grow_with_tags(reviewer_client, editor, django_assert_max_num_queries):
    def load() -> int:
        cache.clear()  # the queue caches its counts: measure the uncached page each time
        with django_assert_max_num_queries(40) as ctx:
            reviewer_client.get(reverse("queue"))
        return len(ctx)

    make_claim(text="first")
    few = load()
    for i in range(8):
        claim = make_claim(text=f"claim {i}", due_date=timezone.localdate())
        claim.tags.add(tags.tag_create(name=f"Tag {i}", actor=editor))
    assert load() == few

"""My work: assigned to me, sent back to me, my waiting verdicts, awaiting my approval, followed and changed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.collaboration import comments, my_work
from claims.models import Follow
from claims.review import workflow
from tests.support.factories import make_claim, rating

pytestmark = pytest.mark.django_db


def section(body: str, title: str) -> str:
    match = re.search(rf"<h2 id=\"work-\w+\">{title} .*?</section>", body, re.S)
    assert match, title
    return match.group(0)


def test_the_header_links_to_my_work_with_a_count(reviewer_client, reviewer):
    make_claim(assignee=reviewer, status="in_review")
    body = reviewer_client.get(reverse("queue")).content.decode()
    assert re.search(r'<a href="/my-work/" >My work <span class="count"[^>]*>1</span></a>', body)


def test_assigned_and_sent_back_verdicts_show_even_when_the_claim_is_unassigned(reviewer_client, reviewer, editor):
    mine = make_claim(text="unemployment fell to 4.2 percent in March", assignee=reviewer, status="in_review")
    unassigned = make_claim(text="the figure left out 30,000 people")
    verdict = workflow.verdict_propose(claim=unassigned, rating=rating(), rationale="R", actor=reviewer, version=None)
    workflow.verdict_send_back(verdict=verdict, actor=editor, comment="More sources.")
    body = reviewer_client.get(reverse("my_work")).content.decode()
    assert f"/claims/{mine.pk}/" in section(body, "Assigned to me")
    assert f"/claims/{unassigned.pk}/" in section(body, "Sent back to me")
    assert "Awaiting my approval" not in body  # reviewers approve nothing


def test_my_waiting_verdicts_are_listed_and_editors_see_others_proposals_oldest_first(
    client, reviewer, editor, make_user
):
    other = make_user("Reviewer", "ray")
    old, new, own = make_claim(), make_claim(), make_claim()
    workflow.verdict_propose(claim=old, rating=rating(), rationale="R", actor=reviewer, version=None)
    workflow.verdict_propose(claim=new, rating=rating(), rationale="R", actor=other, version=None)
    workflow.verdict_propose(claim=own, rating=rating(), rationale="R", actor=editor, version=None)
    client.force_login(editor)
    approval = section(client.get(reverse("my_work")).content.decode(), "Awaiting my approval")
    assert approval.index(f"/claims/{old.pk}/") < approval.index(f"/claims/{new.pk}/")
    assert f"/claims/{own.pk}/" not in approval  # an editor never approves their own
    client.force_login(reviewer)
    waiting = section(client.get(reverse("my_work")).content.decode(), "My verdicts waiting for an editor")
    assert f"/claims/{old.pk}/" in waiting and f"/claims/{new.pk}/" not in waiting


def test_a_followed_claim_is_listed_when_someone_else_changes_it_until_i_open_it(reviewer_client, reviewer, editor):
    claim = make_claim()
    Follow.objects.create(user=reviewer, claim=claim, seen_at=timezone.now() - timedelta(hours=1))
    comments.comment_post(claim=make_claim(), author=reviewer, body="my own change elsewhere")
    assert f"/claims/{claim.pk}/" not in reviewer_client.get(reverse("my_work")).content.decode()
    comments.comment_post(claim=claim, author=editor, body="news")
    assert f"/claims/{claim.pk}/" in section(
        reviewer_client.get(reverse("my_work")).content.decode(), "Claims I follow that changed"
    )
    reviewer_client.get(reverse("claim_detail", args=[claim.pk]))
    assert f"/claims/{claim.pk}/" not in reviewer_client.get(reverse("my_work")).content.decode()


def test_overdue_items_come_first_and_are_highlighted(reviewer_client, reviewer):
    today = timezone.localdate()
    later = make_claim(text="a", assignee=reviewer, status="in_review", due_date=today + timedelta(days=3))
    late = make_claim(text="b", assignee=reviewer, status="in_review", due_date=today - timedelta(days=1))
    body = reviewer_client.get(reverse("my_work")).content.decode()
    assigned = section(body, "Assigned to me")
    assert assigned.index(f"/claims/{late.pk}/") < assigned.index(f"/claims/{later.pk}/")
    assert "1 overdue item" in body and '<tr class="overdue' in assigned


def test_people_without_a_role_cannot_open_my_work(client, make_user):
    client.force_login(make_user("", "outsider"))
    assert client.get(reverse("my_work")).status_code == 403


def test_my_work_query_count_does_not_grow_with_the_work(client, reviewer, editor, django_assert_max_num_queries):
    client.force_login(editor)

    def load() -> int:
        with django_assert_max_num_queries(30) as ctx:
            assert client.get(reverse("my_work")).status_code == 200
        return len(ctx)

    load()  # the first request caches the desk's reference data (permissions, groups: claims/reference.py)
    few = load()
    for _ in range(12):
        claim = make_claim(assignee=editor, status="in_review", due_date=timezone.localdate())
        Follow.objects.create(user=editor, claim=claim, seen_at=timezone.now() - timedelta(days=1))
        comments.comment_post(claim=claim, author=reviewer, body="x")
        workflow.verdict_propose(claim=make_claim(), rating=rating(), rationale="R", actor=reviewer, version=None)
    assert load() == few


def test_header_counts_are_one_query(reviewer, django_assert_num_queries):
    make_claim(assignee=reviewer, status="in_review")
    reviewer.has_perm("claims.approve_verdict")  # permissions are loaded once per request anyway
    with django_assert_num_queries(1):
        assert my_work.header_counts(reviewer) == {"unread": 0, "work": 1}


def test_a_sent_back_verdict_leaves_my_work_once_a_new_one_is_proposed(reviewer_client, reviewer, editor):
    claim = make_claim()
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="R", actor=reviewer, version=None)
    workflow.verdict_send_back(verdict=verdict, actor=editor, comment="More sources.")
    assert list(my_work.sent_back(reviewer)) == [claim]
    claim.refresh_from_db()
    workflow.verdict_propose(claim=claim, rating=rating(), rationale="R2", actor=reviewer, version=None)
    assert list(my_work.sent_back(reviewer)) == []
    assert f"/claims/{claim.pk}/" in section(
        reviewer_client.get(reverse("my_work")).content.decode(), "My verdicts waiting for an editor"
    )


def test_the_header_to_do_count_is_cached_until_the_workflow_moves_and_unread_stays_live(
    reviewer, editor, django_assert_num_queries
):
    from claims.collaboration import notifications
    from claims.models import Event

    claim = make_claim()
    reviewer.has_perm("claims.approve_verdict")
    assert my_work.header_counts_cached(reviewer) == {"unread": 0, "work": 0}
    with django_assert_num_queries(1):  # the unread count only: the to-do count is cached
        assert my_work.header_counts_cached(reviewer) == {"unread": 0, "work": 0}
    workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
    assert my_work.header_counts_cached(reviewer) == {"unread": 0, "work": 1}
    # Stored by the worker, whose cache is not the web process's: counted live all the same.
    notifications.notifications_deliver(Event.objects.filter(claim=claim).latest("id").pk)
    assert my_work.header_counts_cached(reviewer) == {"unread": 1, "work": 1}
    notifications.notifications_mark_read(user=reviewer)
    assert my_work.header_counts_cached(reviewer) == {"unread": 0, "work": 1}

"""The queue screen of the review workflow: counts, bulk actions, keyboard assign, constant queries."""

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Citation, Claim, Event, Source
from claims.review import workflow
from tests.support.factories import make_article, make_claim, rating

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_queue_shows_every_column_and_counts_per_status(reviewer_client, reviewer):
    article = make_article()
    claims = [make_claim(article, text=f"claim number {i} about 4.2 percent") for i in range(3)]
    workflow.claim_assign(claim=claims[0], assignee=reviewer, actor=reviewer)
    workflow.verdict_propose(claim=claims[1], rating=rating("Misleading"), rationale="r", actor=reviewer, version=None)
    page = reviewer_client.get(reverse("queue")).content.decode()
    for header in ("Claim", "Speaker", "Article", "Kind", "Score", "Status", "Assignee", "Verdict"):
        assert f'<th scope="col">{header}</th>' in page
    assert "Daily Example" in page and "The minister" in page and "Misleading" in page
    assert 'All <span class="count">3</span>' in page
    assert 'New <span class="count">1</span>' in page
    assert 'In review <span class="count">1</span>' in page
    assert 'Verdict proposed <span class="count">1</span>' in page


def test_counts_follow_a_status_change_at_once(reviewer_client, reviewer):
    claim = make_claim()
    assert 'New <span class="count">1</span>' in reviewer_client.get(reverse("queue")).content.decode()
    workflow.claim_set_status(claim=claim, status="dismissed", dismiss_reason="duplicate", actor=reviewer, version=None)
    page = reviewer_client.get(reverse("queue")).content.decode()
    assert 'New <span class="count">0</span>' in page and 'Dismissed <span class="count">1</span>' in page


def test_filters_live_in_the_url_and_counts_respect_them(reviewer_client):
    make_claim(text="claim about 4.2 percent", speaker="The minister")
    make_claim(text="claim about bridges", speaker="The mayor")
    response = reviewer_client.get(reverse("queue"), {"speaker": "mayor", "sort": "priority"})
    body = response.content.decode()
    assert [c.speaker for c in response.context["page"]] == ["The mayor"]
    assert 'All <span class="count">1</span>' in body
    assert 'href="?speaker=mayor&amp;sort=priority&amp;status=new"' in body
    assert 'id="f-speaker" name="speaker" value="mayor"' in body


def test_far_pages_answer_and_out_of_range_pages_fall_back(reviewer_client):
    article = make_article()
    for i in range(3):
        make_claim(article, text=f"claim {i}")
    response = reviewer_client.get(reverse("queue"), {"page": "500"})
    assert response.status_code == 200 and response.context["page"].number == 1


def test_bulk_assign_set_status_and_dismiss(client, make_user):
    editor, other = make_user("Editor"), make_user("Reviewer")
    client.force_login(editor)
    claims = [make_claim(text=f"claim {i}") for i in range(3)]
    ids = [str(c.pk) for c in claims]
    url = reverse("queue_bulk")
    response = client.post(url, {"ids": ids[:2], "action": "assign", "assignee": str(other.pk), "query": "status=new"})
    assert response.status_code == 302 and response["Location"] == "/queue/?status=new"
    assert set(Claim.objects.filter(assignee=other).values_list("pk", flat=True)) == {claims[0].pk, claims[1].pk}
    client.post(url, {"ids": ids[2:], "action": "status", "status": "in_review"})
    assert Claim.objects.get(pk=claims[2].pk).status == Claim.Status.IN_REVIEW
    response = client.post(url, {"ids": ids, "action": "dismiss", "dismiss_reason": ""}, follow=True)
    assert "Choose why the claim is dismissed" in response.content.decode()
    client.post(url, {"ids": ids, "action": "dismiss", "dismiss_reason": "out_of_scope"})
    assert set(Claim.objects.values_list("status", "dismiss_reason")) == {("dismissed", "out_of_scope")}
    assert Event.objects.filter(action="status_changed").count() == 4


def test_reviewer_cannot_bulk_assign_to_someone_else(reviewer_client, make_user):
    other = make_user("Reviewer")
    claim = make_claim()
    response = reviewer_client.post(
        reverse("queue_bulk"), {"ids": [claim.pk], "action": "assign", "assignee": str(other.pk)}, follow=True
    )
    assert "Only editors assign claims to other people" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_bulk_htmx_post_returns_the_rows(reviewer_client):
    claim = make_claim()
    response = reviewer_client.post(
        reverse("queue_bulk"),
        {"ids": [claim.pk], "action": "assign", "assignee": "me"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-rows">') and "1 claim updated." in body


def test_keyboard_assign_to_me_returns_to_the_same_queue(reviewer_client, reviewer):
    claim = make_claim()
    response = reviewer_client.post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": "me", "next": "/queue/?status=new"}
    )
    assert response["Location"] == "/queue/?status=new"
    assert Claim.objects.get(pk=claim.pk).assignee == reviewer
    evil = reviewer_client.post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": "me", "next": "https://evil.example/"}
    )
    assert evil["Location"] == claim.get_absolute_url()


def test_queue_page_has_keyboard_help_and_script(reviewer_client):
    page = reviewer_client.get(reverse("queue")).content.decode()
    assert 'src="/static/js/queue.js"' in page and 'id="keys-help"' in page
    assert finders.find("js/queue.js")


def test_queue_queries_do_not_grow_with_rows_or_verdicts(reviewer_client, make_user):
    reviewer, editor = make_user("Reviewer"), make_user("Editor")
    first = make_claim(text="first claim")
    workflow.claim_assign(claim=first, assignee=reviewer, actor=reviewer)
    url = reverse("queue")
    filtered = url + f"?q=claim&sort=priority&assignee={reviewer.username}"
    # The first request caches the desk's reference data (claims/reference.py); another filter, so
    # the counts below are computed each time, before and after the claims are added.
    queries(reviewer_client, url + "?kind=quantity")
    few, few_filtered = queries(reviewer_client, url), queries(reviewer_client, filtered)
    article = make_article()
    for i in range(12):
        claim = make_claim(article, text=f"claim {i}")
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        if i % 2:
            verdict = workflow.verdict_propose(
                claim=claim, rating=rating(), rationale="r", actor=reviewer, version=None
            )
            workflow.verdict_approve(verdict=verdict, actor=editor)
    assert queries(reviewer_client, url) == few
    assert queries(reviewer_client, filtered) == few_filtered


def test_claim_page_queries_do_not_grow_with_evidence_verdicts_or_events(client, make_user):
    reviewer, editor = make_user("Reviewer"), make_user("Editor")
    claim = make_claim()
    client.force_login(editor)
    queries(client, claim.get_absolute_url())  # what is cached across requests (the known reviews' index) is built
    few = queries(client, claim.get_absolute_url())
    for i in range(6):
        source = Source.objects.create(title=f"Source {i}", created_by=reviewer)
        Citation.objects.create(claim=claim, source=source, excerpt="x", created_by=reviewer)
        Citation.objects.create(claim=make_claim(), source=source, excerpt="y", created_by=reviewer)
    for _ in range(3):
        verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="r", actor=reviewer, version=None)
        workflow.verdict_send_back(verdict=verdict, actor=editor, comment="more")
    workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
    queries(client, claim.get_absolute_url())  # the workflow moved: the header's counts are cached again
    assert queries(client, claim.get_absolute_url()) == few

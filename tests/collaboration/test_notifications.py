"""Notifications: who hears about what, in-app and by e-mail, delivered once by a task after commit."""

import pytest
from django.core import mail
from django.urls import reverse

from claims.collaboration import comments, notifications
from claims.collaboration.notifications import notifications_deliver
from claims.models import Event, Follow, Notification, NotificationPreference
from claims.review import workflow
from tests.support.factories import cite, make_claim, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    rita = make_user("Reviewer", "rita")
    rita.email = "rita@example.org"
    rita.save()
    eddie = make_user("Editor", "eddie")
    eddie.email = "eddie@example.org"
    eddie.save()
    edna = make_user("Editor", "edna")
    return rita, eddie, edna


def deliver_all() -> None:
    """Run the notification task body for every event, as the worker would."""
    for event_id in Event.objects.order_by("id").values_list("id", flat=True):
        notifications_deliver(event_id)


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("reason", flat=True))


def test_a_proposed_verdict_reaches_every_editor_but_not_its_author(desk):
    rita, eddie, edna = desk
    claim = make_claim()
    workflow.verdict_propose(claim=claim, rating=rating(), rationale="Records show 3.9%.", actor=rita, version=None)
    deliver_all()
    assert inbox(eddie) == inbox(edna) == ["proposed"]
    assert inbox(rita) == []


def test_sent_back_approved_and_published_reach_the_verdicts_author_even_when_unassigned(desk):
    rita, eddie, _ = desk
    claim = make_claim(claim_reviewed="Unemployment fell to 4.2% in March")
    cite(claim)  # publishing needs the wording and evidence (the pre-flight)
    assert claim.assignee is None
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="R", actor=rita, version=None)
    workflow.verdict_send_back(verdict=verdict, actor=eddie, comment="Cite the labour survey.")
    claim.refresh_from_db()
    verdict = workflow.verdict_propose(claim=claim, rating=rating(), rationale="R2", actor=rita, version=None)
    workflow.verdict_approve(verdict=verdict, actor=eddie)
    workflow.verdict_publish(verdict=verdict, actor=eddie)
    deliver_all()
    assert inbox(rita) == ["verdict", "verdict", "verdict"]
    headlines = [notifications.headline(n, n.event) for n in Notification.objects.filter(recipient=rita).order_by("id")]
    assert headlines == [
        f"eddie sent back your verdict on claim {claim.pk}",
        f"eddie approved your verdict on claim {claim.pk}",
        f"eddie published your verdict on claim {claim.pk}",
    ]


def test_assignment_reaches_the_new_assignee(desk):
    rita, eddie, _ = desk
    claim = make_claim()
    workflow.claim_assign(claim=claim, assignee=rita, actor=eddie)
    deliver_all()
    assert inbox(rita) == ["assigned"]
    assert inbox(eddie) == []


def test_a_mention_beats_following_and_the_assignee_and_followers_hear_about_comments(desk, make_user):
    rita, eddie, edna = desk
    claim = make_claim(assignee=rita)
    Follow.objects.create(user=edna, claim=claim)
    Follow.objects.create(user=eddie, claim=claim)
    comments.comment_post(claim=claim, author=make_user("Reviewer", "ray"), body="@eddie please look")
    deliver_all()
    assert inbox(eddie) == ["mention"]
    assert inbox(edna) == ["comment"]
    assert inbox(rita) == ["comment"]


def test_followers_hear_of_a_new_appearance(desk):
    rita, _, _ = desk
    claim = make_claim()
    Follow.objects.create(user=rita, claim=claim)
    from claims.events import event_record

    event_record(action="appearance_linked", claim=claim, summary="Appears again")
    deliver_all()
    assert inbox(rita) == ["appearance"]


def test_nobody_is_told_about_claims_they_cannot_view(desk, make_user):
    rita, _, _ = desk
    outsider = make_user("", "outsider")  # no role, no view_claim
    claim = make_claim()
    Follow.objects.create(user=outsider, claim=claim)
    comments.comment_post(claim=claim, author=rita, body="@outsider hello")
    deliver_all()
    assert inbox(outsider) == []


def test_events_are_handed_to_the_task_only_after_commit(desk, django_capture_on_commit_callbacks, monkeypatch):
    rita, eddie, _ = desk
    sent = []
    monkeypatch.setattr("claims.collaboration.tasks.deliver_notifications.delay", sent.append)
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.comment_post(claim=claim, author=rita, body="@eddie hi")
        assert sent == []
    assert sent == [comment.event_id]


def test_a_broker_outage_never_fails_the_request(reviewer_client, monkeypatch, django_capture_on_commit_callbacks):
    def down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr("claims.collaboration.tasks.deliver_notifications.delay", down)
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(reverse("comment_post", args=[claim.pk]), {"body": "still works"})
    assert response.status_code == 302


def test_a_redelivered_task_stores_and_mails_nothing_twice(desk):
    rita, eddie, _ = desk
    claim = make_claim()
    comments.comment_post(claim=claim, author=rita, body="@eddie look at this")
    event = Event.objects.get(action="comment_posted")
    assert notifications_deliver(event.pk) == 1
    assert notifications_deliver(event.pk) == 0
    assert Notification.objects.filter(recipient=eddie).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eddie@example.org"]
    assert "rita mentioned you in a comment" in message.subject
    assert "look at this" in message.body and f"/claims/{claim.pk}/" in message.body


def test_the_task_exits_quietly_when_the_event_is_gone(db):
    assert notifications_deliver(10**9) == 0


def test_e_mail_follows_each_users_choice(desk):
    rita, eddie, edna = desk
    edna.email = "edna@example.org"
    edna.save()
    NotificationPreference.objects.create(user=eddie, email="digest")
    NotificationPreference.objects.create(user=edna, email="never")
    claim = make_claim()
    workflow.verdict_propose(claim=claim, rating=rating(), rationale="R", actor=rita, version=None)
    deliver_all()
    assert mail.outbox == []  # eddie waits for the digest, edna never
    assert notifications.notifications_send_digests() == 1
    assert [m.to for m in mail.outbox] == [["eddie@example.org"]]
    assert "1 notification today" in mail.outbox[0].subject
    assert notifications.notifications_send_digests() == 0  # nothing is mailed twice


def test_the_notifications_page_lists_newest_first_names_the_comment_and_links_to_the_claim(client, desk):
    rita, eddie, _ = desk
    first, second = make_claim(), make_claim()
    comments.comment_post(claim=first, author=rita, body="@eddie first note")
    comments.comment_post(claim=second, author=rita, body="@eddie second note")
    deliver_all()
    client.force_login(eddie)
    body = client.get(reverse("notifications")).content.decode()
    assert body.index("second note") < body.index("first note")
    assert "rita mentioned you in a comment" in body
    assert "Notifications <span" in client.get(reverse("queue")).content.decode()  # the header count
    newest = Notification.objects.filter(recipient=eddie).first()
    response = client.get(reverse("notification_open", args=[newest.pk]))
    assert response["Location"] == f"/claims/{second.pk}/#discussion"
    newest.refresh_from_db()
    assert newest.read_at is not None


def test_mark_one_read_and_mark_all_read(client, desk):
    rita, eddie, _ = desk
    for _ in range(3):
        comments.comment_post(claim=make_claim(), author=rita, body="@eddie x")
    deliver_all()
    client.force_login(eddie)
    one = Notification.objects.filter(recipient=eddie).last()
    client.post(reverse("notifications_read"), {"id": one.pk})
    assert Notification.objects.filter(recipient=eddie, read_at__isnull=True).count() == 2
    client.post(reverse("notifications_read"))
    assert Notification.objects.filter(recipient=eddie, read_at__isnull=True).count() == 0


def test_mark_all_read_is_offered_only_while_something_is_unread(client, desk):
    rita, eddie, _ = desk
    client.force_login(eddie)
    assert "Mark all read" not in client.get(reverse("notifications")).content.decode()  # nothing yet
    comments.comment_post(claim=make_claim(), author=rita, body="@eddie look")
    deliver_all()
    assert "Mark all read" in client.get(reverse("notifications")).content.decode()
    page = client.post(reverse("notifications_read"), follow=True).content.decode()
    assert "1 notification marked read." in page and "Mark all read" not in page


def test_nobody_opens_or_reads_someone_elses_notification(client, desk):
    rita, eddie, edna = desk
    comments.comment_post(claim=make_claim(), author=rita, body="@eddie private")
    deliver_all()
    theirs = Notification.objects.get(recipient=eddie)
    client.force_login(edna)
    assert client.get(reverse("notification_open", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "private" not in client.get(reverse("notifications")).content.decode()


def test_someone_whose_role_was_removed_sees_no_notifications(client, desk):
    rita, eddie, _ = desk
    comments.comment_post(claim=make_claim(), author=rita, body="@eddie secret")
    deliver_all()
    eddie.groups.clear()
    client.force_login(eddie)
    assert "secret" not in client.get(reverse("notifications")).content.decode()


def test_the_notifications_page_query_count_does_not_grow(client, desk, django_assert_max_num_queries):
    rita, eddie, _ = desk
    client.force_login(eddie)

    def post(n):
        for _ in range(n):
            comments.comment_post(claim=make_claim(), author=rita, body="@eddie x")
        deliver_all()

    post(2)
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("notifications"))
    post(20)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("notifications")).content.decode().count("mark-read") == 22


def test_notification_settings_page_stores_the_choice_and_refuses_junk(client, desk):
    rita, _, _ = desk
    client.force_login(rita)
    assert client.get(reverse("notification_settings")).status_code == 200
    client.post(reverse("notification_settings"), {"email": "digest"})
    assert NotificationPreference.objects.get(user=rita).email == "digest"
    assert client.post(reverse("notification_settings"), {"email": "hourly"}).status_code == 200
    assert NotificationPreference.objects.get(user=rita).email == "digest"


def test_someone_mentioned_only_in_an_edit_is_notified(desk):
    rita, eddie, edna = desk
    claim = make_claim()
    comment = comments.comment_post(claim=claim, author=rita, body="@eddie have a look")
    deliver_all()
    comments.comment_edit(comment=comment, actor=rita, body="@eddie and @edna have a look")
    deliver_all()
    assert inbox(eddie) == ["mention"]  # once, for the original comment
    assert inbox(edna) == ["mention"]


def test_the_sweep_delivers_events_whose_task_was_lost_and_only_those(desk):
    from claims.collaboration.tasks import sweep_notifications

    rita, eddie, _ = desk
    claim = make_claim()
    comments.comment_post(claim=claim, author=rita, body="@eddie lost in the broker outage")
    assert sweep_notifications() == 0  # too recent: its task may still be on its way
    assert sweep_notifications(older_than_seconds=0) == 1
    assert inbox(eddie) == ["mention"]
    assert sweep_notifications(older_than_seconds=0) == 0  # delivered: not looked at again

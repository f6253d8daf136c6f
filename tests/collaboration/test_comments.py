"""Comments on a claim: posted from the claim page, escaped with clickable links, @mentions, 10-minute edits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.collaboration import comments
from claims.models import Comment, Event, Follow
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db


def test_the_claim_page_has_a_comment_box_and_a_post_comment_button(reviewer_client):
    claim = make_claim()
    body = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert '<label for="id_body">Comment</label>' in body
    assert ">Post comment</button>" in body


def test_posting_a_comment_shows_it_on_the_page_and_in_the_timeline(reviewer_client, reviewer):
    claim = make_claim()
    response = reviewer_client.post(reverse("comment_post", args=[claim.pk]), {"body": "Called the ministry."})
    assert response.status_code == 302
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert page.count("Called the ministry.") == 2  # the discussion and the timeline
    event = Event.objects.get(claim=claim, action="comment_posted")
    assert event.actor == reviewer and Comment.objects.get().event == event
    assert Follow.objects.filter(user=reviewer, claim=claim).exists()  # commenting follows the claim


def test_comment_text_is_escaped_and_links_become_clickable(reviewer_client):
    claim = make_claim()
    reviewer_client.post(
        reverse("comment_post", args=[claim.pk]),
        {"body": "<script>alert(1)</script> see https://example.org/report?a=1&b=2"},
    )
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/report?a=1&amp;b=2" rel="nofollow">' in page


def test_an_empty_comment_re_renders_in_place_with_its_error(reviewer_client):
    claim = make_claim()
    response = reviewer_client.post(reverse("comment_post", args=[claim.pk]), {"body": "   "})
    assert response.status_code == 200
    assert "Write something before posting." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["x" * 6000, "\x00", "@" * 300])
def test_no_comment_input_is_a_server_error(reviewer_client, body):
    claim = make_claim()
    response = reviewer_client.post(reverse("comment_post", args=[claim.pk]), {"body": body})
    assert response.status_code in (200, 302)


def test_mentions_are_the_desk_users_named_with_an_at_sign(make_user, reviewer):
    editor = make_user("Editor", "eddie")
    make_user("", "outsider")  # no role: may not view claims, so never mentioned
    claim = make_claim()
    comment = comments.comment_post(
        claim=claim, author=reviewer, body="@eddie, can you look? cc @outsider and mail a@b.org."
    )
    assert list(comment.mentions.all()) == [editor]
    assert comments.mentioned_usernames("hi @eddie. and @rita_2!") == ["eddie", "rita_2"]


def test_you_can_edit_or_delete_your_own_comment_within_ten_minutes(reviewer_client, reviewer):
    claim = make_claim()
    comment = comments.comment_post(claim=claim, author=reviewer, body="First try")
    edit = reverse("comment_edit", args=[claim.pk, comment.pk])
    assert reviewer_client.get(edit).status_code == 200
    reviewer_client.post(edit, {"body": "Second try"})
    comment.refresh_from_db()
    assert comment.body == "Second try" and comment.edited_at
    reviewer_client.post(reverse("comment_delete", args=[claim.pk, comment.pk]))
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Second try" not in page
    assert "comment removed" in page
    assert list(Event.objects.filter(claim=claim).values_list("action", flat=True)) == [
        "comment_posted",
        "comment_edited",
        "comment_deleted",
    ]


def test_after_ten_minutes_a_comment_can_no_longer_be_changed(reviewer_client, reviewer):
    claim = make_claim()
    comment = comments.comment_post(claim=claim, author=reviewer, body="Old")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    reviewer_client.post(reverse("comment_delete", args=[claim.pk, comment.pk]))
    reviewer_client.post(reverse("comment_edit", args=[claim.pk, comment.pk]), {"body": "New"})
    comment.refresh_from_db()
    assert comment.body == "Old" and comment.deleted_at is None


def test_nobody_edits_or_deletes_someone_elses_comment(client, reviewer, make_user):
    claim = make_claim()
    comment = comments.comment_post(claim=claim, author=reviewer, body="Mine")
    client.force_login(make_user("Editor", "eddie"))
    client.post(reverse("comment_delete", args=[claim.pk, comment.pk]))
    client.post(reverse("comment_edit", args=[claim.pk, comment.pk]), {"body": "Theirs"})
    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.deleted_at is None


def test_users_without_a_role_cannot_comment(client, make_user):
    claim = make_claim()
    client.force_login(make_user("", "outsider"))
    assert client.post(reverse("comment_post", args=[claim.pk]), {"body": "hello"}).status_code == 403
    assert not Comment.objects.exists()


def test_mention_suggestions_list_desk_users_starting_with_the_typed_name(reviewer_client, make_user):
    make_user("Editor", "eddie")
    make_user("", "edgar")  # not on the desk
    body = reviewer_client.get(reverse("mention_suggestions"), {"body": "thanks @ed"}).content.decode()
    assert 'data-mention="eddie"' in body and "edgar" not in body
    assert reviewer_client.get(reverse("mention_suggestions"), {"body": "no at sign"}).content.strip() == b""


def test_comments_are_in_the_api_and_never_on_the_public_page(reviewer, client):
    from claims.api import tokens

    claim = make_claim()
    comments.comment_post(claim=claim, author=reviewer, body="Internal note")
    _, key = tokens.api_token_create(user=reviewer, name="test")
    data = client.get(reverse("api_claim", args=[claim.pk]), HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [c["body"] for c in data["comments"]] == ["Internal note"]
    assert data["comments"][0]["author"] == reviewer.username


def test_the_claim_page_query_count_does_not_grow_with_comments_tags_or_checklist(
    reviewer_client, reviewer, editor, django_assert_max_num_queries
):
    from claims.collaboration import tags
    from claims.models import ChecklistItem

    claim = make_claim()

    def load() -> int:
        reviewer_client.get(reverse("claim_detail", args=[claim.pk]))  # warm what is cached (the header's counts)
        with django_assert_max_num_queries(60) as ctx:
            assert reviewer_client.get(reverse("claim_detail", args=[claim.pk])).status_code == 200
        return len(ctx)

    ChecklistItem.objects.create(label="Call the claimant")
    comments.comment_post(claim=claim, author=editor, body="@rita first")
    claim.tags.add(tags.tag_create(name="Tag 0", actor=editor))
    few = load()
    for i in range(1, 10):
        ChecklistItem.objects.create(label=f"Step {i}")
        comments.comment_post(claim=claim, author=reviewer if i % 2 else editor, body=f"note {i} @eddie")
        claim.tags.add(tags.tag_create(name=f"Tag {i}", actor=editor))
    assert load() == few


def test_comments_never_reach_the_public_fact_check_page_or_feed(client, reviewer):
    from tests.support.factories import published_claim

    claim, _ = published_claim()
    comments.comment_post(claim=claim, author=reviewer, body="Off the record: the source is Jane")
    claim.refresh_from_db()
    client.logout()
    page = client.get(reverse("public_check", args=[claim.slug]))
    assert page.status_code == 200 and "Off the record" not in page.content.decode()
    feed = client.get(reverse("public_feed"))
    assert "Off the record" not in b"".join(feed.streaming_content).decode()

"""Editors archive, restore and delete articles; published claims keep their public pages; it is all on record.

Archiving is reversible: the article leaves the articles list and the queue (a filter shows it).
Deleting is refused while a claim of the article is published ("archive instead"); otherwise the
claims found only in the article go with it, the ones also found elsewhere stay there, and the
deletion is recorded on a timeline entry that outlives the article.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.intake.articles import (
    ArticleDeleteRefused,
    article_archive,
    article_delete,
    article_delete_plan,
    article_restore,
)
from claims.models import Article, Claim, Event
from tests.support.factories import add_appearance, make_article, make_claim, published_claim

pytestmark = pytest.mark.django_db


def queue_body(client, **params) -> str:
    return client.get(reverse("queue"), params).content.decode()


# --- Archive and restore -------------------------------------------------------------


def test_an_archived_article_leaves_the_articles_list_and_the_queue_until_a_filter_asks(editor, editor_client):
    article = make_article(title="Bridge repair")
    make_claim(article, text="The bridge cost $4 million.")
    article_archive(article=article, actor=editor)
    assert "Bridge repair" not in editor_client.get(reverse("article_list")).content.decode()
    assert "Bridge repair" in editor_client.get(reverse("article_list"), {"archived": "only"}).content.decode()
    assert "Bridge repair" in editor_client.get(reverse("article_list"), {"archived": "show"}).content.decode()
    assert "The bridge cost $4 million." not in queue_body(editor_client)
    assert "The bridge cost $4 million." in queue_body(editor_client, archived="show")
    assert "The bridge cost $4 million." in queue_body(editor_client, article=article.pk)  # from its own page


def test_a_claim_also_found_in_a_live_article_stays_in_the_queue(editor, editor_client):
    archived, live = make_article(title="Old"), make_article(title="New", url="https://news.example.com/new")
    claim = make_claim(archived, text="The bridge cost $4 million.")
    add_appearance(claim, live)
    article_archive(article=archived, actor=editor)
    assert "The bridge cost $4 million." in queue_body(editor_client)


def test_the_queue_counts_follow_an_archive_at_once(editor, editor_client):
    make_claim(make_article(), text="The bridge cost $4 million.")
    article = Claim.objects.get().article
    assert queue_body(editor_client).count("The bridge cost $4 million.") == 1  # counts cached now
    article_archive(article=article, actor=editor)
    body = editor_client.get(reverse("queue")).content.decode()
    assert "The bridge cost $4 million." not in body
    assert 'New <span class="count">0</span>' in body


def test_archive_and_restore_are_on_the_article_timeline_and_happen_once(editor):
    article = make_article()
    article_archive(article=article, actor=editor)
    article_archive(article=article, actor=editor)  # a second click changes nothing
    assert article.is_archived and article.archived_by == editor
    article_restore(article=article, actor=editor)
    assert not article.is_archived
    actions = list(article.events.values_list("action", "actor__username"))
    assert actions == [("article_archived", "eddie"), ("article_restored", "eddie")]


def test_reviewers_cannot_archive_restore_or_delete_in_the_services(reviewer):
    article = make_article()
    for service in (article_archive, article_restore, article_delete):
        with pytest.raises(PermissionDenied):
            service(article=article, actor=reviewer)
    assert Article.objects.filter(pk=article.pk, archived_at__isnull=True).exists()


def test_reviewers_get_403_from_every_archive_and_delete_view(reviewer_client):
    article = make_article()
    for name in ("article_archive", "article_restore", "article_delete"):
        assert reviewer_client.post(reverse(name, args=[article.pk])).status_code == 403, name
    assert reviewer_client.get(reverse("article_delete", args=[article.pk])).status_code == 403
    assert Article.objects.filter(pk=article.pk, archived_at__isnull=True).exists()
    body = reviewer_client.get(reverse("article_list")).content.decode()
    assert ">Archive</button>" not in body and "Delete…" not in body


def test_an_editor_archives_from_the_list_and_comes_back_to_the_same_filters(editor_client):
    article = make_article(title="Bridge repair")
    back = reverse("article_list") + "?q=bridge"
    response = editor_client.post(reverse("article_archive", args=[article.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    article.refresh_from_db()
    assert article.is_archived
    page = editor_client.get(reverse("article_list"), {"archived": "only"}).content.decode()
    assert "Restore" in page


def test_archive_ignores_a_next_address_on_another_site(editor_client):
    article = make_article()
    response = editor_client.post(reverse("article_archive", args=[article.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == article.get_absolute_url()


def test_the_article_page_says_it_is_archived_and_offers_restore(editor, editor_client):
    article = make_article(title="Bridge repair")
    article_archive(article=article, actor=editor)
    body = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Archived" in body and "by eddie" in body
    assert reverse("article_restore", args=[article.pk]) in body


# --- Delete ----------------------------------------------------------------------------


def test_an_article_with_a_published_claim_cannot_be_deleted_archive_instead(editor, editor_client):
    claim, _ = published_claim()
    article = claim.article
    with pytest.raises(ArticleDeleteRefused, match="1 claim is published — archive instead"):
        article_delete(article=article, actor=editor)
    page = editor_client.get(reverse("article_delete", args=[article.pk])).content.decode()
    assert "1 claim is published — archive instead" in page and "Delete the article" not in page
    response = editor_client.post(reverse("article_delete", args=[article.pk]), follow=True)
    assert "1 claim is published — archive instead" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()
    assert editor_client.get(reverse("public_check", args=[claim.slug])).status_code == 200


def test_the_article_page_offers_delete_only_when_deleting_is_allowed_and_says_why_not(editor_client):
    claim, _ = published_claim()
    delete_url = reverse("article_delete", args=[claim.article.pk])
    body = editor_client.get(claim.article.get_absolute_url()).content.decode()
    assert delete_url not in body and "Delete…" not in body
    assert "Cannot be deleted: 1 claim is published — archive instead." in body
    assert ">Archive</button>" in body
    deletable = make_article(title="Stale wire copy", url="https://wire.example/stale")
    make_claim(deletable, text="The bridge cost $4 million.")
    body = editor_client.get(deletable.get_absolute_url()).content.decode()
    assert reverse("article_delete", args=[deletable.pk]) in body and "Cannot be deleted" not in body


def test_an_archived_article_keeps_its_published_claims_public(editor, client):
    claim, _ = published_claim()
    for article in Article.objects.all():  # every article it appears in
        article_archive(article=article, actor=editor)
    assert client.get(reverse("public_check", args=[claim.slug])).status_code == 200
    assert claim.slug in client.get(reverse("public_index")).content.decode()


def test_the_confirmation_page_says_what_deleting_does(editor_client):
    article = make_article()
    make_claim(article, text="The bridge cost $4 million.")
    shared = make_claim(article, text="The deficit doubled.", position=1)
    add_appearance(shared, make_article(url="https://news.example.com/other"))
    body = editor_client.get(reverse("article_delete", args=[article.pk])).content.decode()
    assert "with the 1 claim found only in it" in body
    assert "1 claim is also found in other articles and stays there" in body
    assert '<button type="submit" class="danger">Delete the article</button>' in body


def test_deleting_takes_the_claims_found_only_there_and_keeps_the_others_in_their_other_article(editor):
    article = make_article()
    alone = make_claim(article, text="The bridge cost $4 million.")
    shared = make_claim(article, text="The deficit doubled.", position=1)
    other = make_article(url="https://news.example.com/other")
    add_appearance(shared, other)
    linked = Event.objects.create(action="appearance_linked", claim=shared, article=article, summary="Appears again")
    assert article_delete_plan(article).deleted == 1
    plan = article_delete(article=article, actor=editor)
    assert (plan.deleted, plan.kept, plan.published) == (1, 1, 0)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Claim.objects.filter(pk=alone.pk).exists()
    shared.refresh_from_db()
    assert shared.article == other and shared.article_created_at == other.created_at
    assert shared.appearance_count == 1
    assert Event.objects.filter(pk=linked.pk, claim=shared, article=None).exists()  # its timeline is intact


def test_a_deletion_outlives_the_article_in_the_audit_log(editor, editor_client):
    article = make_article(title="Bridge repair", url="https://news.example.com/bridge")
    make_claim(article, text="The bridge cost $4 million.")
    article_archive(article=article, actor=editor)
    pk = article.pk
    response = editor_client.post(reverse("article_delete", args=[pk]), follow=True)
    assert "Deleted “Bridge repair” and 1 claim" in response.content.decode()
    deleted = Event.objects.get(action="article_deleted")
    assert deleted.actor == editor and deleted.article is None and deleted.claim is None
    assert deleted.before["article"] == pk and deleted.before["url"] == "https://news.example.com/bridge"
    assert [entry["action"] for entry in deleted.before["timeline"]] == ["article_archived"]
    assert Event.objects.filter(action="article_archived", article=None).exists()  # the article's own entries stay
    log = editor_client.get(reverse("article_deletions")).content.decode()
    assert "Bridge repair" in log and "by eddie" in log and "1 deleted" in log


def test_the_delete_confirmation_works_without_javascript_through_a_get_then_a_post(editor_client):
    article = make_article()
    link = f'href="{reverse("article_delete", args=[article.pk])}"'
    assert link in editor_client.get(article.get_absolute_url()).content.decode()
    assert link in editor_client.get(reverse("article_list")).content.decode()
    assert Article.objects.filter(pk=article.pk).exists()  # a GET changes nothing
    editor_client.post(reverse("article_delete", args=[article.pk]))
    assert not Article.objects.filter(pk=article.pk).exists()

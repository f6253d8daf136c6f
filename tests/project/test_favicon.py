"""Every page names its icon, so browsers do not ask for a /favicon.ico that is not there."""

from django.urls import reverse

from tests.support.factories import make_article


def test_staff_public_and_printed_pages_link_their_icon(client, reviewer_client):
    article = make_article()
    pages = [client.get(reverse("login")), client.get(reverse("public_index"))]
    pages += [reviewer_client.get(reverse("queue")), reviewer_client.get(reverse("article_ledger", args=[article.pk]))]
    for page in pages:
        assert page.status_code == 200 and 'rel="icon" href="/static/favicon.svg"' in page.content.decode()

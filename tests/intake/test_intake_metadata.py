"""Where a claim appeared: URL, headline, outlet, author and date on intake, editable later; one canonical site URL."""

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Event
from claims.pipeline.extract import article_extract
from tests.support.factories import approved, cite_as, make_article, make_claim, publish_as, worded_claim

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TEXT = (
    "Harbour Street bridge to close for repairs\n\n"
    "Mayor Elena Varga said the bridge carries about 32,000 vehicles a day, more than any other crossing in the city."
)
PAGE = (
    '<html><head><title>Bridge to close</title><link rel="canonical" href="https://ledger.example/news/bridge">'
    "</head><body><article><h1>Bridge to close</h1><p>" + TEXT.split("\n\n")[1] * 3 + "</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submit(client, **data):
    response = client.post(reverse("article_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.latest("pk")
    return article_extract(article.pk)  # what the worker does


def publish_first_claim(article, reviewer, editor):
    claim = article.appearances.order_by("position").first().claim
    claim = worded_claim(reviewer, claim=claim, wording="The bridge carries 32,000 vehicles a day")
    cite_as(claim, reviewer)
    publish_as(approved(claim, reviewer, editor), editor)
    claim.refresh_from_db()
    return claim


def test_a_pasted_article_takes_url_headline_outlet_author_and_date(client, reviewer_client, reviewer, editor):
    form = reviewer_client.get(reverse("article_new")).content.decode()
    for label in ("Original URL", "Headline", "Outlet", "Author", "Published on"):
        assert label in form
    article = submit(
        reviewer_client,
        text=TEXT,
        source_url="https://ledger.example/news/bridge",
        headline="Bridge to close for a year",
        outlet="The Riverton Ledger",
        author="Maria Chen",
        published="2026-03-15",
    )
    assert (article.url, article.title, article.outlet, article.author, article.published) == (
        "https://ledger.example/news/bridge",
        "Bridge to close for a year",
        "The Riverton Ledger",
        "Maria Chen",
        date(2026, 3, 15),
    )
    assert article.origin == Article.Origin.PASTE  # nothing is fetched
    claim = publish_first_claim(article, reviewer, editor)
    page = client.get(reverse("public_check", args=[claim.slug])).content.decode()
    assert '<a href="https://ledger.example/news/bridge" rel="nofollow noopener">Bridge to close for a year</a>' in page
    (work,) = json.loads(JSONLD.findall(page)[0])["itemReviewed"]["appearance"]
    assert work["url"] == "https://ledger.example/news/bridge" and work["headline"] == "Bridge to close for a year"
    assert work["datePublished"] == "2026-03-15"


def test_an_editor_edits_the_metadata_later_and_it_is_on_the_timeline(client, reviewer_client, reviewer, editor):
    article = submit(reviewer_client, text=TEXT)
    url = reverse("article_metadata", args=[article.pk])
    data = {
        "url": "https://ledger.example/b",
        "title": "Bridge closes",
        "outlet": "Ledger",
        "author": "",
        "published": "2026-03-15",
    }
    assert reviewer_client.post(url, data).status_code == 403
    client.force_login(editor)
    assert "Publication details" in client.get(article.get_absolute_url()).content.decode()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.url, article.title, article.published) == (
        "https://ledger.example/b",
        "Bridge closes",
        date(2026, 3, 15),
    )
    event = Event.objects.get(article=article, action="article_metadata_edited")
    assert event.actor == editor and event.after["title"] == "Bridge closes"
    assert event.before["title"] == "Harbour Street bridge to close for repairs"  # what extraction found


def test_an_uploaded_page_gives_its_canonical_or_og_url(reviewer_client):
    article = submit(reviewer_client, file=SimpleUploadedFile("bridge.html", PAGE.encode(), content_type="text/html"))
    assert article.url == "https://ledger.example/news/bridge"
    og = PAGE.replace(
        '<link rel="canonical" href="https://ledger.example/news/bridge">',
        '<meta property="og:url" content="https://ledger.example/og">',
    )
    article = submit(reviewer_client, file=SimpleUploadedFile("bridge2.html", og.encode(), content_type="text/html"))
    assert article.url == "https://ledger.example/og"


def feeds(client, **headers) -> tuple[str, str, str]:
    slug = client.get(reverse("public_index"), **headers)  # noqa: F841 - the index renders too
    check = client.get(reverse("public_check", args=[SLUG["slug"]]), **headers).content.decode()
    review = json.loads(JSONLD.findall(check)[0])
    feed = json.loads(b"".join(client.get(reverse("public_feed"), **headers).streaming_content))
    atom = client.get(reverse("public_corrections_feed"), **headers).content.decode()
    return (
        review["url"],
        feed["dataFeedElement"][0]["item"]["url"],
        re.search(r'<link href="([^"]+)" rel="alternate"', atom).group(1),
    )


SLUG = {}


def test_every_feed_uses_one_canonical_site_url(client, reviewer_client, reviewer, editor, settings):
    settings.ALLOWED_HOSTS = ["*"]
    claim = publish_first_claim(submit(reviewer_client, text=TEXT), reviewer, editor)
    SLUG["slug"] = claim.slug
    settings.SITE_URL = ""
    page, feed, atom = feeds(client, HTTP_HOST="checks.example.net")
    assert page == feed == f"http://checks.example.net/checks/{claim.slug}/"
    assert atom.startswith("http://checks.example.net/")
    settings.SITE_URL = "https://factcheck.example.org"
    page, feed, atom = feeds(client, HTTP_HOST="internal.example.net")
    assert page == feed == f"https://factcheck.example.org/checks/{claim.slug}/"
    assert atom.startswith("https://factcheck.example.org/")


def test_without_a_headline_the_public_where_is_never_the_first_sentence(client, reviewer, editor):
    article = make_article(title="", url="", published=None, author="")  # pasted, no details
    claim = make_claim(article)
    claim = worded_claim(reviewer, claim=claim, wording="Unemployment fell to 4.2% in March")
    cite_as(claim, reviewer)
    publish_as(approved(claim, reviewer, editor), editor)
    claim.refresh_from_db()
    page = client.get(reverse("public_check", args=[claim.slug])).content.decode()
    where = re.search(r"<dt>Where</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert where.strip() == "Daily Example"  # the outlet, not “The minister said on Monday…”

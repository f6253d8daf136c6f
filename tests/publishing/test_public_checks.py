"""Public fact-check pages: no login, JSON-LD embedded, drafts never exposed."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.support.factories import correct, make_article, make_claim, propose, published_claim

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_public_page_needs_no_login_and_embeds_the_claim_review(client):
    claim, verdict = published_claim("False")
    response = client.get(reverse("public_check", args=[claim.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Unemployment fell by 40% in 2025",
        "Jane Minister",
        "False",
        verdict.rationale,
        "https://stats.example.org/lfs",
        "Unemployment fell from 5.0% to 4.6%.",
        "Refutes",
    ):
        assert expected in page
    (payload,) = JSONLD.findall(page)
    review = json.loads(payload)
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "False"
    assert review["url"].endswith(f"/checks/{claim.slug}/")
    assert f'<meta property="og:url" content="{review["url"]}">' in page


def test_json_ld_cannot_break_out_of_its_script_element(client):
    claim, _ = published_claim(speaker="</script><script>alert(1)</script>")
    page = client.get(reverse("public_check", args=[claim.slug])).content.decode()
    assert "<script>alert(1)" not in page
    (payload,) = JSONLD.findall(page)
    assert json.loads(payload)["itemReviewed"]["author"]["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("status", [Verdict.Status.PROPOSED, Verdict.Status.APPROVED, Verdict.Status.SENT_BACK])
def test_unpublished_verdicts_are_never_public(client, status):
    article = make_article()
    claim = make_claim(article, status=Claim.Status.APPROVED, slug="a-draft-claim")
    propose(claim, "False", rationale="SECRET DRAFT RATIONALE", status=status)
    assert client.get(reverse("public_check", args=["a-draft-claim"])).status_code == 404
    for name in ("public_index", "public_feed", "public_corrections", "public_corrections_feed"):
        response = client.get(reverse(name))
        assert response.status_code == 200  # public, not a redirect to the login page
        body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert "SECRET DRAFT RATIONALE" not in body and "a-draft-claim" not in body


def test_a_pending_correction_stays_private_until_published(client):
    claim, verdict = published_claim("False")
    correct(verdict, "True", reason="DRAFT REASON", publish_it=False)
    page = client.get(reverse("public_check", args=[claim.slug])).content.decode()
    assert "DRAFT REASON" not in page and "<h2>Corrections</h2>" not in page
    assert json.loads(JSONLD.findall(page)[0])["reviewRating"]["alternateName"] == "False"
    assert "DRAFT REASON" not in client.get(reverse("public_corrections")).content.decode()


def test_corrections_show_old_and_new_rating_reason_and_date(client):
    claim, verdict = published_claim("False")
    fixed = correct(verdict, "Mostly false", reason="We misread the survey's base year.")
    log = client.get(reverse("public_corrections")).content.decode()
    assert "We misread the survey&#x27;s base year." in log
    assert log.index(">False<") < log.index(">Mostly false<")
    assert fixed.published_at.strftime("%Y-%m-%d") in log
    page = client.get(reverse("public_check", args=[claim.slug])).content.decode()
    assert 'id="correction-2"' in page  # the correction is version 2
    feed = client.get(reverse("public_corrections_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "False → Mostly false" in feed.content.decode()


def test_index_and_feed_list_published_checks(client):
    claim, _ = published_claim("False")
    index = client.get(reverse("public_index")).content.decode()
    assert reverse("public_check", args=[claim.slug]) in index
    published_claim("True", text="Exports doubled.")
    feed = client.get(reverse("public_feed"))
    assert feed["Content-Type"].startswith("application/ld+json")
    data = json.loads(b"".join(feed.streaming_content))
    assert data["@type"] == "DataFeed" and len(data["dataFeedElement"]) == 2


def test_public_pages_query_count_does_not_grow_with_checks(client):
    def queries(name):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name))
            assert response.status_code == 200
            if response.streaming:  # the feed's queries run while it streams
                b"".join(response.streaming_content)
        return len(ctx)

    correct(published_claim(text="Claim number 0")[1])
    few = {name: queries(name) for name in ("public_feed", "public_index", "public_corrections")}
    for n in range(1, 4):
        correct(published_claim(text=f"Claim number {n}")[1])
    assert {name: queries(name) for name in few} == few


def test_claim_page_links_to_its_public_page_once_published(reviewer_client):
    claim, _ = published_claim()
    page = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert reverse("public_check", args=[claim.slug]) in page

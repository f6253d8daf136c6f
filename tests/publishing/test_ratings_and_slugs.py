"""A rating scale whose ratingValue means something, and one public address per claim, set once."""

import json
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.matching.decisions import claim_split
from claims.models import Appearance, Claim, Rating
from claims.publishing.claimreview import rating_scale
from claims.review import workflow
from tests.support.factories import (
    approved,
    cite_as,
    correct_as,
    make_article,
    make_claim,
    publish_as,
    published_as,
    worded_claim,
)

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def public_review(client, slug: str) -> dict:
    response = client.get(reverse("public_check", args=[slug]))
    assert response.status_code == 200
    return json.loads(JSONLD.findall(response.content.decode())[0])


def test_the_default_scale_runs_from_true_down_to_false():
    value = dict(Rating.objects.values_list("label", "value"))
    assert value["True"] > value["Mostly true"] > value["Mixed"] > value["Mostly false"] > value["False"]
    scale = rating_scale()
    assert (scale.best, scale.worst) == (value["True"], value["False"])


def test_misleading_and_unproven_are_published_by_name_without_a_rating_value(client, reviewer, editor):
    assert set(Rating.objects.filter(numeric=False).values_list("label", flat=True)) == {"Misleading", "Unproven"}
    claim = worded_claim(reviewer)
    cite_as(claim, reviewer)
    publish_as(approved(claim, reviewer, editor, label="Unproven"), editor)
    claim.refresh_from_db()
    assert public_review(client, claim.slug)["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_extracted_claims_have_no_slug_until_published(ready_article):
    assert ready_article.appearances.exists()
    assert not Claim.objects.exclude(slug="").exists()


def test_the_slug_comes_from_the_claim_reviewed_wording_at_first_publication_and_stays(client, reviewer, editor):
    claim = published_as(reviewer, editor, wording="Unemployment fell to 4.2% in March")
    assert claim.slug == "unemployment-fell-to-42-in-march"
    claim = workflow.claim_edit_wording(
        claim=claim, wording="The jobless rate fell to 4.2%", actor=reviewer, version=claim.version
    )
    correct_as(claim, reviewer, editor, reason="Plainer wording.")
    claim.refresh_from_db()
    assert claim.slug == "unemployment-fell-to-42-in-march"
    assert public_review(client, claim.slug)["claimReviewed"] == "The jobless rate fell to 4.2%"


def test_two_published_halves_of_a_split_answer_at_two_addresses(client, reviewer, editor, ready_article):
    claim = ready_article.appearances.order_by("position").first().claim  # extracted, as in the newsroom
    second = make_article()
    Appearance.objects.create(
        claim=claim, article=second, start=0, end=len(claim.text), text=claim.text, speaker="The opposition"
    )
    new = claim_split(claim=claim, appearance=claim.appearances.get(article=second), actor=editor)
    for half, speaker_wording in ((claim, "Unemployment fell to 4.2%"), (new, "Unemployment fell to 4.2%")):
        half.refresh_from_db()
        worded = worded_claim(reviewer, claim=half, wording=speaker_wording)
        cite_as(worded, reviewer)
        publish_as(approved(worded, reviewer, editor, label="False" if half == claim else "True"), editor)
    claim.refresh_from_db()
    new.refresh_from_db()
    assert claim.slug and new.slug and claim.slug != new.slug
    assert public_review(client, claim.slug)["reviewRating"]["alternateName"] == "False"
    assert public_review(client, new.slug)["reviewRating"]["alternateName"] == "True"


def test_the_database_refuses_two_claims_with_one_slug():
    make_claim(slug="unemployment-fell")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(slug="unemployment-fell")
    make_claim(slug="")
    make_claim(slug="")  # unpublished claims have none, any number of them


def test_an_address_a_claim_was_published_under_redirects_to_its_current_one(client, reviewer, editor):
    claim = published_as(reviewer, editor)
    old = claim.slug
    Claim.objects.filter(pk=claim.pk).update(slug="unemployment-in-march")  # an administrator renames it
    response = client.get(reverse("public_check", args=[old]))
    assert response.status_code == 301 and response["Location"] == "/checks/unemployment-in-march/"
    assert client.get(reverse("public_check", args=["never-published"])).status_code == 404

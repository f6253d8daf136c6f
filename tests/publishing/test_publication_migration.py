"""Migration 0005: existing published claims become version 1; slugs become unique; the scale is fixed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("claims", "0003_postgresql_search_matching_and_timeline")]


def migrate(targets=None):
    """Migrate to these targets (default: the latest migrations, where every other test expects the schema)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes("claims")
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_published_claims_move_to_version_one_with_unique_slugs(client):
    old = migrate(BEFORE)
    Article = old.get_model("claims", "Article")
    Claim = old.get_model("claims", "Claim")
    Appearance = old.get_model("claims", "Appearance")
    Rating = old.get_model("claims", "Rating")
    Verdict = old.get_model("claims", "Verdict")
    Source = old.get_model("claims", "Source")
    Citation = old.get_model("claims", "Citation")
    article = Article.objects.create(text="Unemployment fell. It did.", title="Budget day", status="ready")
    claims = []
    # Two halves of a split shared the extraction's slug; a draft had one too.
    for text in ("Unemployment fell", "Unemployment fell!", "Unemployment fell?"):
        claim = Claim.objects.create(article=article, text=text, slug="unemployment-fell", speaker="Jane")
        Appearance.objects.create(claim=claim, article=article, start=0, end=17, text=text)
        claims.append(claim)
    source = Source.objects.create(title="Survey", url="https://stats.example.org/")
    Citation.objects.create(claim=claims[0], source=source, excerpt="It fell by 8%.", stance="refutes")
    for claim in claims[:2]:
        Verdict.objects.create(
            claim=claim,
            rating=Rating.objects.get(label="False"),
            rationale="Survey.",
            status="published",
            published_at=timezone.now(),
        )
        Claim.objects.filter(pk=claim.pk).update(status="published")

    new = migrate()  # through 0005_publication_versions, to the latest
    Claim = new.get_model("claims", "Claim")
    PublishedVersion = new.get_model("claims", "PublishedVersion")
    Rating = new.get_model("claims", "Rating")
    slugs = [Claim.objects.get(pk=c.pk).slug for c in claims]
    assert slugs == ["unemployment-fell", f"unemployment-fell-{claims[1].pk}", ""]
    versions = list(PublishedVersion.objects.order_by("claim_id"))
    assert [(v.claim_id, v.number, v.current) for v in versions] == [(claims[0].pk, 1, True), (claims[1].pk, 1, True)]
    assert versions[0].content["evidence"][0]["excerpt"] == "It fell by 8%."
    assert versions[0].content["claim_review"]["claimReviewed"] == "Unemployment fell"
    scale = dict(Rating.objects.values_list("label", "value"))
    assert scale["True"] > scale["Mostly true"] > scale["Mixed"] > scale["Mostly false"] > scale["False"]
    assert set(Rating.objects.filter(numeric=False).values_list("label", flat=True)) == {"Misleading", "Unproven"}
    # Both halves answer at their own address.
    for slug, text in zip(slugs[:2], ("Unemployment fell", "Unemployment fell!"), strict=True):
        assert text in client.get(reverse("public_check", args=[slug])).content.decode()

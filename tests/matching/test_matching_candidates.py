"""Candidate retrieval reads a bounded number of band rows per new claim, however many claims are stored."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.matching import candidates
from claims.matching.minhash import claim_keys
from claims.matching.wording import fingerprint
from claims.models import Article, Claim

pytestmark = pytest.mark.django_db

WORDING = "The harbour authority dredged 40,000 tonnes of silt from the channel in 2024."


def store_claims(count: int, text: str = WORDING) -> list[Claim]:
    """Store `count` claims of one wording (so they share every band key), oldest first."""
    article = Article.objects.create(raw=text, title="Harbour dredging")
    claims = [Claim.objects.create(text=text, article=article, fingerprint=fingerprint(text)) for _ in range(count)]
    candidates.claims_store_bands(claims=claims)
    return claims


def test_only_the_newest_claims_of_each_band_key_are_candidates(monkeypatch):
    monkeypatch.setattr(candidates, "KEY_CAP", 3)
    stored = store_claims(7)
    found = candidates.claim_candidates(text=WORDING)
    assert sorted(c.pk for c, _ in found) == sorted(c.pk for c in stored[-3:])
    # Given keys (not the wording's own) take the same capped probes.
    some_keys = claim_keys(WORDING)[:12]
    assert sorted(c.pk for c, _ in candidates.claim_candidates(text=WORDING, keys=some_keys)) == sorted(
        c.pk for c in stored[-3:]
    )
    batched = candidates.claims_candidates(queries=[(stored[-1].pk, WORDING)])
    # The claim itself is one of its keys' newest three and is left out.
    assert sorted(c.pk for c, _ in batched[stored[-1].pk]) == sorted(c.pk for c in stored[-3:-1])


def test_the_candidate_query_reads_at_most_key_cap_rows_of_each_band_key(monkeypatch):
    monkeypatch.setattr(candidates, "KEY_CAP", 5)
    store_claims(40)
    keys = set(claim_keys(WORDING))
    with CaptureQueriesContext(connection) as captured:
        found = candidates.claim_candidates(text=WORDING)
    assert len(found) == 5
    band_queries = [q["sql"] for q in captured if "claimband" in q["sql"]]
    assert band_queries
    if candidates.is_postgres():
        # One statement; the plan shows each key's band-index scan stopping at the cap.
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + band_queries[0])
            plan = cursor.fetchone()[0]
        plan = plan if isinstance(plan, list) else json.loads(plan)
        # Each key's band rows pass through a LIMIT of KEY_CAP before they are counted per claim
        # (on a large table the limit stops a backward scan of the (key, claim) index early).
        limits = [n for n in nodes(plan[0]["Plan"]) if n["Node Type"] == "Limit" and reads(n, "claims_claimband")]
        assert limits, plan
        assert all(n["Actual Rows"] <= 5 for n in limits)
        assert sum(n["Actual Rows"] * n["Actual Loops"] for n in limits) <= 5 * len(keys)
    else:
        # One statement: a capped probe per band key.
        assert len(band_queries) == 1
        assert band_queries[0].count("LIMIT 5") == len(keys)


def nodes(plan: dict):
    """Yield every node of a JSON query plan."""
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def reads(plan: dict, relation: str) -> bool:
    """Tell whether a plan node reads `relation` itself or through its children."""
    return any(n.get("Relation Name") == relation for n in nodes(plan))


def test_an_older_rewrite_is_still_found_through_a_key_the_flood_does_not_share(monkeypatch):
    monkeypatch.setattr(candidates, "KEY_CAP", 3)
    original = store_claims(1, "The harbour authority dredged 40,000 tonnes of silt from the channel last year.")[0]
    # Newer claims flood only the keys they share with the rewrite; the original keeps keys of its own.
    store_claims(6, "The harbour authority dredged the channel in 2024.")
    found = candidates.claim_candidates(text=WORDING)
    assert original.pk in [c.pk for c, _ in found]


def test_candidate_rows_are_the_candidates_with_the_columns_judging_reads():
    stored = store_claims(4)
    Claim.objects.filter(pk=stored[0].pk).update(speaker="Harbour master", match_facts={"v": "stale"})
    queries = [(stored[-1].pk, WORDING), (0, WORDING)]
    models = candidates.claims_candidates(queries=queries)
    rows = candidates.claims_candidate_rows(queries=queries)
    assert {pk: [(c.pk, s) for c, s in found] for pk, found in rows.items()} == {
        pk: [(c.pk, s) for c, s in found] for pk, found in models.items()
    }
    for found in rows.values():
        for row, _ in found:
            claim = Claim.objects.get(pk=row.pk)
            assert (row.text, row.speaker, row.article_id, row.fingerprint, row.match_facts) == (
                claim.text,
                claim.speaker,
                claim.article_id,
                claim.fingerprint,
                claim.match_facts,
            )

"""A claim's facts are parsed once, when it is stored, and read back exactly as parsed."""

from __future__ import annotations

import json

import pytest

from claims.matching import candidates, facts, suggestions
from claims.matching.facts import facts_of, facts_record, stored_facts
from claims.matching.wording import fingerprint
from claims.models import Article, Claim, ClaimLink
from claims.pipeline.extract import article_extract

WORDINGS = [
    "The council recycled just over 38 per cent of household waste in 2024, up from 31.6% in 2023.",
    "Mayor Ernesto Quiambao said P4.6 million was released on January 12, 2026, not in March.",
    "Officials failed to approve the £2.5bn plan, which would have built 4,120 homes by the '40s.",
    "About a third of the 40 lakh voters in Leeds, not Bradford, turned out by 10:40 p.m.",
    "@CityHall says #HurricaneDorian left seven in every ten homes without power for two dozen days.",
    "",
]


@pytest.mark.parametrize("text", WORDINGS)
def test_stored_facts_read_back_as_parsed(text):
    record = json.loads(json.dumps(facts_record(facts_of(text))))  # as a JSON column returns it
    assert stored_facts(record, text) == facts_of(text)


def test_a_missing_record_or_one_of_other_parser_code_is_parsed_again():
    text, other = WORDINGS[0], WORDINGS[2]
    stale = {**facts_record(facts_of(other)), "v": "older-parser"}
    assert stored_facts(stale, text) == facts_of(text)
    assert stored_facts(None, text) == facts_of(text)


def test_the_parser_version_changes_with_any_module_the_parse_reads():
    # facts_of reads facts.py, wording.py and the extraction's features.py (number words,
    # months) and vocabulary: a change to any of them makes every stored record stale.
    names = {p.name for p in facts._PARSER_SOURCES}
    assert {"facts.py", "wording.py", "features.py", "checkworthiness.json"} <= names
    assert all(p.is_file() for p in facts._PARSER_SOURCES)


def test_a_record_of_an_older_parser_is_not_read_for_its_figures():
    # Before measures were read in one unit, "212km" was a count of "km": such a record must
    # not decide a pair today, whatever it says.
    text = "The metro has 212km of water mains that are more than 50 years old."
    old = facts_record(facts_of(text))
    old["quantities"] = [[212.0, "", False, 0.5, "km", "212km", 211.5, 212.5]]
    old["v"] = "before-measures"
    assert [q.unit for q in stored_facts(old, text).quantities] == ["m", ""]


@pytest.mark.django_db
def test_an_extracted_claim_stores_its_facts(settings):
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.3
    article = Article.objects.create(
        raw="The harbour authority dredged 40,000 tonnes of silt from the channel in 2024, officials said."
    )
    article_extract(article.pk)
    claim = Claim.objects.get()
    assert claim.match_facts == json.loads(json.dumps(facts_record(facts_of(claim.text))))


@pytest.mark.django_db
def test_refreshing_stores_the_facts_of_claims_without_a_current_record():
    article = Article.objects.create(raw="x", title="Harbour")
    missing = Claim.objects.create(text=WORDINGS[0], article=article)
    stale = Claim.objects.create(text=WORDINGS[1], article=article, match_facts={"v": "older-parser"})
    current = Claim.objects.create(text=WORDINGS[2], article=article, match_facts=facts_record(facts_of(WORDINGS[2])))
    assert candidates.claims_refresh_facts(batch=1) == 2
    for claim in (missing, stale, current):
        claim.refresh_from_db()
        assert stored_facts(claim.match_facts, claim.text) == facts_of(claim.text)
        assert claim.match_facts["v"] == facts_record(facts_of(claim.text))["v"]
    assert candidates.claims_refresh_facts() == 0  # twice is harmless


@pytest.mark.django_db
def test_a_candidate_is_judged_on_the_facts_stored_with_it():
    # The stored record, not a parse of the candidate's wording, is what the fact gate reads: a
    # record saying 7,000 soldiers conflicts with a new claim of 700 however alike the words.
    said = "Lopez Obrador said 700 soldiers are being sent to Peru by the Pentagon this month."
    article = Article.objects.create(raw="x", title="Peru")
    stored = Claim.objects.create(
        text=said,
        article=article,
        fingerprint=fingerprint(said),
        match_facts=facts_record(facts_of(said.replace("700", "7,000"))),
    )
    candidates.claims_store_bands(claims=[stored])
    rewrite = "Lopez Obrador said 700 soldiers were being sent to Peru by the Pentagon this month."
    new = Claim.objects.create(text=rewrite, article=Article.objects.create(raw="y"), fingerprint=fingerprint(rewrite))
    candidates.claims_store_bands(claims=[new])
    assert suggestions.claims_suggest(claims=[new]) == []
    Claim.objects.filter(pk=stored.pk).update(match_facts=facts_record(facts_of(said)))
    made = suggestions.claims_suggest(claims=[new])
    assert [(link.claim_id, link.other_id) for link in made] == [(stored.pk, new.pk)]
    assert ClaimLink.objects.get().status == ClaimLink.Status.SUGGESTED

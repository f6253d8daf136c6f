"""The matcher's judgement on pairs of wordings, without a database."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.matching import minhash, similarity
from claims.matching.known_reviews import ReviewImportError, parse_claimreviews
from tests.conftest import SEEDS

# Pairs that differ in a number, a date, a negation or a name: never linked, never suggested,
# even though their wording is closer than most true rewrites.
NEVER_THE_SAME = [
    (
        "Lopez Obrador said 700 soldiers are being sent to Peru.",
        "Lopez Obrador said 7,000 soldiers are being sent to Peru.",
    ),
    (
        "Seven hundred U.S. soldiers will train the Peruvian police.",
        "Seventy U.S. soldiers will train the Peruvian police.",
    ),
    (
        "The resolution said Lopez Obrador was welcome in Peru.",
        "The resolution said Lopez Obrador was not welcome in Peru.",
    ),
    ("The minister has never met the ambassador in Lima.", "The minister has met the ambassador in Lima."),
    (
        "Unemployment isn't rising in the northern provinces, the bank said.",
        "Unemployment is rising in the northern provinces, the bank said.",
    ),
    (
        "The legislature allowed U.S. troops into the country from June 1 through Dec. 31.",
        "The legislature allowed U.S. troops into the country from July 1 through Dec. 31.",
    ),
    (
        "Peru then recalled its ambassador to Mexico after the vote.",
        "Chile then recalled its ambassador to Mexico after the vote.",
    ),
    (
        "Amnesty International said 49 people died during the protests.",
        "Amnesty International said 94 people died during the protests.",
    ),
    (
        "The budget grew by 12 percent in 2022, the ministry said.",
        "The budget grew by 12 percent in 2021, the ministry said.",
    ),
]

# A second outlet's rewrite of the same statement: suggested to a reviewer.
REWRITES = [
    (
        "American troops will be heading to Peru this week on a training mission.",
        "U.S. troops are heading to Peru this week for a training mission, officials said.",
    ),
    (
        "Peru's legislature passed a resolution allowing U.S. troops into the country from June 1 through Dec. 31.",
        "Lawmakers in Peru approved a resolution letting US troops into the country from June 1 to Dec. 31.",
    ),
    (
        "Lopez Obrador said 700 American soldiers are being sent to Peru.",
        "Mexican President Andres Manuel Lopez Obrador said that 700 US soldiers were being sent to Peru.",
    ),
    (
        "Amnesty International said Peruvian police committed grave human rights violations during the protests.",
        "Peruvian police committed grave human rights violations while battling protests, Amnesty International said.",
    ),
]


@pytest.mark.parametrize(("a", "b"), NEVER_THE_SAME)
def test_claims_that_differ_in_a_fact_are_never_linked_or_suggested(a, b):
    match = similarity.compare(a, b)
    assert match.verdict == "different" and match.reason != "wording too far apart"
    assert similarity.trigram_similarity(a, b) > 0.6  # close wording: the facts decide


@pytest.mark.parametrize(("a", "b"), REWRITES)
def test_a_rewrite_is_suggested_not_linked(a, b):
    match = similarity.compare(a, b)
    assert match.verdict == "similar", match
    assert similarity.SUGGEST_AT <= match.similarity < 1


def test_the_same_wording_after_normalisation_links():
    a = "Peru then recalled its ambassador to Mexico."
    b = "  PERU then recalled its ambassador to Mexico! "
    assert similarity.compare(a, b).verdict == "same" and similarity.compare(a, b).similarity == 1.0
    assert similarity.fingerprint("The U.S. said “no”.") == similarity.fingerprint('The US said "no"')


def test_unrelated_claims_are_not_suggested():
    match = similarity.compare(
        "The council closed the old bridge for repairs on Monday.", "Peru then recalled its ambassador to Mexico."
    )
    assert match.verdict == "different"


def test_rewrites_share_a_band_key_and_unrelated_claims_rarely_do():
    for a, b in REWRITES[:2]:
        assert set(minhash.claim_keys(a)) & set(minhash.claim_keys(b))
    assert not set(minhash.claim_keys("The council closed the old bridge for repairs on Monday.")) & set(
        minhash.claim_keys("Peru then recalled its ambassador to Mexico.")
    )


def test_python_trigram_similarity_is_pg_trgm_similarity():
    # Reference values from PostgreSQL: SELECT similarity('word', 'two words');
    assert similarity.trigram_similarity("word", "two words") == pytest.approx(4 / 11)
    assert similarity.trigram_similarity("same", "same") == 1.0
    assert similarity.trigram_similarity("", "anything") == 0.0


def test_extract_claims_json_reports_the_seed_pair_matches_and_no_fact_mismatch():
    out = StringIO()
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    call_command("extract_claims", "--json", "--suggestions", *seeds, stdout=out)
    data = json.loads(out.getvalue())
    matches = data["matches"]
    # Every claim the two outlets worded identically and both kept is reported as a match. How many
    # both keep (seven to ten) moves with the check-worthiness refit: the seeds' plans, their optional
    # reported speech, and the embedded post's "Biden installed a CIA veteran …" sit near 0.5.
    first, second = ([c["text"] for c in doc["claims"]] for doc in data["documents"])
    identical = {(i, second.index(text)) for i, text in enumerate(first) if text in second}
    assert len(identical) >= 7
    assert identical <= {(m["a"][1], m["b"][1]) for m in matches}
    for m in matches:
        a = data["documents"][m["a"][0]]["claims"][m["a"][1]]["text"]
        b = data["documents"][m["b"][0]]["claims"][m["b"][1]]["text"]
        assert m["a"][0] != m["b"][0]
        assert not similarity.disagreement(similarity.facts_of(a), similarity.facts_of(b)), (a, b)


def test_document_matches_never_pair_number_or_negation_differences():
    docs = [[a for a, _ in NEVER_THE_SAME], [b for _, b in NEVER_THE_SAME]]
    paired = similarity.document_matches(docs, include_suggestions=True)
    assert not [p for p in paired if p["a"][1] == p["b"][1]]  # no pair that differs in a fact
    rewrites = [[a for a, _ in REWRITES], [b for _, b in REWRITES]]
    pairs = similarity.document_matches(rewrites, include_suggestions=True)
    assert [(p["a"], p["b"]) for p in pairs] == [([0, i], [1, i]) for i in range(len(REWRITES))]


def test_a_rewrite_restating_a_figure_is_suggested_in_its_story_and_a_changed_figure_never_is():
    original = "The central bank kept its benchmark interest rate at 5.25% for a fifth consecutive meeting in May."
    rewrite = "The central bank has held its main rate at 5.25% since last year."
    # In one story (the documents known, as extract_claims --json knows them).
    story = similarity.story_context([original], [rewrite])
    match = similarity.compare(original, rewrite, context=story)
    assert match.suggested and "5.25%" in match.reason
    # Leaving out a comparison figure is a rewrite; replacing or adding one of its own is not.
    fuller = "Food prices rose 2.7% over the year, compared with 6.9% in April, while energy prices fell 8.4%."
    shorter = "Food prices rose 2.7% over the year, while energy prices fell 8.4%."
    assert similarity.compare(fuller, shorter).suggested
    changed = "Food prices rose 2.7% over the year, while energy prices fell 8.9%."
    assert similarity.compare(fuller, changed).reason.startswith("different figures")
    # A figure one wording leaves out is no conflict (tests/test_matching_conflicts.py).
    assert not similarity.compare("Prices rose over the year.", "Prices rose 2.7% over the year.").conflicting
    docs = [[original, fuller], [changed, rewrite]]
    assert [(p["a"], p["b"]) for p in similarity.document_matches(docs)] == [([0, 0], [1, 1])]


def test_a_capitalised_word_opening_a_sentence_is_not_a_name_but_a_country_is():
    assert similarity.facts_of("Annual inflation slowed to 3.2% in May.").entities == frozenset()
    assert similarity.facts_of('"Every ballot will be counted," Novak said.').entities == {"novak"}
    assert similarity.facts_of("Dissenting councillors said the bill tripled.").entities == frozenset()
    assert similarity.facts_of("Peru then recalled its ambassador.").entities == {"peru"}


def test_speakers_are_the_same_by_a_name_word_however_short():
    from claims.matching.scorer import same_speaker

    assert same_speaker("Lim", "Ernesto Lim") and same_speaker("Lim", "Lim") and same_speaker("Mr Ng", "Ng")
    assert same_speaker("Helena Voss", "Voss") and same_speaker("", "")
    assert not same_speaker("the council", "the union") and not same_speaker("Lim", "")


def test_near_duplicate_similarity_counts_shared_shingles():
    body = " ".join(f"Sentence number {i} says something about the harbour bridge." for i in range(40))
    copy = "Share this. Menu. " + body + " Subscribe to our newsletter for more."
    assert minhash.article_similarity(body, copy) > 0.9
    assert minhash.article_similarity(body, "A different story about the city budget and its schools.") == 0
    assert set(minhash.article_keys(body)) & set(minhash.article_keys(copy))


CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/peru-troops",
    "claimReviewed": "700 US soldiers are being sent to Peru",
    "datePublished": "2023-05-30",
    "author": {"@type": "Organization", "name": "Example Check", "url": "https://factcheck.example"},
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "alternateName": "Mostly true"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Andres Manuel Lopez Obrador"}},
}


def test_claimreview_is_read_from_json_feeds_and_pages():
    one = parse_claimreviews(json.dumps(CLAIMREVIEW))
    assert one[0].publisher == "Example Check" and one[0].rating == "Mostly true"
    assert one[0].claimant == "Andres Manuel Lopez Obrador" and str(one[0].date_published) == "2023-05-30"
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [CLAIMREVIEW, {**CLAIMREVIEW, "url": "x"}]}],
    }
    assert len(parse_claimreviews(json.dumps(feed))) == 2
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@graph": [CLAIMREVIEW]})
        + "</script></head><body>…</body></html>"
    )
    assert parse_claimreviews(page)[0].url == "https://factcheck.example/peru-troops"
    api = {
        "claims": [
            {
                "text": "Peru is governed from Washington",
                "claimant": "Evo Morales",
                "claimReview": [
                    {
                        "publisher": {"name": "Checker"},
                        "url": "https://c.example/1",
                        "textualRating": "False",
                        "reviewDate": "2023-06-01T00:00:00Z",
                    }
                ],
            }
        ]
    }
    assert parse_claimreviews(json.dumps(api))[0].rating == "False"


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "<html><body>No JSON-LD here</body></html>",
        json.dumps({"@type": "NewsArticle", "headline": "x"}),
    ],
)
def test_unreadable_claimreview_input_is_refused_with_a_message(content):
    with pytest.raises(ReviewImportError) as err:
        parse_claimreviews(content)
    assert str(err.value)

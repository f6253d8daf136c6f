"""Two outlets' reports of one story: the same fact however it is told, never a neighbouring fact.

Each pair is two invented sentences of one story, judged as `extract_claims --json` judges them
(`document_matches`: the two documents known, each claim's mutual best match). A conflict is
named; a same-story pair of different facts is not linked, however many words it shares.
"""

from __future__ import annotations

import pytest

from claims.matching import similarity

# What the rest of the two reports say: one story, told by two outlets.
STORY_A = [
    "Floods in the Shire valley have displaced 41,600 people, the disaster agency said on Monday.",
    "The agency said 312 schools had been closed across six districts.",
    "The government has released 2.1 billion kwacha for emergency shelter.",
]
STORY_B = [
    "More than 41,000 people have been forced from their homes by floods in the Shire valley, officials said.",
    "Some 312 schools are shut in six districts, according to the disaster agency.",
    "Emergency shelter funding of 2.1 billion kwacha has been released, the government said.",
]


def matched(a: str, b: str) -> bool:
    """Tell whether a and b are reported as one fact when each is told in its outlet's story."""
    pairs = similarity.document_matches([[a, *STORY_A], [b, *STORY_B]])
    return any(m["a"] == [0, 0] and m["b"] == [1, 0] for m in pairs)


# Conflicts the gate names: another currency of one name, another temperature.
CONFLICTS = [
    (
        "The council paid NZ$4.2 million for the flood-damaged land.",
        "The council paid US$4.2 million for the flood-damaged land.",
        "nz$4.2 million",
    ),
    (
        "The appeal has raised A$1.5 million for families in the valley.",
        "The appeal has raised NZ$1.5 million for families in the valley.",
        "a$1.5 million",
    ),
    (
        "A smaller pilot had put the afternoon gap at 3C in the shadiest streets.",
        "A smaller pilot had put the afternoon gap at 7.2 degrees Fahrenheit in the shadiest streets.",
        "3c",
    ),
    ("Temperatures reached 42C in the valley on Tuesday.", "Temperatures reached 45C in the valley on Tuesday.", "42c"),
]


@pytest.mark.parametrize(("a", "b", "named"), CONFLICTS)
def test_another_currency_or_temperature_conflicts_and_is_named(a, b, named):
    for x, y in ((a, b), (b, a)):
        match = similarity.compare(x, y, context=similarity.story_context([x, *STORY_A], [y, *STORY_B]))
        assert match.conflicting, match
        assert named in match.reason.lower(), match.reason
    assert similarity.document_matches([[a], [b]], include_suggestions=True) == []
    assert not matched(a, b)


# The same money or heat written another way: a dollar unnamed is any dollar; Celsius is Fahrenheit.
AGREEING = [
    ("The council paid NZ$4.2 million for the land.", "The council paid 4.2 million New Zealand dollars for the land."),
    ("The council paid A$4.2 million for the land.", "The council paid $4.2 million for the land."),
    (
        "The flash appeal of US$38.4 million is 27 per cent funded.",
        "The $38.4 million flash appeal is 27 per cent funded.",
    ),
    ("The hottest reading, 42C, came from a district in July 2024.", "The highest reading was 108°F, in July 2024."),
    (
        "Streets with hardly any trees can be around 4C warmer on a summer afternoon.",
        "Streets with the least tree cover were 7.2 degrees Fahrenheit hotter on summer afternoons.",
    ),
    # An outlet abroad converts at about the day's rate (a pound is about $1.28).
    ("Planting a street tree costs about £900, he said.", "Planting a street tree costs about $1,150, he noted."),
    ("The study was paid for by a grant of about £1.9m.", "The study was funded by a $2.4 million grant."),
    # A unit joined to its figure by a hyphen, gallons, speeds and days.
    ("Contaminated water was found along a 14-kilometre stretch.", "Tainted water was found along almost 9 miles."),
    ("About 1.2 million litres of water escaped from the dam.", "Roughly 317,000 gallons of wastewater escaped."),
    ("The typhoon came ashore packing 175-kph winds.", "It made landfall with winds of 175 kilometers per hour."),
    ("Three in five leaks were fixed within two days.", "61 per cent of leaks were repaired within 48 hours."),
    ("The government's 48-million-dollar rental fund", "The province's $48-million rental fund"),
]

# The same number in two currencies, or two countries' dollars, is not a conversion.
NOT_CONVERTED = [
    ("The council borrowed £2.5bn for the tram line.", "The council borrowed 2.5 billion dollars for the tram line."),
    ("Leaks were fixed within two days.", "Leaks were repaired within 72 hours."),
]


@pytest.mark.parametrize(("a", "b"), NOT_CONVERTED)
def test_the_same_number_in_another_currency_or_another_duration_conflicts(a, b):
    assert similarity.conflict(a, b) and similarity.conflict(b, a)


@pytest.mark.parametrize(("a", "b"), AGREEING)
def test_the_same_money_or_temperature_written_another_way_does_not_conflict(a, b):
    assert similarity.conflict(a, b) == "" and similarity.conflict(b, a) == ""


# Same story, another fact: each pair shares the story's words and often a figure, and is not linked.
DIFFERENT_FACTS = [
    # Each side gives a figure the other does not restate (a sum, a share).
    (
        "The utility spent 308 million rand on meter replacement in 2024/25, council records show.",
        "In 2024/25 the utility's water-loss figure was 34.1 per cent.",
    ),
    # One figure, two places: England's 1.8 million is not Ohio's.
    (
        "In England, around 1.8 million people live in neighbourhoods where trees shade under a tenth of the ground.",
        "About 1.8 million Ohioans live in census tracts with less than 10% canopy cover.",
    ),
    # Two villages that share a word of their names are two villages.
    (
        "Two of the three planned retention ponds at Kampung Batu Hampar were already operational.",
        "Two of the three retention ponds are now operational, at Kampung Jawa.",
    ),
    # A neighbour's rate is not this borough's, though the figures lie close.
    (
        "Just over 38 per cent of household waste was recycled in the borough last year.",
        "The neighbouring borough's recycling rate rose from 39 per cent to 47 per cent over two years.",
    ),
]


@pytest.mark.xfail(
    strict=True,
    reason="not met yet: told in one story, a figure both restate outweighs another place, another village or a"
    " figure each side gives alone (claims/matching/MODEL.md, 2026-12-08); strict, so meeting it is noticed",
)
@pytest.mark.parametrize(("a", "b"), DIFFERENT_FACTS)
def test_a_different_fact_of_the_same_story_is_not_linked(a, b):
    assert not matched(a, b)
    assert not matched(b, a)


def test_the_closer_figure_is_the_match_not_a_neighbouring_one():
    claim = "Just over 38 per cent of household waste was recycled in the borough last year."
    same = "The borough's recycling rate fell to 38.2 per cent last year, council figures show."
    neighbour = "Its recycling rate rose from 39 per cent to 47 per cent over the following two years."
    pairs = similarity.document_matches([[claim, *STORY_A], [neighbour, same, *STORY_B]])
    assert [m["b"] for m in pairs if m["a"] == [0, 0]] == [[1, 1]]


# The same fact told another way in the same story: rounded, converted, reordered, attributed
# to "officials" rather than a named official.
PARAPHRASES = [
    ("Nearly 5,000 households were evacuated from the valley.", "The valley's 4,812 evacuated households"),
    (
        "Contaminated water was detected along a 14-kilometre stretch of the river.",
        "Tainted water was found along almost 9 miles of the river.",
    ),
    (
        "Health Minister Ana Ruiz said 1,284 cholera cases had been confirmed since January.",
        "Since January, 1,284 cases of cholera have been confirmed, officials said.",
    ),
]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_a_paraphrase_of_the_same_fact_in_its_story_is_matched(a, b):
    assert similarity.conflict(a, b) == ""
    assert matched(a, b)

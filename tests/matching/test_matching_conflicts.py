"""Facts that conflict never match; facts that one wording leaves out or rounds still do.

Written before the pair scorer: whatever scores the wording, these pairs decide the fact gate.
"""

from __future__ import annotations

import pytest

from claims.matching import similarity

# (a, b, a word the named conflict mentions): close wording, a fact that cannot be both.
CONFLICTS = [
    ("The city issued 4,120 building permits in 2023.", "The city issued 4,210 building permits in 2023.", "4,120"),
    (
        "Lopez Obrador said 700 soldiers are being sent to Peru.",
        "Lopez Obrador said 7,000 soldiers are being sent to Peru.",
        "700",
    ),
    (
        "Food prices rose 2.7% over the year, compared with 6.9% in April, while energy prices fell 8.4%.",
        "Food prices rose 2.7% over the year, while energy prices fell 8.9%.",
        "8.9",
    ),
    (
        "Unemployment fell to 4.1 percent in 2019, the statistics office said.",
        "Unemployment fell to 4.1 percent in 2021, the statistics office said.",
        "2019",
    ),
    ("The plant closed in January of 2016, the union said.", "The plant closed in 2017, the union said.", "2016"),
    ("The fuel tax will rise to 20 percent come 2016.", "The fuel tax will rise to 20 percent in 2018.", "2018"),
    (
        "The legislature allowed troops into the country from June 1 through Dec. 31.",
        "The legislature allowed troops into the country from July 1 through Dec. 31.",
        "",
    ),
    # Units and scales: 40 lakh is 4 million, not 40 million; a crore is a hundred lakh.
    ("The scheme reached 40 lakh farmers last year.", "The scheme reached 40 million farmers last year.", "lakh"),
    ("The state spent Rs 500 crore on the bridge.", "The state spent Rs 500 lakh on the bridge.", "crore"),
    (
        "The council borrowed £2.5bn for the tram line.",
        "The council borrowed 2.5 billion dollars for the tram line.",
        "",
    ),
    ("Turnout rose 12 per cent in the county.", "Turnout rose 21% in the county.", "12"),
    # A currency written against its figure, and the peso's "P" before a scale or thousands.
    (
        "Mills pay Rs1,100 per mmBtu for industrial gas, the chamber said.",
        "Mills pay Rs 1,500 per mmBtu for industrial gas, the chamber said.",
        "rs1,100",
    ),
    (
        "The agency has released P4.6 million in cash aid to families in Samar.",
        "The agency has released P46 million in cash aid to families in Samar.",
        "p4.6 million",
    ),
    # A clock time is when: another time is another fact (a.m. or p.m. may go unsaid).
    (
        "Typhoon Ursula made landfall over San Rafael at 10:40 p.m. on Saturday.",
        "Typhoon Ursula made landfall over San Rafael at 8:15 p.m. on Saturday.",
        "10:40",
    ),
    ("Rents rose 12 percent in the city last year.", "Rents rose 12 points in the city last year.", ""),
    # Places and people.
    (
        "The new rules take effect in Leeds on the first of the month.",
        "The new rules take effect in Bradford on the first of the month.",
        "leeds",
    ),
    (
        "Peru then recalled its ambassador to Mexico after the vote.",
        "Chile then recalled its ambassador to Mexico after the vote.",
        "peru",
    ),
    ("Okafor defeated Lindqvist in the mayoral runoff.", "Lindqvist defeated Okafor in the mayoral runoff.", "swapped"),
    # Negation of the same predicate, however it is said.
    (
        "The council approved the pool budget on Tuesday.",
        "The council failed to approve the pool budget on Tuesday.",
        "approv",
    ),
    (
        "The new law will prevent landlords from raising rents this year.",
        "The new law will let landlords raise rents this year.",
        "",
    ),
    (
        "Residents do not want the incinerator built near the school.",
        "Residents want the incinerator built near the school.",
        "",
    ),
    ("The minister has never met the ambassador in Lima.", "The minister has met the ambassador in Lima.", ""),
    (
        "The resolution said Lopez Obrador was welcome in Peru.",
        "The resolution said Lopez Obrador was not welcome in Peru.",
        "",
    ),
    # Cleared of what the other wording says was done (an irregular verb: "stole" / "stealing").
    (
        "A former credit union manager stole €1.38 million from members' savings, the court heard.",
        "A former credit union manager was cleared of stealing €1.38 million by a jury.",
        "steal",
    ),
    # A hedge bounds a figure on one side: "fewer than 1,300" is not 1,450, "more than 200" is not 150.
    ("Fewer than 1,300 homes were started this summer.", "Builders started 1,450 homes this summer.", "1,300"),
    (
        "More than 200 transfers were made from dormant accounts.",
        "Some 150 transfers were made from dormant accounts.",
        "200",
    ),
    ("Almost 1,300 spills were recorded in 2025.", "The company recorded 1,340 spills in 2025.", "1,300"),
    ("The rate rose to just over 38 per cent.", "The rate rose to 41 per cent.", "38"),
    # A round figure hedged keeps its rounding, no more: "almost 4,800" is not 4,900.
    ("Crews dealt with almost 4,800 burst pipes.", "Crews dealt with 4,900 burst pipes.", "4,800"),
    (
        "Donors have given just over a quarter of what is needed.",
        "Donors have given 31 per cent of what is needed.",
        "",
    ),
    # Measures are compared in one unit: 212km is 132 miles, not 150; a litre is not a kilolitre.
    ("The metro has 212km of mains over 50 years old.", "The metro has 150 miles of mains over 50 years old.", "212km"),
    ("The utility lost 71.4 million litres of water.", "The utility lost 71 million cubic metres of water.", "litres"),
    # The rand's R and the naira's N are currencies before a scale, as the peso's P is.
    (
        "The council set aside R380m for pipe replacement.",
        "The council set aside 480 million rand for pipe replacement.",
        "r380m",
    ),
    ("Customs seized goods valued at N1.86 billion.", "Customs seized goods valued at N2.4 billion.", "n1.86"),
    # A financial year names its two years and no other.
    ("Losses rose to 38.6 per cent in 2025/26.", "Losses rose to 38.6 per cent in 2024.", "2025"),
]

# A rewrite that rounds a figure, converts a unit, leaves out a fact or words a date another way.
AGREEING = [
    (
        "Industrial gas costs Rs1,100 per mmBtu in Noorpur, up from Rs 400 in 2021.",
        "Industrial gas costs Rs 1,100 per mmBtu in Noorpur, the chamber said.",
    ),
    (
        "The DSWD has so far extended some P4.6 million in cash aid to families in Samar.",
        "The agency has released P4.6 million in financial assistance to families in Samar so far.",
    ),
    (
        "Typhoon Ursula made landfall over San Rafael at 10:40 p.m. on Saturday.",
        "Typhoon Ursula made landfall over San Rafael at 10:40 on Saturday night.",
    ),
    (
        "Youth unemployment reached 31.6 percent in March, the statistics office said.",
        "Youth unemployment reached almost a third in March, according to the statistics office.",
    ),
    (
        "Youth unemployment reached 31.6 percent in March, the statistics office said.",
        "Youth unemployment reached roughly 32 percent in March, the statistics office said.",
    ),
    (
        "The city issued 4,120 permits in 2023, up from 3,050 the year before.",
        "The city issued 4,120 permits last year, about a third more than the year before.",
    ),
    ("The scheme reached 40 lakh farmers last year.", "The scheme reached 4 million farmers last year."),
    ("The state spent Rs 500 crore on the bridge.", "The state spent 5 billion rupees on the bridge."),
    ("The council borrowed £2.5bn for the tram line.", "The council borrowed 2.5 billion pounds for the tram line."),
    ("The club paid $1.2m for the striker.", "The club paid 1.2 million dollars for the striker."),
    ("Turnout rose 12 per cent in the county.", "Turnout rose 12% in the county."),
    ("Turnout rose 12 percent in the county.", "Turnout in the county rose 12 per cent."),
    ("The plant closed in January of 2016, the union said.", "The plant closed in 2016, the union said."),
    ("The fuel tax will rise to 20 percent come 2016.", "The fuel tax will rise to 20 percent in 2016."),
    ("Prices rose over the year, the office said.", "Prices rose 2.7% over the year, the office said."),
    (
        "The council did not raise taxes, but it cut library hours by 10 percent.",
        "The council cut library hours by 10 percent.",
    ),
    (
        "@JonasEkbergMP: Inflation has fallen from 11.1% to 3.2% in eighteen months #economy",
        "Ekberg: Inflation has fallen from 11.1% to 3.2% in eighteen months",
    ),
    (
        "Council Approves New Budget For Pool Repairs In Harrowfield",
        "The council approved a new budget for pool repairs in Harrowfield",
    ),
    (
        "Peru's legislature passed a resolution allowing U.S. troops into the country from June 1 through Dec. 31.",
        "Lawmakers in Peru approved a resolution letting US troops into the country from June 1 to Dec. 31.",
    ),
]


# Hedged, counted or negated another way: the same figure or predicate, no conflict.
HEDGED = [
    ("Almost 1,300 separate releases of sewage took place in 2025.", "Sewage was released on 1,284 occasions in 2025."),
    ("Fewer than 1,300 homes were started this summer.", "Construction began on 1,240 new homes this summer."),
    ("Mulcahy made more than 200 transfers.", "Mulcahy made 214 unauthorised transfers."),
    ("Close to 40,000 workers have been laid off.", "Nearly 38,000 workers had lost their jobs."),
    ("His bonus topped £400,000.", "He received a bonus of £412,000."),
    ("Members had shed well over a third of their herds.", "Members had destocked by an estimated 38 per cent."),
    ("He admitted two dozen sample charges.", "He pleaded guilty to 24 sample counts."),
    ("Seven in every ten houses were flattened.", "Around 70 percent of houses were destroyed."),
    (
        "The credit union had not paid a dividend for 2023.",
        "The credit union paid its members nothing in dividends for 2023.",
    ),
    # A round figure hedged may be rounded either way; a fraction word is itself a rounding.
    ("Crews dealt with almost 4,800 burst pipes.", "The utility recorded 4,812 burst pipes during the year."),
    ("Donors have given just over a quarter of what is needed.", "Donors had contributed 27 per cent of requirements."),
    ("He had worked there for 19 years.", "He had put in almost two decades there."),
    ("Mains that are more than half a century old.", "Mains that are more than 50 years old."),
    # The same measure in another unit, the same money written with its sign or its name.
    ("The metro has some 132 miles of old mains.", "The metro has 212km of old mains."),
    ("Rice imports reached 4.1 million metric tons this year.", "Imports have topped 4 million tonnes this year."),
    ("Rainfall reached 312 mm in 72 hours.", "A gauge measured more than 30 centimetres of rain."),
    ("The lost volume came to more than 71 million cubic metres.", "That amounts to 71.4 million kilolitres."),
    ("The council earmarked 380 million rand for pipes.", "The council set aside R380m for pipes."),
    ("Goods with a value of N1.86 billion were seized.", "Goods valued at about N1.9bn were seized."),
    # A date within a financial year is in one of its two years.
    ("Losses climbed to nearly 40 per cent in the year to June 2026.", "Losses rose to 38.6 per cent in 2025/26."),
    # Two negations undo each other: "not ... without" says the thing is needed.
    (
        "Enforcement does not work without community cooperation, so we held 14 meetings with rulers.",
        "The command held 14 meetings with rulers to win over border communities.",
    ),
]


@pytest.mark.parametrize(("a", "b"), HEDGED)
def test_hedged_counted_or_otherwise_negated_facts_do_not_conflict(a, b):
    assert similarity.conflict(a, b) == "" and similarity.conflict(b, a) == ""


@pytest.mark.parametrize(("a", "b", "named"), CONFLICTS)
def test_conflicting_facts_are_never_linked_or_suggested(a, b, named):
    for x, y in ((a, b), (b, a)):
        match = similarity.compare(x, y)
        assert match.verdict == "different", (x, y, match)
        assert match.reason and match.reason != "wording too far apart", match
        assert named.lower() in match.reason.lower(), match.reason
        assert similarity.conflict(x, y)
        # However alike the two documents, the gate comes first.
        in_story = similarity.compare(x, y, context=similarity.story_context([x, a, b], [y, a, b]))
        assert in_story.verdict == "different" and in_story.reason == match.reason
    assert similarity.document_matches([[a], [b]], include_suggestions=True) == []


@pytest.mark.parametrize(("a", "b"), AGREEING)
def test_omitted_rounded_or_converted_facts_do_not_conflict_and_still_match(a, b):
    for x, y in ((a, b), (b, a)):
        assert similarity.conflict(x, y) == "", (x, y)
        assert not similarity.compare(x, y).conflicting
        # Told in one story (the two documents known), the pair is suggested.
        match = similarity.compare(x, y, context=similarity.story_context([x], [y]))
        assert match.suggested, (x, y, match)
    assert len(similarity.document_matches([[a], [b]], include_suggestions=True)) == 1


def test_a_conflict_names_the_two_figures():
    reason = similarity.conflict("7,000 soldiers are being sent to Peru.", "700 soldiers are being sent to Peru.")
    assert "7,000 vs 700" in reason


def test_a_decade_is_neither_a_year_nor_a_count():
    facts = similarity.facts_of("It was the busiest summer since the 1970s, and the driest since the '40s.")
    assert not facts.years and not facts.numbers
    assert not similarity.conflict(
        "The summer of 2025 was the busiest for housing starts in Nova Scotia since the 1970s.",
        "Last year was the busiest summer for housing starts in Nova Scotia since the 1970s.",
    )


def test_a_clock_time_is_not_a_count():
    facts = similarity.facts_of("Ursula made landfall at 10:40 p.m., and 7 people were hurt by 6am.")
    assert facts.numbers == {7.0}
    assert sorted(q.text for q in facts.quantities if q.unit == "clock") == ["10:40 p.m.", "6am"]


def test_a_month_of_a_year_and_come_a_year_are_dates_not_figures():
    assert similarity.facts_of("The plant closed in January of 2016.").dates == {"2016-01"}
    facts = similarity.facts_of("The fuel tax will rise come 2016.")
    assert facts.dates == {"2016"} and not facts.numbers


def test_handles_and_hashtags_are_not_names():
    facts = similarity.facts_of("@JonasEkbergMP says #Inflation fell in Nordhavn")
    assert facts.entities == {"nordhavn"}


def test_headline_case_words_are_not_names():
    assert similarity.facts_of("Council Approves New Budget For Pool Repairs").entities == frozenset()


def test_prevent_and_fail_to_negate_what_follows():
    assert "rais" in similarity.facts_of("The law will prevent landlords from raising rents.").negated_words
    assert "approv" in similarity.facts_of("The council failed to approve the budget.").negated_words
    assert "want" in similarity.facts_of("Residents don't want the plant.").negated_words

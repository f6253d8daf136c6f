"""A sentence stating two facts in two clauses is two claims (claims/extraction/clauses.py; no database)."""

from claims.extraction import extract
from claims.extraction.clauses import clauses


def parts(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in clauses(sentence)]


def test_two_figures_either_side_of_while_are_two_clauses():
    sentence = "In Co Leitrim, 48 per cent of premises have signed up, while in Co Mayo the figure is 36 per cent."
    assert parts(sentence) == [
        "In Co Leitrim, 48 per cent of premises have signed up",
        "while in Co Mayo the figure is 36 per cent.",
    ]


def test_a_relative_clause_after_the_subject_stays_with_its_subject():
    assert parts(
        "Calderbrook Water, which supplies some 2.3 million residents, must hand over £48.6m to the regulator."
    ) == ["Calderbrook Water, which supplies some 2.3 million residents", "must hand over £48.6m to the regulator."]


def test_and_that_is_left_out_and_each_part_is_split_again():
    assert parts(
        "A spokesman said two drop-in sessions were held in September and that an online consultation had "
        "received 2,870 responses, while 312 letters arrived by post."
    ) == [
        "A spokesman said two drop-in sessions were held in September",
        "an online consultation had received 2,870 responses",
        "while 312 letters arrived by post.",
    ]


def test_the_closing_attribution_is_left_out_of_the_last_clause():
    assert parts("Food prices rose 2.7% over the year, while energy prices fell 8.4%, according to the bulletin.") == [
        "Food prices rose 2.7% over the year",
        "while energy prices fell 8.4%",
    ]


def test_a_sentence_with_one_fact_is_left_whole():
    for sentence in (
        "Councillors voted six to five in favour of the closure, with the mayor using her casting vote.",
        "The grains group said prices rose 8 percent, and its president warned it would go on one way or another.",
        'He said "costs rose 12 per cent in 2024, and 9 per cent in 2025" before the vote.',
        "The board approved 14 projects, and work starts soon.",
    ):
        assert clauses(sentence) == [(0, len(sentence))], sentence


def test_each_clause_is_a_claim_with_the_sentences_speaker_and_its_own_span_and_figures():
    text = (
        "Harbour budget passes\n\n"
        "The council collected 71,300 tonnes of household waste in 2024-25, of which about 27,200 tonnes "
        "went for recycling, council finance director Maria Olsen said."
    )
    doc = extract(text, is_html=False)
    found = [(c.text, c.speaker, c.numbers) for c in doc.claims]
    assert found == [
        ("The council collected 71,300 tonnes of household waste in 2024-25", "Maria Olsen", (71300.0, 2024.0, 25.0)),
        ("of which about 27,200 tonnes went for recycling", "Maria Olsen", (27200.0,)),
    ], found
    for claim in doc.claims:
        assert doc.text[claim.start : claim.end] == claim.text


def test_a_comparison_with_its_own_figure_is_a_clause():
    assert parts("Bus fares rise 6 per cent from March, up from the 4 per cent increase agreed in 2024.") == [
        "Bus fares rise 6 per cent from March",
        "up from the 4 per cent increase agreed in 2024.",
    ]
    # Too short to be a fact of its own: "up from 3,050".
    sentence = "The city issued 4,120 permits in 2023, up from 3,050."
    assert clauses(sentence) == [(0, len(sentence))]

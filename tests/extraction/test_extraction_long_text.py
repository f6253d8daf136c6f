"""Long paragraphs are split at sentence boundaries, never inside a word."""

import random
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract, sentences

WORDS = "the county approved 1,204 new housing permits in 2023 while officials said rents rose".split()


def random_paragraph(rng: random.Random, size: int) -> str:
    """Return one line of invented sentences, some with quotes, numbers and odd spacing."""
    out: list[str] = []
    length = 0
    while length < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 40))]
        sentence = " ".join(words).capitalize() + rng.choice([".", ".", "?", "!", ".”", "…"])
        if rng.random() < 0.05:
            sentence = "x" * rng.randint(50, 400)  # a run with no space at all
        out.append(sentence)
        length += len(sentence) + 1
    return rng.choice([" ", "  ", "\t "]).join(out)


def mid_word(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def test_pieces_of_a_long_paragraph_never_cut_inside_a_word():
    rng = random.Random(12)
    for _ in range(200):
        paragraph = random_paragraph(rng, rng.randint(10, 3000))
        limit = rng.randint(60, 500)
        spans = list(sentences.pieces(paragraph, limit))
        assert spans[0][0] == 0 and spans[-1][1] == len(paragraph)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end == start
        for start, end in spans:
            assert end - start <= limit
            # Only a run of more than `limit` characters without a space may be cut inside.
            if mid_word(paragraph, end):
                assert " " not in paragraph[start:end] and "\t" not in paragraph[start:end]


def test_a_100_kb_paragraph_becomes_whole_sentences():
    rng = random.Random(7)
    paragraph = random_paragraph(rng, 110_000).replace("x" * 50, "xx ")
    text = "Headline\n" + paragraph + "\nLast line."
    spans = list(sentences.split(text))
    assert len(spans) > 300
    for start, end in spans:
        assert not mid_word(text, start) and not mid_word(text, end)


def test_no_claim_from_a_long_transcript_starts_mid_word():
    sentence = "The council approved 1,204 new housing permits in 2023, the clerk said. "
    doc = extract(sentence * 1800)  # ~130 KB on one line
    assert doc.claims
    for claim in doc.claims:
        assert claim.text == sentence.strip()


# Any paragraph, at any length: words, numbers, quotes and sentence ends in any order, on one
# line, and a cut limit small enough that the pieces path runs on every example.
TOKENS = st.sampled_from(
    ["the", "council", "approved", "1,204", "permits", "in", "2023", "U.S.", "Dec.", "“rents", "rose”", "x" * 70]
)
ENDS = st.sampled_from([".", "?", "!", ".”", "…", "", ";", ","])


@st.composite
def long_paragraphs(draw) -> str:
    sentences_ = draw(st.lists(st.tuples(st.lists(TOKENS, min_size=1, max_size=30), ENDS), min_size=1, max_size=60))
    gaps = draw(st.sampled_from([" ", "  ", "\t "]))
    return gaps.join(" ".join(words) + end for words, end in sentences_)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph=long_paragraphs(), limit=st.integers(min_value=80, max_value=400))
def test_no_sentence_or_claim_of_a_long_paragraph_starts_or_ends_inside_a_word(paragraph, limit):
    text = "Headline\n" + paragraph + "\nThe council approved 12 permits, the clerk said."
    with mock.patch.object(sentences, "MAX_SEGMENT", limit):  # long paragraphs go to spaCy in pieces
        spans = list(sentences.split(text))
        doc = extract(text)
    for start, end in spans:
        assert not mid_word(text, start), text[max(start - 10, 0) : start + 10]
        assert not mid_word(text, end), text[max(end - 10, 0) : end + 10]
    for claim in doc.claims:
        assert doc.text[claim.start : claim.end] == claim.text
        assert not mid_word(doc.text, claim.start) and not mid_word(doc.text, claim.end), claim.text

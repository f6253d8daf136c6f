"""Long paragraphs are split at sentence boundaries, never inside a word."""

import random

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

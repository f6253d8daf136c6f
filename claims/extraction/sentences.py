"""Sentence segmentation with spaCy's rule-based sentencizer (no model download)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

OPENING_QUOTES = '“"‘«'
MAX_SEGMENT = 100_000  # spaCy's nlp.max_length guard; longer paragraphs are cut.


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of text, paragraph by paragraph."""
    nlp = _nlp()
    pos = 0
    for paragraph in text.split("\n"):
        p_start = pos
        pos += len(paragraph) + 1
        if not paragraph.strip():
            continue
        spans: list[list[int]] = []
        for chunk_start in range(0, len(paragraph), MAX_SEGMENT):
            chunk = paragraph[chunk_start : chunk_start + MAX_SEGMENT]
            for sent in nlp(chunk).sents:
                spans.append([p_start + chunk_start + sent.start_char, p_start + chunk_start + sent.end_char])
        # spaCy leaves an opening quotation mark at the end of the sentence before it.
        for prev, cur in zip(spans, spans[1:], strict=False):
            head = text[prev[0] : prev[1]].rstrip()
            if len(head) > 1 and head[-1] in OPENING_QUOTES and head[-2].isspace():
                cut = prev[0] + len(head) - 1
                prev[1], cur[0] = cut, cut
        for start, end in spans:
            # Trim surrounding whitespace so offsets slice exactly the text.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                yield start, end

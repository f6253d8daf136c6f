"""Sentence segmentation with spaCy's rule-based sentencizer (no model download)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

OPENING_QUOTES = '“"‘«'
MAX_SEGMENT = 20_000  # longer paragraphs go to spaCy in pieces cut at sentence ends
# Where a piece may end: after a full stop (and any closing quote or bracket) followed by space.
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")
# Titles that spaCy's English exceptions do not know, in the house styles of many newsrooms
# ("Principal Secretary Eng. Mary Gathoni", "DR. CRUZ", "Supt. Reyes", "Executive Order No. 88"):
# a sentence ending in one runs on into the name (or number) that follows.
TITLE_END = re.compile(
    r"(?:^|[\s(\[])(?:Dr|Mr|Mrs|Ms|Eng|Engr|Hon|Atty|Supt|Insp|Sgt|Capt|Lt|Col|Gen|Fr|Amb|Sec|Cllr|Pres|Cong|"
    r"Brig|Maj|Cdr|Det|Const|Dy|Ir|Ar|Adv|Prof|Sen|Rep|Gov|Rev|Msgr|Cpl|Pvt|Adm|Cmdr|Insp|Asst|Assoc|Dir|Dep)\.$",
    re.I,
)
NUMBER_END = re.compile(r"(?:^|\s)(?:No|Nos|Art|Sec|Vol|Ch|Para|Reg)\.$")
# Every match of either pattern is at most 7 characters (a space, a title, the full stop) at the end.
TAIL = 8


def tail_of(head: str) -> str:
    """Return the end of head that TITLE_END and NUMBER_END answer for as they would for head.

    The last TAIL characters, behind an "x" so that "^" cannot match where the cut falls (no title
    starts with an x): searching them costs what a short head costs, not a long sentence.
    """
    return head if len(head) <= TAIL else "x" + head[-TAIL:]


# What may end a paragraph without starting another sentence: full stops and closing marks, all
# punctuation to spaCy.
CLOSING = ".!?…\"”’')]»"


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _sentence_punctuation() -> frozenset[str]:
    """Return the characters spaCy's sentencizer ends sentences at."""
    return frozenset(c for c in _nlp().get_pipe("sentencizer").punct_chars if len(c) == 1)


def one_sentence(paragraph: str) -> bool:
    """Return True when the sentencizer cannot cut paragraph: no sentence-ending mark stands
    before its closing run of full stops, quotation marks and brackets (spaCy starts a sentence
    only at a token after such a mark that is not punctuation itself)."""
    body = paragraph.rstrip(CLOSING)
    if body.isascii():
        return "." not in body and "!" not in body and "?" not in body
    return _sentence_punctuation().isdisjoint(body)


def pieces(paragraph: str, limit: int = MAX_SEGMENT) -> Iterator[tuple[int, int]]:
    """Yield (start, end) pieces of a paragraph no longer than limit, cut between sentences.

    A pasted transcript or PDF text can be one paragraph of 100 KB. Each piece ends at the last
    sentence end before the limit; failing that at the last space, so no piece starts or ends
    inside a word; a single "word" longer than the limit (no space at all) is cut where it must.
    """
    start, n = 0, len(paragraph)
    while n - start > limit:
        window = paragraph[start : start + limit]
        cut = 0
        for m in SENTENCE_END.finditer(window, limit // 2):
            cut = m.end()
        if not cut:
            cut = window.rfind(" ") + 1 or window.rfind("\t") + 1 or limit
        yield start, start + cut
        start += cut
    if start < n:
        yield start, n


def split(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of text, paragraph by paragraph."""
    nlp = _nlp()
    # A paragraph spaCy cannot cut (``one_sentence``) is one sentence without asking it. Every piece
    # of the others goes through spaCy's tokenizer and sentencizer (what nlp() and nlp.pipe() run,
    # without their per-call machinery), then paragraphs are read in order. Each non-blank
    # paragraph: the number of its pieces, or its span when it is one sentence.
    paragraphs: list[int | tuple[int, int]] = []
    offsets: list[int] = []  # each piece's start in text
    chunks: list[str] = []
    pos = 0
    for paragraph in text.split("\n"):
        p_start = pos
        pos += len(paragraph) + 1
        if not paragraph.strip():
            continue
        if len(paragraph) <= MAX_SEGMENT and one_sentence(paragraph):
            paragraphs.append((p_start, p_start + len(paragraph)))
            continue
        paragraphs.append(0)
        for chunk_start, chunk_end in pieces(paragraph, MAX_SEGMENT):
            chunks.append(paragraph[chunk_start:chunk_end])
            offsets.append(p_start + chunk_start)
            paragraphs[-1] += 1
    tokenizer, sentencizer = nlp.tokenizer, nlp.get_pipe("sentencizer")
    docs = iter(zip(offsets, (sentencizer(tokenizer(chunk)) for chunk in chunks), strict=True))
    for n_pieces in paragraphs:
        if isinstance(n_pieces, tuple):
            spans = [list(n_pieces)]
            n_pieces = 0
        else:
            spans = []
        for _ in range(n_pieces):
            offset, doc = next(docs)
            for sent in doc.sents:
                spans.append([offset + sent.start_char, offset + sent.end_char])
        # spaCy leaves an opening quotation mark at the end of the sentence before it.
        for prev, cur in zip(spans, spans[1:], strict=False):
            head = text[prev[0] : prev[1]].rstrip()
            if len(head) > 1 and head[-1] in OPENING_QUOTES and head[-2].isspace():
                cut = prev[0] + len(head) - 1
                prev[1], cur[0] = cut, cut
        merged: list[list[int]] = []
        for span in spans:
            if merged:
                head = text[merged[-1][0] : merged[-1][1]].rstrip()
                nxt = text[span[0] : span[1]].lstrip()[:1]
                # (both patterns end in a full stop: most heads end otherwise, or in no title)
                if head.endswith(".") and (
                    (nxt.isupper() and TITLE_END.search(tail_of(head)))
                    or (nxt.isdigit() and NUMBER_END.search(tail_of(head)))
                ):
                    merged[-1][1] = span[1]
                    continue
            merged.append(span)
        for start, end in merged:
            # Trim surrounding whitespace so offsets slice exactly the text.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                yield start, end

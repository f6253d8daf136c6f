"""A sentence that states two facts, split into its clauses. Pure Python, no Django import.

"The council collected 71,300 tonnes of household waste in 2024-25, of which about 27,200 tonnes
went for recycling" states two figures, and another outlet reports each on its own ("27,200
tonnes were recycled"); as one claim it can be matched to one of them only, and a reviewer
checks two facts under one verdict. A sentence is split where a clause boundary has a figure
(a number, a number word or a date) and at least MIN_WORDS words on each side:

- ", while", ", whereas", ", leaving", ", of which", " and that", ", and" + a clause;
- a comparison with its own figure: ", down from the 5 per cent awarded last year" (", up
  from", ", compared with"), the earlier figure a fact another outlet may report alone;
- a relative clause after the subject, set off by commas, whose own figure is not the main
  clause's ("Calderbrook Water, which supplies some 2.3 million residents, must hand over
  £48.6m" -> "Calderbrook Water, which supplies some 2.3 million residents" / "must hand over
  £48.6m"), or one ending the sentence (", which she read in a speech of two hours").

Never inside quotation marks or brackets. Each part is split again the same way, and the
last part leaves out the sentence's closing attribution (", according to NBI.").
"""

from __future__ import annotations

import re

from . import features

MIN_WORDS = 4
# The word opening the second clause; "and" and "and that" are left out of the clause.
BOUNDARY = re.compile(
    r",\s+(?P<word>while|whereas|leaving|of which|and that|and|which|who|whose|where"
    r"|down from|up from|compared with|compared to)\s|\s(?P<that>and that)\s"
)
DROPPED = ("and", "and that")
RELATIVE = ("which", "who", "whose", "where")
# Who said it, closing the sentence (", according to the office's bulletin.", ", the finance
# department said in a summary."): the claim's speaker, not part of the last clause's fact.
TAIL = re.compile(
    r",\s+(?:according to [^,]+|[^,]{0,60}?\b(?:said|says|told|added|noted|reported|announced)\b[^,]*)[.!]?\s*$"
)


def _words(text: str) -> int:
    return len(re.findall(r"\S*\w\S*", text))  # "3,050" and "£48.6m" are one word each


def _has_figure(text: str) -> bool:
    # "one" is a figure only in digits: "one way or another", "one of the reasons" state none.
    return any(n != 1 for n in features.numbers_in(text)) or "1" in text or bool(features.dates_in(text))


def _nested(text: str, at: int) -> bool:
    """Tell whether position `at` is inside quotation marks or brackets."""
    before = text[:at]
    if before.count('"') % 2:
        return True
    return sum(before.count(c) for c in "“([") > sum(before.count(c) for c in "”)]")


def _part(text: str, start: int, end: int) -> tuple[int, int]:
    """Return (start, end) of text[start:end] without the spaces and commas at its ends."""
    while start < end and text[start] in " ,;—–-":
        start += 1
    while end > start and text[end - 1] in " ,;—–-":
        end -= 1
    return start, end


def _splits(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Return the first clause boundary of text[start:end] with a figure and MIN_WORDS words each side."""
    for m in BOUNDARY.finditer(text, start, end):
        if _nested(text, m.start()):
            continue
        word = m["word"] or m["that"]
        second_at = m.end() if word in DROPPED else m.start("word")
        first, second = (start, m.start()), (second_at, end)
        if word in RELATIVE:
            # A relative clause set off by commas after the subject: the subject keeps it, and
            # the main clause (its verb after the closing comma) is the second part.
            close = re.compile(r",\s+(?=[a-z])").search(text, m.end(), end)
            if close and not _nested(text, close.start()):
                first, second = (start, close.start()), (close.end(), end)
        first, second = _part(text, *first), _part(text, *second)
        pieces = [text[a:b] for a, b in (first, second)]
        if all(_words(p) >= MIN_WORDS and _has_figure(p) for p in pieces):
            return first, second
    return None


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the sentence's clauses that state facts of their own: [(0, len)] when one."""
    pending, out = [_part(sentence, 0, len(sentence))], []
    while pending:
        start, end = pending.pop(0)
        split = _splits(sentence, start, end)
        if split is None:
            out.append((start, end))
        else:
            pending[:0] = list(split)
    if len(out) == 1:
        return [(0, len(sentence))]
    start, end = out[-1]
    tail = TAIL.search(sentence, start, end)
    if tail and _words(sentence[start : tail.start()]) >= MIN_WORDS and _has_figure(sentence[start : tail.start()]):
        out[-1] = (start, tail.start())
    return out

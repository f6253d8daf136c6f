"""Find a quoted excerpt in a source's text: the check behind "found in the source".

Pure Python, no Django. Both texts are normalised the same way before comparing:
case, runs of whitespace, curly and straight quotes, every dash, soft hyphens, and
words hyphenated across a line break ("com-\\npleted"). An excerpt with an ellipsis
is found when its parts appear in order. When the exact normalised text is absent,
a small edit distance (about one character in fifteen, for OCR noise) is allowed on
excerpts long enough for that to be safe; short excerpts must match exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.|\[\s*(?:\u2026|\.\.\.)\s*\])\s*")
# A word broken at a line end: letter, hyphen, the line break (and indentation), letter.
LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[^\W\d_])")
FUZZY_MIN_CHARS = 30  # shorter excerpts must be found exactly
FUZZY_RATE = 15  # one edit allowed per this many characters


@dataclass(frozen=True)
class Match:
    """Where an excerpt was found: offsets into the original text, edits needed, paragraph and line (1-based)."""

    start: int
    end: int
    distance: int
    paragraph: int
    line: int

    def describe(self) -> str:
        return f"paragraph {self.paragraph}, line {self.line}"


def normalise(text: str) -> tuple[str, list[int]]:
    """Return text normalised for comparison, and for each of its characters the offset it came from."""
    out: list[str] = []
    origin: list[int] = []
    skip_until = -1
    joins = {m.start(): m.end() for m in LINE_HYPHEN.finditer(text)}
    space = False
    for i, char in enumerate(text):
        if i < skip_until:
            continue
        if i in joins:
            skip_until = joins[i]
            continue
        if char == "\u00ad":  # soft hyphen
            continue
        char = char.translate(QUOTES)
        if char.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            origin.append(i)
            space = False
        for lowered in char.lower():
            out.append(lowered)
            origin.append(i)
    return "".join(out), origin


def _parts(excerpt: str) -> list[str]:
    body = excerpt.strip().strip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb").strip()
    parts = [normalise(part)[0].strip(" \"'") for part in ELLIPSIS.split(body)]
    return [part for part in parts if part]


def _fuzzy(pattern: str, text: str, k: int, start: int = 0) -> tuple[int, int] | None:
    """Return (edits, end offset) of the best approximate occurrence of pattern in text[start:], within k edits.

    Myers' bit-parallel algorithm: one pass over the text, the pattern's columns in an int.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    best = None
    for j in range(start, len(text)):
        eq = peq.get(text[j], 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= k and (best is None or score < best[0]):
            best = (score, j + 1)
            if score == 0:
                break
    return best


def _fuzzy_search(pattern: str, text: str, k: int, start: int) -> tuple[int, int] | None:
    """Return the best occurrence within k edits, scanning only windows around exact pieces of the pattern.

    Cut into k+1 pieces, a pattern with at most k edits keeps at least one piece intact
    (pigeonhole), so only text near an exact piece can hold a match.
    """
    m = len(pattern)
    size = m // (k + 1)
    windows = []
    for n in range(k + 1):
        piece = pattern[n * size : (n + 1) * size]
        at = text.find(piece, start)
        while at >= 0:
            begin = max(start, at - n * size - k)
            windows.append((begin, min(len(text), begin + m + 2 * k + size)))
            at = text.find(piece, at + 1)
    best = None
    last_end = -1
    for begin, end in sorted(windows):
        if end <= last_end:
            continue
        begin = max(begin, last_end - m - k) if last_end > 0 else begin
        found = _fuzzy(pattern, text[:end], k, begin)
        last_end = end
        if found and (best is None or found[0] < best[0]):
            best = found
    return best


def _locate(text: str, offset: int) -> tuple[int, int]:
    """Return the paragraph (blocks between blank lines) and line of an offset, both 1-based."""
    before = text[:offset]
    blocks = [block for block in re.split(r"\n[ \t]*\n", before + "x") if block.strip()]
    return len(blocks), before.count("\n") + 1


def find_excerpt(excerpt: str, text: str) -> Match | None:
    """Return where the excerpt occurs in text (normalised, with a little OCR tolerance), or None."""
    parts = _parts(excerpt)
    if not parts or not text:
        return None
    haystack, origin = normalise(text)
    position, first, distance, end = 0, None, 0, 0
    for part in parts:
        at = haystack.find(part, position)
        if at >= 0:
            found_start, found_end, edits = at, at + len(part), 0
        else:
            if len(part) < FUZZY_MIN_CHARS:
                return None
            best = _fuzzy_search(part, haystack, max(1, len(part) // FUZZY_RATE), position)
            if best is None:
                return None
            edits, found_end = best
            found_start = max(position, found_end - len(part))
        first = found_start if first is None else first
        distance += edits
        end = found_end
        position = found_end
    start = origin[first]
    paragraph, line = _locate(text, start)
    return Match(start=start, end=origin[end - 1] + 1, distance=distance, paragraph=paragraph, line=line)

"""Facts about a claim: its numbers and dates (normalised for matching and filters) and its kind."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
MONTHS = "january february march april may june july august september october november december".split()
MONTH_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b(?:,?\s+(\d{4}))?"
)
MONTH_YEAR = re.compile(r"\b(" + "|".join(m.title() for m in MONTHS) + r")\s+(?:of\s+)?((?:19|20)\d\d)\b")
YEAR_ONLY = re.compile(r"\b(?:in|since|by|from|until|of|before|after|to)\s+((?:19|20)\d\d)\b")
DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w)")
WORD_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(?:[\s-]+(" + "|".join(NUMBER_WORDS) + r"))*\b")
NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without)\b|n['’]t\b")
OFFICIAL = re.compile(
    r"\b(resolution|legislature|congress|parliament|senate|law|bill|decree|court|ruling|"
    r"approved|passed|signed|voted|ordered|authori[sz]ed|ambassador|ministry|government)\b",
)
LEGAL = re.compile(r"\b(unconstitutional|illegal|crimes?|lawsuit|prosecut\w+|indict\w+|court|statute)\b")
REPORTING = re.compile(
    r"\b(said|says|told|claimed|claims|announced|wrote|tweeted|denied|stated|reported|according to|cited)\b",
)
EVENT = re.compile(
    r"\b(sent|recalled|killed|died|arrested|committed|deployed|heading|installed|launched|"
    r"denounced|expelled|attacked|called|visited|met|began|ended)\b",
)


MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALED = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion|[kmb]n?)\b")


def numbers_in(text: str) -> list[float]:
    """Return the numbers a sentence states, in digits or words, normalised to floats.

    "$18.5 million" gives 18500000.0, "Seven hundred" 700.0, "49" 49.0; years stay as they are.
    """
    text = text.lower()  # the patterns are lower-case (case-insensitive regexes are slow)
    found: list[float] = []
    scaled_spans = []
    for m in SCALED.finditer(text):
        unit = m[2].lower()
        factor = MAGNITUDE.get(unit) or {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}.get(unit)
        if factor is None:
            continue
        try:
            found.append(float(m[1].replace(",", "")) * factor)
        except ValueError:
            continue
        scaled_spans.append((m.start(), m.end()))
    for m in DIGITS.finditer(text):
        if any(a <= m.start() < b for a, b in scaled_spans):
            continue
        try:
            found.append(float(m[1].replace(",", "")))
        except ValueError:
            continue
    for m in WORD_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in scaled_spans):
            continue
        words = re.split(r"[\s-]+", m[0].lower())
        total, current = 0, 0
        for w in words:
            n = NUMBER_WORDS[w]
            if n in (100, 1000, 1_000_000, 1_000_000_000):
                current = max(current, 1) * n
                if n >= 1000:
                    total, current = total + current, 0
            else:
                current += n
        found.append(float(total + current))
    return found


def dates_in(text: str) -> list[str]:
    """Return dates named in a sentence: 'YYYY-MM-DD', 'MM-DD' (no year given), 'YYYY-MM' or 'YYYY'."""
    out = []
    for m in MONTH_RE.finditer(text):
        month = next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(m[1].lower()[:3])), None)
        if month is None:
            continue
        day = int(m[2])
        if not 1 <= day <= 31:
            continue
        out.append(f"{m[3]}-{month:02d}-{day:02d}" if m[3] else f"{month:02d}-{day:02d}")
    for m in MONTH_YEAR.finditer(text):
        month = MONTHS.index(m[1].lower()) + 1
        out.append(f"{m[2]}-{month:02d}")
    for m in YEAR_ONLY.finditer(text):
        if not any(d.startswith(m[1]) for d in out):
            out.append(m[1])
    return out


def has_negation(text: str) -> bool:
    """Return True when the sentence negates (not, never, no ...)."""
    return bool(NEGATION.search(text.lower()))


def kind_of(text: str, *, attributed: bool, numbers: list[float] | tuple[float, ...] | None = None) -> str:
    """Return the claim kind: quantity, legal, official, event, statement or other."""
    if numbers if numbers is not None else numbers_in(text):
        return "quantity"
    text = text.lower()
    if LEGAL.search(text):
        return "legal"
    if OFFICIAL.search(text):
        return "official"
    if attributed or REPORTING.search(text):
        return "statement"
    if EVENT.search(text):
        return "event"
    return "other"

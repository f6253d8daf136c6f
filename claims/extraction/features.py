"""Facts about a sentence: numbers, dates, kind, and a check-worthiness score."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
}
MONTHS = (
    "january february march april may june july august september october november december".split()
)
MONTH_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b(?:,?\s+(\d{4}))?"
)
DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w)")
WORD_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(?:[\s-]+(" + "|".join(NUMBER_WORDS) + r"))*\b", re.I)
NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without)\b|n['’]t\b", re.I)
OFFICIAL = re.compile(
    r"\b(resolution|legislature|congress|parliament|senate|law|bill|decree|court|ruling|"
    r"approved|passed|signed|voted|ordered|authori[sz]ed|ambassador|ministry|government)\b",
    re.I,
)
LEGAL = re.compile(r"\b(unconstitutional|illegal|crimes?|lawsuit|prosecut\w+|indict\w+|court|statute)\b", re.I)
REPORTING = re.compile(
    r"\b(said|says|told|claimed|claims|announced|wrote|tweeted|denied|stated|reported|according to|cited)\b",
    re.I,
)
OPINION = re.compile(
    r"\b(I think|I believe|we want|we don['’]t want|should|must|I call|I do not blame|hope|"
    r"wonderful|terrible|great|huge|nada)\b",
    re.I,
)
EVENT = re.compile(
    r"\b(sent|recalled|killed|died|arrested|committed|deployed|heading|installed|launched|"
    r"denounced|expelled|attacked|called|visited|met|began|ended)\b",
    re.I,
)


def numbers_in(text: str) -> list[float]:
    """Return the numbers a sentence states, in digits or words, normalised to floats."""
    found: list[float] = []
    for m in DIGITS.finditer(text):
        try:
            found.append(float(m[1].replace(",", "")))
        except ValueError:
            continue
    for m in WORD_NUMBER.finditer(text):
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
    """Return dates named in a sentence as 'MM-DD' or 'YYYY-MM-DD' strings."""
    out = []
    for m in MONTH_RE.finditer(text):
        month = next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(m[1].lower()[:3])), None)
        if month is None:
            continue
        day = int(m[2])
        if not 1 <= day <= 31:
            continue
        out.append(f"{m[3]}-{month:02d}-{day:02d}" if m[3] else f"{month:02d}-{day:02d}")
    return out


def has_negation(text: str) -> bool:
    return bool(NEGATION.search(text))


def kind_of(text: str, *, attributed: bool) -> str:
    """Return the claim kind: quantity, legal, official, event, statement or other."""
    if numbers_in(text):
        return "quantity"
    if LEGAL.search(text):
        return "legal"
    if OFFICIAL.search(text):
        return "official"
    if attributed or REPORTING.search(text):
        return "statement"
    if EVENT.search(text):
        return "event"
    return "other"


def checkworthiness(text: str) -> float:
    """Return a 0–1 heuristic check-worthiness score for one sentence."""
    words = re.findall(r"\w+", text)
    if len(words) < 5:
        return 0.05
    score = 0.35
    if numbers_in(text) or dates_in(text):
        score += 0.25
    if OFFICIAL.search(text) or LEGAL.search(text):
        score += 0.15
    if EVENT.search(text):
        score += 0.1
    if REPORTING.search(text):
        score += 0.1
    if re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", text):
        score += 0.1
    if text.rstrip().endswith("?"):
        score -= 0.4
    if OPINION.search(text):
        score -= 0.3
    return max(0.0, min(1.0, score))

"""The facts a claim states, and when two claims' facts CONFLICT. No Django import.

facts_of(text)     figures with their unit and precision, dates, negated predicates, named entities
facts_record(f)    the Facts as JSON, stored with each claim at write time (Claim.match_facts)
stored_facts(r, t) the Facts of a stored record, or facts_of(t) when the parser has changed since
conflict(a, b)     why two wordings cannot state the same fact, or "" (facts_conflict on Facts)

A conflict is a different value for the same kind of quantity (700 vs 7,000 soldiers, 12% vs
21%), a different year, month or day, a different name in the same place of the sentence
(Leeds vs Bradford), names swapped round, or a predicate negated on one side only ("approved" /
"failed to approve"). A fact that one wording leaves out is no conflict: rewrites drop
comparison figures, dates and names. Figures agree within their rounding ("31.6 percent" /
"roughly 32 percent"), within a tenth when one is hedged ("almost a third"), across scales and
units ("40 lakh" / "4 million", "£2.5bn" / "2.5 billion pounds", "per cent" / "%").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from ..extraction import features
from .wording import (
    ALIAS_WORDS,
    ENTITY,
    ENTITY_ALIASES,
    MONTH_NAMES,
    QUOTES,
    STOPWORDS,
    WEEKDAYS,
    is_common_word,
    normalise,
    stem,
    without_post_trailer,
)

MONTHS = features.MONTHS
MONTH_ABBR = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
MONTH_DAY = re.compile(rf"\b{MONTH_ABBR}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d)\b)?")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_ABBR}(?:,?\s+((?:19|20)\d\d)\b)?")
MONTH_YEAR = re.compile(rf"\b{MONTH_ABBR}\s+(?:of\s+)?((?:19|20)\d\d)\b")
# A month on its own is a date only as a full name ("in March"), "May" only after a preposition.
MONTH_ALONE = re.compile(
    r"\b(?:(?<=in |by |of |to )May|January|February|March|April|June|July|August|September|October|November|December)\b"
)

SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# A dollar sign alone says "a dollar" and no more: the outlet's own country's (NZ$, A$, C$ …
# written in full by another outlet). It agrees with any dollar, a named dollar with no other.
CURRENCY_SIGNS = {
    "$": "dol",
    "us$": "usd",
    "nz$": "nzd",
    "a$": "aud",
    "au$": "aud",
    "c$": "cad",
    "ca$": "cad",
    "hk$": "hkd",
    "s$": "sgd",
    "fj$": "fjd",
    "£": "gbp",
    "€": "eur",
    "₹": "inr",
    "rs": "inr",
    "rs.": "inr",
    "₱": "php",
    "php": "php",
    "p": "php",  # only before thousands or a scale: PESO_P
    "r": "zar",  # the rand's "R" and the naira's "N": only before thousands or a scale, as the peso's "P"
    "n": "ngn",
    "₦": "ngn",
    "rm": "myr",
    "ksh": "kes",
    "ksh.": "kes",
}
UNIT_WORDS = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pc": "%",
    "percentage point": "pt",
    "percentage points": "pt",
    "point": "pt",
    "points": "pt",
    "dollar": "dol",
    "dollars": "dol",
    "us dollar": "usd",
    "u.s. dollar": "usd",
    "american dollar": "usd",
    "australian dollar": "aud",
    "new zealand dollar": "nzd",
    "canadian dollar": "cad",
    "hong kong dollar": "hkd",
    "singapore dollar": "sgd",
    "fiji dollar": "fjd",
    "fijian dollar": "fjd",
    "degree celsius": "degc",
    "degrees celsius": "degc",
    "degree centigrade": "degc",
    "degrees centigrade": "degc",
    "degrees c": "degc",
    "°c": "degc",
    "c": "degc",
    "degree fahrenheit": "degf",
    "degrees fahrenheit": "degf",
    "degrees f": "degf",
    "°f": "degf",
    "f": "degf",
    "pound": "gbp",
    "pounds": "gbp",
    "euro": "eur",
    "euros": "eur",
    "rupee": "inr",
    "rupees": "inr",
    "peso": "php",
    "pesos": "php",
    "rand": "zar",
    "naira": "ngn",
    "ringgit": "myr",
    "shillings": "kes",
}
# Measures, read in one unit per dimension so that a rewrite's conversion agrees ("212km" /
# "132 miles", "312 mm" / "30 centimetres", "71 million cubic metres" / "71.4 million
# kilolitres"): the unit written -> (canonical code, factor).
MEASURES = {
    "mm": ("m", 0.001),
    "millimetre": ("m", 0.001),
    "millimeter": ("m", 0.001),
    "cm": ("m", 0.01),
    "centimetre": ("m", 0.01),
    "centimeter": ("m", 0.01),
    "metre": ("m", 1.0),
    "meter": ("m", 1.0),
    "km": ("m", 1000.0),
    "kilometre": ("m", 1000.0),
    "kilometer": ("m", 1000.0),
    "mile": ("m", 1609.344),
    "litre": ("m3", 0.001),
    "liter": ("m3", 0.001),
    "kilolitre": ("m3", 1.0),
    "kiloliter": ("m3", 1.0),
    "megalitre": ("m3", 1000.0),
    "megaliter": ("m3", 1000.0),
    "cubic metre": ("m3", 1.0),
    "cubic meter": ("m3", 1.0),
    "kg": ("kg", 1.0),
    "kilogram": ("kg", 1.0),
    "kilo": ("kg", 1.0),
    "tonne": ("kg", 1000.0),
    "ton": ("kg", 1000.0),  # a short ton is 907 kg: within the rounding a rewrite gives "tons" anyway
    "metric ton": ("kg", 1000.0),
    "metric tonne": ("kg", 1000.0),
    "hectare": ("m2", 10_000.0),
    "ha": ("m2", 10_000.0),
    "acre": ("m2", 4046.856),
    "square kilometre": ("m2", 1e6),
    "square kilometer": ("m2", 1e6),
    "sq km": ("m2", 1e6),
    "foot": ("m", 0.3048),
    "feet": ("m", 0.3048),
    "gallon": ("m3", 0.003785),  # the US gallon: an American outlet's "317,000 gallons" is 1.2 million litres
    "kph": ("kmh", 1.0),
    "km/h": ("kmh", 1.0),
    "kmh": ("kmh", 1.0),
    "kilometres per hour": ("kmh", 1.0),
    "kilometers per hour": ("kmh", 1.0),
    "mph": ("kmh", 1.609344),
    "miles per hour": ("kmh", 1.609344),
    "hour": ("h", 1.0),
    "day": ("h", 24.0),
    "week": ("h", 168.0),
}
MEASURE_UNIT = (
    r"|(?:kilometres|kilometers|miles) per hour\b|kph\b|km/h|kmh\b|mph\b|feet\b|foot\b|gallons?\b"
    r"|hours?\b|days?\b|weeks?\b"
    r"|(?:cubic|square|sq)\s(?:metres?|meters?|kilometres?|kilometers?|km)\b"
    r"|(?:milli|centi|kilo)?(?:metres?|meters?)\b|(?:kilo|mega)?(?:litres?|liters?)\b|kilograms?\b|kilos?\b"
    r"|(?:metric\s)?tonnes?\b|(?:metric\s)?tons?\b|miles?\b|hectares?\b|acres?\b|mm\b|cm\b|km\b|kg\b|ha\b"
)
# Units that measure the same dimension: a different value in the same dimension is a conflict.
DIMENSION = {
    "%": "share",
    "pt": "share",
    "usd": "money",
    "dol": "money",
    "nzd": "money",
    "aud": "money",
    "cad": "money",
    "hkd": "money",
    "sgd": "money",
    "fjd": "money",
    "degc": "temperature",
    "degf": "temperature",
    "gbp": "money",
    "eur": "money",
    "inr": "money",
    "php": "money",
    "clock": "clock",
    "zar": "money",
    "ngn": "money",
    "myr": "money",
    "kes": "money",
    "m": "length",
    "m3": "volume",
    "kg": "mass",
    "m2": "area",
    "kmh": "speed",
    "h": "duration",
}
# A currency written against its figure ("Rs1,100", "PHP31.6 billion") is read as well as one
# spaced from it; "P" is the Philippine peso only before thousands or a scale ("P4.6 million",
# "P1,500"), not a code such as "P2".
PESO_P = r"\b[pnr](?=\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:thousand|million|billion|trillion|bn|m|k)\b)"
QUANTITY = re.compile(
    rf"(?:(?P<cur>\b(?:us|nz|au?|ca?|hk|s|fj)\$|[$£€₹₱₦]|\brs\.?|\bphp|\brm(?=\d)|\bksh\.?|{PESO_P})\s?|(?<![\w.,]))"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w,]*\d)"
    r"(?:[\s-]?(?P<scale>thousand|lakhs?|million|crores?|billion|trillion|k|mn|m|bn|b|tn)\b)?"
    r"(?:[\s-]?(?P<unit>%|percentage points?\b|per\s?cent\b|percent\b|pc\b|points?\b"
    r"|(?:(?:us|u\.s\.|american|australian|new zealand|canadian|hong kong|singapore|fiji|fijian)\s)?dollars?\b"
    r"|degrees?\s(?:celsius|centigrade|fahrenheit|c|f)\b|°\s?[cf]\b|[cf]\b(?![.'’]\w)|pounds?\b|euros?\b|rupees?\b|pesos?\b|rand\b|naira\b|ringgit\b|shillings\b"
    rf"{MEASURE_UNIT}))?"
)
# A financial year ("2025/26", "2024-25") names both its years: "June 2026" is within "2025/26".
FISCAL_YEAR = re.compile(r"\b((?:19|20)\d\d)\s?[/–-]\s?(\d\d)\b(?!\s?(?:%|per\s?cent|percent))")
# Spans of years said in words: "two decades" is 20 years, "half a century" 50.
DECADES = re.compile(r"\b(\d+)\s+decades?\b")
CENTURY = re.compile(r"\b(half a|a|one)\s+century\b")
DECADE = re.compile(r"\b(?:1[5-9]|20)\d0['’]?s\b|['’]\d0s\b")
CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<min>\d\d)(?:\s?[ap]\.?m\b\.?)?|\s?[ap]\.m\.|\s?[ap]m\b)")
FRACTION = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four)[\s-]+(?P<d>half|thirds?|quarters?|fifths?|tenths?)"
    r"|(?<!first )(?<!second )(?P<h>half))\b"
    # "a third of", "about a third more", not the ordinal of "a fifth consecutive meeting"
    r"(?=\s+(?:of|more|less|fewer|higher|lower|up|down|above|below|again)\b|\s*[.,;:!?)]|\s*$)"
)
FRACTION_PARTS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
HEDGE = re.compile(
    r"\b(?:about|around|almost|nearly|roughly|some|approximately|close to|more than|over|at least|under|"
    r"less than|fewer than|just over|just under|well over|well under|up to|an estimated|estimated|upwards of|"
    r"circa|topped|topping|tops|exceeded|exceeding|in excess of|below|above|not quite|approaching|~)\s*$"
)
# What a hedge says of the true value against the figure written, as (share below, share above):
# at most it ("almost 1,300" for 1,284), at least it ("more than 200" for 214, "topped £400,000"
# for £412,000), or either side ("about", a fraction word). Rewrites hedge by a few per cent,
# "under" and "more than" by more, "well over" by up to a third.
HEDGES = [
    (re.compile(r"\b(?:just under|just below)\s*$"), 0.05, 0.0),
    (re.compile(r"\b(?:almost|nearly|close to|not quite|approaching)\s*$"), 0.08, 0.0),
    (re.compile(r"\b(?:well under|far fewer than|far less than)\s*$"), 0.3, 0.0),
    (re.compile(r"\b(?:under|less than|fewer than|below|up to)\s*$"), 0.15, 0.0),
    (re.compile(r"\b(?:just over|just above|topped|topping|tops)\s*$"), 0.0, 0.05),
    (re.compile(r"\b(?:well over|well above|far more than|upwards of)\s*$"), 0.0, 0.3),
    (re.compile(r"\b(?:more than|over|at least|exceeded|exceeding|in excess of|above)\s*$"), 0.0, 0.15),
]
ABOUT = 0.1  # "about", "roughly", a fraction word: this share either side
DOZEN = re.compile(r"\b(a|one|two|three|four|five|six|\d+)\s+dozen\b")
# "seven in every ten", "four in 10 areas", "one in five": a share, as a percentage.
RATIO = re.compile(r"\b(\d+)\s+(?:in|out of)\s+(?:every\s+)?(\d+)\b(?!\s*(?:%|per|percent))")
# The extraction's number words and the teens it does not read ("Nineteen vehicles" / "19 vehicles").
NUMBER_WORDS = {
    **features.NUMBER_WORDS,
    **dict(zip("thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), range(13, 20), strict=True)),
}
WORD_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(?:[\s-]+(" + "|".join(NUMBER_WORDS) + r"))*\b")
MAGNITUDE_WORDS = {"hundred", "thousand", "million", "billion"}

# Words that negate what follows them, and where their scope ends.
NEGATORS = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|unable to|no longer|"
    r"fail(?:s|ed|ing)? to|refus(?:e|es|ed|ing) to|prevent(?:s|ed|ing)?|den(?:y|ies|ied|ying)|"
    r"rul(?:e|es|ed|ing) out|clear(?:s|ed|ing)? of|acquit(?:s|ted|ting)? of)\b|n['’]t\b"
)
SCOPE_END = re.compile(
    r"[.,;:!?()\"“”]|\b(?:but|and|or|while|although|though|because|when|whereas|after|before|if|since|which|who)\b"
)
AUXILIARIES = frozenset(
    "be been being is are was were am do does did have has had will would could should can may might must get got "
    "to from let allow allowed allows".split()
)
PRONOUN_NEGATORS = frozenset("nobody nothing none neither nor".split())
CLOSE_SHARE = 0.5  # share of content stems two wordings must have in common for a negation to conflict
WORD = re.compile(r"[a-z][a-z'’-]*")
HANDLE = re.compile(r"[@#][\w]+")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "" (a count), "%", "pt", or a currency code
    approx: bool  # hedged ("almost", "about") or a fraction word ("a third")
    step: float  # half the last written digit: the rounding the value may carry
    kind: str  # a count's noun stem ("soldier" for "700 soldiers"), "" for units
    text: str  # as written, for the reason a reviewer reads
    low: float | None = None  # the values the figure as hedged allows (None: value ± step)
    high: float | None = None

    def bounds(self) -> tuple[float, float]:
        low = self.value - self.step if self.low is None else self.low
        high = self.value + self.step if self.high is None else self.high
        return low, high

    def agrees(self, other: Quantity) -> bool:
        """Tell whether two figures may be the same value written differently (their ranges overlap)."""
        if {self.unit, other.unit} == {"degc", "degf"}:
            return _temperatures_agree(self, other)
        if self.unit and other.unit and not same_unit(self.unit, other.unit):
            return _converted_money_agrees(self, other)
        (a_low, a_high), (b_low, b_high) = self.bounds(), other.bounds()
        slack = 1e-9 * max(abs(self.value), abs(other.value), 1.0)
        return a_low <= b_high + slack and b_low <= a_high + slack

    def rivals(self, other: Quantity) -> bool:
        """Tell whether two figures measure the same kind of thing (so different values conflict)."""
        if self.unit or other.unit:
            same = self.unit == other.unit or DIMENSION.get(self.unit) == DIMENSION.get(other.unit, "?")
            return same and bool(self.unit and other.unit)
        return bool(self.kind) and self.kind == other.kind


DOLLARS = frozenset({"dol", "usd", "nzd", "aud", "cad", "hkd", "sgd", "fjd"})


def same_unit(a: str, b: str) -> bool:
    """Tell whether two units may be one: the same, or a dollar unnamed against a named one."""
    return a == b or ({a, b} <= DOLLARS and "dol" in (a, b))


# What one unit of a currency is worth in US dollars, roughly (2023-2026): an outlet abroad
# converts ("about £900" / "about $1,150"). Rates drift, so a converted figure agrees within
# FX_SLACK; the same number in two currencies (£2.5bn / 2.5 billion dollars) still conflicts, and
# two dollars of different countries (NZ$ / US$, A$ / NZ$) do too. A dollar unnamed converts as the US dollar.
USD_VALUE = {
    "usd": 1.0,
    "dol": 1.0,
    "gbp": 1.28,
    "eur": 1.09,
    "aud": 0.66,
    "nzd": 0.60,
    "cad": 0.73,
    "hkd": 0.128,
    "sgd": 0.75,
    "fjd": 0.44,
    "inr": 0.012,
    "php": 0.0175,
    "zar": 0.054,
    "ngn": 0.00068,
    "myr": 0.22,
    "kes": 0.0077,
}
FX_SLACK = 0.08


def _converted_money_agrees(a: Quantity, b: Quantity) -> bool:
    """Tell whether two sums in different currencies may be one sum converted at today's rough rate."""
    if a.unit not in USD_VALUE or b.unit not in USD_VALUE or {a.unit, b.unit} <= DOLLARS:
        return False  # two dollars are not converted: NZ$1.5m and A$1.5m lie within each other's rounding
    (a_low, a_high), (b_low, b_high) = a.bounds(), b.bounds()
    rate_a, rate_b = USD_VALUE[a.unit], USD_VALUE[b.unit]
    a_low, a_high = a_low * rate_a * (1 - FX_SLACK), a_high * rate_a * (1 + FX_SLACK)
    return a_low <= b_high * rate_b and b_low * rate_b <= a_high


def _temperatures_agree(a: Quantity, b: Quantity) -> bool:
    """Tell whether a Celsius and a Fahrenheit figure may be one: a reading (42C / 108F) or a difference (4C / 7.2F)."""
    c, f = (a, b) if a.unit == "degc" else (b, a)
    (c_low, c_high), (f_low, f_high) = c.bounds(), f.bounds()
    for offset in (32.0, 0.0):
        low, high = c_low * 1.8 + offset, c_high * 1.8 + offset
        if low <= f_high and f_low <= high:
            return True
    return False


ROUNDED = 0.025  # a hedged round figure may be rounded the other way too, by up to this share
ROUND = re.compile(r"[1-9](0+)(?:\.0*)?$")


def rounding(number: str, factor: float) -> float:
    """Return half the unit a written figure is rounded to ("4,800": 50; "4,812": 0.5; "2.5bn": 0.05bn)."""
    digits = number.replace(",", "")
    if "." in digits.rstrip("0").rstrip("."):
        return 0.5 * 10 ** -len(digits.split(".")[1]) * factor
    zeros = ROUND.search(digits)
    return 0.5 * 10 ** (len(zeros[1]) if zeros else 0) * factor


def hedged(
    value: float, step: float, before: str, *, fraction: bool = False, rounded: float = 0.0
) -> tuple[bool, float, float]:
    """Return (approx, low, high): the values a figure allows given the words just before it.

    A hedge says on which side the true value lies ("almost 1,300" for 1,284), but a round
    figure hedged is rounded as well: "almost 4,800" is written for 4,812 too, so the other side
    keeps the figure's rounding (`rounded`, at most ROUNDED of it). A fraction word is itself a
    rounding ("just over a quarter" for 27 per cent): ABOUT either side whatever the hedge.
    """
    size = abs(value)
    slack = max(step, ABOUT * size) if fraction else max(step, min(rounded, ROUNDED * size))
    for pattern, below, above in HEDGES:
        if pattern.search(before):
            return True, value - max(slack, below * size), value + max(slack, above * size)
    if fraction or HEDGE.search(before):
        return True, value - max(step, ABOUT * size), value + max(step, ABOUT * size)
    return False, value - step, value + step


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[float]  # the figures' values (years are dates, not figures)
    dates: frozenset[str]  # YYYY-MM-DD, MM-DD, YYYY-MM or YYYY
    negated: bool  # an odd number of negations
    entities: frozenset[str]
    words: frozenset[str]  # every normalised word, to tell "omitted" from "replaced"
    quantities: tuple[Quantity, ...] = ()
    years: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()  # MM-DD
    negated_words: frozenset[str] = frozenset()  # the stems of predicates a negation denies
    plain_words: frozenset[str] = frozenset()  # the content stems outside a negation's scope
    negated_clause_words: frozenset[str] = frozenset()  # the content stems of clauses holding a negation
    entity_order: tuple[str, ...] = ()
    normalised: str = ""


def _words_to_digits(text: str) -> str:
    """Return lower-case text with number words written in digits ("seven hundred" -> "700")."""

    def digits(m: re.Match) -> str:
        words = re.split(r"[\s-]+", m[0])
        if words[0] in MAGNITUDE_WORDS:  # "2.5 million": the scale of a figure, left to QUANTITY
            return m[0]
        total, current = 0, 0
        for w in words:
            n = NUMBER_WORDS[w]
            if n in (100, 1000, 1_000_000, 1_000_000_000):
                current = max(current, 1) * n
                if n >= 1000:
                    total, current = total + current, 0
            else:
                current += n
        return str(total + current)

    return WORD_NUMBER.sub(digits, text)


def _month(name: str) -> int:
    return next(i + 1 for i, full in enumerate(MONTHS) if full.startswith(name.lower()[:3]))


def _dates(text: str) -> tuple[set[str], set[str], set[str], set[str], str]:
    """Return (dates, years, months, days) named in the text, and the text with them blanked out."""
    dates, years, months, days = set(), set(), set(), set()
    spans: list[tuple[int, int]] = []

    def taken(m: re.Match) -> bool:
        return any(a < m.end() and m.start() < b for a, b in spans)

    for pattern, day_group in ((MONTH_DAY, 2), (DAY_MONTH, 1)):
        for m in pattern.finditer(text):
            if taken(m):
                continue
            month_name = m[2] if day_group == 1 else m[1]
            day, year = int(m[day_group]), m[3]
            if not 1 <= day <= 31:
                continue
            month = _month(month_name)
            spans.append(m.span())
            days.add(f"{month:02d}-{day:02d}")
            months.add(f"{month:02d}")
            if year:
                years.add(year)
                dates.add(f"{year}-{month:02d}-{day:02d}")
            else:
                dates.add(f"{month:02d}-{day:02d}")
    for m in MONTH_YEAR.finditer(text):
        if taken(m):
            continue
        spans.append(m.span())
        month = _month(m[1])
        months.add(f"{month:02d}")
        years.add(m[2])
        dates.add(f"{m[2]}-{month:02d}")
    for m in MONTH_ALONE.finditer(text):
        if not taken(m):
            months.add(f"{_month(m[0]):02d}")
    blanked = list(text)
    for a, b in spans:
        blanked[a:b] = " " * (b - a)
    return dates, years, months, days, "".join(blanked)


def _kind(after: str) -> str:
    """Return the stem of the noun a count counts: the first content word after it."""
    for word in WORD.findall(after[:40])[:3]:
        if word in STOPWORDS or word in ALIAS_WORDS or word in AUXILIARIES or word in ENTITY_ALIASES:
            continue
        return stem(word)
    return ""


def _fiscal_years(m: re.Match, years: set[str]) -> str:
    """Add both years of a financial year ("2025/26") to `years` and blank it; leave other spans be."""
    first = int(m[1])
    if int(m[2]) != (first + 1) % 100:
        return m[0]
    years.update((m[1], str(first + 1)))
    return " " * len(m[0])


def _quantities(text: str) -> tuple[list[Quantity], set[str]]:
    """Return the figures of lower-case text (dates blanked out) and the bare years among them."""
    years: set[str] = set()
    out: list[Quantity] = []
    text = FISCAL_YEAR.sub(lambda m: _fiscal_years(m, years), text)
    text = CENTURY.sub(lambda m: "50 years" if m[1] == "half a" else "100 years", text)
    text = DOZEN.sub(lambda m: str(12 * (int(m[1]) if m[1].isdigit() else NUMBER_WORDS.get(m[1], 1))), text)
    blanked = list(text)
    for m in FRACTION.finditer(text):
        parts = FRACTION_PARTS[(m["d"] or "half").rstrip("s")]
        count = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}[m["n"] or "a"]
        if count < parts:
            value = 100 * count / parts
            approx, low, high = hedged(value, 0.5, text[max(0, m.start() - 25) : m.start()], fraction=True)
            out.append(Quantity(value, "%", approx, 0.5, "", m[0].strip(), low, high))
            blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    text = DECADES.sub(lambda m: f"{10 * int(m[1])} years", _words_to_digits("".join(blanked)))
    blanked = list(text)
    for m in RATIO.finditer(text):
        count, parts = int(m[1]), int(m[2])
        if 0 < count < parts <= 100:
            value = 100 * count / parts
            approx, low, high = hedged(value, 0.5, text[max(0, m.start() - 25) : m.start()], fraction=True)
            out.append(Quantity(value, "%", approx, 0.5, "", m[0].strip(), low, high))
            blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    # A clock time ("10:40 p.m.", "7am") is when, not how many: minutes past twelve (a.m. or p.m.
    # often goes unsaid), so "10:40 p.m." and "10:40" agree and "10:40" and "8:15" conflict.
    # A decade ("since the 1970s", "the '90s") is neither a year nor a count.
    text = DECADE.sub(lambda m: " " * len(m[0]), "".join(blanked))
    for m in CLOCK.finditer(text):
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if hour <= 24 and minute < 60:
            out.append(Quantity(float(hour % 12 * 60 + minute), "clock", False, 0.5, "", m[0].strip()))
    text = CLOCK.sub(lambda m: " " * len(m[0]), text)
    for m in QUANTITY.finditer(text):
        number, scale, unit, currency = m["num"], m["scale"], m["unit"], m["cur"]
        if re.fullmatch(r"(?:19|20)\d\d", number) and not (scale or unit or currency):
            years.add(number)
            continue
        value = float(number.replace(",", ""))
        decimals = len(number.split(".")[1]) if "." in number else 0
        factor = SCALES.get(scale or "", 1.0)
        code = CURRENCY_SIGNS.get((currency or "").strip(), "")
        unit = re.sub(r"\s+", " ", unit or "")
        measure = MEASURES.get(unit) or MEASURES.get(unit.removesuffix("s"))
        if measure:
            code, factor = measure[0], factor * measure[1]
        code = UNIT_WORDS.get(unit, "") or UNIT_WORDS.get(unit.removesuffix("s"), "") or code
        step = 0.5 * 10**-decimals * factor
        approx, low, high = hedged(
            value * factor, step, text[max(0, m.start() - 25) : m.start()], rounded=rounding(number, factor)
        )
        out.append(
            Quantity(
                value=value * factor,
                unit=code,
                approx=approx,
                step=step,
                kind="" if code else _kind(text[m.end() :]),
                text=m[0].strip(),
                low=low,
                high=high,
            )
        )
    return out, years


def _content(word: str) -> bool:
    return not (word in STOPWORDS or word in AUXILIARIES or len(word) < 3 or NEGATORS.fullmatch(word))


def _negation_scope(text: str) -> tuple[set[str], set[str]]:
    """Return the predicates a negation denies and the stems outside any negation, of lower-case text.

    A negation denies the first content word after it ("did not approve", "failed to approve",
    "never met"); "prevent ... from" denies what follows "from" too. "No one", "nothing" and the
    like negate a subject, not a predicate another wording could state: they deny nothing here.
    """
    negated: set[str] = set()
    inside: set[int] = set()
    scope_end, scope_heads = -1, []  # the last negation's window and what it denied
    for m in NEGATORS.finditer(text):
        if m[0] in PRONOUN_NEGATORS or text[m.end() : m.end() + 5] in (" one", " one ", " only"):
            continue
        end = SCOPE_END.search(text, m.end())
        window_end = end.start() if end else len(text)
        if m.start() < scope_end:
            # A negation inside another's scope undoes it ("does not work without community
            # cooperation" says cooperation is needed): neither denies its predicate.
            negated.difference_update(scope_heads)
            scope_end, scope_heads = -1, []
            continue
        heads = [next((w for w in WORD.finditer(text, m.end(), window_end) if _content(w[0].strip("'’"))), None)]
        if m[0].startswith("prevent"):
            after = re.compile(r"\bfrom\b").search(text, m.end(), window_end)
            if after:
                heads.append(next((w for w in WORD.finditer(text, after.end(), window_end) if _content(w[0])), None))
        scope_end, scope_heads = window_end, []
        for head in heads:
            if head is not None:
                scope_heads.append(stem(head[0].strip("'’")))
                negated.add(scope_heads[-1])
                inside.add(head.start())
    plain = {
        stem(w[0].strip("'’")) for w in WORD.finditer(text) if w.start() not in inside and _content(w[0].strip("'’"))
    }
    return negated, plain


def _negated_clauses(text: str) -> set[str]:
    """Return the content stems of lower-case text's clauses that hold a negation word of any kind.

    "paid its members nothing in dividends" says what "had not paid a dividend" says: a predicate
    stated plainly in a clause that negates something else is no flip of the other wording's.
    """
    out: set[str] = set()
    start = 0
    for end in [*(m.start() for m in SCOPE_END.finditer(text)), len(text)]:
        clause = text[start:end]
        if NEGATORS.search(clause):
            out.update(stem(w[0].strip("'’")) for w in WORD.finditer(clause) if _content(w[0].strip("'’")))
        start = end + 1
    return out


def _is_headline(sentence: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", sentence) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _entities(text: str) -> list[str]:
    """Return the named entities of a text in order of first mention (handles and hashtags are not names)."""
    text = HANDLE.sub(" ", text)
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|[“”\"(]|\s[-–—]\s", text):
        if _is_headline(sentence):
            # Headline case capitalises every word: its capitals tell nothing about names.
            continue
        lead = len(sentence) - len(sentence.lstrip())
        for m in ENTITY.finditer(sentence):
            words = [w for w in normalise(m[1]).split() if w]
            if not words:
                continue
            if m.start() == lead and len(words) == 1 and is_common_word(words[0]):
                continue  # the first word of a sentence is capitalised anyway
            name = " ".join(w for w in words if w not in STOPWORDS and w not in NUMBER_WORDS)
            if not name or name in MONTH_NAMES or name in WEEKDAYS or name.isdigit():
                continue
            name = ENTITY_ALIASES.get(name, name)
            if name not in found:
                found.append(name)
    return found


def _prepared(text: str) -> str:
    return without_post_trailer(unicodedata.normalize("NFKC", text or "").translate(QUOTES))


def _wording(prepared: str) -> tuple[frozenset[str], str]:
    """Return the words (handles' and hashtags' words too) and the normalised wording of a prepared text."""
    normalised = " ".join(ENTITY_ALIASES.get(w, w) for w in normalise(HANDLE.sub(" ", prepared)).split())
    return frozenset(normalised.split()) | frozenset(w.lower() for w in re.findall(r"[@#](\w+)", prepared)), normalised


@lru_cache(maxsize=8192)  # the same stored claims come up as candidates again and again
def facts_of(text: str) -> Facts:
    """Return the figures, dates, negated predicates and named entities a claim states."""
    text = _prepared(text)
    dates, years, months, days, undated = _dates(text)
    quantities, bare_years = _quantities(undated.lower())
    for year in bare_years:
        years.add(year)
        if not any(d.startswith(year) for d in dates):
            dates.add(year)
    negated, plain = _negation_scope(text.lower())
    entities = _entities(text)
    words, normalised = _wording(text)
    return Facts(
        numbers=frozenset(q.value for q in quantities if any(c.isdigit() for c in q.text) and q.unit != "clock"),
        dates=frozenset(dates),
        negated=len(NEGATORS.findall(text.lower())) % 2 == 1,
        entities=frozenset(entities),
        words=words,
        quantities=tuple(quantities),
        years=frozenset(years),
        months=frozenset(months),
        days=frozenset(days),
        negated_words=frozenset(negated),
        plain_words=frozenset(plain),
        negated_clause_words=frozenset(_negated_clauses(text.lower())),
        entity_order=tuple(entities),
        normalised=normalised,
    )


# --- Facts stored with a claim (Claim.match_facts) --------------------------------------
#
# Matching a new claim judges ~20 stored candidates, and parsing each one's facts costs more
# than scoring it; at 1M stored claims the candidates are rarely in facts_of's cache, so a
# claim's facts are parsed once, when it is stored. A record carries the version of the code
# that parsed it: the source of the modules facts_of reads, and the vocabulary file it reads.
# Any change to the parser makes older records stale, and stale records are parsed again
# (`manage.py match_refresh` rewrites them), so a stored record never disagrees with facts_of.
_PARSER_SOURCES = (
    Path(__file__),
    Path(__file__).with_name("wording.py"),
    Path(__file__).parent.parent / "extraction" / "features.py",
    Path(__file__).parent.parent / "extraction" / "checkworthiness.json",  # its vocabulary: is_common_word
)
PARSER_VERSION = hashlib.sha256(b"".join(p.read_bytes() for p in _PARSER_SOURCES)).hexdigest()[:16]
# The words and the normalised wording are most of a record and cheap to read off the text again.
_FROM_TEXT = ("words", "normalised")
_SET_FIELDS = frozenset(
    f.name for f in fields(Facts) if f.name not in ("negated", "quantities", "entity_order", *_FROM_TEXT)
)


def facts_record(facts: Facts) -> dict:
    """Return the Facts as a JSON-ready dict, tagged with PARSER_VERSION (stored_facts reads it back)."""
    record: dict = {"v": PARSER_VERSION}
    for f in fields(Facts):
        if f.name in _FROM_TEXT:
            continue
        value = getattr(facts, f.name)
        if f.name in _SET_FIELDS:
            value = sorted(value)
        elif f.name == "quantities":
            value = [[getattr(q, g.name) for g in fields(Quantity)] for q in value]
        elif f.name == "entity_order":
            value = list(value)
        record[f.name] = value
    return record


def stored_facts(record: dict | None, text: str) -> Facts:
    """Return the Facts of a record facts_record() wrote, or facts_of(text) when it is missing or stale."""
    if not record or record.get("v") != PARSER_VERSION:
        return facts_of(text)
    values = dict(zip(_FROM_TEXT, _wording(_prepared(text)), strict=True))
    for f in fields(Facts):
        if f.name in _FROM_TEXT:
            continue
        value = record[f.name]
        if f.name in _SET_FIELDS:
            value = frozenset(value)
        elif f.name == "quantities":
            value = tuple(Quantity(*q) for q in value)
        elif f.name == "entity_order":
            value = tuple(value)
        values[f.name] = value
    return Facts(**values)


def _unmatched(mine: tuple[Quantity, ...], theirs: tuple[Quantity, ...]) -> list[Quantity]:
    return [q for q in mine if not any(q.agrees(t) for t in theirs)]


def _figures_conflict(a: Facts, b: Facts) -> str:
    only_a, only_b = _unmatched(a.quantities, b.quantities), _unmatched(b.quantities, a.quantities)
    for qa in only_a:
        for qb in only_b:
            if qa.rivals(qb):
                return f"different figures: {qa.text} vs {qb.text}"
    return ""


def _set_conflict(a: frozenset[str], b: frozenset[str], what: str, show=str) -> str:
    only_a, only_b = sorted(a - b), sorted(b - a)
    if only_a and only_b:
        return f"different {what}: {show(only_a[0])} vs {show(only_b[0])}"
    return ""


def _month_name(mm: str) -> str:
    return MONTHS[int(mm) - 1].title()


def _day_name(mmdd: str) -> str:
    return f"{_month_name(mmdd[:2])} {int(mmdd[3:])}"


def _entity_missing(name: str, words: frozenset[str]) -> bool:
    return not any(part in words for part in name.split())


def close(a: Facts, b: Facts) -> bool:
    """Tell whether two wordings share at least half of the shorter one's content stems."""
    wa, wb = a.negated_words | a.plain_words, b.negated_words | b.plain_words
    return bool(wa and wb) and len(wa & wb) >= CLOSE_SHARE * min(len(wa), len(wb))


def _slot(text: str, name: str) -> tuple[str, str] | None:
    """Return the words either side of a name ("^" and "$" at the ends): where it stands in the sentence."""
    m = re.search(rf"(?:^|(\w+) ){re.escape(name)}(?: (\w+)|$)", text)
    return (m[1] or "^", m[2] or "$") if m else None


def _between(text: str, first: str, second: str) -> str | None:
    m = re.search(rf"\b{re.escape(first)}\b(.*?)\b{re.escape(second)}\b", text)
    return m[1].strip() if m else None


def _swapped(a: Facts, b: Facts) -> tuple[str, str] | None:
    """Return two names that stand either side of the same words, in the other order ("X beat Y" / "Y beat X")."""
    shared = [e for e in a.entity_order if e in b.entities]
    for i, first in enumerate(shared):
        for second in shared[i + 1 :]:
            middle = _between(a.normalised, first, second)
            if middle is not None and middle == _between(b.normalised, second, first):
                return first, second
    return None


def facts_conflict(a: Facts, b: Facts) -> str:
    """Return why two claims' facts cannot both hold of one statement, or "" when none conflicts."""
    reason = (
        _figures_conflict(a, b)
        or _set_conflict(a.years, b.years, "years")
        or _set_conflict(a.months, b.months, "months", _month_name)
        or _set_conflict(a.days, b.days, "dates", _day_name)
    )
    if reason:
        return reason
    if close(a, b):  # the same predicate can be told apart only in wordings that say much the same
        for x, y in ((a, b), (b, a)):
            flipped = sorted(
                (x.negated_words - x.plain_words) & (y.plain_words - y.negated_words - y.negated_clause_words)
            )
            if flipped:
                return f"negation: “{flipped[0]}…” is negated in one wording only"
    only_a = [e for e in a.entity_order if _entity_missing(e, b.words)]
    only_b = [e for e in b.entity_order if _entity_missing(e, a.words)]
    for ea in only_a:
        slot = _slot(a.normalised, ea)
        for eb in only_b:
            if slot is not None and slot == _slot(b.normalised, eb):
                return f"different names: {ea} vs {eb}"
    swapped = _swapped(a, b)
    if swapped:
        return f"names swapped: {swapped[0]} and {swapped[1]}"
    return ""


def conflict(a: str, b: str) -> str:
    """Return why two wordings cannot state the same fact, or "" when their facts may agree."""
    return facts_conflict(facts_of(a), facts_of(b))

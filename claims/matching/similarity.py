"""Pure text similarity: is this the same claim? No Django import; tested without a database.

normalise(text)          the wording after case, quote, punctuation and space normalisation
fingerprint(text)        SHA-256 of the normalised wording (equal fingerprints link)
facts_of(text)           numbers, dates, negation and named entities of a claim
disagreement(a, b)       why two claims cannot be the same statement (or "" when they may be)
trigram_similarity(a, b) the pg_trgm similarity, computed the same way in Python
compare(a, b)            a Match: "same" (link), "similar" (suggest) or "different", with score
compare_review(c, r)     the same judgement for a published fact-check's (shorter) claimReviewed
document_matches(docs)   the cross-document pairs `extract_claims --json` reports
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..extraction import checkworthiness, features

# A new appearance links automatically when its wording is the same after normalisation;
# similar wording at or above this trigram similarity is suggested to a reviewer.
SUGGEST_AT = 0.45
# A suggestion whose facts agree and whose wording scores at least this is a confident match:
# `extract_claims --json` reports it in `matches`. In the app it stays a suggestion: only the
# same wording links without a reviewer. Chosen on tests/extraction_dev (README, "Matching rewrites").
CONFIDENT_AT = 0.55
# ... or the two restate the same distinctive figure or dated day and share at least this share
# of the shorter wording's content words ("held its main rate at 5.25%" / "kept its benchmark rate at 5.25%").
ANCHORED_OVERLAP = 0.55

QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "–": "-", "—": "-"})
# "U.S." and "US", "U.N." and "UN" are the same word.
ABBREVIATION = re.compile(r"\b((?:[a-z]\.){2,})", re.I)
POSSESSIVE = re.compile(r"(?<=\w)'s\b", re.I)
# Names that different outlets write differently for the same country or body.
ENTITY_ALIASES = {
    "american": "us",
    "americans": "us",
    "america": "us",
    "united states": "us",
    "usa": "us",
    "u s": "us",
    "british": "uk",
    "britain": "uk",
    "united kingdom": "uk",
    "peruvian": "peru",
    "mexican": "mexico",
    "united nations": "un",
}

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself said says say told according reported reports report week day days last first new
    one ones thing things""".split()
)
# Negations are kept as facts, never dropped as stop words.
NEGATION_WORDS = frozenset("not no never none nobody nothing neither nor without cannot".split())
SENTENCE_START_WORDS = STOPWORDS | frozenset(
    "although though however meanwhile yet still even despite while since last next".split()
)
ENTITY = re.compile(r"\b([A-Z][\w'’.-]*(?:\s+(?:of|de|la|del|the|and|&)?\s*[A-Z][\w'’.-]*)*)")
MONTH_NAMES = frozenset(features.MONTHS) | {m[:3] for m in features.MONTHS} | {"sept"}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Endings of English adjectives, verbs and abstract nouns: "Annual", "Dissenting", "Rising" opening a
# sentence are capitalised words, not names.
COMMON_ENDINGS = re.compile(r"(?:ing|ed|ly|ous|ive|tion|sion|ment|ness|ity|ual|ial|ional|ers)$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Return lower-case English words of the check-worthiness model's vocabulary (no proper nouns)."""
    return frozenset(g for g in checkworthiness.vocabulary() if " " not in g and g.isalpha())


def is_common_word(word: str) -> bool:
    """Tell whether a capitalised word opening a sentence is an ordinary word rather than a name."""
    return word in SENTENCE_START_WORDS or word in common_words() or bool(COMMON_ENDINGS.search(word))


def normalise(text: str) -> str:
    """Return text after Unicode, case, quote, abbreviation, punctuation and space normalisation."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    text = ABBREVIATION.sub(lambda m: m[1].replace(".", "") + " ", text)
    text = POSSESSIVE.sub("", text).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def fingerprint(text: str) -> str:
    """Return the SHA-256 of the normalised wording: equal fingerprints link automatically."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# --- Facts that must agree -------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[float]
    dates: frozenset[str]
    negated: bool
    entities: frozenset[str]
    words: frozenset[str]  # every normalised word, to tell "omitted" from "replaced"


@lru_cache(maxsize=4096)  # the same stored claims come up as candidates again and again
def facts_of(text: str) -> Facts:
    """Return the numbers, dates, negation and named entities a claim states."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    dates = features.dates_in(text)
    numbers = set(features.numbers_in(text))
    # Day numbers of named dates are dates, not quantities ("June 1" is compared as a date).
    # Dates come as YYYY-MM-DD, MM-DD, YYYY-MM or YYYY (see extraction.features.dates_in).
    for date in dates:
        parts = date.split("-")
        if len(parts[0]) == 4:  # a year leads: YYYY, YYYY-MM or YYYY-MM-DD
            numbers.discard(float(int(parts[0])))
            if len(parts) == 3:
                numbers.discard(float(int(parts[2])))
        elif len(parts) == 2:  # MM-DD
            numbers.discard(float(int(parts[1])))
    entities = set()
    for sentence in re.split(r"(?<=[.!?:;])\s+|[“”\"(]", text):
        for m in ENTITY.finditer(sentence):
            words = [w for w in normalise(m[1]).split() if w]
            if not words:
                continue
            # The first word of a sentence is capitalised anyway.
            if m.start() == len(sentence) - len(sentence.lstrip()) and len(words) == 1 and is_common_word(words[0]):
                continue
            name = " ".join(w for w in words if w not in STOPWORDS)
            name = " ".join(w for w in name.split() if w not in features.NUMBER_WORDS)
            if not name or name in MONTH_NAMES or name in WEEKDAYS or name.isdigit():
                continue
            entities.add(ENTITY_ALIASES.get(name, name))
    return Facts(
        numbers=frozenset(numbers),
        dates=frozenset(dates),
        negated=count_negations(text) % 2 == 1,
        entities=frozenset(entities),
        words=frozenset(ENTITY_ALIASES.get(w, w) for w in normalise(text).split()),
    )


def count_negations(text: str) -> int:
    """Return how many negations a sentence contains ("not", "never", "n't" ...)."""
    return len(features.NEGATION.findall(text))


def _numbers_agree(a: frozenset[float], b: frozenset[float]) -> bool:
    if a == b:
        return True
    # A rewrite may leave out a figure ("from 6.9% in April") but must restate at least one,
    # and may not carry a figure of its own: 700 and 7,000 never agree.
    small, large = sorted((a, b), key=len)
    return bool(small) and small < large


def _dates_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    # "June 1" and "2023-06-01" agree when the year is only given on one side.
    return {d[-5:] for d in a} == {d[-5:] for d in b} and len(a) == len(b)


def _entity_missing(name: str, words: frozenset[str]) -> bool:
    return not any(part in words for part in name.split())


def disagreement(a: Facts, b: Facts) -> str:
    """Return why two claims cannot state the same fact, or "" when their facts agree.

    Numbers must be the same, or one wording's numbers a non-empty part of the other's (a
    rewrite leaves out a comparison figure). Dates and negation must be the same. Named entities may be omitted by
    one wording (a rewrite drops "Mexican President"), but an entity on each side
    that the other never mentions means they are about different people or places.
    """
    if not _numbers_agree(a.numbers, b.numbers):
        return "different numbers"
    if not _dates_agree(a.dates, b.dates):
        return "different dates"
    if a.negated != b.negated:
        return "one is negated"
    only_a = [e for e in a.entities if _entity_missing(e, b.words)]
    only_b = [e for e in b.entities if _entity_missing(e, a.words)]
    if only_a and only_b:
        return "different names"
    return ""


# --- Similarity ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    """Return the trigram set pg_trgm's show_trgm() builds (words padded, lower case)."""
    grams = set()
    for word in re.findall(r"[^\W_]+", (text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    """Return pg_trgm's similarity(a, b): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


ALIAS_WORDS = frozenset(ENTITY_ALIASES.values())


def content_words(text: str) -> list[str]:
    """Return the words that carry a claim's meaning: no stop words, aliases unified, 5-letter stems."""
    words = (ENTITY_ALIASES.get(w, w) for w in normalise(text).split())
    return [w[:5] for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit() or w in ALIAS_WORDS)]


def word_overlap(a: str, b: str) -> float:
    """Return the share of the shorter claim's content words found in the other."""
    wa, wb = set(content_words(a)), set(content_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def wording_score(a: str, b: str) -> float:
    """Return how close two wordings are, 0..1.

    The pg_trgm similarity; when most content words are shared, the mean of that
    and trigram containment (so a claim quoted inside a longer sentence scores).
    """
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    similarity = shared / len(ta | tb)
    if word_overlap(a, b) >= 0.6:
        similarity = max(similarity, (similarity + shared / min(len(ta), len(tb))) / 2)
    return round(similarity, 3)


@dataclass(frozen=True)
class Match:
    verdict: str  # "same" (link automatically), "similar" (suggest) or "different"
    similarity: float
    reason: str = ""
    confident: bool = False  # a suggestion very likely stating the same fact

    @property
    def likely(self) -> bool:
        """Tell whether the pair is linked, or a confident suggestion (what `extract_claims --json` reports)."""
        return self.verdict == "same" or (self.verdict == "similar" and self.confident)

    @property
    def linked(self) -> bool:
        return self.verdict == "same"

    @property
    def suggested(self) -> bool:
        return self.verdict == "similar"


def _distinctive(number: float) -> bool:
    # Small whole numbers ("two years", "voted 7 to 4") are too common to tie two claims together.
    return number != int(number) or number >= 13


def shared_anchor(a: Facts, b: Facts) -> bool:
    """Tell whether two claims restate a distinctive figure or a dated day (month and day)."""
    return any(_distinctive(n) for n in a.numbers & b.numbers) or bool(_days(a.dates) & _days(b.dates))


def _days(dates: frozenset[str]) -> set[str]:
    # MM-DD of the dates naming a day (YYYY-MM-DD or MM-DD; not YYYY or YYYY-MM).
    return {d[-5:] for d in dates if len(d) in (5, 10)}


def compare(a: str, b: str, *, facts_a: Facts | None = None, facts_b: Facts | None = None) -> Match:
    """Judge whether two wordings state the same claim.

    Same normalised wording links; otherwise the facts must agree and the wording
    must be close (trigram similarity, or most content words shared) to suggest.
    A suggestion is confident when the wording is closer still (CONFIDENT_AT), or
    when both restate the same distinctive figure or day with most content words shared.
    """
    if normalise(a) == normalise(b):
        return Match("same", 1.0)
    facts_a, facts_b = facts_a or facts_of(a), facts_b or facts_of(b)
    reason = disagreement(facts_a, facts_b)
    if reason:
        return Match("different", round(trigram_similarity(a, b), 3), reason)
    score = wording_score(a, b)
    if score >= CONFIDENT_AT or (shared_anchor(facts_a, facts_b) and word_overlap(a, b) >= ANCHORED_OVERLAP):
        return Match("similar", score, confident=True)
    if score >= SUGGEST_AT:
        return Match("similar", score)
    return Match("different", score, "wording too far apart")


def compare_review(claim_text: str, reviewed: str, *, facts: Facts | None = None) -> Match:
    """Judge whether a published fact-check's claimReviewed is the claim (it is often shorter)."""
    reason = disagreement(facts or facts_of(claim_text), facts_of(reviewed))
    similarity = trigram_similarity(claim_text, reviewed)
    overlap = word_overlap(claim_text, reviewed)
    score = round(max(similarity, 0.9 * overlap if overlap >= 0.6 else 0.0), 3)
    if reason:
        return Match("different", score, reason)
    if normalise(claim_text) == normalise(reviewed):
        return Match("same", 1.0)
    return Match("similar", score) if score >= SUGGEST_AT else Match("different", score, "wording too far apart")


# --- Documents without a database (extract_claims --json) ---------------------------


def document_matches(documents: list[list[str]], *, include_suggestions: bool = False) -> list[dict]:
    """Return the cross-document claim pairs the matcher is confident state the same fact, as score.py reads them.

    Same wording and confident suggestions (facts agree, see compare()); with
    include_suggestions every suggestion a reviewer would see. `documents` holds each
    document's claim texts in order. A claim is paired with its best match in each
    other document, so a repeated sentence does not multiply pairs.
    """
    facts = [[facts_of(t) for t in claims] for claims in documents]
    out = []
    for da in range(len(documents)):
        for db in range(da + 1, len(documents)):
            for ia, text_a in enumerate(documents[da]):
                best: tuple[float, int] | None = None
                for ib, text_b in enumerate(documents[db]):
                    match = compare(text_a, text_b, facts_a=facts[da][ia], facts_b=facts[db][ib])
                    if match.likely or (include_suggestions and match.suggested):
                        if best is None or match.similarity > best[0]:
                            best = (match.similarity, ib)
                if best is not None:
                    out.append({"a": [da, ia], "b": [db, best[1]], "similarity": best[0]})
    return out

"""Wording after normalisation: case, quotes, stop words, stems and trigrams. No Django import.

normalise(text)          the wording after case, quote, punctuation and space normalisation
fingerprint(text)        SHA-256 of the normalised wording (equal fingerprints may link)
without_post_trailer(t)  a post without its "— Name (@handle) Date" trailer, links and pic links
stems(text)              content-word stems (Snowball English) in order, numbers kept as written
trigram_similarity(a, b) the pg_trgm similarity, computed the same way in Python
wording_score(a, b)      trigram similarity, or containment when most content words are shared
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from ..extraction import checkworthiness, features

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


@lru_cache(maxsize=16384)  # a candidate's wording is normalised by several features of each pair
def normalise(text: str) -> str:
    """Return text after Unicode, case, quote, abbreviation, punctuation and space normalisation."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    text = ABBREVIATION.sub(lambda m: m[1].replace(".", "") + " ", text)
    text = POSSESSIVE.sub("", text).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def fingerprint(text: str) -> str:
    """Return the SHA-256 of the normalised wording: equal fingerprints link automatically."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# A post's trailer: "— Jane Doe (@jane) May 5, 2019", and the links a post carries.
POST_TRAILER = re.compile(r"\s*[—–-]+\s*[^()\n—]{0,80}\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2},? \d{4}\s*$")
LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
DECIMAL = re.compile(r"(\d)\.(\d)")
_STEMMER = snowballstemmer.stemmer("english")


def without_post_trailer(text: str) -> str:
    """Return a post's text without its trailer (author, handle, date) and links."""
    return LINK.sub(" ", POST_TRAILER.sub("", text or "")).strip()


# Irregular verb forms Snowball leaves apart from their base ("stole" / "stealing", "paid" / "pay"):
# rewrites change tense and voice, so the fact gate and the overlap features read the base.
IRREGULAR = {
    form: base
    for base, forms in {
        "arise": "arose arisen",
        "be": "was were been",
        "bear": "bore borne born",
        "beat": "beaten",
        "become": "became",
        "begin": "began begun",
        "bend": "bent",
        "bid": "bade",
        "bite": "bit bitten",
        "blow": "blew blown",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "deal": "dealt",
        "dig": "dug",
        "draw": "drew drawn",
        "drink": "drank drunk",
        "drive": "drove driven",
        "eat": "ate eaten",
        "fall": "fell fallen",
        "feed": "fed",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "flee": "fled",
        "fly": "flew flown",
        "forbid": "forbade forbidden",
        "forget": "forgot forgotten",
        "forgive": "forgave forgiven",
        "freeze": "froze frozen",
        "get": "got gotten",
        "give": "gave given",
        "go": "went gone",
        "grow": "grew grown",
        "hang": "hung",
        "have": "had has",
        "hear": "heard",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lay": "laid",
        "lead": "led",
        "leave": "left",
        "lend": "lent",
        "lie": "lain",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "pay": "paid",
        "ride": "rode ridden",
        "ring": "rang rung",
        "rise": "rose risen",
        "run": "ran",
        "say": "said",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shake": "shook shaken",
        "shoot": "shot",
        "show": "shown",
        "shrink": "shrank shrunk",
        "sink": "sank sunk",
        "sit": "sat",
        "sleep": "slept",
        "slide": "slid",
        "speak": "spoke spoken",
        "spend": "spent",
        "stand": "stood",
        "steal": "stole stolen",
        "stick": "stuck",
        "strike": "struck stricken",
        "swear": "swore sworn",
        "sweep": "swept",
        "swim": "swam swum",
        "take": "took taken",
        "teach": "taught",
        "tear": "tore torn",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "wake": "woke woken",
        "wear": "wore worn",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball English stem of a lower-case word ("raising" -> "rais"), irregular verbs by their base."""
    return _STEMMER.stemWord(IRREGULAR.get(word, word))


@lru_cache(maxsize=16384)
def stems(text: str) -> tuple[str, ...]:
    """Return the content-word stems of a wording in order: no stop words, aliases unified, numbers kept."""
    # "4,120" and "3.2" stay one token each ("4120", "3p2").
    text = DECIMAL.sub(r"\1p\2", THOUSANDS.sub("", text or ""))
    words = (ENTITY_ALIASES.get(w, w) for w in normalise(text).split())
    return tuple(
        w if w[0].isdigit() or w in ALIAS_WORDS else stem(w)
        for w in words
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    )


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

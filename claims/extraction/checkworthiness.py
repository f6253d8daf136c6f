"""Check-worthiness: a logistic-regression model plus news-genre evidence, in pure Python/NumPy.

The model (``checkworthiness.json``, trained by ``scripts/train_checkworthiness.py`` on the
ClaimBuster debate sentences, see MODEL.md) reads interpretable features and word n-grams of the
*asserted content* of a sentence. Debates hold no attribution, embedded posts or page clutter, so
``score()`` adds a few news-genre terms on the logit scale (documented in MODEL.md): a question is
not a claim, a first-person wish or opinion is not a claim, a prediction or a hedge is weaker, a
concrete number, date or official action is stronger.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("checkworthiness.json")

WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*%?|[$€£%]")
NUMBER = re.compile(r"\d")
PERCENT = re.compile(r"\d\s*(?:%|per ?cent\b)|\bpercent(?:age)?\b")
MONEY = re.compile(r"[$€£]\s*\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|billion|million|trillion)\b")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d|"
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
WEEKDAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last (?:week|month|year))\b"
)
NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|trillion|dozen|half|double|tripled?|doubled|halved)\b",
)
FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|I['’]ve|I['’]d|I['’]ll|me|my|mine|we|we['’]re|we['’]ve|us|our|ours)\b")
SECOND_PERSON = re.compile(r"\b(?:you|your|you['’]re|yours)\b")
HEDGE = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|probably|likely|unlikely|seems?|appears? to|suggests?|"
    r"reportedly|allegedly|apparently|believed to)\b",
)
PREDICTION = re.compile(
    r"\b(?:will|won['’]t|shall|going to|is expected to|are expected to|forecasts?|predicts?|"
    r"projected to|set to|next (?:year|month|week|decade)|by 20[3-9]\d|in the coming)\b",
)
# A forecast or guess about the future, as opposed to a plan stated as fact ("will open 40 sites").
SPECULATION = re.compile(
    r"\b(?:(?:is|are|was|were) (?:widely )?(?:expected|projected|forecast|predicted|likely|unlikely|poised) to|"
    r"forecasts?|predicts?|projections?|"
    r"(?:will|would|could|may|might) (?:probably|likely|possibly|perhaps|eventually)|"
    r"(?:probably|likely|possibly) (?:will|would|be)|could (?:return|rise|fall|happen|reach|come|be)|"
    r"suggest (?:that )?(?:\w+ ){0,4}will|anyone['’]s guess)\b",
)
OPINION = re.compile(
    r"\b(?:think|believe|feel|hope|wish|want|should|must|ought|need to|needs to|shame|disgrace|"
    r"wonderful|terrible|horrible|awful|great|fantastic|outrageous|ridiculous|absurd|"
    r"best|worst|amazing|beautiful|stupid|crazy|sad|huge|incredible|unacceptable|"
    r"i call|blame|love|hate|proud|disgusting|shameful|nonsense|clearly|obviously|"
    r"wastes?|wasting|wasteful|outrage|outrageous|scandal\w*|reckless|irresponsible|deserves?|"
    r"unfair|corrupt|incompetent|dangerous|disaster|disastrous|victory|long-overdue|overdue|"
    r"betray\w*|insult\w*|ignorant|pathetic|brilliant|excellent|failure|failed us|fantastic|"
    r"common sense|too late|it['’]s time|time to|disagree|agree|respectfully|regret|appreciate|thank|"
    r"welcome|grateful|sorry|shocked|appalled|delighted|thrilled|"
    r"everyone knows|everybody knows|we all know|no one believes|nobody believes|the truth is|"
    r"let['’]s be honest|wake up|mark my words|make no mistake)\b",
)
IMPERATIVE = re.compile(r"^\W*(?:let['’]s|please|imagine|consider|look at|think about|don['’]t|do not)\b")
OFFICIAL = re.compile(
    r"\b(?:law|bill|act|decree|resolution|ordinance|regulation|statute|ruling|ruled|court|judge|"
    r"legislature|congress|parliament|senate|council|ministry|department|agency|government|"
    r"approved|passed|signed|voted|vetoed|enacted|repealed|banned|ordered|authori[sz]ed|"
    r"sentenced|convicted|charged|indicted|acquitted|fined|sued|filed)\b",
)
# The genre term counts acts and instruments only, not institutions ("the council" is no fact).
OFFICIAL_ACTION = re.compile(
    r"\b(?:law|decree|resolution|ordinance|regulation|statute|ruling|ruled|unconstitutional|illegal|"
    r"approved|passed|signed|voted|vetoed|enacted|repealed|banned|ordered|authori[sz]ed|"
    r"sentenced|convicted|charged|indicted|acquitted|fined|sued|struck down|overturned|upheld)\b",
)
EVENT = re.compile(
    r"\b(?:killed|died|dead|deaths?|injured|arrested|detained|deployed|sent|recalled|expelled|"
    r"attacked|launched|opened|closed|resigned|elected|won|lost|fell|rose|increased|decreased|"
    r"dropped|grew|declined|doubled|reported|recorded|counted|confirmed|announced|released|"
    r"published|issued|hired|fired|cut|raised|spent|paid|received|visited|met|began|ended)\b",
)
COMPARATIVE = re.compile(
    r"\b(?:more than|less than|fewer than|at least|as many as|up from|down from|compared with|"
    r"highest|lowest|largest|smallest|record|first|only|since)\b",
)
REPORTING = re.compile(
    r"\b(?:said|says|told|claimed|claims|announced|wrote|tweeted|posted|denied|stated|reported|"
    r"according to|cited|confirmed|testified|estimated|found|showed|shows)\b",
)
WHY = re.compile(r"^\W*(?:why|how come)\b")
WORDS = re.compile(r"\w+")
QUOTE_CHARS = re.compile(r"[“”\"]")
CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+")

FEATURE_NAMES = (
    "has_number",
    "has_percent",
    "has_money",
    "has_year",
    "has_month_or_date",
    "has_weekday",
    "has_number_word",
    "first_person",
    "second_person",
    "hedge",
    "prediction",
    "opinion",
    "question",
    "exclamation",
    "imperative",
    "official_action",
    "event_verb",
    "comparative",
    "reporting_verb",
    "quote_marks",
    "proper_nouns",
    "log_words",
    "short",
)


def tokens(text: str) -> list[str]:
    """Return the lower-cased word, number and currency tokens of text; numbers become <num>."""
    out = []
    for tok in WORD.findall(text.lower().replace("’", "'")):
        out.append("<num>" if tok[0].isdigit() else tok)
    return out


def ngrams(text: str) -> list[str]:
    """Return the unigrams and bigrams the model's vocabulary is built from."""
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def flags(text: str) -> dict[str, bool]:
    """Return which cues of FEATURE_NAMES and the genre terms text shows (each pattern run once)."""
    low = text.lower()  # the lexicons are lower-case: case-insensitive regexes are ~20x slower
    stripped = text.rstrip(" \"”’')")
    f = {
        "number": bool(NUMBER.search(text)),
        "percent": bool(PERCENT.search(low)),
        "money": bool(MONEY.search(low)),
        "year": bool(YEAR.search(text)),
        "month": bool(MONTH.search(text)),
        "weekday": bool(WEEKDAY.search(text)),
        "number_word": bool(NUMBER_WORD.search(low)),
        "first_person": bool(FIRST_PERSON.search(text)),
        "second_person": bool(SECOND_PERSON.search(low)),
        "hedge": bool(HEDGE.search(low)),
        "future": bool(PREDICTION.search(low)),
        "speculation": bool(SPECULATION.search(low)),
        "opinion": bool(OPINION.search(low)),
        "question": "?" in stripped[-3:],
        "why": bool(WHY.match(low)),
        "exclamation": stripped.endswith("!"),
        "imperative": bool(IMPERATIVE.search(low)),
        "official": bool(OFFICIAL.search(low)),
        "official_action": bool(OFFICIAL_ACTION.search(low)),
        "event": bool(EVENT.search(low)),
        "comparative": bool(COMPARATIVE.search(low)),
        "reporting": bool(REPORTING.search(low)),
        "quote_marks": bool(QUOTE_CHARS.search(text)),
        "truncated": stripped.endswith(("…", "...")),
    }
    f["concrete"] = f["number"] or f["number_word"] or f["month"] or f["weekday"] or f["year"]
    return f


def interpretable(text: str, f: dict[str, bool] | None = None) -> list[float]:
    """Return the named features of text, in FEATURE_NAMES order (f: its flags, when known)."""
    f = f or flags(text)
    words = len(text.split())
    return [
        float(f["number"]),
        float(f["percent"]),
        float(f["money"]),
        float(f["year"]),
        float(f["month"]),
        float(f["weekday"]),
        float(f["number_word"]),
        float(f["first_person"]),
        float(f["second_person"]),
        float(f["hedge"]),
        float(f["future"]),
        float(f["opinion"]),
        float(f["question"]),
        float(f["exclamation"]),
        float(f["imperative"]),
        float(f["official"]),
        float(f["event"]),
        float(f["comparative"]),
        float(f["reporting"]),
        float(f["quote_marks"]),
        min(len(CAPITALISED.findall(text)), 5) / 5,
        math.log1p(words) / 4,
        float(words < 6),
    ]


@dataclass(frozen=True)
class Model:
    bias: float
    feature_weights: tuple[float, ...]
    vocabulary: dict[str, float]
    genre: dict[str, float]
    caps: dict[str, float]

    def logit(self, text: str, f: dict[str, bool] | None = None) -> float:
        """Return the model's log-odds that text is a check-worthy factual sentence."""
        z = self.bias + sum(w * x for w, x in zip(self.feature_weights, interpretable(text, f), strict=True))
        grams = set(ngrams(text))
        return z + sum(self.vocabulary.get(g, 0.0) for g in grams)


@lru_cache(maxsize=1)
def model() -> Model:
    """Load the shipped weights (once per process)."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    names = data["features"]
    if tuple(names) != FEATURE_NAMES:
        raise RuntimeError("checkworthiness.json was trained with other features; retrain it")
    return Model(
        bias=data["bias"],
        feature_weights=tuple(data["feature_weights"]),
        vocabulary=data["vocabulary"],
        genre=data["genre"],
        caps=data.get("caps", {}),
    )


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def genre_evidence(
    content: str, *, attributed: bool, quoted: bool, f: dict[str, bool] | None = None
) -> dict[str, float]:
    """Return the news-genre indicators of a sentence's asserted content (1.0 when present)."""
    f = f or flags(content)
    return {
        "question": float(f["question"] or f["why"]),
        "first_person_opinion": float(f["first_person"] and f["opinion"]),
        "first_person": float(f["first_person"]),
        "opinion": float(f["opinion"]),
        "prediction": float(f["speculation"]),
        "future": float(f["future"] and not f["speculation"]),
        "hedge": float(f["hedge"]),
        "concrete": float(f["concrete"]),
        "official_action": float(f["official_action"]),
        "event": float(f["event"]),
        "attributed": float(attributed),
        "quoted_value_laden": float(quoted and f["opinion"] and not f["concrete"]),
        "too_short": float(len(WORDS.findall(content)) < 6),
        "truncated": float(f["truncated"]),
        "news_prior": 1.0,
    }


def explain(content: str, *, attributed: bool = False, quoted: bool = False) -> list[tuple[str, float]]:
    """Return the terms that moved a sentence's log-odds, largest first (for reviewers and debugging)."""
    m = model()
    terms = [("bias", m.bias)]
    values = interpretable(content)
    terms += [(f"feature:{n}", w * x) for n, w, x in zip(FEATURE_NAMES, m.feature_weights, values, strict=True) if x]
    terms += [(f"ngram:{g}", m.vocabulary[g]) for g in set(ngrams(content)) if g in m.vocabulary]
    evidence = genre_evidence(content, attributed=attributed, quoted=quoted)
    terms += [(f"genre:{n}", m.genre.get(n, 0.0)) for n, present in evidence.items() if present and m.genre.get(n)]
    return sorted(terms, key=lambda t: -abs(t[1]))


def score(content: str, *, attributed: bool = False, quoted: bool = False) -> float:
    """Return a 0–1 check-worthiness score for the asserted content of one sentence."""
    m = model()
    f = flags(content)
    z = m.logit(content, f)
    evidence = genre_evidence(content, attributed=attributed, quoted=quoted, f=f)
    for name, present in evidence.items():
        z += m.genre.get(name, 0.0) * present
    score = sigmoid(z)
    for name, cap in m.caps.items():
        if evidence.get(name):
            score = min(score, cap)  # however many numbers it holds, a question or forecast is not a fact
    return score

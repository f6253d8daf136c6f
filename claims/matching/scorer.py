"""The learned pair scorer: how likely two wordings state the same fact. No Django import.

`pair_features(a, b)` computes the features below; `probability(a, b)` weighs them with the
logistic regression in `scorer.json`, trained by scripts/train_matching.py (provenance, data
and measurements in claims/matching/MODEL.md). Facts that conflict never reach the scorer:
`facts.facts_conflict` rejects the pair first.

Features: IDF-weighted overlap of stems (share of the shorter and of the longer wording,
Jaccard) and of stem bigrams, pg_trgm similarity and `wording_score`, figures restated (with
tolerance and unit normalisation) and figures only one side gives, years and days restated,
names shared and names one side lacks, negation parity, length ratio, whether the other side is
a published fact-check (with its headline's overlap), the context where it is known (the
same speaker, the share of names the two documents have in common) and, for candidates BM25
retrieved, their score as a share of the best one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .facts import Facts, facts_of
from .wording import stems, trigram_similarity, without_post_trailer, wording_score

WEIGHTS = Path(__file__).with_name("scorer.json")

FEATURES = [
    "idf_cover_short",
    "idf_cover_long",
    "idf_jaccard",
    "bigram_cover",
    "trigram",
    "wording",
    "figures_shared",
    "figures_unshared",
    "dates_shared",
    "names_shared",
    "names_unshared",
    "negation_differs",
    "length_ratio",
    "is_review",
    "title_cover",
    "speaker_known",
    "speaker_same",
    "context_known",
    "context_names",
    "retrieval_known",
    "retrieval_share",
]


@dataclass(frozen=True)
class Context:
    """What is known around a pair: each side's speaker and the names of each side's document."""

    speaker_a: str | None = None
    speaker_b: str | None = None
    names_a: frozenset[str] | None = None
    names_b: frozenset[str] | None = None


@dataclass(frozen=True)
class Model:
    coef: tuple[float, ...]  # claim against claim (an article's rewrite)
    intercept: float
    review_coef: tuple[float, ...]  # claim or post against a published fact-check
    review_intercept: float
    idf: dict[str, float]
    default_idf: float
    suggest_at: float
    confident_at: float
    review_suggest_at: float


@lru_cache(maxsize=1)
def model() -> Model:
    """Return the trained scorer (weights, IDF table and thresholds from scorer.json)."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if data["features"] != FEATURES:
        raise ValueError("scorer.json was trained on other features: run scripts/train_matching.py")
    return Model(
        coef=tuple(data["claims"]["coef"]),
        intercept=data["claims"]["intercept"],
        review_coef=tuple(data["reviews"]["coef"]),
        review_intercept=data["reviews"]["intercept"],
        idf=data["idf"],
        default_idf=data["default_idf"],
        suggest_at=data["claims"]["suggest_at"],
        confident_at=data["claims"]["confident_at"],
        review_suggest_at=data["reviews"]["suggest_at"],
    )


def _weight(term: str, idf: dict[str, float], default: float) -> float:
    return idf.get(term, default)


@lru_cache(maxsize=16384)
def _terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    words = stems(without_post_trailer(text))
    return frozenset(words), frozenset(zip(words, words[1:], strict=False))


def share_terms(a: str, b: str, at_least: int = 2) -> bool:
    """Tell whether two wordings share at least `at_least` stems or figures (cheap; before the features)."""
    return len(_terms(a)[0] & _terms(b)[0]) >= at_least


def _speaker_words(name: str | None) -> set[str]:
    return {w for w in (name or "").lower().replace("@", " ").replace(".", " ").split() if len(w) > 3}


def same_speaker(a: str | None, b: str | None) -> bool:
    """Tell whether two speakers are one ("Helena Voss" / "Voss"; two outlet voices are the same too)."""
    wa, wb = _speaker_words(a), _speaker_words(b)
    return (not wa and not (a or "").strip() and not wb and not (b or "").strip()) or bool(wa & wb)


def pair_features(
    a: str,
    b: str,
    *,
    facts_a: Facts | None = None,
    facts_b: Facts | None = None,
    is_review: bool = False,
    title: str = "",
    context: Context | None = None,
    retrieval: tuple[float, float, int] | None = None,
    idf: dict[str, float] | None = None,
    default_idf: float | None = None,
) -> list[float]:
    """Return the FEATURES of a pair of wordings (b the published fact-check when is_review).

    `retrieval` is b's BM25 score for a, the best score a's search found and b's rank there
    (the rank is not a feature: weighed pointwise it taught the model to trust BM25's order).
    """
    if idf is None:
        m = model()
        idf, default_idf = m.idf, m.default_idf
    default_idf = default_idf or 1.0
    facts_a, facts_b = facts_a or facts_of(a), facts_b or facts_of(b)
    (wa, ba), (wb, bb) = _terms(a), _terms(b)
    weight_a = sum(_weight(t, idf, default_idf) for t in wa)
    weight_b = sum(_weight(t, idf, default_idf) for t in wb)
    shared = sum(_weight(t, idf, default_idf) for t in wa & wb)
    union = weight_a + weight_b - shared
    short, long_ = sorted((weight_a, weight_b))
    bigrams = len(ba & bb) / min(len(ba), len(bb)) if ba and bb else 0.0
    agreeing = sum(1 for q in facts_a.quantities if any(q.agrees(t) for t in facts_b.quantities))
    unshared = len(facts_a.quantities) + len(facts_b.quantities) - 2 * agreeing
    dates_shared = len(facts_a.years & facts_b.years) + len(facts_a.days & facts_b.days)
    ea, eb = facts_a.entities, facts_b.entities
    names_shared = len(ea & eb) / min(len(ea), len(eb)) if ea and eb else 0.0
    names_unshared = sum(
        1 for e in ea ^ eb if not any(p in (facts_b.words if e in ea else facts_a.words) for p in e.split())
    )
    title_cover = 0.0
    if title:
        wt, _ = _terms(title)
        weight_t = sum(_weight(t, idf, default_idf) for t in wt)
        title_cover = (
            sum(_weight(t, idf, default_idf) for t in wa & wt) / min(weight_a, weight_t)
            if weight_a and weight_t
            else 0.0
        )
    context = context or Context()
    speaker_known = bool(context.speaker_a is not None and context.speaker_b is not None)
    speaker_same = speaker_known and same_speaker(context.speaker_a, context.speaker_b)
    context_known = bool(context.names_a and context.names_b)  # documents without names tell nothing
    context_names = 0.0
    if context_known:
        context_names = len(context.names_a & context.names_b) / len(context.names_a | context.names_b)
    count_a, count_b = len(wa), len(wb)
    return [
        shared / short if short else 0.0,
        shared / long_ if long_ else 0.0,
        shared / union if union else 0.0,
        bigrams,
        trigram_similarity(a, b),
        wording_score(a, b),
        min(agreeing, 3) / 3,
        min(unshared, 4) / 4,
        min(dates_shared, 2) / 2,
        names_shared,
        min(names_unshared, 4) / 4,
        float(facts_a.negated != facts_b.negated),
        min(count_a, count_b) / max(count_a, count_b) if count_a and count_b else 0.0,
        float(is_review),
        title_cover,
        float(speaker_known),
        float(speaker_same),
        float(context_known),
        context_names,
        float(retrieval is not None),
        retrieval[0] / retrieval[1] if retrieval and retrieval[1] else 0.0,
    ]


def weigh(features: list[float], m: Model | None = None) -> float:
    """Return the scorer's probability for a feature vector (the review weights when is_review is set)."""
    m = m or model()
    review = features[FEATURES.index("is_review")] > 0
    coef, intercept = (m.review_coef, m.review_intercept) if review else (m.coef, m.intercept)
    z = intercept + sum(w * x for w, x in zip(coef, features, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def probability(a: str, b: str, **kwargs) -> float:
    """Return how likely two wordings state the same fact, 0..1 (see pair_features for kwargs)."""
    return weigh(pair_features(a, b, **kwargs))

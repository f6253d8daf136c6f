"""The learned pair scorers: how likely two wordings state the same fact. No Django import.

Claim against a published fact-check: `pair_features(a, b, is_review=True, ...)` weighed by the
logistic regression in `scorer.json` (scripts/train_matching.py). Claim against claim:
`claim_features(a, b, ...)` weighed by `claim_scorer.json` (scripts/train_claim_matching.py),
one set of weights for pairs whose two documents are known (`Context.story`, their likeness)
and one for the wordings alone. Provenance, data and measurements in claims/matching/MODEL.md.
Facts that conflict never reach a scorer: `facts.facts_conflict` rejects the pair first.

Features: IDF-weighted overlap of stems (share of the shorter and of the longer wording,
Jaccard) and of stem bigrams, pg_trgm similarity and `wording_score`, figures restated (with
tolerance and unit normalisation) and figures only one side gives, years and days restated,
names shared and names one side lacks, negation parity, length ratio, the context where it is
known (the same speaker, the share of names the two documents have in common); for fact-checks
the headline's overlap and the BM25 score as a share of the best; for claims the distinctive
figures restated, the rarest shared stem, and the story (the documents' likeness) with its
products with the figures and the overlap.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .facts import Facts, facts_of
from .wording import stems, trigram_similarity, without_post_trailer, wording_score

WEIGHTS = Path(__file__).with_name("scorer.json")  # claim or post against a published fact-check
CLAIM_WEIGHTS = Path(__file__).with_name("claim_scorer.json")  # claim against claim (scripts/train_claim_matching.py)

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


# Claim against claim: the same overlap and fact features without the fact-check-only ones,
# and what tells a rewrite of the same story: distinctive figures both restate, the rarest word
# both use, and how alike the two documents are.
CLAIM_FEATURES = [
    "idf_cover_short",
    "idf_cover_long",
    "idf_jaccard",
    "bigram_cover",
    "trigram",
    "wording",
    "figures_shared",
    "figures_unshared",
    "figures_distinct",
    "dates_shared",
    "names_shared",
    "names_unshared",
    "negation_differs",
    "length_ratio",
    "rarest_shared",
    "speaker_known",
    "speaker_same",
    "context_known",
    "context_names",
    "story_same",
    "story_figures",
    "story_overlap",
    "story_rarest",
    "story_shared_figures",
]
# Two documents of one story (a rewrite, a second outlet's report): their likeness (cosine of
# IDF-weighted stems) ramps from STORY_FROM to STORY_TO. In the corpus every rewrite pair scores
# 0.34 or more, two stories of one topic up to 0.31. Within one story a restated distinctive
# figure or a shared rare word says far more than across stories: the story_* features are
# that ramp times the pair's figures and overlap.
STORY_FROM, STORY_TO = 0.2, 0.4


@dataclass(frozen=True)
class Context:
    """What is known around a pair: each side's speaker, the names of each side's document, and
    how alike the two documents are (`story`: cosine of their IDF-weighted stems, see document_vector)."""

    speaker_a: str | None = None
    speaker_b: str | None = None
    names_a: frozenset[str] | None = None
    names_b: frozenset[str] | None = None
    story: float | None = None


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


@dataclass(frozen=True)
class ClaimWeights:
    coef: tuple[float, ...]  # over CLAIM_FEATURES
    intercept: float
    suggest_at: float  # out of fold, at least 0.90 of the pairs scored at or above it are the same claim
    confident_at: float  # a suggestion marked "likely the same statement" (at or above suggest_at)
    match_at: float  # extract_claims --json `matches`: each claim's mutual best match at or above it


@dataclass(frozen=True)
class ClaimModel:
    story: ClaimWeights  # the two documents are known (extract_claims: their likeness, names and speakers)
    plain: ClaimWeights  # the wordings alone, perhaps with speakers (the app's suggestions)
    idf: dict[str, float]
    default_idf: float

    def weights(self, context: Context | None) -> ClaimWeights:
        """Return the weights for what is known: the documents' likeness, or not."""
        return self.story if context is not None and context.story is not None else self.plain


@lru_cache(maxsize=1)
def model() -> Model:
    """Return the trained scorer (weights, IDF table and thresholds from scorer.json; claim weights from
    claim_scorer.json)."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if data["features"] != FEATURES:
        raise ValueError("scorer.json was trained on other features: run scripts/train_matching.py")
    claims = claim_model().plain
    return Model(
        coef=claims.coef,
        intercept=claims.intercept,
        review_coef=tuple(data["reviews"]["coef"]),
        review_intercept=data["reviews"]["intercept"],
        idf=data["idf"],
        default_idf=data["default_idf"],
        suggest_at=claims.suggest_at,
        confident_at=claims.confident_at,
        review_suggest_at=data["reviews"]["suggest_at"],
    )


@lru_cache(maxsize=1)
def claim_model() -> ClaimModel:
    """Return the claim-against-claim scorer (claim_scorer.json)."""
    data = json.loads(CLAIM_WEIGHTS.read_text(encoding="utf-8"))
    if data["features"] != CLAIM_FEATURES:
        raise ValueError("claim_scorer.json was trained on other features: run scripts/train_claim_matching.py")

    def weights(part: dict) -> ClaimWeights:
        return ClaimWeights(
            tuple(part["coef"]), part["intercept"], part["suggest_at"], part["confident_at"], part["match_at"]
        )

    return ClaimModel(
        story=weights(data["story"]), plain=weights(data["plain"]), idf=data["idf"], default_idf=data["default_idf"]
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


# Words of a speaker's name that say nothing about who it is ("the", "Mr", "of"); a short
# surname ("Lim", "Ng", "Wu") does.
NOT_NAME_WORDS = frozenset("the a an of and for to in at on by mr mrs ms mx dr sir dame prof rev st".split())


def _speaker_words(name: str | None) -> set[str]:
    words = (name or "").lower().replace("@", " ").replace(".", " ").replace("’", "'").split()
    return {w.removesuffix("'s") for w in words if len(w) >= 2 and w not in NOT_NAME_WORDS}


def without_names(text: str, names: set[str]) -> str:
    """Return text without the words of the given (lower-case) names, as a speaker's name is written."""
    return re.sub(r"[\w'’.-]+", lambda m: "" if m[0].lower().strip(".'’") in names else m[0], text)


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


DISTINCT_BELOW = 13  # a whole number under this ("two bridges", "seven votes") tells little on its own


def distinctive(q) -> bool:
    """Tell whether a figure is distinctive: a unit, a decimal, or a whole count of 13 or more."""
    return bool(q.unit) or q.value != int(q.value) or q.value >= DISTINCT_BELOW


def document_vector(texts: list[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    """Return a document's unit vector of IDF-weighted stems (over its claims' wordings)."""
    counts: dict[str, float] = {}
    for text in texts:
        for term in stems(without_post_trailer(text)):
            counts[term] = counts.get(term, 0.0) + 1.0
    vector = {t: (1 + math.log(n)) * _weight(t, idf, default_idf) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


_TOP: list = [None, 0.0]  # the last IDF table claim_features read, and its largest weight


def _top_weight(idf: dict[str, float], default: float) -> float:
    """Return the largest weight of an IDF table (taking the max of 20,000 weights per pair was a fifth of its cost)."""
    if _TOP[0] is not idf:  # held, so a table's id is never another's
        _TOP[0], _TOP[1] = idf, max(idf.values(), default=default)
    return _TOP[1] if idf else default


def claim_features(
    a: str,
    b: str,
    *,
    facts_a: Facts | None = None,
    facts_b: Facts | None = None,
    context: Context | None = None,
    idf: dict[str, float] | None = None,
    default_idf: float | None = None,
) -> list[float]:
    """Return the CLAIM_FEATURES of two claims' wordings."""
    if idf is None:
        m = claim_model()
        idf, default_idf = m.idf, m.default_idf
    default_idf = default_idf or 1.0
    # Who says it is the speaker features' business: "Mayor Ernesto Quiambao said" in two claims
    # of one story says nothing about whether they state the same fact.
    names = _speaker_words(context.speaker_a) | _speaker_words(context.speaker_b) if context else set()
    if names:
        # A wording the names are not in keeps the facts given (parsed once, stored with the claim).
        bare_a, bare_b = without_names(a, names), without_names(b, names)
        if bare_a != a:
            a, facts_a = bare_a, facts_of(bare_a)
        if bare_b != b:
            b, facts_b = bare_b, facts_of(bare_b)
    facts_a, facts_b = facts_a or facts_of(a), facts_b or facts_of(b)
    base = dict(
        zip(
            FEATURES,
            pair_features(a, b, facts_a=facts_a, facts_b=facts_b, context=context, idf=idf, default_idf=default_idf),
            strict=True,
        )
    )
    wa, wb = _terms(a)[0], _terms(b)[0]
    shared = wa & wb
    top = _top_weight(idf, default_idf) or 1.0
    base["rarest_shared"] = max((_weight(t, idf, default_idf) for t in shared), default=0.0) / max(top, default_idf)
    distinct = sum(1 for q in facts_a.quantities if distinctive(q) and any(q.agrees(t) for t in facts_b.quantities))
    base["figures_distinct"] = min(distinct, 2) / 2
    story = context.story if context is not None and context.story is not None else 0.0
    same = min(1.0, max(0.0, (story - STORY_FROM) / (STORY_TO - STORY_FROM)))
    base["story_same"] = same
    base["story_figures"] = same * base["figures_distinct"]
    base["story_overlap"] = same * base["idf_cover_short"]
    base["story_rarest"] = same * base["rarest_shared"]
    base["story_shared_figures"] = same * base["figures_shared"]
    return [base[name] for name in CLAIM_FEATURES]


def weigh_claims(features: list[float], weights: ClaimWeights) -> float:
    """Return the claim scorer's probability for a CLAIM_FEATURES vector."""
    z = weights.intercept + sum(w * x for w, x in zip(weights.coef, features, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def claim_probability(a: str, b: str, **kwargs) -> float:
    """Return how likely two claims' wordings state the same fact, 0..1 (see claim_features for kwargs)."""
    return weigh_claims(claim_features(a, b, **kwargs), claim_model().weights(kwargs.get("context")))


def weigh(features: list[float], m: Model | None = None) -> float:
    """Return the scorer's probability for a feature vector (the review weights when is_review is set)."""
    m = m or model()
    review = features[FEATURES.index("is_review")] > 0
    coef, intercept = (m.review_coef, m.review_intercept) if review else (m.coef, m.intercept)
    z = intercept + sum(w * x for w, x in zip(coef, features, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def probability(a: str, b: str, **kwargs) -> float:
    """Return how likely two wordings state the same fact, 0..1 (see pair_features for kwargs).

    Claim against claim goes to the claim scorer (claim_probability); this weighs a fact-check pair.
    """
    if not kwargs.get("is_review"):
        kwargs.pop("title", None), kwargs.pop("retrieval", None)
        return claim_probability(a, b, **kwargs)
    return weigh(pair_features(a, b, **kwargs))

"""Is this the same claim? Pure text judgement; no Django import, tested without a database.

compare(a, b)            a Match: "same" (same wording), "similar" (suggest) or "different", with score
compare_review(c, r)     the same judgement for a published fact-check's (shorter) claimReviewed
document_matches(docs)   the cross-document pairs `extract_claims --json` reports

The wording (normalise, fingerprint, trigrams) lives in `wording`, the facts and when they
conflict in `facts`; both are re-exported here for callers that judge pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import retrieval, scorer
from .facts import Facts, close, conflict, facts_conflict, facts_of
from .wording import (
    content_words,
    fingerprint,
    normalise,
    trigram_similarity,
    trigrams,
    word_overlap,
    wording_score,
)

__all__ = [
    "Facts",
    "Match",
    "compare",
    "compare_review",
    "conflict",
    "content_words",
    "disagreement",
    "document_matches",
    "facts_of",
    "fingerprint",
    "normalise",
    "trigram_similarity",
    "trigrams",
    "word_overlap",
    "wording_score",
]

# Same normalised wording is "same"; otherwise the claim scorer's probability (claim_scorer.json,
# thresholds chosen out of fold by scripts/train_claim_matching.py) decides, with the weights for
# what is known (the two documents' story, or the wordings alone): at or above their suggest_at a
# reviewer is shown a suggestion, at or above confident_at it is marked likely, and
# `extract_claims --json` reports each claim's mutual best match at or above the story match_at.
# A published fact-check is suggested at or above REVIEW_SUGGEST_AT (scorer.json).
SUGGEST_AT = scorer.claim_model().plain.suggest_at  # the app's suggestions (no document context)
CONFIDENT_AT = scorer.claim_model().plain.confident_at
STORY_CONFIDENT_AT = scorer.claim_model().story.confident_at  # the same with the two articles' story known
REVIEW_SUGGEST_AT = scorer.model().review_suggest_at

FAR_APART = "wording too far apart"
DOCUMENT_CANDIDATES = 20  # BM25 candidates per claim among all documents' claims (extract_claims --json)

disagreement = facts_conflict


@dataclass(frozen=True)
class Match:
    verdict: str  # "same" (same wording), "similar" (suggest) or "different"
    similarity: float  # the pair scorer's probability (1.0 for the same wording)
    reason: str = ""  # why: the conflict that rules it out, or what the two share
    confident: bool = False  # a suggestion very likely stating the same fact

    @property
    def likely(self) -> bool:
        """Tell whether the pair is the same wording or a confident suggestion (`extract_claims --json` matches)."""
        return self.verdict == "same" or (self.verdict == "similar" and self.confident)

    @property
    def linked(self) -> bool:
        return self.verdict == "same"

    @property
    def suggested(self) -> bool:
        return self.verdict == "similar"

    @property
    def conflicting(self) -> bool:
        """Tell whether the facts of the two conflict (not merely the wording too far apart)."""
        return self.verdict == "different" and self.reason not in ("", FAR_APART)


def _figure(q) -> str:
    return q.text


def shared_facts(a: Facts, b: Facts) -> str:
    """Return what two claims restate, for the reason a reviewer reads ("same figures 4,120 and 2023")."""
    figures = [_figure(q) for q in a.quantities if any(q.agrees(t) for t in b.quantities)]
    figures += sorted(a.years & b.years)
    names = sorted(a.entities & b.entities)
    parts = []
    if figures:
        parts.append("same figures " + " and ".join(dict.fromkeys(figures)))
    if names:
        parts.append("same names " + ", ".join(names[:3]))
    return "; ".join(parts)


def _share_figure(a: Facts, b: Facts) -> bool:
    return any(scorer.distinctive(q) and any(q.agrees(t) for t in b.quantities) for q in a.quantities)


def _reason(a: Facts, b: Facts, a_text: str, b_text: str) -> str:
    shared = shared_facts(a, b)
    wording = f"wording {wording_score(a_text, b_text):.2f}"
    return f"{shared}; {wording}" if shared else wording


def pair_reason(a: str, b: str) -> str:
    """Return what two wordings share, as a suggestion's reason reads ("same figures 4,120 and 2023; wording 0.71")."""
    return _reason(facts_of(a), facts_of(b), a, b)


def compare(
    a: str,
    b: str,
    *,
    facts_a: Facts | None = None,
    facts_b: Facts | None = None,
    context: scorer.Context | None = None,
) -> Match:
    """Judge whether two wordings state the same claim.

    The same normalised wording is "same". Otherwise facts that conflict rule the pair out
    (the reason names them: "different figures: 7,000 vs 700"), and the pair scorer's
    probability decides between a suggestion, a confident one, and nothing.
    """
    if normalise(a) == normalise(b):
        return Match("same", 1.0, "same wording")
    facts_a, facts_b = facts_a or facts_of(a), facts_b or facts_of(b)
    # Nothing in common is not worth the scorer; a distinctive figure both state, however written
    # ("two dozen" / 24, "seven in every ten" / 70 percent, "11 gambling websites" / "11 online
    # operators"), is something in common.
    if not scorer.share_terms(a, b) and not _share_figure(facts_a, facts_b):
        return Match("different", 0.0, FAR_APART)
    reason = facts_conflict(facts_a, facts_b)
    if reason:
        return Match("different", 0.0, reason)
    # 1.0 is kept for the same wording: a paraphrase, however likely, shows below it.
    weights = scorer.claim_model().weights(context)
    p = min(round(scorer.claim_probability(a, b, facts_a=facts_a, facts_b=facts_b, context=context), 3), 0.999)
    if p >= weights.confident_at:
        return Match("similar", p, _reason(facts_a, facts_b, a, b), confident=True)
    if p >= weights.suggest_at:
        return Match("similar", p, _reason(facts_a, facts_b, a, b))
    return Match("different", p, FAR_APART)


def compare_review(
    claim_text: str,
    reviewed: str,
    *,
    facts: Facts | None = None,
    title: str = "",
    retrieval: tuple[float, float, int] | None = None,
) -> Match:
    """Judge whether a published fact-check's claimReviewed is the claim (it is often shorter).

    A post or a long claim tells several facts; a figure or date in another of its sentences
    is no conflict with the fact-check, so the facts are compared only when the two wordings
    say much the same (facts.close).
    """
    facts, reviewed_facts = facts or facts_of(claim_text), facts_of(reviewed)
    reason = facts_conflict(facts, reviewed_facts) if close(facts, reviewed_facts) else ""
    if reason:
        return Match("different", 0.0, reason)
    if normalise(claim_text) == normalise(reviewed):
        return Match("same", 1.0, "same wording")
    p = round(
        scorer.probability(
            claim_text,
            reviewed,
            facts_a=facts,
            facts_b=reviewed_facts,
            is_review=True,
            title=title,
            retrieval=retrieval,
        ),
        4,
    )
    if p >= REVIEW_SUGGEST_AT:
        return Match("similar", p, _reason(facts, reviewed_facts, claim_text, reviewed))
    return Match("different", p, FAR_APART)


# --- Documents without a database (extract_claims --json) ---------------------------


def document_names(claims: list[str]) -> frozenset[str]:
    """Return the names a document's claims mention (the context two documents share)."""
    return frozenset().union(*(facts_of(t).entities for t in claims)) if claims else frozenset()


def document_story(a: list[str], b: list[str]) -> float:
    """Return how alike two documents are, from their claims' wordings (the scorer's `story` context)."""
    m = scorer.claim_model()
    return scorer.cosine(
        scorer.document_vector(a, m.idf, m.default_idf), scorer.document_vector(b, m.idf, m.default_idf)
    )


def story_context(a: list[str], b: list[str], *, speaker_a: str | None = None, speaker_b: str | None = None):
    """Return the context of a pair whose documents' claims are `a` and `b`: their likeness and names."""
    return scorer.Context(
        speaker_a=speaker_a,
        speaker_b=speaker_b,
        names_a=document_names(a),
        names_b=document_names(b),
        story=document_story(a, b),
    )


def document_matches(
    documents: list[list[str]],
    *,
    include_suggestions: bool = False,
    speakers: list[list[str | None]] | None = None,
) -> list[dict]:
    """Return the cross-document claim pairs the matcher is confident state the same fact, as score.py reads them.

    Same wording and confident suggestions (see compare()); with include_suggestions every
    suggestion a reviewer would see. `documents` holds each document's claim texts in order,
    `speakers` their speakers (None for the outlet's voice). A claim is paired with its best
    match in each other document, and each claim there with its best match, so a repeated
    sentence does not multiply pairs.
    """
    match_at = scorer.claim_model().story.match_at

    def kept(match: Match) -> bool:
        likely = match.linked or (not match.conflicting and match.similarity >= match_at)
        return likely or (include_suggestions and match.suggested)

    return mutual_best(document_pairs(documents, speakers=speakers), kept=kept)


def document_pairs(
    documents: list[list[str]], *, speakers: list[list[str | None]] | None = None
) -> dict[tuple[int, int], dict[tuple[int, int], Match]]:
    """Return every judged candidate pair of claims of two documents: {(doc a, doc b): {(claim a, claim b): Match}}.

    Recall first: each claim's DOCUMENT_CANDIDATES BM25 candidates among the other documents'
    claims, each judged by compare() knowing the two documents (their story, names, speakers).
    """
    facts = [[facts_of(t) for t in claims] for claims in documents]
    names = [document_names(claims) for claims in documents]
    m = scorer.claim_model()
    vectors = [scorer.document_vector(claims, m.idf, m.default_idf) for claims in documents]
    stories: dict[tuple[int, int], float] = {}
    flat = [(d, i) for d, claims in enumerate(documents) for i in range(len(claims))]
    index = retrieval.Index([documents[d][i] for d, i in flat])
    candidates: set[tuple[int, int, int, int]] = set()
    for d, i in flat:
        for position, _ in index.search(documents[d][i], DOCUMENT_CANDIDATES):
            e, j = flat[position]
            if e != d:
                candidates.add((d, i, e, j) if d < e else (e, j, d, i))
    judged: dict[tuple[int, int], dict[tuple[int, int], Match]] = {}
    for da, ia, db, ib in sorted(candidates):
        context = scorer.Context(
            speaker_a=(speakers[da][ia] or "") if speakers else None,
            speaker_b=(speakers[db][ib] or "") if speakers else None,
            names_a=names[da],
            names_b=names[db],
            story=stories.setdefault((da, db), scorer.cosine(vectors[da], vectors[db])),
        )
        a, b = documents[da][ia], documents[db][ib]
        judged.setdefault((da, db), {})[(ia, ib)] = compare(
            a, b, facts_a=facts[da][ia], facts_b=facts[db][ib], context=context
        )
    return judged


def mutual_best(judged: dict[tuple[int, int], dict[tuple[int, int], Match]], *, kept) -> list[dict]:
    """Return the pairs `kept` accepts that are each other's best match in their two documents."""
    out = []
    for (da, db), pairs in sorted(judged.items()):
        best_a: dict[int, tuple[float, int]] = {}
        best_b: dict[int, tuple[float, int]] = {}
        for (ia, ib), match in pairs.items():
            if not kept(match):
                continue
            if ia not in best_a or match.similarity > best_a[ia][0]:
                best_a[ia] = (match.similarity, ib)
            if ib not in best_b or match.similarity > best_b[ib][0]:
                best_b[ib] = (match.similarity, ia)
        for ia, (similarity, ib) in sorted(best_a.items()):
            if best_b[ib][1] == ia:  # each other's best match
                out.append({"a": [da, ia], "b": [db, ib], "similarity": similarity})
    return out

"""Is this the same claim? Pure text judgement; no Django import, tested without a database.

compare(a, b)            a Match: "same" (same wording), "similar" (suggest) or "different", with score
compare_review(c, r)     the same judgement for a published fact-check's (shorter) claimReviewed
document_matches(docs)   the cross-document pairs `extract_claims --json` reports

The wording (normalise, fingerprint, trigrams) lives in `wording`, the facts and when they
conflict in `facts`; both are re-exported here for callers that judge pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import Facts, conflict, facts_conflict, facts_of
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

disagreement = facts_conflict


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
    reason = facts_conflict(facts_a, facts_b)
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
    reason = facts_conflict(facts or facts_of(claim_text), facts_of(reviewed))
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

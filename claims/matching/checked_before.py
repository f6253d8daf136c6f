"""Checked before? The published fact-checks (the desk's own and imported ones) a draft or an article matches.

`draft_check(text=...)` reads an unpublished draft the way the intake would (the extractor's
own sentences and check-worthiness) and looks each check-worthy sentence up among the claims
in the queue (band keys, the fact gate, the pair scorer: `claims_candidates` + `compare`, as
suggestions are made) and the imported fact-checks (`known_reviews.claims_known_reviews`, the
ranking the claim page uses). It reads only: nothing about the draft is stored or logged.

`claims_checked_before(claims=...)` answers the same question for an article's stored claims:
each claim's own published verdict, the published verdicts of the claims suggested as the
same statement, and the imported fact-checks that match it.

An imported fact-check counts as checked before only when likely (IMPORTED_LIKELY_AT); the
weaker matches the ranking returns are kept apart as possibly related.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from .. import extraction
from ..models import Claim, ClaimLink, KnownReview, Verdict
from . import scorer
from .candidates import claims_candidates
from .known_reviews import REVIEW_LIKELY_AT, claims_known_reviews
from .similarity import Match, compare, facts_of

# Bounds on the work of one draft check (it runs in the web request, never in the worker):
MAX_READ_CHARS = 100_000  # of the draft (about 15,000 words; the intake takes 2 MB, in the worker)
MAX_LOOKED_UP = 50  # check-worthy sentences looked up, in reading order
MAX_SENTENCE_CHARS = 1_000  # a longer "sentence" (text without full stops) is no one claim: not looked up
MAX_SHOWN = 400  # sentences listed
QUEUE_CANDIDATES = 20  # stored claims per sentence judged by the fact gate and the pair scorer
SHOWN_PER_SENTENCE = 5  # matches kept per sentence, of each kind
# An imported fact-check counts as "checked before" from this probability (measured in
# known_reviews); the weaker ones the ranking returns are shown as possibly related.
IMPORTED_LIKELY_AT = REVIEW_LIKELY_AT


@dataclass(frozen=True)
class DeskMatch:
    """A claim in the queue that states the same fact, with its current published verdict if it has one."""

    claim: Claim
    match: Match
    verdict: Verdict | None = None


@dataclass
class PriorChecks:
    """What was checked before for one wording: the desk's published checks, the queue, imported fact-checks."""

    desk: list[DeskMatch] = field(default_factory=list)  # claims with a published verdict
    queue: list[DeskMatch] = field(default_factory=list)  # claims still being worked, not published
    imported: list[tuple[KnownReview, float]] = field(default_factory=list)  # likely the same claim
    related: list[tuple[KnownReview, float]] = field(default_factory=list)  # weaker imported matches

    @property
    def checked(self) -> bool:
        """Tell whether a published fact-check (ours or imported) matches."""
        return bool(self.desk or self.imported)

    @property
    def any(self) -> bool:
        return bool(self.desk or self.queue or self.imported or self.related)


def imported_split(reviews: list[tuple[KnownReview, float]]) -> dict[str, list[tuple[KnownReview, float]]]:
    """Split ranked imported fact-checks into the likely ones and the possibly related (see IMPORTED_LIKELY_AT)."""
    return {
        "imported": [(r, p) for r, p in reviews if p >= IMPORTED_LIKELY_AT],
        "related": [(r, p) for r, p in reviews if p < IMPORTED_LIKELY_AT],
    }


@dataclass
class DraftSentence:
    text: str
    score: float
    checkworthy: bool
    speaker: str | None
    looked_up: bool = False

    @property
    def too_long(self) -> bool:
        return len(self.text) > MAX_SENTENCE_CHARS

    prior: PriorChecks = field(default_factory=PriorChecks)


@dataclass
class DraftCheck:
    sentences: list[DraftSentence]
    checkworthy: int  # check-worthy sentences in the whole draft
    looked_up: int  # of them, how many were looked up (at most MAX_LOOKED_UP)
    not_shown: int  # sentences past MAX_SHOWN, neither listed nor looked up
    read_chars: int = 0  # how much of the draft was read (all of it, or up to MAX_READ_CHARS)
    total_chars: int = 0

    @property
    def cut(self) -> bool:
        return self.read_chars < self.total_chars

    @property
    def checked(self) -> int:
        """Return how many sentences match a published fact-check."""
        return sum(1 for s in self.sentences if s.prior.checked)

    @property
    def in_queue(self) -> int:
        """Return how many sentences match claims still in the queue (and no published fact-check)."""
        return sum(1 for s in self.sentences if s.prior.queue and not s.prior.checked)


def published_verdicts(claim_ids) -> dict[int, Verdict]:
    """Return each claim's current published verdict (newest published), in one query."""
    found: dict[int, Verdict] = {}
    for verdict in (
        Verdict.objects.filter(claim_id__in=set(claim_ids), status=Verdict.Status.PUBLISHED)
        .select_related("rating")
        .order_by("claim_id", "-published_at", "-id")
    ):
        found.setdefault(verdict.claim_id, verdict)
    return found


def _split(matches: list[DeskMatch]) -> tuple[list[DeskMatch], list[DeskMatch]]:
    matches.sort(key=lambda m: (-m.match.similarity, m.claim.pk))
    desk = [m for m in matches if m.verdict is not None][:SHOWN_PER_SENTENCE]
    queue = [m for m in matches if m.verdict is None][:SHOWN_PER_SENTENCE]
    return desk, queue


def wordings_checked_before(*, wordings: list[tuple[str, str | None]]) -> list[PriorChecks]:
    """Return, for each (wording, speaker), the stored claims and imported fact-checks that state the same fact.

    Stored claims: the candidates suggestions are made from (shared band keys, ranked by
    similarity), kept when `compare` says the same wording or a suggestion (the fact gate
    rules out other figures, dates, names and negation). Imported fact-checks: the ranking
    of `known_reviews.claims_known_reviews`. Two queries for the candidates on PostgreSQL,
    one for their verdicts, and the known reviews' in-memory index.
    """
    if not wordings:
        return []
    # Negative ids: no stored claim has them, so none is excluded as "itself".
    queries = [(-(i + 1), text) for i, (text, _) in enumerate(wordings)]
    candidates = claims_candidates(queries=queries, limit=QUEUE_CANDIDATES)
    judged: list[list[tuple[Claim, Match]]] = []
    for (query_id, text), (_, speaker) in zip(queries, wordings, strict=True):
        facts = facts_of(text)
        rows = []
        for other, _similarity in candidates[query_id]:
            context = scorer.Context(speaker_a=speaker or "", speaker_b=other.speaker or "")
            match = compare(text, other.text, facts_a=facts, context=context)
            if match.linked or match.suggested:
                rows.append((other, match))
        judged.append(rows)
    verdicts = published_verdicts(other.pk for rows in judged for other, _ in rows)
    imported = claims_known_reviews(texts=[text for text, _ in wordings], limit=SHOWN_PER_SENTENCE)
    out = []
    for rows, reviews in zip(judged, imported, strict=True):
        desk, queue = _split([DeskMatch(other, match, verdicts.get(other.pk)) for other, match in rows])
        out.append(PriorChecks(desk=desk, queue=queue, **imported_split(reviews)))
    return out


def draft_check(*, text: str) -> DraftCheck:
    """Return the draft's sentences, the check-worthy ones looked up among what was checked before.

    The draft is read as the intake reads an article (cleaned, HTML or text, split by the
    extractor, scored for check-worthiness with the intake's threshold), up to MAX_READ_CHARS
    (cut at a line break when there is one); the first MAX_LOOKED_UP check-worthy sentences of
    at most MAX_SENTENCE_CHARS are looked up. Reads only.
    """
    threshold = settings.CLAIMDESK_CLAIM_THRESHOLD
    read = text
    if len(text) > MAX_READ_CHARS:
        line_end = text.rfind("\n", MAX_READ_CHARS // 2, MAX_READ_CHARS)
        read = text[: line_end if line_end > 0 else MAX_READ_CHARS]
    doc = extraction.extract(read, threshold=0.0)  # every sentence, with its score
    every = doc.claims
    sentences = [
        DraftSentence(text=s.text, score=s.score, checkworthy=s.score >= threshold, speaker=s.speaker)
        for s in every[:MAX_SHOWN]
    ]
    wanted = [s for s in sentences if s.checkworthy and not s.too_long][:MAX_LOOKED_UP]
    for sentence, prior in zip(
        wanted, wordings_checked_before(wordings=[(s.text, s.speaker) for s in wanted]), strict=True
    ):
        sentence.looked_up, sentence.prior = True, prior
    return DraftCheck(
        sentences=sentences,
        checkworthy=sum(1 for s in every if s.score >= threshold),
        looked_up=len(wanted),
        not_shown=max(len(every) - MAX_SHOWN, 0),
        read_chars=len(read),
        total_chars=len(text),
    )


def claims_checked_before(*, claims: list[Claim]) -> dict[int, PriorChecks]:
    """Return, for each claim, the published fact-checks that match it: its own, its suggested twins', imported.

    Its own published verdict; the published verdicts of claims a reviewer was suggested as
    the same statement (not rejected, not merged away); the imported fact-checks ranked as
    the claim page ranks them. Three queries and the known reviews' index.
    """
    ids = [c.pk for c in claims]
    links = ClaimLink.objects.filter(Q(claim_id__in=ids) | Q(other_id__in=ids), status=ClaimLink.Status.SUGGESTED)
    twins: dict[int, dict[int, float]] = {pk: {} for pk in ids}
    for a, b, similarity in links.values_list("claim_id", "other_id", "similarity"):
        if a in twins:
            twins[a][b] = similarity
        if b in twins:
            twins[b][a] = similarity
    partner_ids = {pk for found in twins.values() for pk in found}
    partners = Claim.objects.filter(pk__in=partner_ids - set(ids), merged_into__isnull=True).in_bulk()
    by_id = {**partners, **{c.pk: c for c in claims}}
    verdicts = published_verdicts(set(ids) | set(partners))
    imported = claims_known_reviews(texts=[c.text for c in claims], limit=SHOWN_PER_SENTENCE)
    out = {}
    for claim, reviews in zip(claims, imported, strict=True):
        desk = []
        if claim.pk in verdicts:
            desk.append(DeskMatch(claim, Match("same", 1.0, "its own published verdict"), verdicts[claim.pk]))
        for pk, similarity in sorted(twins[claim.pk].items(), key=lambda kv: (-kv[1], kv[0])):
            if pk in verdicts and pk in by_id and not by_id[pk].merged_into_id:
                desk.append(
                    DeskMatch(by_id[pk], Match("similar", similarity, "suggested as the same statement"), verdicts[pk])
                )
        out[claim.pk] = PriorChecks(desk=desk[:SHOWN_PER_SENTENCE], **imported_split(reviews))
    return out

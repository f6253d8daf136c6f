"""Suggestions: similar stored claims whose facts agree, stored for a reviewer to decide on."""

from __future__ import annotations

from dataclasses import replace

from django.db import IntegrityError, transaction
from django.db.models import Q

from ..models import Claim, ClaimLink
from . import scorer
from .candidates import Candidate, claim_facts, claims_candidate_rows
from .facts import PARSER_VERSION, Facts, facts_of
from .similarity import Match, compare


def _rejected_pairs(fingerprints) -> set[tuple[str, str]]:
    """Return the (fingerprint, fingerprint) pairs, both ways round, a reviewer rejected among these wordings."""
    fingerprints = list(set(fingerprints))
    pairs = set()
    for a, b in (
        ClaimLink.objects.filter(status=ClaimLink.Status.REJECTED)
        .filter(Q(claim_fingerprint__in=fingerprints) | Q(other_fingerprint__in=fingerprints))
        .values_list("claim_fingerprint", "other_fingerprint")
    ):
        pairs.update({(a, b), (b, a)})
    return pairs


# A pair the wording alone scores below this is not worth reading the two articles' claims for:
# within one story the scorer rises by at most a few times (see MODEL.md), never from nothing.
STORY_WORTH_FROM = 0.05
# The story weights were trained on documents of many claims: an article of one or two claims says
# too little about its story, and its pairs are judged on their wordings alone.
STORY_MIN_CLAIMS = 3


Document = tuple[list[str], frozenset[str]]  # an article's claims' wordings and the names they mention


def article_contexts(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[Document, Document]]:
    """Return the claims' wordings and names of both articles of each pair (one query), to judge a pair in its story.

    Pairs of articles with fewer than STORY_MIN_CLAIMS claims are left out.

    The context the claim scorer's story weights were trained with (`extract_claims --json` gives
    it from the two documents' claims, similarity.document_names); an article's claims are those
    first seen in it, their names read from the facts stored with them (only the names: rebuilding
    each claim's whole Facts was a fifth of the suggestion step).
    """
    pairs = {(a, b) for a, b in pairs if a is not None and b is not None}
    if not pairs:
        return {}
    texts: dict[int, list[str]] = {}
    names: dict[int, set[str]] = {}
    for article_id, text, version, entities in Claim.objects.filter(
        article_id__in={pk for pair in pairs for pk in pair}
    ).values_list("article_id", "text", "match_facts__v", "match_facts__entities"):
        texts.setdefault(article_id, []).append(text)
        # A missing or stale record is parsed again, as claim_facts() would.
        names.setdefault(article_id, set()).update(entities if version == PARSER_VERSION else facts_of(text).entities)
    return {
        (a, b): ((texts[a], frozenset(names[a])), (texts[b], frozenset(names[b])))
        for a, b in pairs
        if len(texts.get(a, ())) >= STORY_MIN_CLAIMS and len(texts.get(b, ())) >= STORY_MIN_CLAIMS
    }


def claim_suggest(*, claim: Claim) -> list[ClaimLink]:
    """Store suggestions linking a claim to similar stored claims whose facts agree.

    Pairs a reviewer rejected (by claim or by wording) are never suggested again.
    """
    return claims_suggest(claims=[claim])


def claims_suggest(*, claims: list[Claim]) -> list[ClaimLink]:
    """Store suggestions for several claims at once (an article's new claims); return the links made.

    The same decisions as claim_suggest() per claim, in order, with candidates retrieved,
    rejected pairs read and links stored in a handful of queries instead of several per claim.
    """
    if not claims:
        return []
    candidates = claims_candidate_rows(queries=[(claim.pk, claim.text) for claim in claims])
    judged: list[tuple[Claim, Candidate, Match]] = []
    facts: dict[int, Facts] = {}  # each claim's facts, read from what was stored with it
    for claim in claims:
        facts[claim.pk] = claim_facts(claim)
        for other, _similarity in candidates[claim.pk]:
            if other.pk not in facts:
                facts[other.pk] = claim_facts(other)
            context = scorer.Context(speaker_a=claim.speaker or "", speaker_b=other.speaker or "")
            match = compare(claim.text, other.text, facts_a=facts[claim.pk], facts_b=facts[other.pk], context=context)
            judged.append((claim, other, match))
    # Pairs close enough to be worth their story are judged again knowing how alike the two
    # articles are (one query for all of them).
    worth = {
        (claim.article_id, other.article_id)
        for claim, other, match in judged
        if not match.linked and not match.conflicting and match.similarity >= STORY_WORTH_FROM
    }
    stories = article_contexts(worth)
    wanted: dict[tuple[int, int], tuple[Claim | Candidate, Claim | Candidate, float]] = {}
    contexts: dict[tuple[int, int], scorer.Context] = {}
    documents: dict[int, tuple[dict[str, float], frozenset[str]]] = {}  # each article's vector and names, once
    m = scorer.claim_model()
    for claim, other, match in judged:
        pair = (claim.article_id, other.article_id)
        if pair in stories and not match.linked and not match.conflicting:
            if pair not in contexts:
                for pk, (texts, names) in zip(pair, stories[pair], strict=True):
                    if pk not in documents:
                        documents[pk] = (scorer.document_vector(texts, m.idf, m.default_idf), names)
                (va, na), (vb, nb) = documents[pair[0]], documents[pair[1]]
                contexts[pair] = scorer.Context(names_a=na, names_b=nb, story=scorer.cosine(va, vb))
            context = replace(contexts[pair], speaker_a=claim.speaker or "", speaker_b=other.speaker or "")
            match = compare(claim.text, other.text, facts_a=facts[claim.pk], facts_b=facts[other.pk], context=context)
        # The same wording reaches here only when its context disagreed (another story): a
        # reviewer decides whether it is the same claim.
        if not (match.suggested or match.linked):
            continue
        low, high = sorted([claim, other], key=lambda c: c.pk)
        # The first decision on a pair stands, as with get_or_create one claim at a time.
        wanted.setdefault((low.pk, high.pk), (low, high, match.similarity))
    if not wanted:
        return []
    rejected = _rejected_pairs(fp for low, high, _ in wanted.values() for fp in (low.fingerprint, high.fingerprint))
    wanted = {
        pair: value for pair, value in wanted.items() if (value[0].fingerprint, value[1].fingerprint) not in rejected
    }
    lows = {low for low, _ in wanted}
    existing = set(
        ClaimLink.objects.filter(claim_id__in=lows, other_id__in={high for _, high in wanted}).values_list(
            "claim_id", "other_id"
        )
    )
    new = [
        ClaimLink(
            claim_id=low.pk,
            other_id=high.pk,
            similarity=similarity,
            claim_fingerprint=low.fingerprint,
            other_fingerprint=high.fingerprint,
        )
        for pair, (low, high, similarity) in wanted.items()
        if pair not in existing
    ]
    try:
        with transaction.atomic():
            return ClaimLink.objects.bulk_create(new)
    except IntegrityError:
        # Another worker stored one of these pairs meanwhile: take them one at a time.
        made = []
        for link in new:
            link, created = ClaimLink.objects.get_or_create(
                claim_id=link.claim_id,
                other_id=link.other_id,
                defaults={
                    "similarity": link.similarity,
                    "claim_fingerprint": link.claim_fingerprint,
                    "other_fingerprint": link.other_fingerprint,
                },
            )
            if created:
                made.append(link)
        return made


def claim_links_by_status(claim: Claim, *, statuses: list[str]) -> dict[str, list[tuple[ClaimLink, Claim]]]:
    """Return a claim's (link, other claim) pairs for several statuses in one query, best first.

    Suggestions whose partner has since been merged away are hidden.
    """
    out: dict[str, list[tuple[ClaimLink, Claim]]] = {status: [] for status in statuses}
    found = ClaimLink.objects.filter(Q(claim=claim) | Q(other=claim), status__in=statuses)
    # Most claims have no links: asking for their ids first is ~1 ms of ORM work, where building
    # the five-join query (both claims, both articles, who decided) was ~3 ms for no rows.
    ids = list(found.values_list("id", flat=True))
    if not ids:
        return out
    links = (
        ClaimLink.objects.filter(id__in=ids)
        .select_related("claim", "other", "claim__article", "other__article", "decided_by")
        .order_by("-similarity", "id")
    )
    for link in links:
        partner = link.partner_of(claim)
        if link.status == ClaimLink.Status.SUGGESTED and partner.merged_into_id:
            continue
        out[link.status].append((link, partner))
    return out

"""Bring an article's appearances in line with a (re-)extraction, without destroying reviewer work.

`claims_replace` runs inside the extraction's transaction, in named steps:

1. index the article's current appearances by normalised wording;
2. lock every extracted wording and look up the stored claims of the new ones (one query);
3. place each extracted claim: keep its old appearance (moved to the new span), link it to the
   stored claim with the same wording (so evidence and verdicts are shared), or make a new claim;
4. store the new claims, appearances and MinHash bands in bulk;
5. settle the appearances no longer extracted: kept (re-anchored, or flagged `anchor_lost`) when
   their claim carries reviewer work, deleted otherwise;
6. delete claims left with neither appearances nor work, recount the rest, and return the new
   claims: the caller suggests similar claims for them once its transaction has committed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..events import event_record
from ..extraction import ExtractedClaim
from ..matching import candidates, decisions, similarity
from ..models import Appearance, Article, Claim


def claim_has_reviewer_work(claim: Claim) -> bool:
    """Return True when people have worked on a claim (status, assignee, evidence, verdicts, links)."""
    return (
        claim.status != Claim.Status.NEW
        or claim.assignee_id is not None
        or claim.citations.exists()
        or claim.verdicts.exists()
        or claim.events.filter(actor__isnull=False).exists()
    )


def claims_replace(*, article: Article, extracted: list[ExtractedClaim]) -> list[Claim]:
    """Bring the article's appearances in line with a (re-)extraction, inside the caller's transaction.

    Returns the claims it created (for suggestions.claims_suggest, which the caller runs after its commit).
    """
    old = list(article.appearances.select_related("claim").order_by("position", "id"))
    unused = appearances_by_wording(old)
    fingerprints = [similarity.fingerprint(found.text) for found in extracted]
    candidates.lock_wordings(fingerprints)
    placing = Placing(
        article=article,
        by_wording=candidates.claims_for_wordings(fingerprints=wordings_to_look_up(fingerprints, unused)),
        appearing={appearance.claim_id for appearance in old},
    )
    for position, (found, fp) in enumerate(zip(extracted, fingerprints, strict=True)):
        fields = appearance_fields(found, position)
        if unused.get(fp):
            placing.keep(unused[fp].pop(0), fields)
        else:
            placing.place(found, fp, fields)
    placing.store()
    leftovers = [a for left in unused.values() for a in left]
    leftovers_settle(article=article, leftovers=leftovers, touched=placing.touched)
    # Only a claim that lost an appearance here can be left without any; the new claims were
    # stored with their counts, so only the stored claims this run touched are counted again.
    claims_drop_orphans({appearance.claim_id for appearance in leftovers})
    decisions.claim_recount(placing.touched - {claim.pk for claim in placing.created})
    return placing.created


def appearances_by_wording(appearances: list[Appearance]) -> dict[str, list[Appearance]]:
    """Return the appearances grouped by the fingerprint of their wording, in article order."""
    grouped: dict[str, list[Appearance]] = {}
    for appearance in appearances:
        grouped.setdefault(similarity.fingerprint(appearance.text), []).append(appearance)
    return grouped


def wordings_to_look_up(fingerprints: list[str], kept: dict[str, list[Appearance]]) -> list[str]:
    """Return the extracted wordings not matched by an appearance kept from the last run."""
    waiting = {fp: len(appearances) for fp, appearances in kept.items()}
    lookup = []
    for fp in fingerprints:
        if waiting.get(fp):
            waiting[fp] -= 1
        else:
            lookup.append(fp)
    return lookup


def appearance_fields(found: ExtractedClaim, position: int) -> dict:
    """Return the fields an appearance takes from an extracted claim."""
    return {
        "position": position,
        "start": found.start,
        "end": found.end,
        "text": found.text,
        "speaker": (found.speaker or "")[:300],
        "speaker_kind": found.speaker_kind,
        "score": found.score,
        "kind": found.kind,
        "anchor_lost": False,
    }


@dataclass
class Placing:
    """The extracted claims of one article being placed: kept, linked to a stored claim, or new."""

    article: Article
    by_wording: dict[str, list[Claim]]  # the stored claims of each wording (see claims_for_wordings)
    appearing: set[int]
    touched: set[int] = field(default_factory=set)
    created: list[Claim] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)

    def keep(self, appearance: Appearance, fields: dict) -> None:
        """Move an appearance extracted again to its new span."""
        for name, value in fields.items():
            setattr(appearance, name, value)
        appearance.save()
        self.touched.add(appearance.claim_id)

    def place(self, found: ExtractedClaim, fp: str, fields: dict) -> None:
        """Add an appearance of the stored claim with this wording, or of a new claim."""
        article = self.article
        # The same wording links to a stored claim only where the context agrees (same story,
        # or same speaker and place); elsewhere it is a claim of its own, suggested to a reviewer.
        agreeing = (
            c
            for c in self.by_wording.get(fp, [])
            if c.pk is None or candidates.wording_context_agrees(claim=c, article=article, speaker=fields["speaker"])
        )
        claim = next(agreeing, None)
        if claim is None:
            claim = Claim(  # stored with the others in store()
                text=found.text,
                speaker=fields["speaker"],
                kind=found.kind,
                score=found.score,
                numbers=list(found.numbers),
                dates=list(found.dates),
                article=article,
                article_created_at=article.created_at,
                fingerprint=fp,
                match_facts=candidates.facts_to_store(found.text),
            )
            self.by_wording.setdefault(fp, []).insert(0, claim)
            self.created.append(claim)
        elif claim.pk is not None and claim.pk not in self.appearing:  # not one created just above
            verdict = candidates.published_verdict(claim)
            note = f" — already checked: {verdict.rating.label}" if verdict else ""
            event_record(
                action="appearance_linked",
                claim=claim,
                article=article,
                summary=f"Appears again in “{article.display_title[:200]}”{note}",
                after={"article": article.pk},
            )
        if claim.pk is not None:
            self.appearing.add(claim.pk)
            self.touched.add(claim.pk)
        self.appearances.append(Appearance(claim=claim, article=article, **fields))

    def store(self) -> None:
        """Store the new claims with their appearance counts, the new appearances and the new claims' band keys."""
        counts = Counter(id(appearance.claim) for appearance in self.appearances)
        for claim in self.created:
            claim.appearance_count = counts[id(claim)]
        Claim.objects.bulk_create(self.created)
        self.touched.update(claim.pk for claim in self.created)
        Appearance.objects.bulk_create(self.appearances)
        candidates.claims_store_bands(claims=self.created)


def leftovers_settle(*, article: Article, leftovers: list[Appearance], touched: set[int]) -> None:
    """Keep appearances no longer extracted whose claim carries work (re-anchored or flagged); delete the rest."""
    for appearance in leftovers:
        touched.add(appearance.claim_id)
        if not claim_has_reviewer_work(appearance.claim):
            appearance.delete()
            continue
        at = article.text.find(appearance.text)
        lost = at < 0
        if not lost:
            appearance.start, appearance.end = at, at + len(appearance.text)
        if lost and not appearance.anchor_lost:
            event_record(
                action="anchor_lost",
                claim=appearance.claim,
                article=article,
                summary="Re-extraction no longer finds this claim in the article text; "
                "kept with its work, flagged for review",
            )
        appearance.anchor_lost = lost
        appearance.save(update_fields=["start", "end", "anchor_lost"])


def claims_drop_orphans(claim_ids: set[int]) -> None:
    """Delete the claims among these left without any appearance and without reviewer work."""
    for claim in Claim.objects.filter(pk__in=claim_ids, appearances__isnull=True, merged_into__isnull=True):
        if not claim_has_reviewer_work(claim):
            claim.delete()

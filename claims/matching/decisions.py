"""What a reviewer decides about two claims: the same (confirm, merge) or not (reject, split)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..events import event_record
from ..extraction import features
from ..models import Appearance, Claim, ClaimLink, Verdict
from .candidates import claim_store_bands, claim_survivor_of, facts_to_store, published_verdict
from .similarity import compare, fingerprint


def _has_work(claim: Claim) -> tuple:
    return (
        claim.verdicts.filter(status=Verdict.Status.PUBLISHED).exists(),
        claim.verdicts.exists(),
        claim.citations.count(),
        claim.status != Claim.Status.NEW,
        -claim.pk,
    )


def claim_recount(claim_ids) -> None:
    """Recompute appearance_count and anchor_lost of claims from their appearances."""
    counted = [
        Claim(pk=row["pk"], appearance_count=row["n"], anchor_lost=row["lost"] > 0)
        for row in Claim.objects.filter(pk__in=list(claim_ids))
        .annotate(n=Count("appearances"), lost=Count("appearances", filter=Q(appearances__anchor_lost=True)))
        .values("pk", "n", "lost")
    ]
    Claim.objects.bulk_update(counted, ["appearance_count", "anchor_lost"])


def claim_merge(*, claim: Claim, into: Claim, actor, link: ClaimLink | None = None) -> Claim:
    """Merge `claim` into `into`: its appearances, evidence and verdicts move; it keeps its timeline.

    The merged claim is dismissed as a duplicate and points at the survivor, so
    later extractions of its wording link to the survivor.
    """
    if claim.pk == into.pk:
        raise ValueError("A claim cannot be merged into itself.")
    into = claim_survivor_of(into)
    if into.pk == claim.pk or claim.merged_into_id:
        raise ValueError("That claim is already merged.")
    # A published fact-check keeps its claim (and public page): merge the other way round.
    if published_verdict(claim):
        if published_verdict(into):
            raise ValueError(
                f"Claims {claim.pk} and {into.pk} both have a published verdict; correct one of them instead."
            )
        raise ValueError(f"Claim {claim.pk} has a published verdict: merge claim {into.pk} into it instead.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        into = Claim.objects.select_for_update().get(pk=into.pk)
        moved = {
            "appearances": claim.appearances.update(claim=into),
            "citations": claim.citations.update(claim=into),
            "verdicts": claim.verdicts.update(claim=into),
        }
        Claim.objects.filter(merged_into=claim).update(merged_into=into)
        before = {"status": claim.status}
        claim.merged_into = into
        claim.status = Claim.Status.DISMISSED
        claim.dismiss_reason = Claim.DismissReason.DUPLICATE
        claim.version += 1
        claim.save(update_fields=["merged_into", "status", "dismiss_reason", "version", "updated_at"])
        into.version += 1
        into.save(update_fields=["version", "updated_at"])
        claim_recount([claim.pk, into.pk])
        if link is not None:
            ClaimLink.objects.filter(pk=link.pk).update(
                status=ClaimLink.Status.CONFIRMED, decided_by=actor, decided_at=timezone.now()
            )
        event_record(
            action="claim_merged",
            actor=actor,
            claim=claim,
            summary=f"Merged into claim {into.pk}" + (" (confirmed suggestion)" if link else ""),
            before=before,
            after={"status": claim.status, "merged_into": into.pk, **moved},
        )
        event_record(
            action="claim_merged_in",
            actor=actor,
            claim=into,
            summary=f"Claim {claim.pk} merged into this claim ({moved['appearances']} appearance"
            f"{'s' if moved['appearances'] != 1 else ''})",
            after={"merged": claim.pk, **moved},
        )
    into.refresh_from_db()
    return into


def claim_link_confirm(*, link: ClaimLink, actor) -> Claim:
    """Confirm a suggestion: the two claims are one; merge into the one carrying more work."""
    a, b = link.claim, link.other
    keep, drop = (a, b) if _has_work(a) >= _has_work(b) else (b, a)
    return claim_merge(claim=drop, into=keep, actor=actor, link=link)


def claim_link_reject(*, link: ClaimLink, actor) -> ClaimLink:
    """Reject a suggestion; the pair (and the same two wordings) is never suggested again."""
    with transaction.atomic():
        link.status = ClaimLink.Status.REJECTED
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["status", "decided_by", "decided_at"])
        for claim, other in ((link.claim, link.other), (link.other, link.claim)):
            event_record(
                action="claim_link_rejected",
                actor=actor,
                claim=claim,
                summary=f"Not the same claim as claim {other.pk} (suggestion rejected, "
                f"similarity {link.similarity:.2f})",
                after={"other": other.pk, "similarity": link.similarity},
            )
    return link


def claim_split(*, claim: Claim, appearance: Appearance, actor) -> Claim:
    """Move one appearance out of a claim into a new claim of its own; return the new claim.

    The two are remembered as different (a rejected link), so they are not suggested again.
    """
    if appearance.claim_id != claim.pk:
        raise ValueError("That appearance belongs to another claim.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.appearances.count() < 2:
            raise ValueError("A claim with a single appearance cannot be split.")
        new = Claim.objects.create(
            text=appearance.text,
            speaker=appearance.speaker,
            kind=appearance.kind,
            score=appearance.score,
            numbers=features.numbers_in(appearance.text),
            dates=features.dates_in(appearance.text),
            article=appearance.article,
            article_created_at=appearance.article.created_at,
            fingerprint=fingerprint(appearance.text),
            match_facts=facts_to_store(appearance.text),
        )
        claim_store_bands(new)
        Appearance.objects.filter(pk=appearance.pk).update(claim=new)
        claim.version += 1
        claim.save(update_fields=["version", "updated_at"])
        claim_recount([claim.pk, new.pk])
        low, high = sorted([claim, new], key=lambda c: c.pk)
        ClaimLink.objects.update_or_create(
            claim=low,
            other=high,
            defaults={
                "similarity": compare(claim.text, new.text).similarity,
                "status": ClaimLink.Status.REJECTED,
                "claim_fingerprint": low.fingerprint,
                "other_fingerprint": high.fingerprint,
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        where = appearance.article.display_title
        event_record(
            action="claim_split",
            actor=actor,
            claim=claim,
            summary=f"Appearance in “{where}” split off into claim {new.pk}",
            after={"appearance": appearance.pk, "new_claim": new.pk},
        )
        event_record(
            action="claim_split_from",
            actor=actor,
            claim=new,
            summary=f"Split off from claim {claim.pk}",
            after={"from": claim.pk},
        )
    new.refresh_from_db()
    return new

"""The review workflow: claim wording, status, assignment and verdicts.

Claim status moves new → in_review → verdict_proposed → approved → published;
`dismissed` needs a reason and reopening needs one too. A verdict is proposed by
one user and approved by an Editor who did not write it; publishing is a separate
Editor action; a change after publishing is a correction (a new Verdict that
`corrects` the published one and supersedes it once published itself).

Every write checks the version the user started from (optimistic concurrency):
a stale edit raises Conflict carrying the current row, so nothing is silently
overwritten. Every change appends an Event (who, when, what, before → after).
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..collaboration.checklist import checklist_missing
from ..events import event_record
from ..models import Claim, Rating, Verdict
from ..publishing import preflight
from ..roles import is_editor

# Statuses a user may set by hand; the others follow from verdict actions.
MANUAL_STATUSES = (Claim.Status.NEW, Claim.Status.IN_REVIEW, Claim.Status.DISMISSED)
# Verdicts that are still being worked on (at most one per claim).
OPEN_VERDICT = (Verdict.Status.PROPOSED, Verdict.Status.APPROVED)


class WorkflowError(ValueError):
    """A request the workflow refuses, with a message the user can act on."""


class Conflict(Exception):
    """The row changed since the user loaded it; carries the current row."""

    def __init__(self, message: str, current) -> None:
        super().__init__(message)
        self.current = current


def _lock_claim(claim: Claim, version: int | None) -> Claim:
    """Return the claim row locked for update, or raise Conflict if it moved past `version`."""
    locked = Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=claim.pk)
    if version is not None and locked.version != version:
        who = locked.events.select_related("actor").order_by("-created_at", "-id").first()
        by = f" by {who.actor.get_username()}" if who and who.actor else ""
        raise Conflict(
            f"This claim was changed{by} while you were editing it. "
            "Its current state is shown below; check it and save again if your change still applies.",
            locked,
        )
    return locked


COUNTS_KEY = "claims-workflow-generation"


def counts_generation() -> int:
    """Return a counter that moves whenever the workflow changes a claim (keys the queue's cached counts)."""
    return cache.get_or_set(COUNTS_KEY, 1, None)


def claim_save_bumped(claim: Claim, *fields: str) -> None:
    """Save these fields of a locked claim with its version bumped (the queue counts follow after commit)."""
    claim.version += 1
    claim.save(update_fields=[*fields, "version", "updated_at"])
    # Now (so this request sees it) and after commit (so no one caches pre-commit counts for long).
    _bump_counts()
    transaction.on_commit(_bump_counts)


def counts_invalidate() -> None:
    """Move the queue's cached counts on, now and after commit (claims left or came back without a claim edit)."""
    _bump_counts()
    transaction.on_commit(_bump_counts)


def _bump_counts() -> None:
    try:
        cache.incr(COUNTS_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(COUNTS_KEY, 2, None)


def _name(user) -> str | None:
    return user.get_username() if user else None


# --- Claims -------------------------------------------------------------------


def claim_edit_wording(*, claim: Claim, wording: str, actor, version: int | None) -> Claim:
    """Set the short neutral wording a verdict is published under (the span text is untouched)."""
    wording = " ".join(wording.split())
    if len(wording) > Claim._meta.get_field("claim_reviewed").max_length:
        raise WorkflowError("The wording is too long (500 characters at most).")
    with transaction.atomic():
        claim = _lock_claim(claim, version)
        before = claim.claim_reviewed
        if wording == before:
            return claim
        claim.claim_reviewed = wording
        claim_save_bumped(claim, "claim_reviewed")
        event_record(
            claim=claim,
            actor=actor,
            action="wording_edited",
            summary="Edited the claim reviewed wording",
            before={"claim reviewed": before},
            after={"claim reviewed": wording},
        )
    return claim


def claim_set_status(
    *, claim: Claim, status: str, actor, version: int | None, dismiss_reason: str = "", note: str = ""
) -> Claim:
    """Move a claim by hand to new, in review or dismissed (reason required), or reopen it (reason required)."""
    note = note.strip()
    with transaction.atomic():
        claim = _lock_claim(claim, version)
        before = claim.status
        if status == before:
            return claim
        if status not in MANUAL_STATUSES:
            raise WorkflowError("That status follows from verdict actions; propose, approve or publish a verdict.")
        reopening = before in (Claim.Status.DISMISSED, Claim.Status.PUBLISHED)
        if reopening and status != Claim.Status.IN_REVIEW:
            raise WorkflowError("A dismissed or published claim can only be reopened for review.")
        if reopening and not note:
            raise WorkflowError("Give a reason for reopening this claim.")
        if before in (Claim.Status.VERDICT_PROPOSED, Claim.Status.APPROVED):
            raise WorkflowError("This claim has a verdict waiting for an editor; send the verdict back first.")
        changes_before = {"status": claim.get_status_display()}
        if status == Claim.Status.DISMISSED:
            if dismiss_reason not in Claim.DismissReason.values:
                raise WorkflowError("Choose why the claim is dismissed: not check-worthy, duplicate or out of scope.")
            claim.dismiss_reason = dismiss_reason
        else:
            claim.dismiss_reason = ""
        claim.status = status
        claim_save_bumped(claim, "status", "dismiss_reason")
        after = {"status": claim.get_status_display()}
        if status == Claim.Status.DISMISSED:
            after["reason"] = claim.get_dismiss_reason_display()
            summary = f"Dismissed: {claim.get_dismiss_reason_display()}"
        elif reopening:
            summary = "Reopened"
        else:
            summary = f"Status set to {claim.get_status_display()}"
        if note:
            after["note"] = note
            summary += f" ({note})"
        event_record(
            claim=claim,
            actor=actor,
            action="reopened" if reopening else "status_changed",
            summary=summary,
            before=changes_before,
            after=after,
        )
    return claim


def claim_assign(*, claim: Claim, assignee, actor, version: int | None = None) -> Claim:
    """Assign a claim (or unassign with None); only Editors assign others or take it from someone."""
    with transaction.atomic():
        claim = _lock_claim(claim, version)
        before = claim.assignee
        if before == assignee:
            return claim
        if not is_editor(actor) and (assignee not in (None, actor) or before not in (None, actor)):
            raise PermissionDenied("Only editors assign claims to other people.")
        claim.assignee = assignee
        summary = f"Assigned to {assignee.get_username()}" if assignee else "Unassigned"
        before_values, after_values = {"assignee": _name(before)}, {"assignee": _name(assignee)}
        if assignee and claim.status == Claim.Status.NEW:
            # Taking a new claim starts its review: say so on the timeline, not silently.
            claim.status = Claim.Status.IN_REVIEW
            summary += "; status New → In review"
            before_values["status"], after_values["status"] = Claim.Status.NEW.label, Claim.Status.IN_REVIEW.label
        claim_save_bumped(claim, "assignee", "status")
        event_record(
            claim=claim,
            actor=actor,
            action="claim_assigned",
            summary=summary,
            before=before_values,
            after=after_values,
        )
    return claim


def claims_bulk(
    *, claim_ids: list[int], action: str, actor, assignee=None, status: str = "", dismiss_reason: str = ""
) -> tuple[int, list[str]]:
    """Apply one action to many claims; return how many changed and why the others did not.

    One line per reason, naming the claims it stopped: a missing dismiss reason is said once, not once a claim.
    """
    done, failed = 0, {}
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        try:
            if action == "assign":
                claim_assign(claim=claim, assignee=assignee, actor=actor)
            elif action == "status":
                claim_set_status(claim=claim, status=status, actor=actor, version=None)
            elif action == "dismiss":
                claim_set_status(
                    claim=claim, status=Claim.Status.DISMISSED, actor=actor, version=None, dismiss_reason=dismiss_reason
                )
            else:
                raise WorkflowError("Choose an action.")
        except (WorkflowError, PermissionDenied) as exc:
            failed.setdefault(str(exc), []).append(claim.pk)
            continue
        done += 1
    return done, [f"{_claims_named(ids)}: {reason}" for reason, ids in failed.items()]


def _claims_named(ids: list[int]) -> str:
    """Return "Claim 3", "Claims 3, 4 and 5" or, for many, "12 claims"."""
    if len(ids) == 1:
        return f"Claim {ids[0]}"
    if len(ids) > 6:
        return f"{len(ids)} claims"
    return "Claims " + ", ".join(str(i) for i in ids[:-1]) + f" and {ids[-1]}"


# --- Verdicts -----------------------------------------------------------------


def _verdict_snapshot(verdict: Verdict) -> dict:
    return {"rating": verdict.rating.label, "rationale": verdict.rationale}


def verdict_propose(
    *, claim: Claim, rating: Rating, rationale: str, actor, version: int | None, correction_reason: str = ""
) -> Verdict:
    """Propose a verdict (rating + rationale); after publishing it is a correction and needs a reason."""
    rationale = rationale.strip()
    correction_reason = correction_reason.strip()
    if not rationale:
        raise WorkflowError("Write the rationale: what the evidence shows and why it earns this rating.")
    if not rating.active:
        raise WorkflowError("That rating is no longer on the scale.")
    with transaction.atomic():
        claim = _lock_claim(claim, version)
        if claim.status == Claim.Status.DISMISSED:
            raise WorkflowError("Reopen the claim before proposing a verdict.")
        if claim.verdicts.filter(status__in=OPEN_VERDICT).exists():
            raise WorkflowError("A verdict is already waiting for an editor; edit it or have it sent back.")
        missing = checklist_missing(claim)
        if missing:
            raise WorkflowError(f"Tick the required checklist steps first: {'; '.join(missing)}.")
        published = claim.verdicts.filter(status=Verdict.Status.PUBLISHED).first()
        if published and not correction_reason:
            raise WorkflowError("This claim has a published verdict: give the reason for the correction.")
        verdict = Verdict.objects.create(
            claim=claim,
            rating=rating,
            rationale=rationale,
            proposed_by=actor,
            corrects=published,
            correction_reason=correction_reason if published else "",
        )
        before = {"status": claim.get_status_display()}
        claim.status = Claim.Status.VERDICT_PROPOSED
        claim_save_bumped(claim, "status")
        after = {"status": claim.get_status_display(), **_verdict_snapshot(verdict)}
        if published:
            before["rating"] = published.rating.label
            after["correction reason"] = correction_reason
        event_record(
            claim=claim,
            actor=actor,
            action="correction_proposed" if published else "verdict_proposed",
            summary=f"{'Proposed a correction' if published else 'Proposed the verdict'}: {rating.label}",
            before=before,
            after=after,
        )
    return verdict


def _lock_verdict(verdict: Verdict, version: int | None, statuses) -> Verdict:
    locked = (
        Verdict.objects.select_for_update(of=("self",))
        .select_related("rating", "claim", "proposed_by")
        .get(pk=verdict.pk)
    )
    if (version is not None and locked.version != version) or locked.status not in statuses:
        raise Conflict(
            f"This verdict was changed while you were looking at it: it is now "
            f"“{locked.rating.label}” ({locked.get_status_display().lower()}). "
            "Its current state is shown below.",
            locked,
        )
    return locked


def verdict_edit(*, verdict: Verdict, rating: Rating, rationale: str, actor, version: int | None) -> Verdict:
    """Revise a proposed verdict; whoever revises it becomes its proposer (so cannot approve it)."""
    rationale = rationale.strip()
    if not rationale:
        raise WorkflowError("Write the rationale: what the evidence shows and why it earns this rating.")
    with transaction.atomic():
        verdict = _lock_verdict(verdict, version, [Verdict.Status.PROPOSED])
        before = _verdict_snapshot(verdict)
        if before == {"rating": rating.label, "rationale": rationale}:
            return verdict
        verdict.rating, verdict.rationale, verdict.proposed_by = rating, rationale, actor
        verdict.version += 1
        verdict.save(update_fields=["rating", "rationale", "proposed_by", "version"])
        event_record(
            claim=verdict.claim,
            actor=actor,
            action="verdict_edited",
            summary="Revised the proposed verdict",
            before=before,
            after=_verdict_snapshot(verdict),
        )
    return verdict


def verdict_save(
    *,
    claim: Claim,
    rating: Rating,
    rationale: str,
    actor,
    version: int | None,
    verdict_id: int | None = None,
    correction_reason: str = "",
) -> tuple[Verdict, str]:
    """Save the verdict form: revise the proposal it was loaded with, else propose (or correct).

    Returns the verdict and "revised" or "proposed". A proposal made by someone else after
    the form was loaded raises Conflict carrying it, so the user can revise theirs instead.
    A `verdict_id` that is not one of the claim's verdicts raises Verdict.DoesNotExist.
    """
    fields = {"rating": rating, "rationale": rationale, "actor": actor, "version": version}
    if verdict_id is not None:
        revised = Verdict.objects.get(pk=verdict_id, claim=claim)
        return verdict_edit(verdict=revised, **fields), "revised"
    waiting = claim.verdicts.filter(status=Verdict.Status.PROPOSED).select_related("rating").first()
    if waiting:
        raise Conflict(
            "Someone proposed a verdict while you were writing yours. "
            "Revise theirs below or ask an editor to send it back.",
            waiting,
        )
    return verdict_propose(claim=claim, correction_reason=correction_reason, **fields), "proposed"


def _require(actor, perm: str, message: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(message)


def verdict_approve(*, verdict: Verdict, actor, version: int | None = None) -> Verdict:
    """Approve a proposed verdict: Editors only, never the person who proposed it."""
    _require(actor, "claims.approve_verdict", "Only editors approve verdicts.")
    with transaction.atomic():
        verdict = _lock_verdict(verdict, version, [Verdict.Status.PROPOSED])
        if verdict.proposed_by_id == actor.pk:
            raise PermissionDenied("You proposed this verdict; another editor has to approve it.")
        current = verdict.claim.published_versions.filter(current=True).first()
        if current and actor.pk in _public_change_authors(verdict.claim, current.published_at):
            raise PermissionDenied("You changed this published check; another editor has to approve the correction.")
        verdict.status = Verdict.Status.APPROVED
        verdict.reviewed_by, verdict.reviewed_at = actor, timezone.now()
        verdict.version += 1
        verdict.save(update_fields=["status", "reviewed_by", "reviewed_at", "version"])
        claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
        claim.status = Claim.Status.APPROVED
        claim_save_bumped(claim, "status")
        event_record(
            claim=claim,
            actor=actor,
            action="verdict_approved",
            summary=f"Approved the verdict: {verdict.rating}",
            before={"status": Claim.Status.VERDICT_PROPOSED.label},
            after={"status": claim.get_status_display()},
        )
    return verdict


def _public_change_authors(claim: Claim, since) -> set[int]:
    from ..publishing.versions import change_authors

    return change_authors(claim, since)


def verdict_send_back(*, verdict: Verdict, actor, comment: str, version: int | None = None) -> Verdict:
    """Return a proposed or approved verdict to the reviewer with a comment; the claim goes back to review."""
    _require(actor, "claims.approve_verdict", "Only editors send verdicts back.")
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Say what needs to change before the verdict can be approved.")
    with transaction.atomic():
        verdict = _lock_verdict(verdict, version, OPEN_VERDICT)
        before = verdict.get_status_display()
        verdict.status = Verdict.Status.SENT_BACK
        verdict.review_comment = comment
        verdict.reviewed_by, verdict.reviewed_at = actor, timezone.now()
        verdict.version += 1
        verdict.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "version"])
        claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
        claim.status = Claim.Status.IN_REVIEW
        claim_save_bumped(claim, "status")
        event_record(
            claim=claim,
            actor=actor,
            action="verdict_sent_back",
            summary=f"Sent the verdict back: {comment}",
            before={"verdict": before},
            after={"verdict": verdict.get_status_display(), "comment": comment},
        )
    return verdict


def verdict_publish(*, verdict: Verdict, actor, version: int | None = None, note: str | None = None) -> Verdict:
    """Publish an approved verdict as the claim's next published version.

    Version 1 is the first publication; a correction (its note is the reason given
    when it was proposed unless `note` replaces it) becomes version N+1 and supersedes the
    verdict it corrects. Public content changed after the approval needs a new approval,
    and the pre-flight checklist's required items must pass (claims/publishing/preflight.py).
    """
    from ..publishing import versions as publication

    _require(actor, "claims.publish_verdict", "Only editors publish verdicts.")
    with transaction.atomic():
        verdict = _lock_verdict(verdict, version, [Verdict.Status.APPROVED])
        claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
        late = publication.changed_since(claim, verdict.reviewed_at) if verdict.reviewed_at else []
        if late:
            raise WorkflowError(
                "The public content changed since the verdict was approved "
                f"({late[-1].summary.lower()}); send it back and have it approved again."
            )
        blocked = preflight.problem(preflight.preflight(claim, verdict))
        if blocked:
            raise WorkflowError(blocked)
        current = publication.current_version(claim)
        note = (verdict.correction_reason if note is None else note).strip()
        if current and not note:
            raise WorkflowError("Write the correction note readers will see with the new version.")
        superseded = list(claim.verdicts.filter(status=Verdict.Status.PUBLISHED).select_related("rating"))
        claim.verdicts.filter(pk__in=[v.pk for v in superseded]).update(status=Verdict.Status.SUPERSEDED)
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_at = timezone.now()
        verdict.version += 1
        verdict.save(update_fields=["status", "published_at", "version"])
        before = {"status": claim.get_status_display()}
        claim.status = Claim.Status.PUBLISHED
        # Set once, at first publication, from the claim-reviewed wording; corrections keep it.
        claim.slug = claim.slug if current else publication.claim_slug(claim)
        claim_save_bumped(claim, "status", "slug")
        published = publication.version_publish(claim=claim, verdict=verdict, actor=actor, note=note if current else "")
        after = {"status": claim.get_status_display(), "rating": verdict.rating.label, "version": published.number}
        if current:
            before["rating"] = current.content["rating"]["label"]
            before["version"] = current.number
            after["correction reason"] = note
        event_record(
            claim=claim,
            actor=actor,
            action="correction_published" if current else "verdict_published",
            summary=f"{'Published a correction' if current else 'Published the verdict'}: {verdict.rating} "
            f"(version {published.number})",
            before=before,
            after=after,
        )
    return verdict

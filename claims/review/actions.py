"""What the verdict panel offers a user, worked out from the workflow's rules instead of in the template."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Claim, Verdict
from ..roles import is_editor
from .workflow import OPEN_VERDICT


@dataclass(frozen=True)
class VerdictActions:
    """The verdict actions one user has on one claim, as booleans a template can read."""

    open_verdict: Verdict | None
    published: Verdict | None
    can_approve: bool  # an editor who did not propose the open verdict
    wrote_proposal: bool  # an editor who proposed it: another editor has to approve
    awaiting_approval: bool  # proposed, and this user cannot approve
    can_publish: bool
    awaiting_publication: bool  # approved, and this user cannot publish
    can_send_back: bool
    dismissed: bool  # reopen the claim first
    can_write: bool  # the verdict form is shown: propose, revise the proposal, or correct
    correcting: bool  # a published verdict and nothing open: writing is a correction
    revising: bool  # a proposal is open: writing revises it
    own_proposal: bool  # this user proposed the open verdict (the revise form starts open)


def verdict_actions(
    claim: Claim, user, *, verdicts: list[Verdict] | None = None, editor: bool | None = None
) -> VerdictActions:
    """Return what this user may do with the claim's verdict.

    A page that already loaded the claim's verdicts, or knows whether the user is an editor,
    passes them and saves the queries.
    """
    if verdicts is None:
        verdicts = list(claim.verdicts.all())
    if editor is None:
        editor = is_editor(user)
    open_verdict = next((v for v in verdicts if v.status in OPEN_VERDICT), None)
    published = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    proposed = open_verdict is not None and open_verdict.status == Verdict.Status.PROPOSED
    approved = open_verdict is not None and open_verdict.status == Verdict.Status.APPROVED
    own = proposed and open_verdict.proposed_by_id == user.pk
    dismissed = claim.status == Claim.Status.DISMISSED
    return VerdictActions(
        open_verdict=open_verdict,
        published=published,
        can_approve=proposed and editor and not own,
        wrote_proposal=proposed and editor and own,
        awaiting_approval=proposed and not editor,
        can_publish=approved and editor,
        awaiting_publication=approved and not editor,
        can_send_back=open_verdict is not None and editor,
        dismissed=dismissed,
        can_write=not dismissed and (open_verdict is None or proposed),
        correcting=published is not None and open_verdict is None,
        revising=proposed,
        own_proposal=own,
    )

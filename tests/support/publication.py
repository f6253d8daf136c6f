"""Take a claim through the real review workflow to publication: no published rows written by hand.

A reviewer words the claim and cites an uploaded text source with an excerpt found in it;
she proposes a verdict, an editor approves it, another step publishes it through the
publish service (the same one the preview's Publish button calls).
"""

from __future__ import annotations

from claims.evidence import library as evidence
from claims.evidence.library import Upload
from claims.models import Claim, Verdict
from claims.review import workflow
from tests.support.factories import make_claim, rating

SOURCE_TEXT = (
    "Labour Force Survey, March 2026\n\n"
    "Unemployment fell from 5.0 per cent to 4.6 per cent over the year to March.\n"
    "The survey covers 40,000 house-\nholds in every region.\n"
)
EXCERPT = "Unemployment fell from 5.0 per cent to 4.6 per cent over the year to March."
WORDING = "Unemployment fell to 4.2% in March"
RATIONALE = "The survey puts unemployment at 4.6 per cent in March, not 4.2."


def text_source(actor, *, text: str = SOURCE_TEXT, name: str = "lfs-march-2026.txt", title="Labour Force Survey"):
    """Return a library source uploaded as a text file (its snapshot is the file's text)."""
    source, _ = evidence.source_create(
        actor=actor, upload=Upload(name=name, content=text.encode()), title=title, publisher="Statistics Office"
    )
    return source


def worded_claim(reviewer, *, wording: str = WORDING, claim: Claim | None = None) -> Claim:
    claim = claim or make_claim()
    if wording:
        claim = workflow.claim_edit_wording(claim=claim, wording=wording, actor=reviewer, version=claim.version)
    return claim


def cite(claim: Claim, actor, *, excerpt: str = EXCERPT, stance: str = "refutes", source=None):
    return evidence.citation_add(
        claim=claim, source=source or text_source(actor), excerpt=excerpt, stance=stance, actor=actor
    )


def approved(claim: Claim, reviewer, editor, *, label="False", rationale=RATIONALE, correction_reason="") -> Verdict:
    """Propose a verdict as the reviewer and approve it as the editor."""
    claim.refresh_from_db()
    verdict = workflow.verdict_propose(
        claim=claim,
        rating=rating(label),
        rationale=rationale,
        actor=reviewer,
        version=claim.version,
        correction_reason=correction_reason,
    )
    return workflow.verdict_approve(verdict=verdict, actor=editor)


def publish(verdict: Verdict, editor, **kwargs) -> Verdict:
    return workflow.verdict_publish(verdict=verdict, actor=editor, **kwargs)


def published_claim(reviewer, editor, **kwargs) -> Claim:
    """Return a claim published as version 1 through the whole workflow."""
    claim = worded_claim(reviewer, **kwargs)
    cite(claim, reviewer)
    publish(approved(claim, reviewer, editor), editor)
    claim.refresh_from_db()
    return claim


def correct(claim: Claim, reviewer, editor, *, label="False", reason="We restated the claim more precisely."):
    """Propose, approve and publish a correction of a published claim; return the new verdict."""
    return publish(approved(claim, reviewer, editor, label=label, correction_reason=reason), editor)

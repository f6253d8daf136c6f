"""Excerpt checks: each citation's excerpt searched in its source's text snapshot (claims/pipeline/excerpts.py).

Run when a source is cited and again after every fetch of the source, so an
excerpt that disappears from the origin is flagged on the claim's timeline.
"""

from __future__ import annotations

from ..events import event_record
from ..models import Citation, Source
from . import excerpts


def citation_check_excerpt(citation: Citation, *, source: Source | None = None) -> str:
    """Search a citation's excerpt in its source's text snapshot, store the outcome and return it."""
    source = source or citation.source
    location = ""
    if not source.text_snapshot:
        outcome = Citation.ExcerptCheck.PENDING
    else:
        match = excerpts.find_excerpt(citation.excerpt, source.text_snapshot)
        outcome = Citation.ExcerptCheck.FOUND if match else Citation.ExcerptCheck.NOT_FOUND
        if match:
            location = match.describe()
            if match.distance:
                location += f", {match.distance} character{'s' if match.distance > 1 else ''} differ"
    citation.excerpt_check, citation.excerpt_location = outcome, location
    citation.excerpt_checked_sha256 = source.sha256
    Citation.objects.filter(pk=citation.pk).update(
        excerpt_check=outcome, excerpt_location=location, excerpt_checked_sha256=source.sha256
    )
    return outcome


def source_recheck_excerpts(*, source: Source) -> None:
    """Check every excerpt cited from a source again (after a fetch); an excerpt now missing goes on the timeline."""
    for citation in source.citations.all():
        before = citation.excerpt_check
        after = citation_check_excerpt(citation, source=source)
        if after != before and after == Citation.ExcerptCheck.NOT_FOUND:
            event_record(
                claim_id=citation.claim_id,
                action="excerpt_not_found",
                summary=f"The excerpt cited from “{str(source)[:120]}” is no longer found in the source",
                before={"excerpt check": Citation.ExcerptCheck(before).label},
                after={"excerpt check": Citation.ExcerptCheck(after).label, "excerpt": citation.excerpt[:300]},
            )

"""The pre-flight checklist a verdict passes before it is published.

Required items block the Publish button (and the publish service); warnings are
shown beside them and never block.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Claim, Verdict
from . import claimreview
from .claimreview import WORDING_WARN_CHARS


@dataclass(frozen=True)
class Item:
    """One line of the checklist."""

    label: str
    passed: bool
    required: bool
    detail: str = ""


def preflight(claim: Claim, verdict: Verdict) -> list[Item]:
    """Return the checklist for publishing this verdict on this claim, required items first."""
    wording = claim.claim_reviewed.strip()
    citations = list(claim.citations.select_related("source"))
    unfound = [c for c in citations if not c.excerpt_cleared]
    items = [
        Item(
            "Claim reviewed wording is written",
            bool(wording),
            True,
            "" if wording else "Write the short, neutral Claim reviewed wording: it is the public headline.",
        ),
        Item(
            "At least one piece of evidence",
            bool(citations),
            True,
            "" if citations else "Cite the evidence the verdict rests on.",
        ),
        Item(
            "Every excerpt is found in its source or cleared by an editor",
            not unfound,
            True,
            "; ".join(f"“{c.excerpt[:80]}” from {c.source}: {_unfound(c)}" for c in unfound),
        ),
        Item(
            "Rating is on the active scale",
            verdict.rating.active,
            True,
            "" if verdict.rating.active else f"“{verdict.rating.label}” was taken off the scale; choose another.",
        ),
        Item(
            f"Claim reviewed is at most {WORDING_WARN_CHARS} characters",
            len(wording) <= WORDING_WARN_CHARS,
            False,
            "" if len(wording) <= WORDING_WARN_CHARS else f"{len(wording)} characters: search engines may cut it.",
        ),
    ]
    for appearance in claimreview.distinct_appearances(claim):
        article = appearance.article
        missing = [
            name
            for name, value in (("URL", article.url), ("headline", article.title), ("date", article.published))
            if not value
        ]
        items.append(
            Item(
                f"Appearance “{article.display_title[:80]}” has a URL, headline and date",
                not missing,
                False,
                f"Missing: {', '.join(missing)}. An editor can add them on the article page." if missing else "",
            )
        )
    return items


def _unfound(citation) -> str:
    if citation.excerpt_check == citation.ExcerptCheck.NOT_FOUND:
        return "not found in the source"
    return "not checked (the source has no text yet)"


def blocking(items: list[Item]) -> list[Item]:
    """Return the required items that fail."""
    return [item for item in items if item.required and not item.passed]


def problem(items: list[Item]) -> str:
    """Return one sentence naming what blocks publication (empty when nothing does)."""
    failing = blocking(items)
    if not failing:
        return ""
    return "Not ready to publish: " + "; ".join(
        f"{item.label.lower()} ({item.detail})" if item.detail else item.label.lower() for item in failing
    )

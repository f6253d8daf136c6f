"""Template tags for the matching panel of the claim page and the article page's count.

They let shared pages show matching with one `{% include %}` line, without their
views knowing about matching.
"""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef

from claims import matching
from claims.models import Appearance, Claim, ClaimLink, Verdict

register = template.Library()


@register.simple_tag
def claim_matching(claim: Claim) -> dict:
    """Return what the matching panel shows for a claim."""
    appearances = list(claim.appearances.select_related("article").order_by("created_at", "id"))
    return {
        "published": matching.published_verdict(claim),
        "suggestions": suggestions_of(claim),
        "rejected": matching.claim_links(claim, status=ClaimLink.Status.REJECTED),
        "merged": list(claim.merged_claims.order_by("id")),
        "merged_into": claim.merged_into,
        "known_reviews": matching.claim_known_reviews(claim),
        "appearances": appearances,
        "article_count": len({a.article_id for a in appearances}),
        "can_split": len(appearances) > 1,
    }


def suggestions_of(claim: Claim) -> list[tuple[ClaimLink, Claim, matching.Match]]:
    """Return a claim's open suggestions with the matcher's judgement, confident ones first.

    Confident suggestions (same facts and close wording, or the same distinctive figure with
    most words shared) are marked but never merged without a reviewer: a merge moves verdicts
    and evidence, and a paraphrase can change who says what or how much.
    """
    judged = [(link, other, matching.compare(claim.text, other.text)) for link, other in matching.claim_links(claim)]
    return sorted(judged, key=lambda row: not row[2].confident)


@register.simple_tag
def article_already_checked(article) -> dict:
    """Return how many of an article's claims carry a published verdict, and of how many."""
    claim_ids = Appearance.objects.filter(article=article).values("claim_id")
    claims = Claim.objects.filter(pk__in=claim_ids)
    published = Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED)
    return {"checked": claims.filter(Exists(published)).count(), "total": claims.count()}

"""Template tags for the matching panel of the claim page and the article page's count.

They let shared pages show matching with one `{% include %}` line, without their
views knowing about matching.
"""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef

from claims.matching import candidates, known_reviews, similarity, suggestions
from claims.models import Appearance, Claim, ClaimLink, Verdict

register = template.Library()


@register.simple_tag
def claim_matching(claim: Claim, appearances=None, verdicts=None) -> dict:
    """Return what the matching panel shows for a claim.

    The claim page passes the appearances and verdicts it already loaded, saving two queries;
    other pages that include the panel leave them out and they are fetched here.
    """
    if isinstance(appearances, list):
        appearances = sorted(appearances, key=lambda a: (a.created_at, a.pk))
    else:
        appearances = list(claim.appearances.select_related("article").order_by("created_at", "id"))
    if isinstance(verdicts, list):
        published = [v for v in verdicts if v.status == Verdict.Status.PUBLISHED]
        # Same choice as candidates.published_verdict: newest published_at, then highest id (NULLs first when DESC).
        published_verdict = max(
            published, key=lambda v: (v.published_at is None, v.published_at or v.proposed_at, v.pk), default=None
        )
    else:
        published_verdict = candidates.published_verdict(claim)
    links = suggestions.claim_links_by_status(claim, statuses=[ClaimLink.Status.SUGGESTED, ClaimLink.Status.REJECTED])
    return {
        "published": published_verdict,
        "suggestions": judged(claim, links[ClaimLink.Status.SUGGESTED]),
        "rejected": links[ClaimLink.Status.REJECTED],
        "merged": list(claim.merged_claims.order_by("id")),
        "merged_into": claim.merged_into,
        "known_reviews": known_reviews.claim_known_reviews(claim),
        "appearances": appearances,
        "article_count": len({a.article_id for a in appearances}),
        "can_split": len(appearances) > 1,
    }


def judged(claim: Claim, links: list[tuple[ClaimLink, Claim]]) -> list[tuple[ClaimLink, Claim, similarity.Match]]:
    """Return suggestions with the matcher's judgement, confident ones first.

    Confident suggestions (same facts and close wording, or the same distinctive figure with
    most words shared) are marked but never merged without a reviewer: a merge moves verdicts
    and evidence, and a paraphrase can change who says what or how much.
    """
    rows = []
    for link, other in links:
        match = similarity.compare(claim.text, other.text)
        if match.linked:  # the same words in another story: stored apart, for a reviewer to decide
            match = similarity.Match("similar", 1.0, "same wording in another story (place or speaker differ)")
        rows.append((link, other, match))
    return sorted(rows, key=lambda row: not row[2].confident)


@register.simple_tag
def article_already_checked(article) -> dict:
    """Return how many of an article's claims carry a published verdict, and of how many."""
    claim_ids = Appearance.objects.filter(article=article).values("claim_id")
    claims = Claim.objects.filter(pk__in=claim_ids)
    published = Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED)
    return {"checked": claims.filter(Exists(published)).count(), "total": claims.count()}

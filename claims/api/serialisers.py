"""The JSON API's serialisers: what an article, a claim and its appearances, citations and verdicts look like.

Views in claims/views/api.py choose what a key may see; these only shape rows.
"""

from __future__ import annotations

from ..models import Appearance, Article, Citation, Claim, Verdict
from ..publishing import claimreview


def absolute(path: str) -> str:
    return claimreview.configured_site_url() + path


def iso(value) -> str | None:
    return value.isoformat() if value else None


def article_json(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.display_title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": iso(article.published),
        "status": article.status,
        "created_at": iso(article.created_at),
        "links": {
            "self": absolute(f"/api/v1/articles/{article.pk}/"),
            "ledger": absolute(f"/articles/{article.pk}/ledger/"),
            "claims": absolute(f"/api/v1/claims/?article={article.pk}"),
        },
    }


def claim_json(claim: Claim, *, see_drafts: bool) -> dict:
    """Return a claim annotated by with_export_columns; drafts only for users who may see them."""
    verdict = None
    if claim.verdict_status and (see_drafts or claim.verdict_status == Verdict.Status.PUBLISHED):
        verdict = {
            "rating": claim.verdict_rating,
            "rating_value": claim.verdict_rating_value,
            "status": claim.verdict_status,
            "rationale": claim.verdict_rationale,
            "published_at": iso(claim.verdict_published_at),
        }
    return {
        "id": claim.pk,
        "text": claim.text,
        "claim_reviewed": claim.reviewed_wording,
        "speaker": claim.speaker,
        "kind": claim.kind,
        "score": claim.score,
        "status": claim.status,
        "article_id": claim.article_id,
        "assignee": claim.assignee.get_username() if claim.assignee else None,
        "sources": claim.source_count,
        "verdict": verdict,
        "public_url": (
            claimreview.public_url(claim) if claim.verdict_status == Verdict.Status.PUBLISHED and claim.slug else None
        ),
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
        "links": {"self": absolute(f"/api/v1/claims/{claim.pk}/")},
    }


def appearance_json(appearance: Appearance) -> dict:
    article = appearance.article
    return {
        "article_id": appearance.article_id,
        "article_url": article.url,
        "outlet": article.outlet,
        "text": appearance.text,
        "speaker": appearance.speaker,
        "published": iso(article.published),
    }


def citation_json(citation: Citation) -> dict:
    source = citation.source
    return {
        "source": {
            "id": citation.source_id,
            "title": str(source),
            "url": source.url,
            "publisher": source.publisher,
            "published": iso(source.published),
        },
        "stance": citation.stance,
        "excerpt": citation.excerpt,
        "pinpoint": citation.pinpoint,
    }


def verdict_json(verdict: Verdict) -> dict:
    return {
        "id": verdict.pk,
        "rating": verdict.rating.label,
        "rating_value": verdict.rating.value,
        "status": verdict.status,
        "rationale": verdict.rationale,
        "published_at": iso(verdict.published_at),
        "corrects": verdict.corrects_id,
        "correction_reason": verdict.correction_reason,
    }

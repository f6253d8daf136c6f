"""Small factories for published verdicts, following the review workflow's data contract.

propose → Verdict(PROPOSED); approve → APPROVED; publish → PUBLISHED with published_at,
Claim.status=published and Claim.slug; a correction is a new Verdict with corrects= and
correction_reason, and publishing it supersedes the old one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from claims import publication
from claims.models import Appearance, Article, Citation, Claim, Rating, Source, Verdict


def make_article(
    title="Minister defends budget",
    url="https://news.example.com/budget",
    outlet="Daily Example",
    published=date(2026, 3, 14),
    author="Ann Writer",
    text="",
) -> Article:
    article = Article(
        title=title, url=url, outlet=outlet, published=published, author=author, status=Article.Status.READY
    )
    article.set_text(text or f"{title}. The text of the article.")
    article.save()
    return article


def make_claim(
    article: Article,
    text="Unemployment fell by 40% last year.",
    speaker="Jane Minister",
    speaker_kind="person",
    position=0,
    **fields,
) -> Claim:
    claim = Claim.objects.create(article=article, text=text, speaker=speaker, **fields)
    add_appearance(claim, article, speaker_kind=speaker_kind, position=position)
    return claim


def add_appearance(claim: Claim, article: Article, *, speaker_kind="person", position=0) -> Appearance:
    return Appearance.objects.create(
        claim=claim,
        article=article,
        position=position,
        start=0,
        end=len(claim.text),
        text=claim.text,
        speaker=claim.speaker,
        speaker_kind=speaker_kind,
    )


def cite(
    claim: Claim,
    *,
    title="Labour force survey",
    url="https://stats.example.org/lfs",
    stance="refutes",
    excerpt="Unemployment fell from 5.0% to 4.6%.",
    publisher="Statistics Office",
    source=None,
) -> Citation:
    source = source or Source.objects.create(
        title=title, url=url, publisher=publisher, published=date(2026, 2, 1), source_type=Source.Type.DATASET
    )
    return Citation.objects.create(claim=claim, source=source, stance=stance, excerpt=excerpt)


def rating(label: str) -> Rating:
    return Rating.objects.get(label=label)


def propose(
    claim: Claim,
    label="False",
    rationale="The official survey shows a fall of 8%, not 40%.",
    status=Verdict.Status.PROPOSED,
    **fields,
) -> Verdict:
    return Verdict.objects.create(claim=claim, rating=rating(label), rationale=rationale, status=status, **fields)


def publish(verdict: Verdict, *, when=None) -> Verdict:
    """Publish a verdict as the review workflow does (superseding what it corrects)."""
    when = when or timezone.now()
    if verdict.corrects_id:
        Verdict.objects.filter(pk=verdict.corrects_id).update(status=Verdict.Status.SUPERSEDED)
    verdict.status = Verdict.Status.PUBLISHED
    verdict.published_at = when
    verdict.save()
    claim = verdict.claim
    claim.status = Claim.Status.PUBLISHED
    claim.slug = claim.slug or publication.claim_slug(claim)
    claim.save()
    # The public side reads published versions only: store one through the publish service.
    publication.version_publish(claim=claim, verdict=verdict, actor=None, note=verdict.correction_reason)
    return verdict


def published_claim(label="False", when=None, **claim_fields) -> tuple[Claim, Verdict]:
    """Return a claim with a published verdict, a refuting source and a second appearance."""
    article = make_article()
    claim = make_claim(article, claim_reviewed="Unemployment fell by 40% in 2025", **claim_fields)
    later = make_article(
        title="Budget row continues",
        url="https://other.example.net/row",
        outlet="Other Paper",
        published=date(2026, 3, 20),
    )
    add_appearance(claim, later)
    cite(claim)
    verdict = publish(propose(claim, label), when=when or timezone.now() - timedelta(days=2))
    return claim, verdict


def correct(
    verdict: Verdict, label="Mostly false", reason="We misread the survey's base year.", publish_it=True
) -> Verdict:
    correction = propose(
        verdict.claim,
        label,
        rationale="Corrected: the fall was 8% on a 2024 base.",
        corrects=verdict,
        correction_reason=reason,
    )
    return publish(correction) if publish_it else correction

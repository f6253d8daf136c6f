"""Test factories: articles and claims without the extractor, verdicts through the real review workflow.

Rows no workflow makes (articles, claims, appearances, citations) are created directly.
A verdict is never written by hand: `propose`, `approve` and `publish` call the review
workflow's own services as a reviewer and two editors would, so every test sees the
version bumps, events, slugs and supersession the application produces.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.evidence import library as evidence
from claims.evidence.library import Upload
from claims.models import Appearance, Article, Citation, Claim, Rating, Source, Verdict
from claims.pipeline.excerpt_checks import citation_check_excerpt
from claims.review import workflow
from claims.roles import EDITOR, REVIEWER

ARTICLE_TEXT = (
    "The minister said on Monday that unemployment fell to 4.2 percent in March.\n"
    "Critics said the figure left out 30,000 people on training schemes."
)
CLAIM_TEXT = "unemployment fell to 4.2 percent in March"
RATIONALE = "The official survey shows a fall of 8%, not 40%."


def make_article(
    title="Minister defends budget",
    url="https://news.example.com/budget",
    outlet="Daily Example",
    published=date(2026, 3, 14),
    author="Ann Writer",
    text=ARTICLE_TEXT,
    user=None,
) -> Article:
    """Return a ready article (as if extracted) with this text."""
    article = Article(title=title, url=url, outlet=outlet, published=published, author=author, submitted_by=user)
    article.raw, article.status = text, Article.Status.READY
    article.set_text(text)
    article.save()
    return article


def make_claim(
    article: Article | None = None,
    *,
    text: str = CLAIM_TEXT,
    speaker: str = "The minister",
    speaker_kind: str = "person",
    position: int = 0,
    score: float = 0.8,
    **fields,
) -> Claim:
    """Return a claim with one appearance in the article (a fresh one by default), where its text is."""
    article = article or make_article()
    claim = Claim.objects.create(
        text=text, article=article, article_created_at=article.created_at, speaker=speaker, score=score, **fields
    )
    add_appearance(claim, article, speaker_kind=speaker_kind, position=position)
    return claim


def add_appearance(claim: Claim, article: Article, *, speaker_kind="person", position=0) -> Appearance:
    """Record that the claim appears in the article (at its text, or at the start when the text is not there)."""
    start = max(article.text.find(claim.text), 0)
    return Appearance.objects.create(
        claim=claim,
        article=article,
        position=position,
        start=start,
        end=start + len(claim.text),
        text=claim.text,
        speaker=claim.speaker,
        speaker_kind=speaker_kind,
        score=claim.score,
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
    """Cite a source (a new dataset by default, as fetched: its snapshot holds the excerpt) on the claim."""
    source = source or Source.objects.create(
        title=title,
        url=url,
        publisher=publisher,
        published=date(2026, 2, 1),
        source_type=Source.Type.DATASET,
        text_snapshot=f"{title}\n\n{excerpt}\n",
        fetch_status=Source.FetchStatus.READY,
    )
    citation = Citation.objects.create(claim=claim, source=source, stance=stance, excerpt=excerpt)
    citation_check_excerpt(citation, source=source)
    return citation


def rating(label: str = "False") -> Rating:
    return Rating.objects.get(label=label)


def newsroom_user(role: str, username: str):
    """Return the factories' user of this name in this role, creating it the first time."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.groups.add(Group.objects.get(name=role))
    return user


def propose(
    claim: Claim,
    label="False",
    rationale=RATIONALE,
    status=Verdict.Status.PROPOSED,
    *,
    by=None,
    correction_reason: str = "",
) -> Verdict:
    """Propose a verdict as a reviewer, then take it on to `status` (approved, published or sent back).

    On a claim with a published verdict the proposal is a correction (a reason is made up if none is given).
    """
    if not correction_reason and claim.verdicts.filter(status=Verdict.Status.PUBLISHED).exists():
        correction_reason = "A correction for the test."
    verdict = workflow.verdict_propose(
        claim=claim,
        rating=rating(label),
        rationale=rationale,
        actor=by or newsroom_user(REVIEWER, "factory-reviewer"),
        version=None,
        correction_reason=correction_reason,
    )
    if status == Verdict.Status.SENT_BACK:
        workflow.verdict_send_back(verdict=verdict, actor=_editor_other_than(verdict), comment="Needs another source.")
    elif status in (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED):
        verdict = approve(verdict)
        if status == Verdict.Status.PUBLISHED:
            verdict = publish(verdict)
    elif status != Verdict.Status.PROPOSED:
        raise ValueError(f"propose() cannot make a {status} verdict")
    return _fresh(verdict)


def approve(verdict: Verdict, *, by=None) -> Verdict:
    """Approve a proposed verdict as an editor who did not propose it."""
    workflow.verdict_approve(verdict=verdict, actor=by or _editor_other_than(verdict))
    return _fresh(verdict)


def publish(verdict: Verdict, *, when=None, by=None) -> Verdict:
    """Publish a verdict (approving it first if it is only proposed); `when` backdates its publication."""
    if verdict.status == Verdict.Status.PROPOSED:
        verdict = approve(verdict)
    # Backdated by running the publish service at that moment: the verdict, its published
    # version and the version's dates all carry it (a published version cannot be edited).
    with mock.patch("django.utils.timezone.now", return_value=when) if when is not None else nullcontext():
        workflow.verdict_publish(verdict=verdict, actor=by or _editor_other_than(verdict))
    return _fresh(verdict)


def published_claim(
    label="False", *, text="Unemployment fell by 40% last year.", speaker="Jane Minister", when=None, **claim_fields
) -> tuple[Claim, Verdict]:
    """Return a claim with a verdict published two days ago, a refuting source and a second appearance."""
    article = make_article(text="Minister defends budget. Unemployment fell by 40% last year, she said.")
    claim_fields.setdefault("claim_reviewed", "Unemployment fell by 40% in 2025")
    claim = make_claim(article, text=text, speaker=speaker, **claim_fields)
    later = make_article(
        title="Budget row continues",
        url="https://other.example.net/row",
        outlet="Other Paper",
        published=date(2026, 3, 20),
        text="Budget row continues over the unemployment figures.",
    )
    add_appearance(claim, later)
    cite(claim)
    verdict = publish(propose(claim, label), when=when or timezone.now() - timedelta(days=2))
    claim.refresh_from_db()
    return claim, verdict


def correct(
    verdict: Verdict, label="Mostly false", reason="We misread the survey's base year.", publish_it=True
) -> Verdict:
    """Propose (and by default publish) a correction of a published verdict."""
    correction = propose(
        verdict.claim, label, rationale="Corrected: the fall was 8% on a 2024 base.", correction_reason=reason
    )
    return publish(correction) if publish_it else correction


def _editor_other_than(verdict: Verdict):
    """Return a factory editor who did not propose the verdict."""
    first = newsroom_user(EDITOR, "factory-editor")
    return first if verdict.proposed_by_id != first.pk else newsroom_user(EDITOR, "factory-editor-2")


def _fresh(verdict: Verdict) -> Verdict:
    return Verdict.objects.select_related("claim", "rating", "corrects").get(pk=verdict.pk)


# As the people do it: a reviewer words the claim and cites an uploaded text source with an excerpt
# found in it; she proposes a verdict, an editor approves it and publishes it through the publish
# service (the one the preview's Publish button calls). Used where who acts matters.

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


def cite_as(claim: Claim, actor, *, excerpt: str = EXCERPT, stance: str = "refutes", source=None):
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


def publish_as(verdict: Verdict, editor, **kwargs) -> Verdict:
    """Publish an approved verdict as this editor, through the publish service the preview calls."""
    return workflow.verdict_publish(verdict=verdict, actor=editor, **kwargs)


def published_as(reviewer, editor, **kwargs) -> Claim:
    """Return a claim published as version 1 through the whole workflow."""
    claim = worded_claim(reviewer, **kwargs)
    cite_as(claim, reviewer)
    publish_as(approved(claim, reviewer, editor), editor)
    claim.refresh_from_db()
    return claim


def correct_as(claim: Claim, reviewer, editor, *, label="False", reason="We restated the claim more precisely."):
    """Propose, approve and publish a correction of a published claim; return the new verdict."""
    return publish_as(approved(claim, reviewer, editor, label=label, correction_reason=reason), editor)

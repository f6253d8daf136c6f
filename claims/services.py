"""Write-side operations on articles and claims. Views and tasks call these; rules live here."""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from . import extraction
from .events import event_record
from .fetching import FetchError, fetch
from .matching import candidates, decisions, duplicates, similarity, suggestions
from .models import Appearance, Article, Claim, Source

log = logging.getLogger(__name__)


# --- Articles -----------------------------------------------------------------


def article_submit(*, user, text: str = "", url: str = "", filename: str = "", is_html: bool | None = None) -> Article:
    """Store a new article as queued and enqueue its extraction once the row is committed."""
    if url:
        article = Article(origin=Article.Origin.URL, url=url, submitted_by=user, raw_format=Article.Format.HTML)
    else:
        if is_html is None:
            is_html = extraction.clean.looks_like_html(text)
        article = Article(
            origin=Article.Origin.FILE if filename else Article.Origin.PASTE,
            filename=filename[:255],
            raw=text,
            raw_format=Article.Format.HTML if is_html else Article.Format.TEXT,
            submitted_by=user,
        )
    with transaction.atomic():
        article.save()
        event_record(
            action="article_submitted",
            actor=user,
            article=article,
            summary=f"Submitted ({article.get_origin_display().lower()})",
        )
        article_enqueue(article)
    return article


def article_enqueue(article: Article) -> bool:
    """Queue extraction of an article after commit; return False when the broker is unreachable.

    The article row is saved either way: a periodic sweep picks up queued articles
    whose message never reached the broker.
    """
    from .tasks import extract_article

    def send() -> None:
        try:
            extract_article.delay(article.pk)
            Article.objects.filter(pk=article.pk).update(enqueued_at=timezone.now())
        except Exception:  # broker down: the sweep will retry
            log.warning("Could not enqueue article %s; it stays queued", article.pk, exc_info=True)

    transaction.on_commit(send)
    return True


def article_retry(*, article: Article, user) -> Article:
    """Put a failed article back in the queue."""
    with transaction.atomic():
        updated = Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
            status=Article.Status.QUEUED, error="", attempts=0, enqueued_at=None, updated_at=timezone.now()
        )
        if updated:
            event_record(action="article_retried", actor=user, article=article, summary="Retry requested")
            article_enqueue(article)
    article.refresh_from_db()
    return article


def article_extract(article_id: int) -> Article | None:
    """Fetch (if needed), clean and split an article into claims; safe to run twice.

    Returns None when the article is gone or already being handled by another run.
    Each run counts as an attempt; an article whose runs keep dying (a redelivered
    message that kills its worker every time) is failed after CLAIMDESK_MAX_ATTEMPTS.
    """
    limit = settings.CLAIMDESK_MAX_ATTEMPTS
    claimable = [Article.Status.QUEUED, Article.Status.EXTRACTING, Article.Status.FAILED]
    claimed = Article.objects.filter(pk=article_id, status__in=claimable, attempts__lt=limit).update(
        status=Article.Status.EXTRACTING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        if Article.objects.filter(pk=article_id, status__in=claimable[:2], attempts__gte=limit).exists():
            article_fail(
                article_id,
                f"Gave up after {limit} attempts: processing stopped each time "
                "(the worker may have run out of time or memory).",
            )
        return None
    article = Article.objects.get(pk=article_id)
    if settings.CLAIMDESK_TEST_EXTRACT_DELAY and article.attempts == 1:
        # Test-only hook, off unless a fault test sets it: the first run of an article
        # lingers so the test can kill its worker mid-run; the redelivered run does not.
        time.sleep(settings.CLAIMDESK_TEST_EXTRACT_DELAY)

    if article.origin == Article.Origin.URL and not article.raw:
        fetched = fetch(article.url)  # FetchError propagates to the task's retry policy
        article.raw = fetched.body
        article.raw_format = Article.Format.TEXT if fetched.content_type == "text/plain" else Article.Format.HTML
        Article.objects.filter(pk=article_id).update(raw=article.raw, raw_format=article.raw_format)

    doc = extraction.extract(
        article.raw,
        is_html=article.raw_format == Article.Format.HTML,
        threshold=settings.CLAIMDESK_CLAIM_THRESHOLD,
    )
    if not doc.text.strip():
        raise FetchError("No article text was found in what was submitted.")

    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        article.set_text(doc.text)
        article.title = article.title or (doc.title or "")[:500]
        article.outlet = article.outlet or (doc.site or "")[:200]
        article.author = article.author or (doc.author or "")[:300]
        article.published = article.published or doc.published
        article_mark_duplicate(article=article)
        claims_replace(article=article, extracted=doc.claims)
        article.status = Article.Status.READY
        article.error = ""
        article.extracted_at = timezone.now()
        article.save()
        event_record(action="article_extracted", article=article, summary=f"{len(doc.claims)} claims extracted")
    return article


def article_fail(article_id: int, message: str) -> None:
    """Record that extraction of an article failed for good."""
    Article.objects.filter(pk=article_id).update(status=Article.Status.FAILED, error=message[:2000])
    article = Article.objects.filter(pk=article_id).first()
    if article:
        event_record(action="article_failed", article=article, summary=message)


def article_mark_duplicate(*, article: Article) -> None:
    """Record (on the unsaved article) the earlier article it is a near-duplicate of, if any."""
    previous = article.duplicate_of_id
    original, score = duplicates.article_find_duplicate(article=article)
    article.duplicate_of = original
    article.duplicate_similarity = score if original else None
    if original and original.pk != previous:
        event_record(
            action="article_duplicate",
            article=article,
            summary=f"Near-duplicate of article {original.pk} ({score:.2f} similar)",
            after={"duplicate_of": original.pk, "similarity": score},
        )


def claim_has_reviewer_work(claim: Claim) -> bool:
    """Return True when people have worked on a claim (status, assignee, evidence, verdicts, links)."""
    return (
        claim.status != Claim.Status.NEW
        or claim.assignee_id is not None
        or claim.citations.exists()
        or claim.verdicts.exists()
        or claim.events.filter(actor__isnull=False).exists()
    )


def claims_replace(*, article: Article, extracted: list[extraction.ExtractedClaim]) -> None:
    """Bring the article's appearances in line with a (re-)extraction, inside the caller's transaction.

    - An appearance whose wording is extracted again is kept and moved to its new span.
    - A new wording links to the stored claim with the same normalised wording (so
      evidence and verdicts are shared), else becomes a new claim with suggestions
      of similar claims for a reviewer.
    - Reviewer work is never destroyed: an appearance no longer extracted whose claim
      carries work is re-anchored where the text still contains it, or flagged
      `anchor_lost` where it does not. Only untouched claims go with their appearance.
    """
    old = list(article.appearances.select_related("claim").order_by("position", "id"))
    unused: dict[str, list[Appearance]] = {}
    for appearance in old:
        unused.setdefault(similarity.fingerprint(appearance.text), []).append(appearance)
    touched: set[int] = set()
    created: list[Claim] = []
    fingerprints = [similarity.fingerprint(found.text) for found in extracted]
    candidates.lock_wordings(fingerprints)
    # Stored claims of every wording not kept from the last run, in one query (the locks are held).
    waiting = {fp: len(appearances) for fp, appearances in unused.items()}
    lookup = []
    for fp in fingerprints:
        if waiting.get(fp):
            waiting[fp] -= 1
        else:
            lookup.append(fp)
    by_wording = candidates.claims_for_wordings(fingerprints=lookup)
    appearing = {appearance.claim_id for appearance in old}
    new_appearances: list[Appearance] = []
    for position, (found, fp) in enumerate(zip(extracted, fingerprints, strict=True)):
        speaker = (found.speaker or "")[:300]
        fields = {
            "position": position,
            "start": found.start,
            "end": found.end,
            "text": found.text,
            "speaker": speaker,
            "speaker_kind": found.speaker_kind,
            "score": found.score,
            "kind": found.kind,
            "anchor_lost": False,
        }
        if unused.get(fp):
            appearance = unused[fp].pop(0)
            for name, value in fields.items():
                setattr(appearance, name, value)
            appearance.save()
            touched.add(appearance.claim_id)
            continue
        # The same wording links to a stored claim only where the context agrees (same story,
        # or same speaker and place); elsewhere it is a claim of its own, suggested to a reviewer.
        stored = by_wording.get(fp, [])
        agreeing = (
            c
            for c in stored
            if c.pk is None or candidates.wording_context_agrees(claim=c, article=article, speaker=speaker)
        )
        claim = next(agreeing, None)
        if claim is None:
            claim = Claim(  # stored with the others below
                text=found.text,
                speaker=speaker,
                kind=found.kind,
                score=found.score,
                numbers=list(found.numbers),
                dates=list(found.dates),
                article=article,
                article_created_at=article.created_at,
                fingerprint=fp,
                slug=slugify(found.text[:80])[:120],
            )
            by_wording.setdefault(fp, []).insert(0, claim)
            created.append(claim)
        elif claim.pk is not None and claim.pk not in appearing:  # not one created just above
            verdict = candidates.published_verdict(claim)
            note = f" — already checked: {verdict.rating.label}" if verdict else ""
            event_record(
                action="appearance_linked",
                claim=claim,
                article=article,
                summary=f"Appears again in “{article.display_title[:200]}”{note}",
                after={"article": article.pk},
            )
        if claim.pk is not None:
            appearing.add(claim.pk)
            touched.add(claim.pk)
        new_appearances.append(Appearance(claim=claim, article=article, **fields))
    Claim.objects.bulk_create(created)
    touched.update(claim.pk for claim in created)
    Appearance.objects.bulk_create(new_appearances)
    candidates.claims_store_bands(claims=created)

    for appearances in unused.values():
        for appearance in appearances:
            touched.add(appearance.claim_id)
            if not claim_has_reviewer_work(appearance.claim):
                appearance.delete()
                continue
            at = article.text.find(appearance.text)
            lost = at < 0
            if not lost:
                appearance.start, appearance.end = at, at + len(appearance.text)
            if lost and not appearance.anchor_lost:
                event_record(
                    action="anchor_lost",
                    claim=appearance.claim,
                    article=article,
                    summary="Re-extraction no longer finds this claim in the article text; "
                    "kept with its work, flagged for review",
                )
            appearance.anchor_lost = lost
            appearance.save(update_fields=["start", "end", "anchor_lost"])
    # Claims left without any appearance and without work go; the others are recounted.
    for claim in Claim.objects.filter(pk__in=touched, appearances__isnull=True, merged_into__isnull=True):
        if not claim_has_reviewer_work(claim):
            claim.delete()
    decisions.claim_recount(touched)
    suggestions.claims_suggest(claims=created)


# --- Claims -------------------------------------------------------------------

# Claim assignment, status and verdict rules live in claims/workflow.py.
from .workflow import claim_assign  # noqa: E402,F401 - kept importable from services

# --- Sources --------------------------------------------------------------------


def source_enqueue(source: Source) -> None:
    """Queue the fetch of a URL source after commit (the sweep retries if the broker is down)."""
    from .tasks import fetch_source

    def send() -> None:
        try:
            fetch_source.delay(source.pk)
            Source.objects.filter(pk=source.pk).update(enqueued_at=timezone.now())
        except Exception:  # broker down: the sweep will retry
            log.warning("Could not enqueue source %s; it stays queued", source.pk, exc_info=True)

    Source.objects.filter(pk=source.pk).update(
        fetch_status=Source.FetchStatus.QUEUED, queued_at=timezone.now(), enqueued_at=None, attempts=0, fetch_error=""
    )
    transaction.on_commit(send)


def source_fetch(source_id: int) -> Source | None:
    """Fetch a URL source, keep its text snapshot and SHA-256; return None if there is nothing to do.

    A later fetch that finds different text records the change on the timeline of
    every claim citing the source, so edits at the origin are visible.
    """
    limit = settings.CLAIMDESK_MAX_ATTEMPTS
    claimable = [Source.FetchStatus.QUEUED, Source.FetchStatus.FETCHING, Source.FetchStatus.FAILED]
    claimed = (
        Source.objects.filter(pk=source_id, fetch_status__in=claimable, attempts__lt=limit)
        .exclude(url="")
        .update(fetch_status=Source.FetchStatus.FETCHING, fetch_started_at=timezone.now(), attempts=F("attempts") + 1)
    )
    if not claimed:
        if Source.objects.filter(pk=source_id, fetch_status__in=claimable[:2], attempts__gte=limit).exists():
            source_fail(source_id, f"Gave up after {limit} attempts: fetching stopped each time.")
        return None
    source = Source.objects.get(pk=source_id)
    fetched = fetch(source.url)  # FetchError propagates to the task's retry policy
    cleaned = extraction.clean.clean(fetched.body, is_html=fetched.content_type != "text/plain")
    text = cleaned.text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        changed = bool(source.sha256) and source.sha256 != digest
        source.text_snapshot = text
        source.title = source.title or (cleaned.title or "")[:500]
        source.publisher = source.publisher or (cleaned.site or "")[:300]
        source.published = source.published or cleaned.published
        previous = source.sha256
        source.sha256 = digest
        source.fetch_status = Source.FetchStatus.READY
        source.fetch_error = ""
        source.fetched_at = timezone.now()
        source.save()
        if changed:
            for claim in Claim.objects.filter(citations__source=source).distinct():
                event_record(
                    action="source_changed",
                    claim=claim,
                    summary=f"Source “{source}” changed at its origin",
                    before={"sha256": previous},
                    after={"sha256": digest},
                )
    return source


def source_fail(source_id: int, message: str) -> None:
    """Record that fetching a source failed for good."""
    Source.objects.filter(pk=source_id).update(fetch_status=Source.FetchStatus.FAILED, fetch_error=message[:2000])

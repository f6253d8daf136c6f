"""Fetch a URL source: what the worker runs for `claims.tasks.fetch_source`.

The text snapshot and its SHA-256 are kept; a later fetch that finds different text
records the change on the timeline of every claim citing the source.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import extraction
from ..events import event_record
from ..fetching import fetch
from ..models import Claim, Source
from .excerpt_checks import source_recheck_excerpts


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
        source_recheck_excerpts(source=source)
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

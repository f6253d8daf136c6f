"""The source library and citations: evidence stored once and cited on many claims.

A URL source is fetched by the worker (`source_enqueue` → task fetch_source →
`claims.pipeline.sources.source_fetch`), which keeps its text snapshot and SHA-256. An uploaded file (PDF, HTML or text)
is checked for type and size, stored under MEDIA_ROOT (never the static root),
deduplicated by its SHA-256 and snapshotted here.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .. import extraction, tasks
from ..events import event_record
from ..models import Citation, Claim, Source
from ..pipeline.excerpt_checks import citation_check_excerpt
from ..review.workflow import claim_save_bumped

log = logging.getLogger(__name__)

# Accepted upload types: suffix -> (content type served, how to read its text).
UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}
PDF_TEXT_TIMEOUT = 30  # seconds for pdftotext on one file


class EvidenceError(ValueError):
    """Evidence the library refuses, with a message the user can act on."""


@dataclass
class Upload:
    name: str
    content: bytes


def upload_check(*, name: str, content: bytes) -> str:
    """Return the content type of an acceptable upload, or raise EvidenceError saying why not."""
    lower = name.lower()
    suffix = lower[lower.rfind(".") :] if "." in lower else ""
    if suffix not in UPLOAD_TYPES:
        raise EvidenceError("Upload a PDF, HTML or plain-text file (.pdf, .html, .htm, .txt).")
    limit = settings.CLAIMDESK_MAX_SOURCE_BYTES
    if len(content) > limit:
        raise EvidenceError(f"The file is larger than the {limit // 1_000_000} MB limit.")
    if not content.strip():
        raise EvidenceError("The file is empty.")
    kind = UPLOAD_TYPES[suffix]
    if kind == "application/pdf":
        if not content.startswith(b"%PDF-"):
            raise EvidenceError("This file is not a PDF (it does not start with %PDF-).")
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EvidenceError("The file is not valid UTF-8 text.") from exc
        if "\x00" in text:
            raise EvidenceError("This looks like binary data, not text.")
    return kind


def upload_text(*, content: bytes, content_type: str) -> str:
    """Return the readable text of an accepted upload (empty when a PDF has no text layer)."""
    if content_type == "application/pdf":
        try:
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"],
                input=content,
                capture_output=True,
                timeout=PDF_TEXT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            log.warning("pdftotext could not read an uploaded PDF", exc_info=True)
            return ""
        return done.stdout.decode("utf-8", errors="replace").replace("\x0c", "\n").strip()
    text = content.decode("utf-8-sig")
    if content_type == "text/plain":
        # Kept whole: the article cleaner drops headline-like lines, and excerpts are checked against this text.
        return text.replace("\r\n", "\n").strip()
    return extraction.clean.clean(text, is_html=True).text


def source_create(
    *,
    actor,
    url: str = "",
    upload: Upload | None = None,
    title: str = "",
    publisher: str = "",
    published: date | None = None,
    source_type: str = Source.Type.OTHER,
) -> tuple[Source, bool]:
    """Return the library's source for this URL or file, adding it if new; the bool says it was added.

    A URL source is queued for the worker to fetch; an uploaded file is read here.
    """
    if bool(url) == bool(upload):
        raise EvidenceError("Give either the source's URL or a file.")
    if url:
        existing = Source.objects.filter(url=url).order_by("pk").first()
        if existing:
            return existing, False
    else:
        content_type = upload_check(name=upload.name, content=upload.content)
        digest = hashlib.sha256(upload.content).hexdigest()
        existing = Source.objects.filter(file_sha256=digest).order_by("pk").first()
        if existing:
            return existing, False
    source = Source(
        title=title.strip()[:500],
        publisher=publisher.strip()[:300],
        published=published,
        source_type=source_type,
        created_by=actor,
    )
    with transaction.atomic():
        if url:
            source.url = url
            source.save()
            source_enqueue(source)
        else:
            text = upload_text(content=upload.content, content_type=content_type)
            source.filename = upload.name[-255:]
            source.file_sha256 = digest
            source.text_snapshot = text
            source.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""
            source.fetch_status = Source.FetchStatus.READY if text else Source.FetchStatus.NONE
            source.title = source.title or upload.name[:500]
            source.file.save(
                f"{digest[:16]}{upload.name[upload.name.rfind('.') :].lower()}", ContentFile(upload.content), save=False
            )
            source.save()
    return source, True


def source_update(*, source: Source, actor, **fields) -> Source:
    """Correct a source's description, noting the change on the timeline of every claim citing it."""
    before = {name: str(getattr(source, name) or "") for name in fields}
    after = {name: str(value or "") for name, value in fields.items()}
    changed = {name for name in fields if before[name] != after[name]}
    if not changed:
        return source
    with transaction.atomic():
        for name in changed:
            setattr(source, name, fields[name])
        source.save(update_fields=sorted(changed))
        for claim_id in source.citations.values_list("claim_id", flat=True).distinct():
            event_record(
                claim_id=claim_id,
                actor=actor,
                action="source_edited",
                summary=f"Edited the source “{str(source)[:120]}”",
                before={k: before[k] for k in sorted(changed)},
                after={k: after[k] for k in sorted(changed)},
            )
    return source


def source_enqueue(source: Source) -> None:
    """Mark a URL source queued and send its fetch to the worker once the transaction commits."""
    Source.objects.filter(pk=source.pk).update(
        fetch_status=Source.FetchStatus.QUEUED, queued_at=timezone.now(), enqueued_at=None, attempts=0, fetch_error=""
    )
    tasks.send_after_commit(tasks.fetch_source, source)


def source_refetch(*, source: Source) -> None:
    """Queue another fetch of a URL source (after commit); the worker compares the new SHA-256."""
    with transaction.atomic():
        source_enqueue(source)


def citation_add(
    *, claim: Claim, source: Source, excerpt: str, stance: str, actor, pinpoint: str = "", note: str = ""
) -> Citation:
    """Cite a source on a claim with a verbatim excerpt, pinpoint, stance and note."""
    excerpt = excerpt.strip()
    if stance not in Citation.Stance.values:
        raise EvidenceError("Choose whether the source supports, refutes or gives context to the claim.")
    if not excerpt:
        raise EvidenceError("Quote the excerpt of the source that matters (verbatim).")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        citation = Citation.objects.create(
            claim=claim,
            source=source,
            excerpt=excerpt,
            stance=stance,
            pinpoint=pinpoint.strip()[:200],
            note=note.strip(),
            created_by=actor,
        )
        citation_check_excerpt(citation, source=source)
        summary = f"Cited “{str(source)[:120]}” ({citation.get_stance_display().lower()})"
        if claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_REVIEW
            claim_save_bumped(claim, "status")
        event_record(
            claim=claim,
            actor=actor,
            action="evidence_added",
            summary=summary,
            after={
                "source": str(source)[:200],
                "stance": citation.get_stance_display(),
                "excerpt": excerpt[:300],
                "pinpoint": citation.pinpoint,
                "excerpt check": citation.get_excerpt_check_display(),
            },
        )
    return citation


def citation_override_excerpt(*, citation: Citation, actor, reason: str) -> Citation:
    """Let an excerpt the check cannot find be published: Editors only, with the reason on the timeline."""
    if not actor.has_perm("claims.publish_verdict"):
        raise PermissionDenied("Only an editor can publish an excerpt that was not found in the source.")
    reason = reason.strip()
    if not reason:
        raise EvidenceError("Say why the excerpt can be published although it was not found in the source.")
    with transaction.atomic():
        citation.excerpt_override_reason = reason[:2000]
        citation.excerpt_override_by = actor
        citation.excerpt_override_at = timezone.now()
        citation.save(update_fields=["excerpt_override_reason", "excerpt_override_by", "excerpt_override_at"])
        event_record(
            claim_id=citation.claim_id,
            actor=actor,
            action="excerpt_overridden",
            summary=f"Cleared an excerpt not found in “{str(citation.source)[:120]}” for publication: {reason[:200]}",
            before={"excerpt check": citation.get_excerpt_check_display()},
            after={"excerpt": citation.excerpt[:300], "reason": reason},
        )
    return citation


def citation_remove(*, citation: Citation, actor) -> None:
    """Remove a citation (its author or an Editor), keeping a record on the timeline."""
    if citation.created_by_id != actor.pk and not actor.has_perm("claims.delete_citation"):
        raise PermissionDenied("Only the person who added this evidence or an editor can remove it.")
    with transaction.atomic():
        event_record(
            claim_id=citation.claim_id,
            actor=actor,
            action="evidence_removed",
            summary=f"Removed evidence “{str(citation.source)[:120]}”",
            before={
                "source": str(citation.source)[:200],
                "stance": citation.get_stance_display(),
                "excerpt": citation.excerpt[:300],
            },
        )
        citation.delete()


def source_library(*, q: str = "", limit: int | None = None) -> QuerySet[Source]:
    """Return sources matching q in title, publisher or URL, with how many claims cite each."""
    sources = Source.objects.annotate(cited_by=Count("citations__claim", distinct=True))
    q = q.strip()[:200]
    if q:
        sources = sources.filter(
            Q(title__icontains=q) | Q(publisher__icontains=q) | Q(url__icontains=q) | Q(filename__icontains=q)
        )
    sources = sources.order_by("-created_at", "-id")
    return sources[:limit] if limit else sources

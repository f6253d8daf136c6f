"""The fact-check domain: articles, the claims found in them, evidence and verdicts.

A *Claim* is the checked statement (what a verdict is about). It can appear in
many articles; each *Appearance* keeps its own article, span, speaker and
wording. Evidence lives in a shared *Source* library and is attached to a
claim by a *Citation*. *Event* rows form the append-only timeline.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import connections, models
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Origin(models.TextChoices):
        PASTE = "paste", "Pasted text"
        URL = "url", "Fetched from URL"
        FILE = "file", "Uploaded file"

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"

    class SuggestionsStatus(models.TextChoices):
        NONE = "", "None owed"  # no new claims, or extracted before the step was recorded
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.PASTE)
    url = models.URLField(max_length=2000, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    # What the user gave us, kept verbatim so extraction can be re-run.
    raw = models.TextField(blank=True)
    raw_format = models.CharField(max_length=4, choices=Format.choices, default=Format.TEXT)
    # The cleaned text that claim offsets point into.
    text = models.TextField(blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    # Similar-claim suggestions are judged after the extraction's transaction commits, so that step is
    # recorded apart: the claims it still owes suggestions to (ids), and its runs, for the queue sweep
    # to run it again when a worker died between the two (claims/pipeline/extract.py, article_suggest).
    suggestions_status = models.CharField(
        max_length=8, choices=SuggestionsStatus.choices, default=SuggestionsStatus.NONE, db_default="", blank=True
    )
    suggestions_claims = models.JSONField(null=True, blank=True, editable=False)
    suggestions_attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    suggestions_started_at = models.DateTimeField(null=True, blank=True)
    suggestions_error = models.CharField(max_length=500, blank=True, default="", db_default="")

    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_duplicates"
    )
    duplicate_similarity = models.FloatField(null=True, blank=True)
    # MinHash band keys of the cleaned text, to find near-duplicates (claims/matching/duplicates.py).
    match_keys = models.JSONField(default=list, blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An Editor archived it: out of the articles list and the queue by default, restorable.
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The queue leaves out claims of archived articles (`article_id NOT IN (archived ones)`):
            # without it that subquery read all 100k articles (text and all) on every page at 1M claims.
            models.Index(fields=["id"], condition=models.Q(archived_at__isnull=False), name="article_archived"),
            # "Already submitted?" looks a pasted text up by its MD5 (intake.forms.earlier_copy): comparing
            # the raw text itself read every article's TOASTed original (65-220 ms a submission at 100k articles).
            models.Index(MD5("raw"), name="article_raw_md5"),
            # The queue sweep looks for suggestion steps that never finished every minute: a handful of rows.
            models.Index(
                fields=["suggestions_started_at"],
                condition=models.Q(suggestions_status="pending"),
                name="article_suggestions_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        first_line = self.text.strip().split("\n", 1)[0] if self.text else ""
        if len(first_line) <= 90:
            return first_line or f"Article {self.pk}"
        cut = first_line[:90]
        # End on a whole word where the line allows it ("troops will…", not "troops wil…").
        if " " in cut[40:]:
            cut = cut[: cut.rindex(" ")]
        return cut.rstrip(" ,;:") + "…"

    def set_text(self, text: str) -> None:
        self.text = text
        self.content_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()


class Claim(models.Model):
    """A checked statement; appears in one or more articles."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        VERDICT_PROPOSED = "verdict_proposed", "Verdict proposed"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    class Kind(models.TextChoices):
        QUANTITY = "quantity", "Quantity"
        EVENT = "event", "Event"
        STATEMENT = "statement", "Statement"
        OFFICIAL = "official", "Official action"
        LEGAL = "legal", "Legal"
        OTHER = "other", "Other"

    class DismissReason(models.TextChoices):
        NOT_CHECKWORTHY = "not_checkworthy", "Not check-worthy"
        DUPLICATE = "duplicate", "Duplicate"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"

    text = models.TextField()
    # The short, neutral wording a verdict is published under (ClaimReview claimReviewed).
    claim_reviewed = models.CharField(max_length=500, blank=True)
    speaker = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    score = models.FloatField(default=0.0)
    # Normalised numbers and dates found in the text, for matching and filters.
    numbers = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)
    # The article where the claim was first seen (display and queue ordering).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="first_claims")
    article_created_at = models.DateTimeField(default=timezone.now)
    appearance_count = models.PositiveIntegerField(default=1)
    # Normalised text used for exact-match linking across articles.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # The facts the matcher parsed from `text` when the claim was stored (matching.facts.facts_record),
    # so judging it as a candidate of a new claim does not parse it again; None when stored before.
    match_facts = models.JSONField(null=True, blank=True, editable=False)
    # Set when a reviewer merged this claim into another; it keeps its own timeline.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_claims"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    dismiss_reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    # Set when re-extraction could no longer find the claim's span in the article text.
    anchor_lost = models.BooleanField(default=False)
    # Optimistic concurrency: every edit bumps it; a stale edit is refused.
    version = models.PositiveIntegerField(default=1)
    slug = models.SlugField(max_length=120, blank=True, db_index=True)
    # Collaboration (issue 15): newsroom tags, a due date and a priority flag.
    tags = models.ManyToManyField("Tag", blank=True, related_name="claims")
    due_date = models.DateField(null=True, blank=True, db_index=True)
    priority = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Newest article first, each article's claims in document order (ids are assigned in that order).
        ordering = ["-article_created_at", "id"]
        permissions = [("assign_claim", "Can assign claims to others")]
        indexes = [
            models.Index(fields=["-article_created_at", "id"], name="claim_newest"),
            # article_id included: the queue's archived-article filter reads it, and "Highest score
            # first" page 500 at 1M claims read 25k scattered table rows for it (198 ms -> 17 ms of SQL).
            # (a key column, not INCLUDE: SQLite has no non-key index columns).
            models.Index(fields=["-score", "-id", "article"], name="claim_priority"),
            models.Index(fields=["status", "-article_created_at", "id"], name="claim_status_newest"),
            models.Index(fields=["status", "-score", "-id"], name="claim_status_priority"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            # The "status + assignee" and "assignee" views read exactly the rows they show, newest first.
            models.Index(
                fields=["status", "assignee", "-article_created_at", "id"], name="claim_status_assignee_newest"
            ),
            models.Index(fields=["assignee", "-article_created_at", "id"], name="claim_assignee_newest"),
            # PostgreSQL does not treat "assignee IS NULL" as an equality that keeps index order,
            # so a desk's "unassigned" triage view needs a partial index.
            models.Index(
                fields=["status", "-article_created_at", "id"],
                condition=models.Q(assignee__isnull=True),
                name="claim_unassigned_status_newest",
            ),
        ]
        # Set once, at first publication: a public address answers for exactly one claim.
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=~models.Q(slug=""), name="claim_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    @property
    def reviewed_wording(self) -> str:
        return self.claim_reviewed or self.text


class Appearance(models.Model):
    """One place in one article where a claim is made."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    position = models.PositiveIntegerField(default=0)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    speaker = models.CharField(max_length=300, blank=True)
    speaker_kind = models.CharField(max_length=20, blank=True)
    score = models.FloatField(default=0.0)
    kind = models.CharField(max_length=12, choices=Claim.Kind.choices, default=Claim.Kind.OTHER)
    # Set when the span no longer matches the article text after re-extraction.
    anchor_lost = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "position", "start"]
        indexes = [models.Index(fields=["article", "position"], name="appearance_article_pos")]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.article_id} [{self.start}:{self.end}]"


class Rating(models.Model):
    """One step of the newsroom's rating scale (editable in admin)."""

    label = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    # Numeric value for ClaimReview ratingValue; higher is more true.
    value = models.IntegerField(default=0)
    # Off for ratings that are not a degree of truth (Misleading, Unproven): they are
    # published with alternateName only, never a ratingValue a reader could rank.
    numeric = models.BooleanField(
        default=True, help_text="On the True…False numeric scale (published with a ratingValue)"
    )
    order = models.PositiveIntegerField(default=0)
    colour = models.CharField(max_length=7, default="#777777", help_text="Hex colour, e.g. #c0392b")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Source(models.Model):
    """A piece of evidence stored once and cited on many claims."""

    class Type(models.TextChoices):
        REPORT = "report", "Report"
        LAW = "law", "Law / resolution"
        DATASET = "dataset", "Dataset"
        OFFICIAL = "official", "Official statement"
        NEWS = "news", "News"
        SOCIAL = "social", "Social post"
        OTHER = "other", "Other"

    class FetchStatus(models.TextChoices):
        NONE = "none", "Not fetched"
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        READY = "ready", "Snapshot stored"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000, blank=True, db_index=True)
    file = models.FileField(upload_to="sources/%Y/%m/", blank=True)
    # The uploaded file's original name and content hash: the same file is stored once.
    filename = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    source_type = models.CharField(max_length=10, choices=Type.choices, default=Type.OTHER)
    text_snapshot = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    fetch_status = models.CharField(max_length=10, choices=FetchStatus.choices, default=FetchStatus.NONE)
    fetch_error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Reliability: when the fetch was queued, when its message reached the broker
    # (empty while Redis was unreachable) and when a worker started it; the sweep reads them.
    queued_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    fetch_started_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A source is stored once, even when two people add the same URL or file at the same
        # moment: the database refuses the second row and source_create returns the first.
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="source_unique_url"),
            models.UniqueConstraint(
                fields=["file_sha256"], condition=~models.Q(file_sha256=""), name="source_unique_file_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Source {self.pk}"


class Citation(models.Model):
    """A source cited on a claim, with the excerpt that matters and its stance."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    excerpt = models.TextField(blank=True)
    pinpoint = models.CharField(max_length=200, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class ExcerptCheck(models.TextChoices):
        PENDING = "pending", "Source text not available yet"
        FOUND = "found", "Found in the source"
        NOT_FOUND = "not_found", "Not found in the source"

    # The excerpt searched in the source's text snapshot (claims/pipeline/excerpts.py), again after each fetch.
    excerpt_check = models.CharField(max_length=10, choices=ExcerptCheck.choices, default=ExcerptCheck.PENDING)
    excerpt_location = models.CharField(max_length=200, blank=True)
    excerpt_checked_sha256 = models.CharField(max_length=64, blank=True)
    # An Editor may publish an excerpt the check cannot find (a scan, a paywall), with a reason.
    excerpt_override_reason = models.TextField(blank=True)
    excerpt_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excerpt_override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.source} on claim {self.claim_id}"

    @property
    def excerpt_cleared(self) -> bool:
        """Return True when the excerpt may be published: found in the source, or overridden by an Editor."""
        return self.excerpt_check == self.ExcerptCheck.FOUND or bool(self.excerpt_override_at)


class Verdict(models.Model):
    """A rating with its rationale, proposed by one reviewer and approved by an editor."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposed_verdicts"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_verdicts"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # A change to an already published verdict is a correction, with its reason.
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections")
    correction_reason = models.TextField(blank=True)
    # Optimistic concurrency: editing a proposed verdict bumps it; a stale edit is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("approve_verdict", "Can approve or send back a verdict"),
            ("publish_verdict", "Can publish an approved verdict"),
        ]
        indexes = [
            # My work and the header count read the verdicts waiting for an editor, oldest first.
            models.Index(fields=["proposed_at"], condition=models.Q(status="proposed"), name="verdict_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} on claim {self.claim_id} ({self.status})"


class EventQuerySet(models.QuerySet):
    """Timeline queries: rows are added, never changed or removed in bulk."""

    def update(self, **kwargs):
        raise TypeError("Timeline events are append-only; they cannot be updated")

    def delete(self):
        raise TypeError("Timeline events are append-only; they cannot be deleted")


class Event(models.Model):
    """One append-only timeline entry: who changed what, from what, to what.

    Append-only at three levels: save() of an existing row, QuerySet.update() and
    delete() raise here; the admin is read-only; and on PostgreSQL a trigger
    (migration 0003) refuses any UPDATE that changes
    a row's content. Deleting a claim still removes its events (cascades bypass the
    queryset); deleting an article or a user only clears `article` or `actor`.
    """

    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    # SET_NULL, not CASCADE: a deleted article's entries stay on the timelines of the claims that
    # survive it (an appearance linked, an anchor lost), and its own entries stay in the audit log.
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=500, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="event_claim_time"),
            models.Index(fields=["article", "created_at"], name="event_article_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Timeline events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline events are append-only")


def timeline_cascade_allow(sender, instance, using, **kwargs) -> None:
    """Let PostgreSQL's no-DELETE trigger pass the events of a claim or article being deleted (pre_delete).

    Deleting a claim takes its timeline with it (CASCADE), and so does deleting an article for the
    claims that go with it; nothing else may remove an event (migration 0004). The flag is SET LOCAL:
    it ends with the deleting transaction.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL claimdesk.timeline_cascade = 'on'")


# --- Publishing: immutable published versions (issue 14) ------------------------


class PublishedVersionQuerySet(models.QuerySet):
    """Published versions are never rewritten; only the `current` pointer moves."""

    def update(self, **kwargs):
        if set(kwargs) != {"current"}:
            raise TypeError("A published version is immutable; publish a new version instead")
        return super().update(**kwargs)


class PublishedVersion(models.Model):
    """One publication of a claim's fact check: a frozen snapshot of everything the public sees.

    Version 1 is the first publication; each published correction adds the next
    number with its mandatory note. Public pages, feeds and the API render the
    `content` of the current version only, so the live claim rows are the staff's
    working draft (claims/publication.py builds, compares and publishes snapshots).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="published_versions")
    number = models.PositiveIntegerField()
    current = models.BooleanField(default=True)
    verdict = models.ForeignKey(Verdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    slug = models.SlugField(max_length=120)
    content = models.JSONField()
    note = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="version_unique_number"),
            models.UniqueConstraint(fields=["claim"], condition=models.Q(current=True), name="version_one_current"),
        ]
        indexes = [models.Index(fields=["current", "-published_at", "-id"], name="version_current_newest")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and kwargs.get("update_fields") != ["current"]:
            raise ValueError("A published version is immutable; publish a new version instead")
        super().save(*args, **kwargs)


# --- Publishing and exports: API tokens ---------------------------------------


class ApiToken(models.Model):
    """A per-user key for the read-only JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CMS sync'")
    # The first characters of the key, shown so a user can tell tokens apart.
    prefix = models.CharField(max_length=12)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- Matching: the same claim across articles, known fact-checks ----------------------


class ClaimBand(models.Model):
    """One MinHash band key of a claim's wording: claims sharing a key are match candidates.

    A plain indexed integer (not an array) so lookups are a few B-tree probes on
    PostgreSQL and SQLite alike; see claims/matching/candidates.py.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField()

    class Meta:
        # (key, claim): candidate retrieval counts shared keys per claim from the index alone
        # (an index-only scan) instead of visiting thousands of scattered table rows.
        indexes = [models.Index(fields=["key", "claim"], name="claimband_key_claim")]

    def __str__(self) -> str:
        return f"{self.key:010x} → claim {self.claim_id}"


class ClaimLink(models.Model):
    """Two claims the matcher found similar: suggested, then confirmed (merged) or rejected.

    The pair is stored with `claim` the lower id. A rejection is remembered by the
    fingerprints of both wordings too, so re-extracted claims are not suggested again.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    claim_fingerprint = models.CharField(max_length=64, db_index=True)
    other_fingerprint = models.CharField(max_length=64, db_index=True)
    similarity = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "other"], name="claimlink_unique_pair")]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.similarity:.2f}, {self.status})"

    def partner_of(self, claim: Claim) -> Claim:
        """Return the claim of the pair that is not `claim`."""
        return self.other if claim.pk == self.claim_id else self.claim


class KnownReview(models.Model):
    """A fact-check already published somewhere (imported ClaimReview), matched against new claims."""

    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    claim_reviewed = models.TextField()
    title = models.CharField(max_length=500, blank=True)  # the fact-check's headline ("Did X say Y?")
    claimant = models.CharField(max_length=300, blank=True)
    rating = models.CharField(max_length=200, blank=True)
    rating_value = models.CharField(max_length=20, blank=True)
    date_published = models.DateField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    match_keys = models.JSONField(default=list, blank=True)
    imported_from = models.CharField(max_length=2000, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date_published", "-id"]
        constraints = [models.UniqueConstraint(fields=["url", "fingerprint"], name="knownreview_unique")]

    def __str__(self) -> str:
        return f"{self.publisher or 'Unknown publisher'}: {self.rating} — {self.claim_reviewed[:60]}"


class ReviewImport(models.Model):
    """A ClaimReview feed or page to import from a URL: fetched by the worker, its progress shown to the editor."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    summary = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


# --- Collaboration: comments, follows, notifications, tags, saved searches (issue 15) ---


class Tag(models.Model):
    """A newsroom-wide label for claims: Editors create tags, anyone applies them."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A plain-text note on a claim, shown to the desk only (never public)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # The timeline entry that records the comment; the timeline prints the comment's current text.
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="comment")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on claim {self.claim_id}"


class Follow(models.Model):
    """A user following a claim: notified of its comments and appearances, listed in My work when it changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="follows")
    # When the user last opened the claim: later changes by others make it "changed" in My work.
    seen_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "claim"], name="follow_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.claim_id}"


class NotificationPreference(models.Model):
    """How a user wants notifications by e-mail: each event, a daily digest, or never."""

    class Email(models.TextChoices):
        EACH = "each", "Each event"
        DIGEST = "digest", "Daily digest"
        NEVER = "never", "Never"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.EACH)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class Notification(models.Model):
    """One timeline event brought to one person's attention, with why, and whether it was read and mailed."""

    class Reason(models.TextChoices):
        MENTION = "mention", "mentioned you"
        ASSIGNED = "assigned", "assigned you"
        PROPOSED = "proposed", "verdict waiting for approval"
        VERDICT = "verdict", "your verdict"
        COMMENT = "comment", "new comment"
        APPEARANCE = "appearance", "new appearance"

    class Mail(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DIGEST = "digest", "Waiting for the digest"
        SKIPPED = "skipped", "Not mailed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=8, choices=Mail.choices, default=Mail.PENDING)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event")]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} for {self.recipient_id} (event {self.event_id})"


class SavedSearch(models.Model):
    """A named set of queue filters, private to its owner or shared with the desk."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=80)
    # The queue's query string (filters and sort), as parse_queue_filters reads it.
    query = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """A step the desk checks off on every claim (configured by an Admin); a required one gates proposing."""

    label = models.CharField(max_length=200)
    required = models.BooleanField(default=False, help_text="Must be ticked before a verdict is proposed")
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class ChecklistMark(models.Model):
    """One checklist item ticked on one claim, by whom and when."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="checklist_marks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="marks")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "item"], name="checklistmark_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} on {self.claim_id}"


class WebhookDelivery(models.Model):
    """One timeline event sent (or being sent) to the newsroom's outbound webhook: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="webhook_delivery")
    url = models.URLField(max_length=2000)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"event {self.event_id} → {self.status}"


class ReferenceGeneration(models.Model):
    """The desk's reference generation: a value every change to roles, people, tags or ratings replaces.

    Keys what each web process caches of that data (claims/reference.py); one row, read with a plain cursor.
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"

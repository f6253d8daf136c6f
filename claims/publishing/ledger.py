"""The claim ledger of one article: every claim in order with its verdict, and a bibliography.

One structure (`article_ledger`) feeds three renderings: the printable HTML page
(template `claims/ledger.html`), Markdown (`ledger_markdown`) and PDF (`ledger_pdf`,
WeasyPrint rendering the same HTML). The ledger is an internal document: it shows
drafts too, each labelled with its status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils import timezone

from ..models import Appearance, Article, Citation, Claim, PublishedVersion, Source, Verdict
from . import rating_styles

LEDGER_CSS = ["css/app.css", "css/publishing.css"]


@dataclass
class BibliographyEntry:
    number: int
    source: Source
    # (claim number in the ledger, citation) for every citation of this source.
    citations: list[tuple[int, Citation]] = field(default_factory=list)


@dataclass
class LedgerEntry:
    number: int
    claim: Claim
    appearance: Appearance
    verdict: Verdict | None
    # A proposed or approved correction of the published verdict, not yet public.
    pending_correction: Verdict | None
    references: list[int]
    # What the public sees (the current published version), so live drafts are labelled as such.
    public: PublishedVersion | None = None

    @property
    def speaker(self) -> str:
        return self.appearance.speaker or self.claim.speaker

    @property
    def published_wording(self) -> str:
        return self.public.content["claim_reviewed"] if self.public else ""

    @property
    def draft_wording(self) -> str:
        """Return the live claim-reviewed wording when it is not what was published ("" otherwise)."""
        wording = self.claim.claim_reviewed
        if not wording or wording == self.claim.text or wording == self.published_wording:
            return ""
        return wording


@dataclass
class Ledger:
    article: Article
    entries: list[LedgerEntry]
    bibliography: list[BibliographyEntry]
    generated_at: datetime

    @property
    def counts(self) -> dict[str, int]:
        """Return how many claims are in each status, for the summary line."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            label = entry.claim.get_status_display()
            counts[label] = counts.get(label, 0) + 1
        return counts


def current_verdicts(verdicts: list[Verdict]) -> tuple[Verdict | None, Verdict | None]:
    """Return (the verdict to show, a pending correction) from one claim's verdicts, newest first.

    The published verdict wins; without one, the newest draft that is still alive
    (proposed, sent back or approved).
    """
    published = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    live = [v for v in verdicts if v.status != Verdict.Status.SUPERSEDED]
    if published is None:
        return (live[0] if live else None), None
    pending = next((v for v in live if v.corrects_id == published.pk and v.status != Verdict.Status.PUBLISHED), None)
    return published, pending


def article_ledger(*, article: Article) -> Ledger:
    """Return the ledger of an article in six queries, whatever its number of claims."""
    appearances = list(
        article.appearances.select_related("claim", "claim__assignee").order_by("position", "start", "id")
    )
    first_by_claim: dict[int, Appearance] = {}
    for appearance in appearances:
        first_by_claim.setdefault(appearance.claim_id, appearance)
    claim_ids = list(first_by_claim)
    verdicts: dict[int, list[Verdict]] = {}
    for verdict in (
        Verdict.objects.filter(claim_id__in=claim_ids)
        .select_related("rating", "corrects__rating")
        .order_by("-proposed_at", "-id")
    ):
        verdicts.setdefault(verdict.claim_id, []).append(verdict)
    citations: dict[int, list[Citation]] = {}
    cited = Citation.objects.filter(claim_id__in=claim_ids).select_related("source").order_by("created_at", "id")
    for citation in cited:
        citations.setdefault(citation.claim_id, []).append(citation)

    public = {v.claim_id: v for v in PublishedVersion.objects.filter(claim_id__in=claim_ids, current=True)}
    entries: list[LedgerEntry] = []
    bibliography: dict[int, BibliographyEntry] = {}
    for number, (claim_id, appearance) in enumerate(first_by_claim.items(), start=1):
        references = []
        for citation in citations.get(claim_id, []):
            entry = bibliography.get(citation.source_id)
            if entry is None:
                entry = bibliography[citation.source_id] = BibliographyEntry(len(bibliography) + 1, citation.source)
            entry.citations.append((number, citation))
            if entry.number not in references:
                references.append(entry.number)
        verdict, pending = current_verdicts(verdicts.get(claim_id, []))
        entries.append(
            LedgerEntry(
                number=number,
                claim=appearance.claim,
                appearance=appearance,
                verdict=verdict,
                pending_correction=pending,
                references=references,
                public=public.get(claim_id),
            )
        )
    return Ledger(
        article=article, entries=entries, bibliography=list(bibliography.values()), generated_at=timezone.now()
    )


MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """Return text with Markdown syntax characters escaped and newlines folded."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join((text or "").split()))


def md_url(url: str) -> str:
    """Return a URL safe inside a Markdown <autolink>."""
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def ledger_markdown(ledger: Ledger) -> str:
    """Return the ledger as a Markdown document."""
    article = ledger.article
    lines = [f"# Claim ledger: {md(article.display_title)}", ""]
    facts = [
        ("Outlet", md(article.outlet)),
        ("Author", md(article.author)),
        ("Published", article.published.isoformat() if article.published else ""),
        ("URL", f"<{md_url(article.url)}>" if article.url else ""),
        ("Generated", timezone.localtime(ledger.generated_at).strftime("%Y-%m-%d %H:%M %Z")),
    ]
    lines += [f"- **{name}:** {value}" for name, value in facts if value]
    lines += [
        "",
        f"{len(ledger.entries)} claims: "
        + ", ".join(f"{count} {label.lower()}" for label, count in ledger.counts.items()),
        "",
        "## Claims",
        "",
    ]
    for entry in ledger.entries:
        claim = entry.claim
        lines.append(f"### {entry.number}. {md(claim.text)}")
        lines.append("")
        lines.append(f"- **Speaker:** {md(entry.speaker) or 'the article’s own voice'}")
        if entry.public:
            lines.append(
                f"- **Claim reviewed (published, version {entry.public.number}):** {md(entry.published_wording)}"
            )
            if entry.draft_wording:
                lines.append(f"- **Draft wording (not public):** {md(entry.draft_wording)}")
        elif claim.claim_reviewed and claim.claim_reviewed != claim.text:
            lines.append(f"- **Claim reviewed:** {md(claim.claim_reviewed)}")
        lines.append(f"- **Status:** {claim.get_status_display()}")
        if entry.verdict:
            verdict = entry.verdict
            state = "" if verdict.status == Verdict.Status.PUBLISHED else f" ({verdict.get_status_display().lower()})"
            lines.append(f"- **Verdict:** {md(verdict.rating.label)}{state}")
            if verdict.corrects_id:
                lines.append(
                    f"- **Correction:** was {md(verdict.corrects.rating.label)}; {md(verdict.correction_reason)}"
                )
            lines.append(f"- **Rationale:** {md(verdict.rationale)}")
        else:
            lines.append("- **Verdict:** none yet")
        if entry.pending_correction:
            lines.append(
                f"- **Pending correction:** {md(entry.pending_correction.rating.label)} "
                f"({entry.pending_correction.get_status_display().lower()})"
            )
        if entry.references:
            lines.append("- **Sources:** " + ", ".join(f"[{n}]" for n in entry.references))
        lines.append("")
    lines += ["## Sources", ""]
    if not ledger.bibliography:
        lines += ["No sources cited yet.", ""]
    for bib in ledger.bibliography:
        source = bib.source
        parts = [md(str(source))]
        if source.publisher:
            parts.append(md(source.publisher))
        if source.published:
            parts.append(source.published.isoformat())
        if source.url:
            parts.append(f"<{md_url(source.url)}>")
        lines.append(f"{bib.number}. " + ", ".join(parts))
        for claim_number, citation in bib.citations:
            excerpt = f": “{md(citation.excerpt)}”" if citation.excerpt else ""
            pinpoint = f" ({md(citation.pinpoint)})" if citation.pinpoint else ""
            lines.append(f"    - {citation.get_stance_display()} claim {claim_number}{pinpoint}{excerpt}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def ledger_css() -> str:
    """Return the stylesheets the ledger uses, rating colours included, inlined so the PDF renderer fetches nothing."""
    sheets = [Path(finders.find(path)).read_text(encoding="utf-8") for path in LEDGER_CSS]
    return "\n".join([*sheets, rating_styles.rating_stylesheet()])


def ledger_pdf(*, html: str) -> bytes:
    """Return the PDF of a rendered ledger page (which must carry its CSS inline)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URLs: article and source URLs in the page must never be fetched by the renderer.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()

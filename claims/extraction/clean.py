"""Turn pasted text or HTML into clean article text plus metadata."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|head|meta|br|span|h[1-6])\b", re.I)
DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b\s*", re.I)
# Characters that are never article text: C0/C1 controls except tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BOILERPLATE_LINE = re.compile(
    r"^(share|news|tags?:?|related:?|trending:?|conversation|location|languages spoken|"
    r"topics of expertise|submit a correction\W*|truth and accuracy|advertisement|"
    r"sign up.*newsletter.*|subscribe.*|follow us.*|read more.*|comments?)$",
    re.I,
)


@dataclass
class CleanText:
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    site: str | None = None


def looks_like_html(content: str) -> bool:
    """Return True when the content is markup rather than plain text."""
    return bool(HTML_HINT.search(content[:5000]))


def normalise(text: str) -> str:
    """Return text with unified newlines, no control characters and NFC form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_plain(text: str) -> CleanText:
    """Drop empty and boilerplate lines from plain text; read a leading date line."""
    text = normalise(text)
    published = None
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not kept and published is None:
            m = DATE_LINE.match(stripped)
            if m:
                try:
                    published = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    published = None
                stripped = stripped[m.end():].strip()
        if not stripped or BOILERPLATE_LINE.match(stripped) or not re.search(r"\w", stripped):
            continue
        kept.append(stripped)
    return CleanText(text="\n\n".join(kept), published=published)


def clean_html(html: str) -> CleanText:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura

    html = normalise(html)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, favor_precision=True, include_comments=False
    )
    result = extracted.as_dict() if extracted is not None else None
    if not result or not result.get("text"):
        return CleanText(text="")
    body = clean_plain(result["text"])
    published = None
    raw_date = result.get("date")
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return CleanText(
        text=body.text,
        title=result.get("title") or None,
        published=published or body.published,
        author=result.get("author") or None,
        site=result.get("sitename") or result.get("hostname") or None,
    )


def clean(content: str, *, is_html: bool | None = None) -> CleanText:
    """Return the cleaned text of an article given as plain text or HTML."""
    if is_html is None:
        is_html = looks_like_html(content)
    return clean_html(content) if is_html else clean_plain(content)

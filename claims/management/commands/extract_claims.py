"""Run claim extraction on files or URLs without touching the database.

python manage.py extract_claims --json article.txt page.html https://example.org/story
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import Document, extract
from claims.fetching import FetchError, fetch
from claims.matching.similarity import document_matches


def read_input(name: str) -> Document:
    """Return the extraction of one file (.html via trafilatura, else text) or URL."""
    if name.startswith(("http://", "https://")):
        try:
            fetched = fetch(name)
        except FetchError as exc:
            raise CommandError(f"{name}: {exc}") from exc
        return extract(fetched.body, is_html=fetched.content_type != "text/plain")
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    text = path.read_bytes().decode("utf-8", errors="replace")
    return extract(text, is_html=path.suffix.lower() in (".html", ".htm"))


def document_json(source: str, doc: Document) -> dict:
    """Return one document in the format ../shared/eval/score.py reads."""
    return {
        "source": source,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "claims": [
            {
                "text": c.text,
                "speaker": c.speaker,
                "score": c.score,
                "kind": c.kind,
                "start": c.start,
                "end": c.end,
                "speaker_kind": c.speaker_kind,
                "numbers": list(c.numbers),
                "dates": list(c.dates),
                "post_date": c.post_date,
            }
            for c in doc.claims
        ],
    }


class Command(BaseCommand):
    help = "Extract claims from files or URLs (no database)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument("--json", action="store_true", help="print the score.py JSON format")
        parser.add_argument(
            "--suggestions", action="store_true", help="also report pairs the matcher would only suggest to a reviewer"
        )

    def handle(self, *args, **options):
        documents = [(name, read_input(name)) for name in options["inputs"]]
        if options["json"]:
            matches = document_matches(
                [[c.text for c in doc.claims] for _, doc in documents],
                speakers=[[c.speaker for c in doc.claims] for _, doc in documents],
                include_suggestions=options["suggestions"],
            )
            out = {"documents": [document_json(name, doc) for name, doc in documents], "matches": matches}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        for name, doc in documents:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name}: {doc.title or ''} {doc.published or ''}"))
            for c in doc.claims:
                posted = f", {c.post_date}" if c.post_date else ""
                who = f"{c.speaker} [{c.speaker_kind}{posted}]" if c.speaker else "(outlet)"
                self.stdout.write(f"  [{c.score:.2f} {c.kind:9}] {who}: {c.text}")

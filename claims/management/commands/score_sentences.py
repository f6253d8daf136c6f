"""Score sentences for check-worthiness, as extraction scores a sentence nobody is credited with.

python manage.py score_sentences sentences.tsv > scores.tsv

Reads TSV rows ``id<TAB>text`` (a header row is allowed, further columns are ignored) and prints
``id<TAB>score<TAB>label``; label is 1 when extraction would keep the sentence as a claim.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.pipeline import score_sentence

HEADER_IDS = {"id", "sentence_id", "tweet_id", "line_number", "line", "#"}


def read_rows(raw: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the (id, text) rows of a TSV file and a note for each line that was skipped."""
    text = raw.decode("utf-8-sig", errors="replace").replace("\x00", "")
    rows: list[tuple[str, str]] = []
    notes: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            notes.append(f"line {number}: no tab between id and text, skipped")
            continue
        ident, sentence = fields[0].strip(), fields[1].strip()
        if not rows and not notes and ident.lower() in HEADER_IDS:
            continue  # the header row
        if not ident:
            notes.append(f"line {number}: empty id, skipped")
            continue
        rows.append((ident, sentence))
    return rows, notes


class Command(BaseCommand):
    help = "Print id, check-worthiness score and label (1 = kept as a claim) for each sentence of a TSV file."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="TSV: id<TAB>text, a header row allowed")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        rows, notes = read_rows(raw)
        if b"\x00" in raw or "\ufffd" in raw.decode("utf-8", errors="replace"):
            notes.insert(0, "holds NUL bytes or text that is not UTF-8; those characters were dropped or replaced")
        for note in notes:
            self.stderr.write(f"{path}: {note}")
        if not rows:
            raise CommandError(f"{path}: no rows of the form id<TAB>text")
        threshold = settings.CLAIMDESK_CLAIM_THRESHOLD
        for ident, sentence in rows:
            score = score_sentence(sentence) if sentence else 0.0
            self.stdout.write(f"{ident}\t{score:.4f}\t{int(score >= threshold)}")

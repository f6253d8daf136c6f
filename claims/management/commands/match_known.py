"""Rank published fact-checks for each query and print a TREC run, through the app's own matching.

python manage.py match_known --reviews REVIEWS.tsv [--top 5] QUERIES.tsv > run.txt

REVIEWS.tsv: `id<TAB>claim<TAB>title` with a header row; QUERIES.tsv: `id<TAB>text` (header
optional; a text may be a whole post with its "— Name (@handle) Date" trailer). Each line
printed is `query_id Q0 review_id rank score tag` (the score is the reranker's probability).
The reviews are imported as known reviews (known_reviews_store) into a throw-away SQLite
database, and each query is ranked by review_index().rank(), the ranking a claim page's
suggestions come from (claims/matching/rerank.py; a review whose facts conflict is ranked
last, where a claim page leaves it out): nothing touches the app's database.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

csv.field_size_limit(10**7)
SCRATCH_ENV = "CLAIMDESK_MATCH_KNOWN_SCRATCH"


def read_rows(path: str, *, header: bool | None) -> list[list[str]]:
    """Return the rows of a TSV file; header=None drops a first row whose id is not a number."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle, delimiter="\t") if row]
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from exc
    if rows and (header or (header is None and not rows[0][0].strip().isdigit())):
        rows = rows[1:]
    return rows


class Command(BaseCommand):
    help = "Print a TREC run ranking published fact-checks (REVIEWS.tsv) for each query (QUERIES.tsv)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("queries", metavar="QUERIES.tsv")
        parser.add_argument("--reviews", required=True, metavar="REVIEWS.tsv")
        parser.add_argument("--top", type=int, default=5, help="reviews ranked per query (default 5)")
        parser.add_argument("--tag", default="claimdesk", help="run tag (last column)")

    def handle(self, *args, **options):
        if os.environ.get(SCRATCH_ENV) != "1":
            self._run_in_scratch_database(options)
            return
        from claims.matching.known_reviews import ParsedReview, known_reviews_store, review_index

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        reviews = read_rows(options["reviews"], header=True)
        parsed = [
            ParsedReview(claim_reviewed=row[1], title=row[2] if len(row) > 2 else "", url=f"urn:review:{row[0]}")
            for row in reviews
            if len(row) >= 2 and row[1].strip()
        ]
        known_reviews_store(reviews=parsed, source=options["reviews"])
        index = review_index()
        external = {f"urn:review:{row[0]}": row[0] for row in reviews}
        from claims.models import KnownReview

        ids = dict(KnownReview.objects.values_list("pk", "url"))
        imported = time.perf_counter()
        queries = read_rows(options["queries"], header=None)
        out = sys.stdout
        for row in queries:
            if len(row) < 2:
                continue
            for rank, match in enumerate(index.rank(row[1], limit=options["top"]), 1):
                out.write(
                    f"{row[0]}\tQ0\t{external[ids[match.review_id]]}\t{rank}\t{match.probability:.4f}\t{options['tag']}\n"
                )
        done = time.perf_counter()
        self.stderr.write(
            f"match_known: {len(parsed)} reviews imported and indexed in {imported - started:.1f} s, "
            f"{len(queries)} queries ranked in {done - imported:.1f} s"
        )

    def _run_in_scratch_database(self, options) -> None:
        """Run this command again against a throw-away SQLite database, tasks eager."""
        with tempfile.TemporaryDirectory(prefix="match_known-") as scratch:
            env = {**os.environ, SCRATCH_ENV: "1", "DATABASE_URL": f"sqlite:///{Path(scratch) / 'db.sqlite3'}"}
            env.pop("REDIS_URL", None)
            command = [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "match_known",
                options["queries"],
                "--reviews",
                options["reviews"],
                "--top",
                str(options["top"]),
                "--tag",
                options["tag"],
            ]
            done = subprocess.run(command, env=env, check=False)
            if done.returncode:
                raise CommandError(f"match_known failed with status {done.returncode}")

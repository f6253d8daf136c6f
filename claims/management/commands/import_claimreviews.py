"""Import published fact-checks (ClaimReview JSON-LD) as known reviews to match new claims against.

python manage.py import_claimreviews feed.json
python manage.py import_claimreviews https://factchecker.example/feed.json
python manage.py import_claimreviews https://factchecker.example/2024/some-fact-check/
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims.matching.known_reviews import ReviewImportError, known_reviews_import


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD from files, feed URLs or pages that embed it."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")

    def handle(self, *args, **options):
        failed = []
        for source in options["sources"]:
            try:
                result = known_reviews_import(source=source)
            except ReviewImportError as exc:
                self.stderr.write(f"{source}: {exc}")
                failed.append(source)
                continue
            self.stdout.write(f"{source}: {result.summary}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(options['sources'])} sources could not be imported.")

"""Import published fact-checks (ClaimReview JSON-LD) as known reviews to match new claims against.

python manage.py import_claimreviews feed.json
python manage.py import_claimreviews https://factchecker.example/feed.json
python manage.py import_claimreviews https://factchecker.example/2024/some-fact-check/
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims.matching.known_reviews import ReviewImportError, is_url, known_reviews_import, read_file


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD from files, feed URLs or pages that embed it."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")

    def handle(self, *args, **options):
        failed = []
        for source in options["sources"]:
            try:
                # Files are read here, by the operator's command; the service itself never opens one.
                content = None if is_url(source) else read_file(source)
                result = known_reviews_import(source=source, content=content)
            except ReviewImportError as exc:
                self.stderr.write(f"{source}: {exc}")
                failed.append(source)
                continue
            self.stdout.write(f"{source}: {result.summary}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(options['sources'])} sources could not be imported.")

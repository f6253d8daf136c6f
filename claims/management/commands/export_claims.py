"""Export claims for scripts: the queue as CSV, or published reviews as ClaimReview JSON-LD.

    python manage.py export_claims --format csv --status published --output claims.csv
    python manage.py export_claims --format jsonld > reviews.json

Filters are the queue's (see claims/queries.py). CSV streams from a server-side
cursor, so any number of claims exports in flat memory; JSON-LD holds only
published verdicts (a schema.org DataFeed), whatever the filters.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from claims.publishing import claimreview
from claims.publishing import csv as csv_export
from claims.queries import FILTER_NAMES, claim_queue

FILTERS = [*FILTER_NAMES, "sort"]


class Command(BaseCommand):
    help = "Export claims as CSV (the queue, filtered) or published reviews as ClaimReview JSON-LD."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonld"], default="csv")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--user", help="username that 'mine' in --assignee refers to")
        parser.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark")
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")

    def handle(self, *args, **options):
        params = {name: str(options[name]) for name in FILTERS if options[name]}
        user = AnonymousUser()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}")
        elif params.get("assignee") == "mine":
            raise CommandError("--assignee mine needs --user")
        claims, filters = claim_queue(params=params, user=user)
        if filters.errors:
            raise CommandError("; ".join(filters.errors))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                self.export(claims, options, out.write)
        else:
            self.export(claims, options, lambda text: self.stdout.write(text, ending=""))

    def export(self, claims, options, write):
        """Write the export of these claims through write(), a line at a time for CSV."""
        if options["format"] == "csv":
            for line in csv_export.csv_lines(csv_export.claim_rows(claims), bom=not options["no_bom"]):
                write(line)
        else:
            verdicts = claimreview.published_verdicts().filter(claim__in=claims.values("pk"))
            for text in claimreview.data_feed_json(verdicts):
                write(text)

"""Store the matcher's facts of claims stored before they were kept, or parsed by older code."""

from django.core.management.base import BaseCommand

from claims.matching.candidates import claims_refresh_facts


class Command(BaseCommand):
    help = (
        "Parse and store the facts (figures, dates, names, negations) of every claim whose stored record is "
        "missing or stale, so matching new claims does not parse them again. Run after upgrading."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{claims_refresh_facts()} claims' facts stored")

"""Queue search reads a stored tsvector instead of computing one per claim (PostgreSQL only).

The queue's full-text filter walks its newest-first index and, until 50 matches are found,
computed `to_tsvector()` of every claim it passed: a common word's page 20 cost ~80 ms of SQL
at 1M claims, a speaker's surname ~40-60 ms. `claims_claim.search_vector` is the same
expression (claims.queries.SEARCH_CONFIG over text and speaker) stored by PostgreSQL on every
insert and update, with the GIN index moved onto it. It is not a model field: the ORM never
selects or writes it (claims.queries.StoredSearchVector reads it). SQLite (`make run`) has no
full-text search and keeps its substring match.
"""

from django.db import migrations

OLD_INDEX, NEW_INDEX, CONFIG = "claim_fulltext_unaccent_gin", "claim_search_vector_gin", "claimdesk"
EXPRESSION = f"to_tsvector('{CONFIG}'::regconfig, COALESCE(text, '') || ' ' || COALESCE(speaker, ''))"

FORWARDS = [
    f"ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({EXPRESSION})"
    " STORED",
    f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON claims_claim USING gin (search_vector)",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    # Adding a stored column rewrites the table, and a rewritten table has no visibility map:
    # until a vacuum, the queue's index-only scans read the heap (1M claims, "Highest score
    # first" page 500: 12 -> 150 ms of SQL). VACUUM cannot run in a transaction: this
    # migration is not atomic, and each statement above can be run again.
    "VACUUM ANALYZE claims_claim",
]
BACKWARDS = f"""
CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON claims_claim USING gin (({EXPRESSION}));
ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("claims", "0010_perf_queue_and_intake_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]

"""pg_trgm and GIN indexes for claim matching (PostgreSQL only; SQLite compares in Python).

- claims_article.match_keys, claims_knownreview.match_keys: jsonb GIN so
  `match_keys ?| keys` (MinHash band lookup) is a few index probes. (Claims keep their
  band keys in claims_claimband, a B-tree on an integer, which builds far faster at 1M.)
- claims_knownreview.claim_reviewed: pg_trgm GIN for similar published fact-checks.
"""

from django.db import migrations

INDEXES = {
    "article_match_keys_gin": "claims_article USING gin (match_keys jsonb_ops)",
    "knownreview_match_keys_gin": "claims_knownreview USING gin (match_keys jsonb_ops)",
    "knownreview_trgm_gin": "claims_knownreview USING gin (claim_reviewed gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_matching_links_and_known_reviews")]
    operations = [migrations.RunPython(create, drop)]

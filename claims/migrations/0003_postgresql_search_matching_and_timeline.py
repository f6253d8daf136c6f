"""What only PostgreSQL has (SQLite, used by `make run`, does without it).

- The queue's full-text search: a GIN index on the same expression `claims.selectors` searches.
- Claim matching: pg_trgm, and GIN indexes for MinHash band lookups (`match_keys ?| keys`) and for
  similar published fact-checks. Claims keep their band keys in claims_claimband, a B-tree.
- The timeline is append-only: a trigger refuses any UPDATE that changes an event's content. Only
  clearing a foreign key is let through, which is what ON DELETE SET NULL does when a user goes.
"""

from django.db import migrations

FULLTEXT_INDEX = "claim_fulltext_gin"
SEARCH_CONFIG = "english"  # must match claims.selectors.SEARCH_CONFIG

MATCHING_INDEXES = {
    "article_match_keys_gin": "claims_article USING gin (match_keys jsonb_ops)",
    "knownreview_match_keys_gin": "claims_knownreview USING gin (match_keys jsonb_ops)",
    "knownreview_trgm_gin": "claims_knownreview USING gin (claim_reviewed gin_trgm_ops)",
}

EVENT_APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION claims_event_append_only() RETURNS trigger AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id
       OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.summary IS DISTINCT FROM OLD.summary
       OR NEW.before::text IS DISTINCT FROM OLD.before::text
       OR NEW.after::text IS DISTINCT FROM OLD.after::text
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (NEW.claim_id IS DISTINCT FROM OLD.claim_id AND NEW.claim_id IS NOT NULL)
       OR (NEW.article_id IS DISTINCT FROM OLD.article_id AND NEW.article_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'claims_event is append-only: timeline events cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS claims_event_append_only ON claims_event;
CREATE TRIGGER claims_event_append_only BEFORE UPDATE ON claims_event
    FOR EACH ROW EXECUTE FUNCTION claims_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    Claim = apps.get_model("claims", "Claim")
    schema_editor.add_index(Claim, GinIndex(SearchVector("text", "speaker", config=SEARCH_CONFIG), name=FULLTEXT_INDEX))
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in MATCHING_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    schema_editor.execute(EVENT_APPEND_ONLY_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS claims_event_append_only ON claims_event")
    schema_editor.execute("DROP FUNCTION IF EXISTS claims_event_append_only()")
    for name in [FULLTEXT_INDEX, *MATCHING_INDEXES]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles_and_ratings")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Accent-insensitive queue search on PostgreSQL: "Lopez" finds "López" and the other way round.

A text search configuration `claimdesk` is English (stemmed: "ambassadors" finds "ambassador")
with unaccent in front of the stemmer; the queue's GIN index moves to it. SQLite (`make run`)
has neither: it keeps a case-insensitive substring match (see claims.selectors).
"""

from django.db import migrations

OLD_INDEX, OLD_CONFIG = "claim_fulltext_gin", "english"
NEW_INDEX, NEW_CONFIG = "claim_fulltext_unaccent_gin", "claimdesk"  # must match claims.selectors.SEARCH_CONFIG

CREATE_CONFIG = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{NEW_CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {NEW_CONFIG} (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION {NEW_CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END $$;
"""


def fulltext_index(apps, name: str, config: str):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return apps.get_model("claims", "Claim"), GinIndex(SearchVector("text", "speaker", config=config), name=name)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_CONFIG)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.add_index(*fulltext_index(apps, NEW_INDEX, NEW_CONFIG))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NEW_INDEX}")
    schema_editor.add_index(*fulltext_index(apps, OLD_INDEX, OLD_CONFIG))
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {NEW_CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_publication_versions")]

    operations = [migrations.RunPython(forwards, backwards)]

"""Full-text GIN index for the queue search (PostgreSQL only; SQLite searches by substring)."""

from django.db import migrations

INDEX = "claim_fulltext_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from claims.selectors import claim_search_vector

    Claim = apps.get_model("claims", "Claim")
    schema_editor.add_index(Claim, GinIndex(claim_search_vector(), name=INDEX))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles_and_ratings")]
    operations = [migrations.RunPython(create_index, drop_index)]

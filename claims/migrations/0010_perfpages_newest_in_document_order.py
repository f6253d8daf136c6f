"""Sort "newest" lists each article's claims in document order: (-article_created_at, id).

Mixed directions need their own indexes, so the newest-first indexes are rebuilt with id ascending
under the same names (0004's plain-SQL ones too), keeping page 500 an index scan.
"""

from django.conf import settings
from django.db import migrations, models

# 0004's indexes: (new definition, old definition).
PLAIN_SQL_INDEXES = {
    "claim_status_assignee_newest": (
        "(status, assignee_id, article_created_at DESC, id)",
        "(status, assignee_id, article_created_at DESC, id DESC)",
    ),
    "claim_assignee_newest": (
        "(assignee_id, article_created_at DESC, id)",
        "(assignee_id, article_created_at DESC, id DESC)",
    ),
    "claim_unassigned_status_newest": (
        "(status, article_created_at DESC, id) WHERE assignee_id IS NULL",
        "(status, article_created_at DESC, id DESC) WHERE assignee_id IS NULL",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_merge_20261123_1613"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["-article_created_at", "id"],
                "permissions": [("assign_claim", "Can assign claims to others")],
            },
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_newest",
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_status_newest",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-article_created_at", "id"], name="claim_newest"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "-article_created_at", "id"], name="claim_status_newest"),
        ),
    ] + [
        migrations.RunSQL(
            [f"DROP INDEX IF EXISTS {name}", f'CREATE INDEX {name} ON "claims_claim" {columns}'],
            [f"DROP INDEX IF EXISTS {name}", f'CREATE INDEX {name} ON "claims_claim" {old}'],
        )
        for name, (columns, old) in PLAIN_SQL_INDEXES.items()
    ]

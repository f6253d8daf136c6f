"""Indexes for the queue's "status + assignee" and "assignee" views, sorted newest first (issue 8).

`make bench` showed "new and unassigned" (a desk's triage view) walking the newest-first index and
filtering out a third of the rows; with these the queue reads exactly the rows it shows. Plain SQL
like 0003, so the model state (and other branches' Meta.indexes) are untouched.
"""

from django.db import migrations

INDEXES = {
    "claim_status_assignee_newest": "(status, assignee_id, article_created_at DESC, id DESC)",
    "claim_assignee_newest": "(assignee_id, article_created_at DESC, id DESC)",
    # PostgreSQL does not treat "assignee_id IS NULL" as an equality that keeps the index order,
    # so "unassigned" needs a partial index to read its rows newest first without sorting.
    "claim_unassigned_status_newest": "(status, article_created_at DESC, id DESC) WHERE assignee_id IS NULL",
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_claim_fulltext_index")]
    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS {name} ON "claims_claim" {columns}',
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]

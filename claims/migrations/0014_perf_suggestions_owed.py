"""Each article records whether the similar-claim suggestions its extraction owes were stored.

Suggestions are judged after the extraction's transaction commits; a worker that died between
the two left claims that never got suggestions, and nothing ran that step again. The article
now stores (with its claims, in one transaction) the claim ids still owed, and the queue sweep
sends `claims.tasks.suggest_article` for articles whose step has not finished after the stale
period. Constant database defaults ('' = nothing recorded, for the rows already there): adding
them rewrites no table on PostgreSQL 11+, and COPY or INSERT without these columns still works.
The partial index holds only the articles still owed suggestions.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_match_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="suggestions_attempts",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="article",
            name="suggestions_claims",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="suggestions_error",
            field=models.CharField(blank=True, db_default="", default="", max_length=500),
        ),
        migrations.AddField(
            model_name="article",
            name="suggestions_started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="suggestions_status",
            field=models.CharField(
                blank=True,
                choices=[("", "None owed"), ("pending", "Pending"), ("done", "Done"), ("failed", "Failed")],
                db_default="",
                default="",
                max_length=8,
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("suggestions_status", "pending")),
                fields=["suggestions_started_at"],
                name="article_suggestions_pending",
            ),
        ),
    ]

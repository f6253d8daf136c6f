"""Each claim stores the facts the matcher parsed from its wording (claims.matching.facts.facts_record).

Judging a new claim reads ~20 stored candidates, and parsing each one's figures, dates, names
and negations cost more than scoring the pair; at 1M stored claims few of them were still in
facts_of's cache, so a new claim's matching cost grew with the store. A nullable column with
no default: adding it rewrites no table, and claims stored before (NULL) are parsed when read
until `manage.py match_refresh` fills them in.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_perf_reference_generation")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="match_facts",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]

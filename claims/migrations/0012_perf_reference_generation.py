"""The reference generation row: what keys each process's cache of roles, people, tags and ratings."""

from django.db import migrations, models


def row_create(apps, schema_editor):
    apps.get_model("claims", "ReferenceGeneration").objects.get_or_create(name="desk", defaults={"value": 1})


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_perf_search_vector")]

    operations = [
        migrations.CreateModel(
            name="ReferenceGeneration",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(row_create, migrations.RunPython.noop),
    ]

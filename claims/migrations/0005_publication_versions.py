"""Published versions (issue 14): immutable snapshots of what the public sees, excerpt checks,
a rating scale whose ratingValue means something, and slugs unique by constraint.

The data step (before the slug constraint):
- the default rating scale becomes True 5 > Mostly true 4 > Mixed 3 > Mostly false 2 > False 1;
  Misleading and Unproven leave the numeric scale (published with alternateName only).
  Steps a newsroom changed from the old defaults are left as they are;
- slugs are kept only on published claims (extraction no longer sets one) and made unique:
  the claim published first keeps a shared slug, the others get their id appended;
- every published claim gets version 1, a snapshot of its public content as it stands.

Depends on 0003; if the hardening branch's 0004 lands first, point the dependency at it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OLD_DEFAULT_VALUES = {"True": 6, "Mostly true": 5, "Mixed": 4, "Mostly false": 3, "False": 2}
NEW_VALUES = {"True": 5, "Mostly true": 4, "Mixed": 3, "Mostly false": 2, "False": 1}
OFF_SCALE = ("Misleading", "Unproven")


def fix_rating_scale(apps) -> None:
    Rating = apps.get_model("claims", "Rating")
    defaults = dict(Rating.objects.filter(label__in=OLD_DEFAULT_VALUES).values_list("label", "value"))
    if defaults == OLD_DEFAULT_VALUES:
        for label, value in NEW_VALUES.items():
            Rating.objects.filter(label=label).update(value=value)
    Rating.objects.filter(label__in=OFF_SCALE).update(numeric=False)


def unique_slugs(apps) -> list[int]:
    """Keep slugs on published claims only, unique; return the published claims' ids."""
    from django.utils.text import slugify

    Claim = apps.get_model("claims", "Claim")
    Verdict = apps.get_model("claims", "Verdict")
    first = {}
    for claim_id, published_at in Verdict.objects.filter(status="published", published_at__isnull=False).values_list(
        "claim_id", "published_at"
    ):
        first[claim_id] = min(published_at, first.get(claim_id, published_at))
    Claim.objects.exclude(pk__in=first).exclude(slug="").update(slug="")
    taken = set()
    for claim_id in sorted(first, key=lambda pk: (first[pk], pk)):
        claim = Claim.objects.get(pk=claim_id)
        slug = claim.slug or slugify(claim.claim_reviewed or claim.text)[:100].strip("-") or "claim"
        if slug in taken:
            slug = f"{slug[:100]}-{claim.pk}"
        taken.add(slug)
        if slug != claim.slug:
            Claim.objects.filter(pk=claim.pk).update(slug=slug)
    return sorted(first)


def first_versions(claim_ids: list[int]) -> None:
    """Store version 1 of each published claim from its live rows (the models of this release)."""
    if not claim_ids:
        return  # a fresh database: nothing imports the app's current models
    from django.db import connection
    from django.db.models import Prefetch

    from claims.models import Appearance, Article, Claim, PublishedVersion, Verdict
    from claims.publishing import versions as publication
    from claims.publishing.claimreview import first_publication

    def not_yet(model) -> list[str]:
        """The live model's fields whose columns later migrations add (0006: due_date, 0009: archived_at …)."""
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}
        return [f.name for f in model._meta.concrete_fields if f.column not in columns]

    appearances = Appearance.objects.select_related("article").defer(*(f"article__{n}" for n in not_yet(Article)))
    for claim in (
        Claim.objects.filter(pk__in=claim_ids)
        .defer(*not_yet(Claim))
        .prefetch_related(Prefetch("appearances", appearances))
    ):
        verdict = (
            Verdict.objects.filter(claim=claim, status=Verdict.Status.PUBLISHED, published_at__isnull=False)
            .select_related("rating", "corrects")
            .order_by("-published_at", "-id")
            .first()
        )
        content = publication.content_of(
            claim=claim,
            verdict=verdict,
            slug=claim.slug,
            first_published=first_publication(verdict),
            published=verdict.published_at,
        )
        content["number"] = 1
        PublishedVersion.objects.create(
            claim=claim,
            number=1,
            verdict=verdict,
            slug=claim.slug,
            content=content,
            published_by=verdict.reviewed_by,
            published_at=verdict.published_at,
        )


def forwards(apps, schema_editor):
    fix_rating_scale(apps)
    first_versions(unique_slugs(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_hardening_review_imports_unique_sources_event_delete"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("current", models.BooleanField(default=True)),
                ("slug", models.SlugField(max_length=120)),
                ("content", models.JSONField()),
                ("note", models.TextField(blank=True)),
                ("published_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["-published_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_check",
            field=models.CharField(
                choices=[
                    ("pending", "Source text not available yet"),
                    ("found", "Found in the source"),
                    ("not_found", "Not found in the source"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_checked_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_location",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_override_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_override_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="citation",
            name="excerpt_override_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="rating",
            name="numeric",
            field=models.BooleanField(
                default=True, help_text="On the True…False numeric scale (published with a ratingValue)"
            ),
        ),
        migrations.AddField(
            model_name="publishedversion",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="published_versions", to="claims.claim"
            ),
        ),
        migrations.AddField(
            model_name="publishedversion",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="publishedversion",
            name="verdict",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="claims.verdict",
            ),
        ),
        migrations.AddIndex(
            model_name="publishedversion",
            index=models.Index(fields=["current", "-published_at", "-id"], name="version_current_newest"),
        ),
        migrations.AddConstraint(
            model_name="publishedversion",
            constraint=models.UniqueConstraint(fields=("claim", "number"), name="version_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="publishedversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("current", True)), fields=("claim",), name="version_one_current"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug", ""), _negated=True), fields=("slug",), name="claim_unique_slug"
            ),
        ),
    ]

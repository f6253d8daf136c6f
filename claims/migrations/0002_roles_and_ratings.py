"""Create the Reviewer, Editor and Admin groups and the default rating scale."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_SCALE = [
    # label, value, colour, description
    ("True", 6, "#1e8449", "Accurate, with nothing significant missing."),
    ("Mostly true", 5, "#52be80", "Accurate but needs clarification or extra context."),
    ("Mixed", 4, "#d4ac0d", "Partly accurate, partly not."),
    ("Mostly false", 3, "#e67e22", "Contains an element of truth but ignores critical facts."),
    ("False", 2, "#c0392b", "Not accurate."),
    ("Misleading", 1, "#8e44ad", "Accurate facts presented to give a false impression."),
    ("Unproven", 0, "#7f8c8d", "The evidence available neither proves nor disproves it."),
]


def forwards(apps, schema_editor):
    from claims.roles import ADMIN, ROLE_PERMS

    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.filter(content_type__app_label__in=["claims", "auth"]))

    Rating = apps.get_model("claims", "Rating")
    for order, (label, value, colour, description) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            label=label, defaults={"value": value, "colour": colour, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

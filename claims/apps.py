"""The claims app: after every migrate, make sure the role groups and the default rating scale exist."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from .roles import roles_ensure

        # After auth's own post_migrate handler has created the permissions.
        post_migrate.connect(roles_ensure, sender=self, dispatch_uid="claims.roles_ensure")

"""The claims app: after every migrate, make sure the role groups and the default rating scale exist.

Also connects what moves the reference generation (claims/reference.py) to the models it caches.
"""

from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        from . import reference
        from .models import Article, ChecklistItem, Claim, Rating, SavedSearch, Tag, timeline_cascade_allow
        from .roles import roles_ensure

        # After auth's own post_migrate handler has created the permissions.
        post_migrate.connect(roles_ensure, sender=self, dispatch_uid="claims.roles_ensure")
        for model in (Claim, Article):
            pre_delete.connect(
                timeline_cascade_allow, sender=model, dispatch_uid=f"claims.timeline_cascade.{model.__name__}"
            )
        user = get_user_model()
        post_save.connect(reference.user_saved, sender=user, dispatch_uid="claims.reference.user")
        post_delete.connect(reference.reference_changed, sender=user, dispatch_uid="claims.reference.user_delete")
        for model in (Group, Permission, Tag, Rating, ChecklistItem, SavedSearch):
            for signal in (post_save, post_delete):
                signal.connect(
                    reference.reference_changed, sender=model, dispatch_uid=f"claims.reference.{model.__name__}"
                )
        for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(
                reference.memberships_changed, sender=through, dispatch_uid=f"claims.reference.{through.__name__}"
            )
        post_migrate.connect(reference.migrated, sender=self, dispatch_uid="claims.reference.migrate")
        request_started.connect(reference.request_started, dispatch_uid="claims.reference.request_started")
        request_finished.connect(reference.request_finished, dispatch_uid="claims.reference.request_finished")

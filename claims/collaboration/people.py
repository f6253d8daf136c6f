"""Who is on the desk: the users who may view claims, and those who may approve verdicts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet


def _with_perm(codename: str) -> Q:
    return (
        Q(is_superuser=True)
        | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="claims")
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label="claims")
    )


def desk_users() -> QuerySet:
    """Return the active users who may view claims (the only ones told about them)."""
    User = get_user_model()
    return User.objects.filter(pk__in=User.objects.filter(_with_perm("view_claim"), is_active=True).values("pk"))


def approvers() -> QuerySet:
    """Return the active users who may approve verdicts (Editors, Admins)."""
    User = get_user_model()
    return User.objects.filter(
        pk__in=User.objects.filter(_with_perm("approve_verdict"), is_active=True).values("pk")
    ).filter(pk__in=desk_users().values("pk"))

"""The newsroom's roles and what each may do.

Reviewer: work claims, add evidence, propose verdicts.
Editor: also assign, approve, publish, manage sources and articles.
Admin: everything, including the rating scale and users (Django admin).
"""

import importlib
from typing import NamedTuple

from . import reference

REVIEWER = "Reviewer"
EDITOR = "Editor"
ADMIN = "Admin"

# Codenames of claims-app permissions given to each group.
REVIEWER_PERMS = [
    "view_article",
    "add_article",
    "view_claim",
    "change_claim",
    "view_appearance",
    "view_source",
    "add_source",
    "view_citation",
    "add_citation",
    "view_verdict",
    "add_verdict",
    "view_rating",
    "view_event",
]
EDITOR_PERMS = REVIEWER_PERMS + [
    "change_article",
    "delete_article",
    "change_source",
    "delete_source",
    "change_citation",
    "delete_citation",
    "change_verdict",
    "assign_claim",
    "approve_verdict",
    "publish_verdict",
]
ROLE_PERMS = {REVIEWER: REVIEWER_PERMS, EDITOR: EDITOR_PERMS}


class Person(NamedTuple):
    """Someone a claim can be assigned to."""

    pk: int
    username: str


def _groups(user) -> frozenset[str]:
    """Return the names of a signed-in user's groups (cached per reference generation)."""
    if not user.is_authenticated:
        return frozenset()
    return reference.cached(f"groups:{user.pk}", lambda: frozenset(user.groups.values_list("name", flat=True)))


def has_role(user) -> bool:
    """Return True for users in a role (Reviewer, Editor, Admin) or superusers; the rest see only public pages."""
    return user.is_superuser or not _groups(user).isdisjoint((REVIEWER, EDITOR, ADMIN))


def is_editor(user) -> bool:
    """Return True for users who may assign, approve and publish."""
    return user.is_superuser or not _groups(user).isdisjoint((EDITOR, ADMIN))


def assignable_users():
    """Return the active users in a newsroom role, by user name (who a claim can be assigned to)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[REVIEWER, EDITOR, ADMIN])
        .distinct()
        .order_by("username")
    )


def assignable_people() -> tuple[Person, ...]:
    """Return assignable_users() as (pk, username) pairs, cached per reference generation."""
    return reference.cached(
        "people", lambda: tuple(Person(*row) for row in assignable_users().values_list("pk", "username"))
    )


def roles_ensure(**kwargs) -> None:
    """Create the role groups with their permissions, and the default rating scale if there is none.

    Connected to post_migrate, so the roles exist after every `migrate` and after a
    test flush (transactional tests empty the database). Only adds: permissions an
    administrator granted by hand, and an edited rating scale, are left alone.
    """
    from django.contrib.auth.models import Group, Permission

    from .models import Rating

    for name, codenames in ROLE_PERMS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=["claims", "auth"]))
    if not Rating.objects.exists():
        scale = importlib.import_module("claims.migrations.0002_roles_and_ratings").DEFAULT_SCALE
        for order, (label, value, colour, description) in enumerate(scale):
            Rating.objects.create(label=label, value=value, colour=colour, description=description, order=order)

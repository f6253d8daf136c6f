"""What nearly every desk page reads and almost never changes, cached per process behind one shared value.

A logged-in page asked the database for the viewer's permissions (two queries) and groups (one),
then for the tags, the active ratings, the people claims can be assigned to and the checklist:
each about a millisecond of ORM work, on pages whose whole SQL is a few milliseconds. `cached()`
keeps each in the process's cache under the desk's reference generation: one row
(`ReferenceGeneration`) read with a plain cursor, once per request.

Saved searches (the queue lists the viewer's own and the shared ones) are cached the same way.

Every save or delete of a user, group, permission, tag, rating, checklist item or saved search, and every change
of who is in which group or holds which permission, writes a new random generation in the same
transaction (model signals, connected in claims/apps.py). So every web process sees a change as
soon as it commits, and a rolled-back change brings the old generation back, its key never used
again (a counter would be reused after a rollback, with the rolled-back data cached under it).
Logging in (which saves only `last_login`) does not move it. Writes that send no model signal
(`QuerySet.update()`, `bulk_create`, raw SQL) must call `reference_changed()`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from asgiref.local import Local
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import connection, connections

ROW = "desk"
TABLE = "claims_referencegeneration"
MISSING = object()
T = TypeVar("T")
# The current request's generation and what it found (asgiref's Local: per thread, and per task under ASGI).
_request = Local()


def generation() -> int:
    """Return the desk's reference generation (0 before the row exists)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE name = %s", [ROW])  # noqa: S608 - constant table name
        row = cursor.fetchone()
    return row[0] if row else 0


def reference_changed(using="default", **kwargs) -> None:
    """Give the desk's reference data a new generation (a model signal receiver, or called directly)."""
    value = secrets.randbits(62)
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET value = %s WHERE name = %s", [value, ROW])  # noqa: S608
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {TABLE} (name, value) VALUES (%s, %s)", [ROW, value])  # noqa: S608


def migrated(using="default", **kwargs) -> None:
    """Move the generation after a migrate (migrations change ratings with QuerySet.update(), no signal)."""
    if TABLE in connections[using].introspection.table_names():
        reference_changed(using=using)


def user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """Move the generation when a user changes, except for the last-login stamp every login writes."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    reference_changed(using=kwargs.get("using", "default"))


def memberships_changed(sender, instance, action, **kwargs) -> None:
    """Move the generation when group memberships or granted permissions change (m2m_changed)."""
    if action.startswith("post_"):
        reference_changed(using=kwargs.get("using", "default"))


def request_started(**kwargs) -> None:
    """Start the request's memo: the generation is read once per request (a request_started receiver)."""
    _request.memo = {}


def request_finished(**kwargs) -> None:
    """Drop the request's memo (a request_finished receiver)."""
    _request.memo = None


def cached(name: str, load: Callable[[], T]) -> T:
    """Return load()'s value, cached per process under the reference generation.

    Within a request the generation is read once and what was found is kept; outside one (a
    task, a shell) each call reads the generation. A name that depends on a user must hold their pk.
    """
    memo = getattr(_request, "memo", None)
    if memo is not None and name in memo:
        return memo[name]
    if memo is not None and "" in memo:
        current = memo[""]
    else:
        current = generation()
        if memo is not None:
            memo[""] = current
    key = f"reference:{current}:{name}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = load()
        cache.set(key, value, None)
    if memo is not None:
        memo[name] = value
    return value


def tags() -> tuple:
    """Return every tag, by name."""
    from .models import Tag

    return cached("tags", lambda: tuple(Tag.objects.all()))


def active_ratings() -> tuple:
    """Return the rating scale's active steps, in order."""
    from .models import Rating

    return cached("ratings", lambda: tuple(Rating.objects.filter(active=True)))


def checklist_items() -> tuple:
    """Return the checklist's active items, in order."""
    from .models import ChecklistItem

    return cached("checklist", lambda: tuple(ChecklistItem.objects.filter(active=True)))


class CachedPermissionsBackend(ModelBackend):
    """Django's model backend, with a user's permissions cached per reference generation instead of two queries."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            load = super().get_all_permissions
            user_obj._perm_cache = set(cached(f"permissions:{user_obj.pk}", lambda: frozenset(load(user_obj))))
        return user_obj._perm_cache

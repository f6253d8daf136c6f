"""The header's "My work" and "Notifications" counts, computed only when a page prints them."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def header_counts(request) -> dict:
    """Add `collab_counts` (unread, work) for signed-in desk users; one query on first use, cached per user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def load() -> dict:
        from .my_work import header_counts_cached as counts

        if not user.has_perm("claims.view_claim"):
            return {"unread": 0, "work": 0}
        return counts(user)

    return {"collab_counts": SimpleLazyObject(load)}

"""Saved searches: named queue filters, private or shared with the desk, listed on the queue with live counts."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from .. import reference
from ..models import Claim, SavedSearch
from ..queries import claim_queue, parse_queue_filters
from ..review import workflow

MAX_LISTED = 20
COUNTS_TTL = 30


class SavedSearchError(ValueError):
    """A saved search refused, with a message the user can act on."""


def clean_query(raw: str) -> str:
    """Return only the queue's own parameters of a query string (no page), re-encoded."""
    return urlencode(parse_queue_filters(QueryDict(raw[:2000])).as_query())


def _name(name: str) -> str:
    name = " ".join(name.split())[:80]
    if not name:
        raise SavedSearchError("Give the search a name.")
    return name


def saved_search_create(*, owner, name: str, query: str, shared: bool) -> SavedSearch:
    """Save the current queue filters under a name, for the owner alone or for the whole desk."""
    if not owner.has_perm("claims.view_claim"):
        raise PermissionDenied("You may not search the queue.")
    return SavedSearch.objects.create(owner=owner, name=_name(name), query=clean_query(query), shared=shared)


def _own(search: SavedSearch, actor) -> None:
    if search.owner_id != actor.pk:
        raise PermissionDenied("Only the person who saved a search may rename or delete it.")


def saved_search_rename(*, search: SavedSearch, actor, name: str) -> SavedSearch:
    """Rename your saved search."""
    _own(search, actor)
    search.name = _name(name)
    search.save(update_fields=["name"])
    return search


def saved_search_delete(*, search: SavedSearch, actor) -> None:
    """Delete your saved search."""
    _own(search, actor)
    search.delete()


def visible_searches(user) -> QuerySet[SavedSearch]:
    """Return the user's own saved searches and those shared with the desk."""
    return SavedSearch.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


def searches_with_counts(user) -> list[SavedSearch]:
    """Return the listed saved searches, each with `.count` of matching claims (one query, cached briefly).

    The list itself is cached per reference generation, which every saved search's save or delete moves.
    """
    searches = reference.cached(
        f"saved-searches:{user.pk}", lambda: list(visible_searches(user).order_by("-shared", "name", "id")[:MAX_LISTED])
    )
    if not searches:
        return []
    key_raw = "|".join(f"{s.pk}:{s.query}" for s in searches)
    mine = any("assignee=mine" in s.query for s in searches)
    key = (
        "saved-counts:"
        + hashlib.sha1(f"{key_raw}|{user.pk if mine else ''}|{workflow.counts_generation()}".encode()).hexdigest()
    )
    counts = cache.get(key)
    if counts is None:
        aggregates = {
            f"s{s.pk}": Count("pk", filter=Q(pk__in=claim_queue(params=QueryDict(s.query), user=user)[0].values("pk")))
            for s in searches
        }
        counts = Claim.objects.aggregate(**aggregates)
        cache.set(key, counts, COUNTS_TTL)
    for search in searches:
        search.count = counts.get(f"s{search.pk}", 0)
    return searches

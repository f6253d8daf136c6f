"""Newsroom tags on claims: Editors create them, anyone on the desk applies them (one claim or in bulk)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.utils.text import slugify

from ..events import event_record
from ..models import Claim, Tag
from ..roles import is_editor


class TagError(ValueError):
    """A tag request refused, with a message the user can act on."""


def tag_create(*, name: str, actor) -> Tag:
    """Create a newsroom-wide tag (Editors and Admins only)."""
    if not is_editor(actor):
        raise PermissionDenied("Only editors create tags.")
    # No commas: exports list a claim's tags comma-separated.
    name = " ".join(name.replace(",", " ").split())[:60]
    slug = slugify(name)[:60]
    if not slug:
        raise TagError("Give the tag a name with at least one letter or digit.")
    if Tag.objects.filter(slug=slug).exists() or Tag.objects.filter(name__iexact=name).exists():
        raise TagError(f"There is already a tag “{name}”.")
    return Tag.objects.create(name=name, slug=slug, created_by=actor)


def claim_set_tags(*, claim: Claim, tags, actor, add_only: bool = False) -> bool:
    """Set (or, with add_only, add) the tags of a claim; return True when something changed."""
    if not actor.has_perm("claims.change_claim"):
        raise PermissionDenied("You may not change claims.")
    with transaction.atomic():
        before = set(claim.tags.all())
        after = before | set(tags) if add_only else set(tags)
        if after == before:
            return False
        claim.tags.set(after)
        names = sorted(tag.name for tag in after)
        event_record(
            action="tags_changed",
            actor=actor,
            claim=claim,
            summary=f"Tags: {', '.join(names) or 'none'}",
            before={"tags": ", ".join(sorted(tag.name for tag in before))},
            after={"tags": ", ".join(names)},
        )
    return True


def claims_tag_bulk(*, claim_ids: list[int], tag: Tag, actor) -> int:
    """Add one tag to many claims; return how many gained it."""
    done = 0
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        done += claim_set_tags(claim=claim, tags=[tag], actor=actor, add_only=True)
    return done


class TagNames(Subquery):
    """A claim's tag names, sorted and comma-separated, as one scalar subquery (CSV column, API field)."""

    output_field = CharField()
    template = "(SELECT STRING_AGG(_tags.name, ', ' ORDER BY _tags.name) FROM (%(subquery)s) _tags)"

    def __init__(self):
        super().__init__(Tag.objects.filter(claims=OuterRef("pk")).order_by().values("name"))

    def as_sqlite(self, compiler, connection, **extra):
        template = "(SELECT GROUP_CONCAT(_tags.name, ', ') FROM (%(subquery)s ORDER BY 1) _tags)"
        return self.as_sql(compiler, connection, template=template, **extra)


def tag_list(names: str | None) -> list[str]:
    """Return the tag names of a TagNames value as a list."""
    return [name for name in (names or "").split(", ") if name]

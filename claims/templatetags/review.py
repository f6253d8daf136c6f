"""Template helpers for the review workflow screens."""

from __future__ import annotations

from django import template

register = template.Library()


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    return str(value)


@register.filter
def changes(event) -> list[tuple[str, str, str]]:
    """Return an event's changes as (field, before, after) rows for the timeline."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, _show(before.get(key)), _show(after.get(key))) for key in keys]

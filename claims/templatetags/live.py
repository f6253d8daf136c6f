"""Template helpers for pages that refresh themselves while a job runs."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def seconds_since(when: datetime | None) -> int:
    """Return whole seconds from when until now (0 for no time or a time in the future)."""
    if when is None:
        return 0
    return max(0, int((timezone.now() - when).total_seconds()))


@register.filter
def elapsed(seconds: int) -> str:
    """Return a running time the way a stopwatch shows it: "8 s", "1 min 05 s", "12 min"."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s" if minutes < 10 else f"{minutes} min"

"""Text as pages show it, worked out in Python for rows that repeat many times on a page.

A filter in a `{% for %}` loop runs once per row through the template engine; for the queue
(50 rows) and the claim timeline (dozens of entries) doing the same work here once per value
keeps rendering close to the cost of the SQL.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator


def truncate(text: str, length: int) -> str:
    """Return text cut like the truncatechars filter, skipping its work when the text already fits."""
    return text if len(text) <= length else Truncator(text).chars(length)


def local_date(value: datetime | None, fmt: str) -> str:
    """Return a datetime formatted like the date filter does (in the current time zone)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    # What the filter ends in: a literal format string is not looked up among the locale's formats.
    return dateformat.format(value, fmt)


def url_format(name: str, *leading) -> str:
    """Return a URL pattern's path as a format string with one slot for the last argument.

    One reverse() per page instead of one or more per row: a 50-row queue called reverse() 200 times.
    """
    marker = 987654321
    return reverse(name, args=[*leading, marker]).replace(str(marker), "{}")

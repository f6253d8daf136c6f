"""Template helpers for public and printed output: safe JSON-LD and rating colours."""

from __future__ import annotations

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# The same escapes as Django's json_script: nothing in the data can close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """Return a <script type="application/ld+json"> element holding value, escaped like json_script."""
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def safe_colour(value: str, default: str = "#777777") -> str:
    """Return value if it is a hex colour (admins edit it), else a neutral grey."""
    return value if isinstance(value, str) and HEX_COLOUR.match(value) else default


@register.filter
def ink_on(colour: str) -> str:
    """Return black or white, whichever reads better on a hex background colour."""
    colour = safe_colour(colour)
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return "#1d2330" if (0.299 * r + 0.587 * g + 0.114 * b) > 160 else "#ffffff"

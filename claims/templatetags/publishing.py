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


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a hex colour."""
    digits = safe_colour(colour)[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


DARK_INK, LIGHT_INK = "#1d2330", "#ffffff"


@register.filter
def ink_on(colour: str) -> str:
    """Return dark or white ink, whichever has the higher WCAG contrast on a hex background colour."""
    background = relative_luminance(colour)
    on_dark_ink = (background + 0.05) / (relative_luminance(DARK_INK) + 0.05)
    on_white = 1.05 / (background + 0.05)
    return DARK_INK if on_dark_ink > on_white else LIGHT_INK

"""Template helpers for public and printed output: safe JSON-LD and rating colour classes."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..publishing import rating_styles

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """Return a <script type="application/ld+json"> element holding value, escaped like json_script."""
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def rating_colour(colour) -> str:
    """Return the class painting an element in a rating's colour (rules in /checks/ratings.css)."""
    return rating_styles.colour_class(colour)

"""Rating colours as a stylesheet, so no page needs an inline style attribute (a strict CSP forbids them).

Admins pick each rating's colour; published versions keep the colour they were
published with. Every such colour gets one class, named after the colour itself
(`rating-c0392b`), that sets the custom properties `--rating` (background or
border) and `--rating-ink` (text on it); app.css and publishing.css use them. The
stylesheet is served at `/checks/ratings.css` (`claims.views.public.rating_styles`)
and inlined into the ledger PDF.
"""

from __future__ import annotations

import hashlib
import re

from ..models import PublishedVersion, Rating

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_COLOUR = "#777777"
DARK_INK, LIGHT_INK = "#1d2330", "#ffffff"


def safe_colour(value, default: str = DEFAULT_COLOUR) -> str:
    """Return value as a six-digit lower-case hex colour if it is one (admins edit it), else a neutral grey."""
    if not (isinstance(value, str) and HEX_COLOUR.match(value)):
        value = default
    digits = value[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def colour_class(value) -> str:
    """Return the class that paints an element in a rating colour (`rating-c0392b`)."""
    return "rating-" + safe_colour(value)[1:]


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a hex colour."""
    digits = safe_colour(colour)[1:]
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colour: str) -> str:
    """Return dark or white ink, whichever has the higher WCAG contrast on a hex background colour."""
    background = relative_luminance(colour)
    on_dark_ink = (background + 0.05) / (relative_luminance(DARK_INK) + 0.05)
    on_white = 1.05 / (background + 0.05)
    return DARK_INK if on_dark_ink > on_white else LIGHT_INK


def rating_colours() -> list[str]:
    """Return every colour a page may show a rating in: today's scale and every published version's."""
    current = Rating.objects.values_list("colour", flat=True)
    published = PublishedVersion.objects.values_list("content__rating__colour", flat=True).distinct()
    return sorted({safe_colour(colour) for colour in [*current, *published, DEFAULT_COLOUR]})


def rating_stylesheet() -> str:
    """Return the CSS that gives each rating colour's class its background and ink."""
    return "".join(
        f".{colour_class(colour)} {{ --rating: {colour}; --rating-ink: {ink_on(colour)}; }}\n"
        for colour in rating_colours()
    )


def stylesheet_etag(css: str) -> str:
    """Return a strong ETag for a rendered stylesheet (it changes when any colour does)."""
    return '"' + hashlib.sha256(css.encode()).hexdigest()[:20] + '"'

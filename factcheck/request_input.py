"""Request input before any view sees it: control characters refused, invisible-only form values emptied.

PostgreSQL cannot store or compare text holding NUL, so `?q=%00` used to reach a
search filter and fail with a 500 (or cut a CSV stream mid-way). No search term, filter
value or `next` address needs a control character, so such a query string is answered
with a 400 and a message. Form fields are checked by their forms (Django's CharField
refuses NUL; the article form explains it in place), file and JSON imports by their readers.

A form value made only of zero-width characters and whitespace looks empty to a person
but not to `str.strip()`; it is submitted as empty, so a required field says so and nothing
invisible is stored. Zero-width characters inside real text (emoji sequences, Persian) stay.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MESSAGE = "The address contains control characters (such as NUL bytes); remove them and try again."
# Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
INVISIBLE_ONLY = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def has_control_characters(request: HttpRequest) -> bool:
    """Return whether the path or any query-string name or value holds a control character."""
    if CONTROL.search(request.path):
        return True
    return any(CONTROL.search(name) or any(CONTROL.search(v) for v in values) for name, values in request.GET.lists())


class RefuseControlCharactersMiddleware:
    """Answer 400 (JSON under /api/, else the 400 page with a message) to a query string with control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": MESSAGE}, status=400)
            return render(request, "400.html", {"message": MESSAGE}, status=400)
        return self.get_response(request)


class EmptyInvisibleFormValuesMiddleware:
    """Submit form values that hold only zero-width characters and whitespace as empty strings."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and any(_invisible(v) for _, values in request.POST.lists() for v in values):
            cleaned = request.POST.copy()
            for name, values in list(cleaned.lists()):
                if "password" not in name:
                    cleaned.setlist(name, ["" if _invisible(v) else v for v in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)


def _invisible(value: str) -> bool:
    """Return whether value holds zero-width characters, perhaps whitespace, and nothing else."""
    # str.strip() removes the whitespace but not the zero-width characters (not Unicode spaces).
    return INVISIBLE_ONLY.fullmatch(value) is not None and value.strip() != ""

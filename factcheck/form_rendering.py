"""How forms print their fields: Django's widget templates through Jinja2, anything else through Django's engine.

The claim page prints about 40 widgets (the evidence, status, wording, verdict, tags and due
forms); through the Django template engine each widget is an `input.html` including
`attrs.html`, and they were ~9 ms of the page's ~60 ms of CPU. Django ships the same widget
templates for Jinja2 (`django/forms/jinja2/`), which print the same HTML (blank lines between
`<option>`s aside) in a fraction of the time. Values are escaped by Django's `escape` as the
Django templates do (Jinja2's own prints `'` as `&#39;` where Django prints `&#x27;`). The admin's
widgets exist only as Django templates, so a name Jinja2 does not find is rendered by the Django
engine as before.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.utils.html import conditional_escape
from markupsafe import Markup


def escape_like_django(value) -> Markup:
    """Return a printed value escaped exactly as Django's templates escape it (marked safe for Jinja2)."""
    return Markup(conditional_escape(value))  # noqa: S704 - conditional_escape has escaped it


class WidgetRenderer(BaseRenderer):
    """Render form templates with Jinja2 when Django ships them for it, else with the Django engine."""

    def __init__(self) -> None:
        self.jinja2 = Jinja2(
            {
                "APP_DIRS": True,
                "DIRS": [Path(django.forms.__file__).parent / "jinja2"],
                "NAME": "djangoforms",
                "OPTIONS": {"finalize": escape_like_django},
            }
        )
        self.django = DjangoTemplates()

    def get_template(self, template_name: str):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

"""How forms print their fields: Django's widget templates through Jinja2, anything else through Django's engine.

The claim page prints about 40 widgets (the evidence, status, wording, verdict, tags and due
forms); through the Django template engine each widget is an `input.html` including
`attrs.html`, and they were ~9 ms of the page's ~60 ms of CPU. Django ships the same widget
templates for Jinja2 (`django/forms/jinja2/`), which print the same HTML (blank lines between
`<option>`s aside) in a fraction of the time. The admin's widgets exist only as Django
templates, so a name Jinja2 does not find is rendered by the Django engine as before.
"""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    """Render form templates with Jinja2 when Django ships them for it, else with the Django engine."""

    def __init__(self) -> None:
        self.jinja2, self.django = Jinja2(), DjangoTemplates()

    def get_template(self, template_name: str):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

"""The form of the API tokens page."""

from django import forms


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="What is this token for?", help_text="For example “CMS sync” or “Partner feed”."
    )

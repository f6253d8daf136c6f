"""Forms of the collaboration screens; labels are what people read and what browser tests click."""

from __future__ import annotations

from django import forms

from ..models import NotificationPreference, Tag
from .comments import MAX_CHARS


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Type @ and a name to mention a colleague"}),
        error_messages={"required": "Write something before posting."},
    )


class DueForm(forms.Form):
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.BooleanField(label="Priority", required=False)


class TagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label="Tags", queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class TagCreateForm(forms.Form):
    name = forms.CharField(label="New tag", max_length=60)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, error_messages={"required": "Give the search a name."})
    shared = forms.BooleanField(label="Share with the desk", required=False)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=80)


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label="E-mail me", choices=NotificationPreference.Email.choices, widget=forms.RadioSelect)

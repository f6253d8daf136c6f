"""Forms of the evidence library: a new source (URL or file) with its description, a citation, a source edit."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from ..fetching import FetchError, check_host, check_url
from ..models import Citation, Source
from .library import EvidenceError, Upload, upload_check


def _source_url(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        url = check_url(value)
        parts = urlsplit(url)
        # A literal IP can be refused now; host names are resolved and checked by the fetcher.
        try:
            ipaddress.ip_address(parts.hostname)
        except ValueError:
            return url
        check_host(parts.hostname, parts.port or 80)
        return url
    except FetchError as exc:
        raise forms.ValidationError(str(exc)) from exc


class SourceFieldsForm(forms.Form):
    """What describes a new source: its URL or file, and its metadata."""

    url = forms.CharField(
        label="Source URL", required=False, max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://…"})
    )
    file = forms.FileField(label="Source file", required=False, help_text="PDF, HTML or text file")
    title = forms.CharField(label="Title", required=False, max_length=500)
    publisher = forms.CharField(label="Publisher", required=False, max_length=300)
    published = forms.DateField(label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source_type = forms.ChoiceField(label="Type", choices=Source.Type.choices, initial=Source.Type.OTHER)

    def clean_url(self) -> str:
        return _source_url(self.cleaned_data["url"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        content = upload.read()
        try:
            upload_check(name=upload.name, content=content)
        except EvidenceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return Upload(name=upload.name, content=content)

    def require_one_origin(self, data, *, allow_none: bool = False) -> None:
        given = bool(data.get("url")) + bool(data.get("file"))
        if given > 1:
            raise forms.ValidationError("Give either the source's URL or a file, not both.")
        if given == 0 and not allow_none:
            raise forms.ValidationError("Give the source's URL or upload a file.")


class SourceForm(SourceFieldsForm):
    def clean(self):
        data = super().clean()
        if not self.errors:
            self.require_one_origin(data)
        return data


class EvidenceForm(SourceFieldsForm):
    """Cite a source on a claim: an existing library source, or a new URL or file."""

    source = forms.ModelChoiceField(
        label="Source from the library", queryset=Source.objects.all(), required=False, widget=forms.RadioSelect
    )
    excerpt = forms.CharField(
        label="Excerpt", widget=forms.Textarea(attrs={"rows": 3}), help_text="Quote the passage verbatim."
    )
    pinpoint = forms.CharField(
        label="Pinpoint",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "page 12, section 3.2 …"}),
    )
    stance = forms.ChoiceField(label="Stance", choices=[("", "Choose…")] + list(Citation.Stance.choices))
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen source is ever rendered back as a choice (autocomplete fills the rest).
        self.fields["source"].widget.choices = []
        self.fields["excerpt"].validators.append(ProhibitNullCharactersValidator())

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("source"):
            self.require_one_origin(data)
        return data


class SourceEditForm(forms.ModelForm):
    """What an Editor may correct about a library source (its URL or file stays as cited)."""

    class Meta:
        model = Source
        fields = ["title", "publisher", "published", "source_type"]
        labels = {"published": "Date", "source_type": "Type"}
        widgets = {"published": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

"""Forms of the review workflow: claim page actions, evidence and the source library."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import ProhibitNullCharactersValidator

from ..evidence.library import EvidenceError, Upload, upload_check
from ..fetching import FetchError, check_host, check_url
from ..models import Citation, Claim, Rating, Source
from .workflow import MANUAL_STATUSES, WORDING_WARN_CHARS


class VersionedForm(forms.Form):
    """A form that carries the version of the row the user started editing from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WordingForm(VersionedForm):
    claim_reviewed = forms.CharField(
        label="Claim reviewed",
        required=False,
        max_length=500,
        help_text=f"A short, neutral statement of what is checked; at most {WORDING_WARN_CHARS} characters is best.",
        widget=forms.TextInput(attrs={"data-warn-length": WORDING_WARN_CHARS}),
    )


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label="Status", choices=[(s.value, s.label) for s in MANUAL_STATUSES])
    dismiss_reason = forms.ChoiceField(
        label="Dismiss reason", required=False, choices=[("", "—")] + list(Claim.DismissReason.choices)
    )
    note = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="Required when reopening a dismissed or published claim.",
    )

    def __init__(self, *args, claim: Claim | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Rules are checked by the workflow against the current row (which may have moved
        # since the page was loaded); `claim` only narrows what an unbound form offers.
        if claim and claim.status in (Claim.Status.DISMISSED, Claim.Status.PUBLISHED):
            self.fields["status"].choices = [(Claim.Status.IN_REVIEW.value, "Reopen for review")]


class VerdictForm(VersionedForm):
    # The proposed verdict this form revises; empty when it proposes a new one.
    verdict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rating = forms.ModelChoiceField(
        label="Verdict", queryset=Rating.objects.filter(active=True), empty_label="Choose a rating…"
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the evidence shows and why it earns this rating.",
    )
    correction_reason = forms.CharField(
        label="Correction reason", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_reason"].required = correcting
        if not correcting:
            del self.fields["correction_reason"]


class SendBackForm(VersionedForm):
    comment = forms.CharField(label="Comment for the reviewer", widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(VersionedForm):
    # The queue's `a` key acts on the latest row, so it sends no version.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    assignee = forms.CharField(required=False)

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        if value in ("", "none"):
            return None
        if value == "me":
            return "me"
        user = get_user_model().objects.filter(pk=value if value.isdigit() else None, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Choose someone to assign the claim to.")
        return user


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

"""Forms of the review workflow: the claim page's wording, status, assignment and verdict actions."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from ..models import Claim, Rating
from ..publishing.claimreview import WORDING_WARN_CHARS
from .workflow import MANUAL_STATUSES


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
        label="Rating", queryset=Rating.objects.filter(active=True), empty_label="Choose a rating…"
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

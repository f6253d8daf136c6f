"""The article submission form, and the known fact-check import form: parse and check what users send."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models.functions import MD5

from ..fetching import FetchError, check_address, check_url

UPLOAD_TYPES = {".html": True, ".htm": True, ".txt": False}
# What binary data looks like once decoded: control characters (not tab/newline),
# replacement characters from undecodable bytes, lone surrogates, private-use code points.
# Right-to-left marks, joiners and emoji are text and do not count.
JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]")
# Invisible characters str.strip() keeps: zero-width space, non-joiner, joiner, word joiner, BOM.
# Inside text they matter (emoji sequences, Persian); on their own they are an empty paste.
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def is_blank(text: str) -> bool:
    """Return whether text holds nothing but whitespace and zero-width characters."""
    return not ZERO_WIDTH.sub("", text).strip()


def size_label(n: int) -> str:
    """Return a byte count as people say it (2 MB, 500 kB)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1000:
        return f"{n / 1000:g} kB"
    return f"{n} bytes"


def validate_article_text(text: str) -> str:
    """Return usable article text or raise ValidationError with a message a user can act on."""
    limit = settings.CLAIMDESK_MAX_ARTICLE_BYTES
    if len(text.encode("utf-8", errors="replace")) > limit:
        raise forms.ValidationError(
            f"The article is larger than the {size_label(limit)} limit. Paste the article body only."
        )
    if "\x00" in text:
        raise forms.ValidationError("This looks like binary data, not article text (it contains NUL bytes).")
    if is_blank(text):
        raise forms.ValidationError("The article is empty.")
    if len(JUNK.findall(text)) > 0.1 * len(text):
        raise forms.ValidationError("This looks like binary data, not article text.")
    return text


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Paste the article (plain text or HTML)"}),
    )
    url = forms.CharField(
        label="Article URL",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )
    file = forms.FileField(label="File", required=False, help_text=".html, .htm or .txt")
    again = forms.BooleanField(label="Submit it again anyway", required=False)
    # Where the article appeared (all optional): shown on the public page and in its ClaimReview.
    source_url = forms.URLField(
        label="Original URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="Where it was published, if you pasted it (nothing is fetched)",
    )
    headline = forms.CharField(label="Headline", required=False, max_length=500)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=300)
    published = forms.DateField(label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, oversized=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized  # file fields the upload handler cut off (claims/intake/uploads.py)
        # validate_article_text explains NUL bytes better than Django's generic validator.
        self.fields["text"].validators = [
            v for v in self.fields["text"].validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url:
            return ""
        try:
            url = check_url(url)
        except FetchError as exc:
            raise forms.ValidationError(str(exc)) from exc
        # A literal internal address is refused now; host names are resolved and checked by the fetcher.
        parts = urlsplit(url)
        try:
            ipaddress.ip_address(parts.hostname)
        except ValueError:
            return url
        reason = check_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        if reason:
            raise forms.ValidationError(f"That address points to {reason}; only public web pages can be fetched.")
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if "file" in self.oversized:
            raise forms.ValidationError(
                f"The file is larger than the {size_label(settings.CLAIMDESK_MAX_ARTICLE_BYTES)} limit."
            )
        if not upload:
            return None
        name = upload.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in UPLOAD_TYPES:
            raise forms.ValidationError("Upload an .html, .htm or .txt file.")
        if upload.size > settings.CLAIMDESK_MAX_ARTICLE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than the {size_label(settings.CLAIMDESK_MAX_ARTICLE_BYTES)} limit."
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file is not valid UTF-8 text.") from exc
        self.upload_is_html = UPLOAD_TYPES[suffix]
        return validate_article_text(text)

    def clean(self):
        data = super().clean()
        given = [not is_blank(data.get("text", "")), bool(data.get("url")), bool(data.get("file"))]
        if self.errors:
            return data
        if sum(given) == 0:
            raise forms.ValidationError("Paste the article text, give its URL, or upload a file.")
        if sum(given) > 1:
            raise forms.ValidationError("Give only one of: article text, URL, or file.")
        if given[0]:
            try:
                data["text"] = validate_article_text(data["text"])
            except forms.ValidationError as exc:
                self.add_error("text", exc)
        return data

    def earlier_copy(self):
        """Return the newest article already submitted with this URL or exactly this text, if any."""
        from ..models import Article

        data = self.cleaned_data
        if data.get("url"):
            same = Article.objects.filter(url=data["url"])
        elif data.get("text") or data.get("file"):
            raw = data.get("text") or data["file"]
            # By the MD5 first (an index, article_raw_md5), then the text itself.
            digest = hashlib.md5(raw.encode("utf-8")).hexdigest()  # noqa: S324 - a lookup key, not security
            same = Article.objects.annotate(raw_md5=MD5("raw")).filter(raw_md5=digest, raw=raw)
        else:
            return None
        return same.select_related("submitted_by").defer("raw", "text", "match_keys").order_by("-created_at").first()

    def metadata_fields(self):
        """Return the bound fields of where the article appeared, for the template."""
        return [self[name] for name in ("source_url", "headline", "outlet", "author", "published")]

    def metadata(self) -> dict:
        """Return what the user told us about where the article appeared (Article field names)."""
        data = self.cleaned_data
        return {
            "url": data.get("source_url", ""),
            "title": data.get("headline", "").strip(),
            "outlet": data.get("outlet", "").strip(),
            "author": data.get("author", "").strip(),
            "published": data.get("published"),
        }


class ArticleMetadataForm(forms.Form):
    """An editor's correction of where an article appeared."""

    url = forms.URLField(label="Original URL", required=False, max_length=2000, assume_scheme="https")
    title = forms.CharField(label="Headline", required=False, max_length=500)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=300)
    published = forms.DateField(label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class KnownReviewImportForm(forms.Form):
    """Where published fact-checks (ClaimReview JSON-LD) come from: one of a URL, a file or pasted JSON."""

    url = forms.URLField(
        label="Feed or page URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="A ClaimReview JSON feed, or a fact-check page that embeds ClaimReview JSON-LD.",
    )
    file = forms.FileField(label="JSON or HTML file", required=False)
    json = forms.CharField(
        label="Pasted JSON-LD",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[ProhibitNullCharactersValidator()],
    )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        if url:
            try:
                url = check_url(url)  # the scheme comes back lower-cased (HTTP://… is http://…)
            except FetchError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        limit = settings.CLAIMDESK_MAX_ARTICLE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file is larger than the {limit // 1_000_000} MB limit.")
        if not upload.name.lower().endswith((".json", ".jsonld", ".html", ".htm")):
            raise forms.ValidationError("Give a .json, .jsonld or .html file.")
        raw = upload.read()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file is not UTF-8 text.") from exc

    def clean(self):
        data = super().clean()
        given = [name for name in ("url", "file", "json") if data.get(name)]
        if len(given) != 1 and not self.errors:
            raise forms.ValidationError("Give exactly one of: a URL, a file, or pasted JSON.")
        return data

    def import_arguments(self) -> dict:
        """Return the keyword arguments of known_reviews_import for a file or pasted JSON (a URL goes to the worker)."""
        data = self.cleaned_data
        return {
            "content": data.get("file") or data.get("json") or "",
            "source": self.files["file"].name if data.get("file") else "pasted JSON",
        }


class DraftForm(forms.Form):
    """An unpublished draft to check against what was checked before: the article text rules, nothing stored.

    The field is named like the article form's, so "Submit this draft as an article" posts
    the same textarea to the intake.
    """

    text = forms.CharField(
        label="Draft text",
        required=False,  # an empty paste gets the intake's own message
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": "Paste the draft (plain text or HTML)"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators = [
            v for v in self.fields["text"].validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        if is_blank(text):  # the intake's "The article is empty." names the wrong thing here
            raise forms.ValidationError("The draft is empty: paste its text (plain text or HTML), then Check.")
        return validate_article_text(text)

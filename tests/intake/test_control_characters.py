"""NUL bytes, other control characters and zero-width characters: a 400 with a message or cleaned input, never a 500.

Covers every query string the queue, library, export and API read, every POST form on the
journey's pages (each text field filled with a NUL), uploads and ClaimReview imports (issue 17).
"""

import subprocess
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.api import tokens
from claims.evidence.library import EvidenceError, Upload, source_create
from claims.matching.known_reviews import known_reviews_import, parse_claimreviews
from claims.models import ApiToken, Article, Claim, KnownReview, Source
from claims.pipeline.extract import article_extract
from tests.support.hostile_server import serve

pytestmark = pytest.mark.django_db

NUL = "\x00"
ZERO_WIDTH_ONLY = "\u200b\u200c\u200d\ufeff \u200b\n\u2060"
MESSAGE = "control characters"


def refused_with_message(response) -> None:
    assert response.status_code == 400, response.status_code
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "name, params",
    [
        ("queue", {"q": NUL}),
        ("queue", {"speaker": "a" + NUL}),
        ("queue", {"assignee": NUL}),
        ("queue", {"q" + NUL: "x"}),
        ("queue", {"q": "\x1b[31m"}),
        ("article_list", {"q": NUL}),
        ("source_list", {"q": NUL}),
        ("source_search", {"q": NUL}),
        ("queue_export_csv", {"q": NUL}),
        ("public_index", {"q": NUL}),
        ("login", {"next": "/queue/" + NUL}),
    ],
)
def test_control_characters_in_a_query_string_get_a_400_with_a_message(editor_client, name, params):
    response = editor_client.get(reverse(name), params)
    refused_with_message(response)
    assert "text/html" in response["Content-Type"]


def test_the_csv_export_is_refused_before_it_starts_streaming(editor_client):
    response = editor_client.get(reverse("queue_export_csv") + "?q=%00")
    assert not response.streaming
    refused_with_message(response)


def test_the_api_answers_control_characters_with_a_json_400(client, reviewer):
    key = tokens.api_token_create(user=reviewer, name="CMS")[1]
    response = client.get(reverse("api_claims"), {"q": NUL}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 400
    assert MESSAGE in response.json()["error"]


def test_a_nul_in_the_path_is_a_400(editor_client):
    refused_with_message(editor_client.get("/claims/%00/"))


def test_tabs_newlines_and_unicode_in_searches_are_fine(editor_client):
    response = editor_client.get(reverse("queue"), {"q": "Zürich\tمرحبا 👩‍🔬\n"})
    assert response.status_code == 200


class PostForms(HTMLParser):
    """Collect every <form method="post">: its action and its fields with their first value."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str], set[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "").lower() == "post":
                self.forms.append((a.get("action") or "", {}, set()))
            else:
                self.forms.append(("", {}, set()))
                self.forms[-1][2].add("__get__")
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select and self.forms:
                self.forms[-1][1].setdefault(self._select, a.get("value") or "")
            return
        _, fields, text = self.forms[-1]
        name = a["name"]
        if tag == "select":
            self._select = name
        elif tag == "textarea" or (
            tag == "input" and (a.get("type") or "text") in ("text", "search", "url", "email", "password")
        ):
            fields[name] = a.get("value") or ""
            text.add(name)
        elif tag == "input" and a.get("type") not in ("file", "submit", "button", "checkbox", "radio"):
            fields.setdefault(name, a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def post_forms(client, url: str) -> list[tuple[str, dict[str, str], set[str]]]:
    parser = PostForms()
    parser.feed(client.get(url).content.decode())
    return [(action or url, fields, text) for action, fields, text in parser.forms if "__get__" not in text]


def test_every_post_form_on_the_journey_pages_survives_nul_or_zero_width_text_in_each_field(
    editor_client, ready_article
):
    claim = Claim.objects.filter(article=ready_article).order_by("pk").first()
    source = Source.objects.create(title="Arrivals log", publisher="Port of Callao", url="https://example.org/a")
    pages = [
        reverse("article_new"),
        reverse("article_detail", args=[ready_article.pk]),
        reverse("claim_detail", args=[claim.pk]),
        reverse("queue"),
        reverse("source_new"),
        reverse("source_edit", args=[source.pk]),
        reverse("known_review_import"),
        reverse("api_tokens"),
    ]
    tried = 0
    for page in pages:
        for action, fields, text in post_forms(editor_client, page):
            for name in text:
                for value in ("Some words " + NUL + " more", ZERO_WIDTH_ONLY):
                    response = editor_client.post(action, {**fields, name: value})
                    assert response.status_code < 500, (page, action, name, value)
                    tried += 1
    assert tried >= 30  # the parser found the forms


def test_the_login_form_survives_a_nul_user_name(client):
    response = client.post(reverse("login"), {"username": "rita" + NUL, "password": "x" + NUL})
    assert response.status_code in (200, 400)


@pytest.fixture
def submit(reviewer_client, monkeypatch):
    monkeypatch.setattr("claims.tasks.extract_article.delay", lambda pk: None)
    return lambda **data: reviewer_client.post(reverse("article_new"), data)


def test_a_paste_of_only_zero_width_characters_is_refused_as_empty(submit):
    response = submit(text=ZERO_WIDTH_ONLY)
    assert response.status_code == 200
    assert "Paste the article text, give its URL, or upload a file." in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_of_only_zero_width_characters_is_refused_as_empty(submit):
    upload = SimpleUploadedFile("blank.txt", ("\ufeff" + ZERO_WIDTH_ONLY).encode())
    response = submit(file=upload)
    assert response.status_code == 200
    assert "The article is empty." in response.content.decode()
    assert not Article.objects.exists()


def test_zero_width_joiners_inside_real_text_are_kept(submit):
    text = "The council spent $5 million on 12 bridges, the mayor said. 👩‍🔬 می‌خواهم"
    response = submit(text=text)
    assert response.status_code == 302
    assert "👩\u200d🔬" in Article.objects.get().raw


def test_claimreview_json_with_escaped_nul_is_imported_without_it():
    content = (
        '{"@type": "ClaimReview", "claimReviewed": "Bridges cost \\u0000$5 million", "url": "https://fc.example/1",'
        ' "author": {"name": "Fact\\u0000Check"}, "reviewRating": {"alternateName": "False\\u0000"}}'
    )
    assert NUL not in repr(parse_claimreviews(content))
    result = known_reviews_import(source="pasted JSON", content=content)
    assert result.created == 1
    review = KnownReview.objects.get()
    assert review.claim_reviewed == "Bridges cost $5 million" and review.rating == "False"


def test_the_import_form_with_escaped_nul_json_is_not_a_500(editor_client):
    content = (
        '{"@type": "ClaimReview", "claimReviewed": "Bridges\\u0000 cost $5 million", "url": "https://fc.example/2"}'
    )
    response = editor_client.post(reverse("known_review_import"), {"json": content})
    assert response.status_code == 302
    assert KnownReview.objects.get().claim_reviewed == "Bridges cost $5 million"


class NulPage(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = (
            b"<html><body><article><p>The council spent \x00$5 million on 12 bridges in 2024, "
            b"the mayor said on Monday.</p></article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_fetched_page_with_nul_bytes_is_stored_and_extracted_without_them(settings, reviewer):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True
    server = serve(NulPage)
    try:
        article = Article.objects.create(
            origin=Article.Origin.URL, url=f"http://127.0.0.1:{server.server_port}/a", submitted_by=reviewer
        )
        article_extract(article.pk)
    finally:
        server.shutdown()
    article.refresh_from_db()
    assert article.status == Article.Status.READY, article.error
    assert NUL not in article.raw and "$5 million" in article.text


def test_a_pdf_whose_text_holds_nul_is_stored_without_it(reviewer, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    done = subprocess.CompletedProcess([], 0, stdout=b"Port arrivals\x00 June 2023\x0cpage two")
    monkeypatch.setattr("claims.evidence.library.subprocess.run", lambda *a, **k: done)
    source, added = source_create(actor=reviewer, upload=Upload(name="log.pdf", content=b"%PDF-1.4 fake"))
    assert added and source.text_snapshot == "Port arrivals June 2023\npage two"


def test_a_text_source_upload_with_nul_is_refused_with_a_message(reviewer):
    with pytest.raises(EvidenceError, match="binary data"):
        source_create(actor=reviewer, upload=Upload(name="log.txt", content=b"Port arrivals\x00"))


def test_a_required_field_of_only_zero_width_characters_is_refused_as_empty(reviewer_client, ready_article):
    claim = Claim.objects.filter(article=ready_article).order_by("pk").first()
    payload = {"url": "https://stats.example.org/x", "stance": "refutes", "source_type": "report"}
    response = reviewer_client.post(reverse("evidence_add", args=[claim.pk]), {**payload, "excerpt": ZERO_WIDTH_ONLY})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Source.objects.exists()


def test_an_api_key_named_with_zero_width_characters_only_is_refused(reviewer_client):
    response = reviewer_client.post(reverse("api_tokens"), {"name": "\u200b\ufeff"})
    assert "This field is required" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_zero_width_characters_inside_a_value_are_kept(reviewer_client):
    reviewer_client.post(reverse("api_tokens"), {"name": "CMS\u200dsync"})
    assert ApiToken.objects.get().name == "CMS\u200dsync"

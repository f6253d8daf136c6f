"""Script payloads pasted as text and as HTML stay inert on the article page, the queue and the claim page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from claims.models import Article, Claim
from claims.pipeline.extract import article_extract

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "\"><svg onload=alert('xss-3')>",
    "javascript:alert('xss-4')",
]
TEXT = (
    f"The council spent $5 million on 12 bridges in 2024 {PAYLOADS[0]}, the mayor said on Monday.\n\n"
    f"Officials said {PAYLOADS[1]} the bridges carry 40,000 cars a day {PAYLOADS[2]}.\n\n"
    f"The treasurer said 3 of the 12 bridges were finished in 2023 {PAYLOADS[3]}."
)
HTML = (
    "<html><head><title>Bridges <script>alert('xss-5')</script></title></head><body><article>"
    '<p class="planted">The council spent $5 million on 12 bridges in 2024, the mayor said on Monday. '
    "<img src=x onerror=alert('xss-6')></p><script>alert('xss-7')</script>"
    "<p>Officials said &lt;script&gt;alert('xss-8')&lt;/script&gt; the bridges carry 40,000 cars a day.</p>"
    "<p>The treasurer said &lt;img src=x onerror=alert('xss-9')&gt; 3 bridges were finished in 2023.</p>"
    "</article></body></html>"
)


class LiveMarkup(HTMLParser):
    """Collect what a browser would execute: inline scripts, event handlers, javascript: links."""

    def __init__(self):
        super().__init__()
        self.active: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.active.append(f"<{tag} {name}={value}>")
        if tag in ("svg", "img", "iframe", "object") and any("xss" in (v or "") for _, v in attrs):
            self.active.append(f"<{tag}>")
        # JSON data blocks (JSON-LD) are not executed; a payload breaking out of one opens a new
        # <script> element, which is caught here.
        self.in_script = tag == "script" and dict(attrs).get("type", "") not in (
            "application/ld+json",
            "application/json",
        )

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "xss" in data:
            self.active.append(f"<script>{data}</script>")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    return parser.active


@pytest.mark.parametrize("raw", [TEXT, HTML], ids=["pasted-text", "pasted-html"])
def test_payloads_are_inert_on_the_article_queue_and_claim_pages(reviewer_client, reviewer, raw):
    reviewer_client.post(reverse("article_new"), {"text": raw})
    article = article_extract(Article.objects.get().pk)
    assert article.status == Article.Status.READY and article.appearances.exists()
    claim = Claim.objects.filter(article=article).first()
    pages = {
        "article": reviewer_client.get(article.get_absolute_url()).content.decode(),
        "article partial": reviewer_client.get(
            article.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="article-body"
        ).content.decode(),
        "queue": reviewer_client.get(reverse("queue")).content.decode(),
        "queue rows": reviewer_client.get(reverse("queue"), HTTP_HX_REQUEST="true").content.decode(),
        "claim": reviewer_client.get(claim.get_absolute_url()).content.decode(),
        "article list": reviewer_client.get(reverse("article_list")).content.decode(),
    }
    for name, page in pages.items():
        assert live_markup(page) == [], f"live markup on the {name} page"
        assert 'class="planted"' not in page  # the submitted HTML itself is never rendered
    if raw is TEXT:  # the payload text is shown, escaped, where the claim is
        assert "&lt;script&gt;alert(&#x27;xss-1&#x27;)&lt;/script&gt;" in pages["article"]
        assert "&lt;img src=x onerror=alert(&#x27;xss-2&#x27;)&gt;" in pages["article"]
    else:
        assert "&lt;script&gt;alert(&#x27;xss-8&#x27;)&lt;/script&gt;" in pages["article"]


def test_the_live_markup_detector_catches_an_unescaped_payload():
    assert live_markup("<p>ok</p><img src=x onerror=alert('xss-2')><script>alert('xss-1')</script>")


def test_payloads_in_evidence_verdicts_and_sources_are_inert_on_review_and_public_pages(client, make_user):
    from tests.support.factories import add_appearance, cite, make_article, make_claim, propose, publish

    bad = "</script><script>alert('xss-10')</script><img src=x onerror=alert('xss-11')>"
    article = make_article(title=f"Budget {bad}", outlet=f"Daily {bad}", author=f"Ann {bad}")
    claim = make_claim(
        article,
        text=f"Unemployment fell by 40% {bad}",
        speaker=f"Jane {bad}",
        claim_reviewed=f"Unemployment fell {bad}",
    )
    add_appearance(claim, make_article(title=f"Row {bad}", url="https://other.example.net/row"))
    citation = cite(claim, title=f"Survey {bad}", publisher=f"Office {bad}", excerpt=f"Fell to 4.6% {bad}")
    citation.note = f"Note {bad}"
    citation.save()
    verdict = publish(propose(claim, rationale=f"The survey shows 8% {bad}"))
    claim.refresh_from_db()
    client.force_login(make_user("Editor"))
    urls = [
        claim.get_absolute_url(),
        reverse("queue"),
        article.get_absolute_url(),
        reverse("source_list"),
        reverse("source_detail", args=[citation.source_id]),
        reverse("article_list"),
        reverse("public_check", args=[claim.slug]),
        reverse("public_index"),
        reverse("public_feed"),
        reverse("article_ledger", args=[article.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):  # JSON feeds: data, and never sniffed as HTML
            assert response["X-Content-Type-Options"] == "nosniff", url
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert live_markup(body.decode()) == [], f"live markup on {url}"
    assert verdict.rationale.endswith(bad)


def test_json_ld_blocks_are_data_but_a_breakout_is_caught():
    assert live_markup('<script type="application/ld+json">{"a": "\\u003Cscript\\u003Ealert(\'xss\')"}</script>') == []
    assert live_markup('<script type="application/ld+json">{"a": "</script><script>alert(\'xss\')</script>') != []

"""Check a draft before it runs: sentence by sentence, what was checked before; nothing stored unless submitted."""

from __future__ import annotations

import json
import logging

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat
from django.utils.timezone import localtime

from claims.matching import checked_before
from claims.matching.known_reviews import known_reviews_import
from claims.models import Article
from claims.pipeline.extract import article_extract
from tests.support.factories import published_as

pytestmark = pytest.mark.django_db

# Checked by this desk (through the review workflow), by an imported fact-checker, and queued only.
DESK = "The city's bus fares rose by 12 percent in 2025, the transport authority said."
IMPORTED = "Harrowfield council cut library opening hours by 10 percent this year, the union said."
QUEUED = "The new hospital wing cost 48 million pounds to build, the health board said."
NEW = "Water bills in the region rose by 9 percent last year, according to the regulator."
# The last sentence sits in a paragraph: a lone short closing line is read as page furniture.
DRAFT = f"{DESK} {IMPORTED}\n{QUEUED} {NEW} It was a cold morning."
CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/library-hours",
    "claimReviewed": "Harrowfield council cut library opening hours by 10 percent.",
    "headline": "Did the council really cut library hours by 10 percent?",
    "author": {"@type": "Organization", "name": "Harrowfield Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
    "datePublished": "2026-11-20",
}


def submitted(text: str, user=None) -> Article:
    """Return an article taken through the intake's extraction (as the worker runs it)."""
    return article_extract(Article.objects.create(raw=text, submitted_by=user).pk)


@pytest.fixture
def checked_before_here(make_user):
    """The desk published a verdict on DESK, imported a fact-check of IMPORTED, and has QUEUED in its queue."""
    reviewer, editor = make_user("Reviewer", "rosa"), make_user("Editor", "ed")
    desk = submitted(DESK, editor).appearances.get().claim
    published_as(reviewer, editor, claim=desk, wording="Bus fares rose by 12 percent in 2025")
    known_reviews_import(user=editor, source="pasted JSON", content=json.dumps(CLAIMREVIEW))
    queued = submitted(QUEUED, editor).appearances.get().claim
    desk.refresh_from_db()
    return desk, queued


def check(client, text: str, **headers):
    return client.post(reverse("draft_check"), {"text": text}, headers=headers)


def test_a_draft_shows_sentence_by_sentence_the_desks_check_the_imported_one_and_the_queue(
    reviewer_client, checked_before_here
):
    desk, queued = checked_before_here
    response = check(reviewer_client, DRAFT)
    assert response.status_code == 200
    page = response.content.decode()
    # Every sentence in the extractor's order, scored as the intake scores it.
    positions = [page.index(s.replace("'", "&#x27;")) for s in (DESK, IMPORTED, QUEUED, NEW, "It was a cold morning.")]
    assert positions == sorted(positions)
    assert "not check-worthy" in page
    # Our published check: rating, date, the public page.
    assert "Checked by this desk" in page and ">False<" in page
    assert dateformat.format(localtime(desk.verdicts.get().published_at), "j M Y") in page
    assert f'href="{reverse("public_check", args=[desk.slug])}"' in page
    # The imported one: publisher, rating, date, link.
    assert "Harrowfield Checks" in page and "Mostly true" in page and "20 Nov 2026" in page
    assert 'href="https://checks.example/library-hours"' in page
    # An earlier claim still being worked, with its status.
    assert f'href="{queued.get_absolute_url()}"' in page and "In the queue" in page
    assert '<span class="badge status-new">New</span>' in page
    assert "2 sentences</strong> match a published fact-check; 1 more matches claims still in the queue" in page
    assert "Not checked before, and not in the queue." in page  # NEW


def test_checking_a_draft_stores_nothing_and_logs_nothing(reviewer_client, checked_before_here, caplog):
    rows = {model: model.objects.count() for model in apps.get_models()}
    with caplog.at_level(logging.DEBUG):
        assert check(reviewer_client, DRAFT).status_code == 200
        assert check(reviewer_client, DRAFT, HX_Request="true").status_code == 200
    assert {model: model.objects.count() for model in apps.get_models()} == rows
    assert not [
        r for r in caplog.records if "library opening hours" in r.getMessage() or "Water bills" in r.getMessage()
    ]


def test_a_sentence_whose_figure_conflicts_is_not_shown_as_checked(reviewer_client, checked_before_here):
    page = check(reviewer_client, "The city's bus fares rose by 30 percent in 2025, the transport authority said.")
    page = page.content.decode()
    assert "Checked by this desk" not in page and "checked before</span>" not in page
    assert "0 sentences</strong> match a published fact-check" in page


def test_a_weak_imported_match_is_shown_as_possibly_related_not_as_checked(
    reviewer_client, checked_before_here, monkeypatch
):
    monkeypatch.setattr(checked_before, "IMPORTED_LIKELY_AT", 0.99)  # the library fact-check's match is below it
    page = check(reviewer_client, IMPORTED).content.decode()
    assert "0 sentences</strong> match a published fact-check" in page
    assert "Not checked before, and not in the queue." in page
    assert "1 possibly related fact-check (weaker match)</summary>" in page and "Harrowfield Checks" in page


def test_the_draft_check_uses_the_known_reviews_ranking_of_the_claim_page(checked_before_here, monkeypatch):
    asked = []
    ranking = checked_before.claims_known_reviews

    def spy(*, texts, limit):
        asked.append(texts)
        return ranking(texts=texts, limit=limit)

    monkeypatch.setattr(checked_before, "claims_known_reviews", spy)
    result = checked_before.draft_check(text=DRAFT)
    assert asked == [[s.text for s in result.sentences if s.checkworthy]]
    found = next(s for s in result.sentences if s.text == IMPORTED)
    assert [review.url for review, _ in found.prior.imported] == ["https://checks.example/library-hours"]


def test_the_work_is_bounded_however_long_the_draft(checked_before_here, django_assert_max_num_queries):
    long_draft = "\n".join(
        f"The council spent {n} million pounds on roads in {1900 + n}, officials said." for n in range(90)
    )
    with django_assert_max_num_queries(8):  # the same few queries for 90 check-worthy sentences as for one
        result = checked_before.draft_check(text=long_draft)
    assert result.checkworthy == 90 and result.looked_up == checked_before.MAX_LOOKED_UP
    assert [s.looked_up for s in result.sentences].count(True) == checked_before.MAX_LOOKED_UP


def test_a_huge_draft_is_read_up_to_a_bound_and_a_run_on_sentence_is_not_looked_up(reviewer_client):
    run_on = " ".join(["the council said bus fares rose 12 percent in 2025"] * 400)  # 20,000 characters, no stop
    sentences = "\n".join(f"The county spent {n} million pounds on roads in {1990 + n % 30}." for n in range(3000))
    draft = f"{run_on}\n{sentences}"
    assert len(draft) > checked_before.MAX_READ_CHARS and len(draft) < settings.CLAIMDESK_MAX_ARTICLE_BYTES
    result = checked_before.draft_check(text=draft)
    assert result.cut and result.read_chars <= checked_before.MAX_READ_CHARS and result.total_chars == len(draft)
    assert draft[result.read_chars] == "\n"  # cut at a line break, not inside a sentence
    first = result.sentences[0]
    assert first.too_long and first.checkworthy and not first.looked_up
    assert result.looked_up == checked_before.MAX_LOOKED_UP and result.not_shown > 0
    page = check(reviewer_client, draft).content.decode()
    assert "only its first" in page and "characters without a full stop is not one claim" in page


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        ("", "The draft is empty: paste its text"),
        ("\u200b\u200b \u2060\n", "The draft is empty: paste its text"),
        ("Council tax rose 5%.\x00", "NUL bytes"),
        ("\x01\x02\x03\x04" * 40 + "Council tax rose 5%.", "binary data"),
        ("x" * (settings.CLAIMDESK_MAX_ARTICLE_BYTES + 1), "larger than the 2 MB limit"),
    ],
    ids=["empty", "zero-width only", "NUL", "control characters", "over the intake's limit"],
)
def test_bad_drafts_get_the_intakes_message_in_place_never_a_500(reviewer_client, draft, message):
    response = check(reviewer_client, draft)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'class="error" role="alert"' in page
    assert "Checked before?" not in page  # nothing was checked
    assert not Article.objects.exists()


def test_a_post_too_large_to_read_is_refused_with_the_400_page_not_a_500(reviewer_client):
    response = check(reviewer_client, "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert response.status_code == 400 and "too large or malformed" in response.content.decode()


def test_a_draft_in_html_is_read_as_the_intake_reads_it_and_its_scripts_never_run(reviewer_client):
    draft = (
        "<html><body><article><p>Council tax in Harrowfield rose by 5 percent in 2026, the council said.</p>"
        '<script>alert("draft")</script><p onclick="alert(1)">A <b>second</b> paragraph.</p></article></body></html>'
    )
    page = check(reviewer_client, draft).content.decode()
    assert "Council tax in Harrowfield rose by 5 percent in 2026" in page
    assert '<script>alert("draft")</script>' not in page and 'onclick="alert(1)"' not in page
    assert "&lt;script&gt;" in page  # the pasted HTML stays in the textarea, escaped


def test_with_htmx_the_result_replaces_the_form_in_place_and_without_javascript_it_is_a_page(
    reviewer_client, checked_before_here
):
    fragment = check(reviewer_client, DRAFT, HX_Request="true").content.decode()
    assert fragment.lstrip().startswith('<div id="draft"') and "<header" not in fragment
    assert "Harrowfield Checks" in fragment
    page = check(reviewer_client, DRAFT).content.decode()
    assert "<header" in page and "Harrowfield Checks" in page
    # A real form: it posts to this page with its CSRF token; the htmx button posts to the same URL.
    assert f'<form id="draft-form" method="post" action="{reverse("draft_check")}">' in page
    assert 'name="csrfmiddlewaretoken"' in page and f'hx-post="{reverse("draft_check")}"' in page


def test_submit_this_draft_posts_the_same_text_to_the_intake(reviewer_client, checked_before_here, monkeypatch):
    page = check(reviewer_client, DRAFT).content.decode()
    button = f'<button type="submit" form="draft-form" formaction="{reverse("article_new")}">'
    assert button + "Submit this draft as an article</button>" in page
    assert not Article.objects.filter(raw=DRAFT).exists()
    monkeypatch.setattr("claims.tasks.extract_article.delay", lambda pk: None)
    response = reviewer_client.post(reverse("article_new"), {"text": DRAFT})  # what the button sends
    article = Article.objects.get(raw=DRAFT)
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    assert article.status == Article.Status.QUEUED


def test_reviewers_and_editors_reach_it_from_the_header_and_nobody_else(client, make_user):
    assert client.get(reverse("draft_check")).status_code == 302  # to the log-in page
    client.force_login(make_user(role=""))
    assert client.get(reverse("draft_check")).status_code == 403
    assert client.post(reverse("draft_check"), {"text": DRAFT}).status_code == 403
    for role in ("Reviewer", "Editor"):
        client.force_login(make_user(role))
        queue = client.get(reverse("queue")).content.decode()
        assert f'<a href="{reverse("draft_check")}" >Check a draft</a>' in queue
        page = client.get(reverse("draft_check")).content.decode()
        assert "<h1>Check a draft</h1>" in page and 'aria-current="page">Check a draft' in page

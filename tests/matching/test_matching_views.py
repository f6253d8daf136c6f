"""The matching panel on the claim page, its actions, and the fact-check import screen."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Article, Claim, ClaimLink, Event, KnownReview
from claims.pipeline.extract import article_extract
from tests.matching.test_matching_scorer import CLAIMREVIEW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rewrites_keep_their_plain_event_sentences(settings):
    """These tests are about matching: a rewrite's plain event sentence ("American troops arrived in
    Peru this week on a training mission", 0.47 since the check-worthiness refit) stays a claim."""
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.3


ORIGINAL = "American troops arrived in Peru this week on a training mission, the embassy said."
REWRITE = "U.S. troops landed in Peru this week for a training mission, the embassy announced."


def submit(text: str) -> Article:
    return article_extract(Article.objects.create(raw=text).pk)


@pytest.fixture
def suggested():
    submit(ORIGINAL)
    submit(REWRITE)
    return ClaimLink.objects.select_related("claim", "other").get()


def test_claim_page_shows_the_suggestion_with_its_score_reason_and_real_forms(reviewer_client, suggested):
    page = reviewer_client.get(suggested.claim.get_absolute_url()).content.decode()
    assert 'id="claim-matches"' in page
    assert f"match {suggested.similarity:.2f}" in page
    assert 'class="match-reason">' in page and "wording 0." in page
    assert reverse("claim_link_decide", args=[suggested.claim_id, suggested.pk]) in page
    assert 'name="decision" value="confirm"' in page and 'name="decision" value="reject"' in page
    assert '<label for="merge-other-' in page


def test_a_confident_suggestion_is_marked_and_still_waits_for_a_reviewer(reviewer_client):
    # The same 5.25% rate in May in other words. (A looser rewrite, "has held its main rate at 5.25%
    # since last year", is suggested but not marked: out of fold, marked means 0.95 precision.)
    first = submit("The central bank kept its benchmark interest rate at 5.25% for a fifth consecutive meeting in May.")
    submit(
        "The central bank held its benchmark interest rate at 5.25% in May, "
        "its fifth consecutive meeting without a change."
    )
    link = ClaimLink.objects.get()
    assert link.status == ClaimLink.Status.SUGGESTED and link.similarity < 1
    assert not Claim.objects.filter(merged_into__isnull=False).exists()  # never merged without a reviewer
    page = reviewer_client.get(first.appearances.get().claim.get_absolute_url()).content.decode()
    assert page.count('class="badge likely"') == 1
    assert page.index("its fifth consecutive meeting without a change") < page.index('class="badge likely"')
    assert 'name="decision" value="confirm"' in page


def test_rejecting_with_htmx_returns_the_panel_without_the_suggestion(reviewer_client, reviewer, suggested):
    url = reverse("claim_link_decide", args=[suggested.claim_id, suggested.pk])
    response = reviewer_client.post(url, {"decision": "reject"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "No similar claims waiting" in body and "1 rejected suggestion" in body
    suggested.refresh_from_db()
    assert suggested.status == ClaimLink.Status.REJECTED and suggested.decided_by == reviewer


def test_confirming_without_javascript_merges_and_redirects(reviewer_client, suggested):
    url = reverse("claim_link_decide", args=[suggested.claim_id, suggested.pk])
    response = reviewer_client.post(url, {"decision": "confirm"})
    assert response.status_code == 302 and "#claim-matches" in response["Location"]
    assert Claim.objects.filter(merged_into__isnull=False).count() == 1
    page = reviewer_client.get(response["Location"], follow=True).content.decode()
    assert "now carries both wordings" in page


def test_confirming_two_published_claims_is_refused_with_a_message(reviewer_client, reviewer, suggested):
    from tests.matching.test_matching_linking import publish_verdict

    publish_verdict(suggested.claim, reviewer)
    publish_verdict(suggested.other, reviewer)
    url = reverse("claim_link_decide", args=[suggested.claim_id, suggested.pk])
    body = reviewer_client.post(url, {"decision": "confirm"}, HTTP_HX_REQUEST="true").content.decode()
    assert "both have a published verdict" in body
    assert not Claim.objects.filter(merged_into__isnull=False).exists()


def test_merge_by_number_and_bad_numbers_are_explained(reviewer_client, suggested):
    url = reverse("claim_merge", args=[suggested.claim_id])
    bad = reviewer_client.post(url, {"other": "999999"}, HTTP_HX_REQUEST="true").content.decode()
    assert "There is no claim number" in bad
    itself = reviewer_client.post(url, {"other": suggested.claim_id}, HTTP_HX_REQUEST="true").content.decode()
    assert "cannot be merged into itself" in itself
    reviewer_client.post(url, {"other": suggested.other_id}, HTTP_HX_REQUEST="true")
    assert Claim.objects.get(pk=suggested.other_id).merged_into_id == suggested.claim_id
    split = reverse("claim_split", args=[suggested.claim_id])
    appearance = Claim.objects.get(pk=suggested.claim_id).appearances.order_by("-id").first()
    body = reviewer_client.post(split, {"appearance": appearance.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "is now claim" in body
    assert Event.objects.filter(action__in=["claim_merged", "claim_split"]).count() == 2


def test_matching_actions_need_login_and_the_change_permission(client, make_user, suggested):
    url = reverse("claim_link_decide", args=[suggested.claim_id, suggested.pk])
    assert client.post(url, {"decision": "reject"}).status_code == 302  # to the login page
    client.force_login(make_user(role=""))
    assert client.post(url, {"decision": "reject"}).status_code == 403
    assert client.post(reverse("claim_merge", args=[suggested.claim_id]), {"other": 1}).status_code == 403
    assert ClaimLink.objects.get().status == ClaimLink.Status.SUGGESTED


def test_only_editors_import_fact_checks(reviewer_client):
    assert reviewer_client.get(reverse("known_review_import")).status_code == 403
    response = reviewer_client.post(reverse("known_review_import"), {"json": json.dumps(CLAIMREVIEW)})
    assert response.status_code == 403 and KnownReview.objects.count() == 0


def test_editor_imports_pasted_claimreview_and_the_claim_page_shows_it(editor_client):
    response = editor_client.post(reverse("known_review_import"), {"json": json.dumps(CLAIMREVIEW)})
    assert response.status_code == 302
    editor_client.post(reverse("known_review_import"), {"json": json.dumps(CLAIMREVIEW)})  # idempotent
    review = KnownReview.objects.get()
    assert review.publisher == "Example Check" and review.rating == "Mostly true"
    article = submit("Lopez Obrador was cited as saying 700 American soldiers are being sent to Peru.")
    claim = article.appearances.get().claim
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Already fact-checked by others" in page and "Example Check" in page and "Mostly true" in page
    assert 'href="https://factcheck.example/peru-troops"' in page
    other = submit("Lopez Obrador was cited as saying 7,000 American soldiers are being sent to Peru.")
    page = editor_client.get(other.appearances.get().claim.get_absolute_url()).content.decode()
    assert "Example Check" not in page  # a different number is a different claim


def test_import_form_errors_re_render_in_place(editor_client):
    response = editor_client.post(reverse("known_review_import"), {"json": "{broken"})
    assert response.status_code == 200 and "not valid JSON" in response.content.decode()
    response = editor_client.post(reverse("known_review_import"), {})
    assert response.status_code == 200 and "exactly one of" in response.content.decode()


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/feed.json":
            body, kind = (
                json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": [CLAIMREVIEW]}]}),
                "application/json",
            )
        else:
            body = f'<html><script type="application/ld+json">{json.dumps(CLAIMREVIEW)}</script></html>'
            kind = "text/html; charset=utf-8"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_import_command_reads_a_file_a_feed_url_and_a_page(tmp_path, settings, capsys):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True  # the test's own server on 127.0.0.1
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        path = tmp_path / "reviews.json"
        path.write_text(
            json.dumps(
                [
                    CLAIMREVIEW,
                    {
                        **CLAIMREVIEW,
                        "url": "https://factcheck.example/2",
                        "claimReviewed": "Peru is governed from Washington",
                    },
                ]
            )
        )
        base = f"http://127.0.0.1:{server.server_port}"
        call_command("import_claimreviews", str(path), f"{base}/feed.json", f"{base}/page.html")
    finally:
        server.shutdown()
    out = capsys.readouterr().out
    assert "2 fact-checks imported" in out and out.count("0 fact-checks imported, 1 updated") == 2
    assert KnownReview.objects.count() == 2


def test_import_command_refuses_private_addresses(settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(Exception, match="could not be imported"):
        call_command("import_claimreviews", "http://127.0.0.1:9/feed.json")
    assert KnownReview.objects.count() == 0

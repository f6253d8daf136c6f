"""Suggestions owed after extraction: recorded with the claims, run again by the sweep, shown on the article."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from claims.matching import suggestions
from claims.models import Article, Claim, ClaimLink
from claims.pipeline.extract import article_extract, article_suggest
from claims.sweep import queue_sweep

pytestmark = pytest.mark.django_db

FIRST = (
    "American troops arrived in Peru this week on a training mission, the embassy said. "
    "The congress voted on Thursday that Lopez Obrador was welcome in Peru."
)
REWRITE = (
    "U.S. troops landed in Peru this week for a training mission, the embassy announced. "
    "The congress voted on Thursday that Lopez Obrador was not welcome in Peru."
)


@pytest.fixture(autouse=True)
def rewrites_keep_their_plain_event_sentences(settings):
    """Keep the rewrite's plain event sentence ("U.S. troops landed in Peru…") a claim (test_matching_linking)."""
    settings.CLAIMDESK_CLAIM_THRESHOLD = 0.2


@pytest.fixture
def sent(monkeypatch):
    """Capture the suggestion messages the sweep sends instead of publishing them."""
    messages = []
    monkeypatch.setattr("claims.tasks.suggest_article.delay", messages.append)
    return messages


@pytest.fixture
def failing(monkeypatch):
    """Return a counter: while it is above zero, each suggestion run fails (the claims are stored by then)."""
    real = suggestions.claims_suggest
    left = {"runs": 0}

    def suggest(*, claims):
        if left["runs"]:
            left["runs"] -= 1
            raise ConnectionError("database connection lost")
        return real(claims=claims)

    monkeypatch.setattr(suggestions, "claims_suggest", suggest)
    return left


def after_grace() -> timezone.datetime:
    return timezone.now() + timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER + 1)


def submit(text: str) -> Article:
    return article_extract(Article.objects.create(raw=text).pk)


def test_an_extracted_article_records_its_suggestions_done():
    submit(FIRST)
    article = submit(REWRITE)
    assert ClaimLink.objects.count() == 1
    stored = Article.objects.get(pk=article.pk)
    assert stored.suggestions_status == Article.SuggestionsStatus.DONE
    assert stored.suggestions_claims is None and stored.suggestions_attempts == 1
    assert article.suggestions_status == Article.SuggestionsStatus.DONE  # the returned article says so too


def test_a_failed_suggestion_step_leaves_the_article_ready_and_owing_its_new_claims(failing):
    submit(FIRST)
    failing["runs"] = 1
    article = submit(REWRITE)
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert article.suggestions_status == Article.SuggestionsStatus.PENDING
    assert article.suggestions_claims == sorted(Claim.objects.filter(article=article).values_list("pk", flat=True))
    assert "ConnectionError: database connection lost" in article.suggestions_error
    assert ClaimLink.objects.count() == 0


def test_the_owed_step_stores_the_suggestions_once_however_often_it_runs(failing):
    submit(FIRST)
    failing["runs"] = 2
    article = submit(REWRITE)  # its own step fails
    assert article.suggestions_status == Article.SuggestionsStatus.PENDING
    assert article_suggest(article_id=article.pk).suggestions_status == Article.SuggestionsStatus.PENDING  # fails
    assert ClaimLink.objects.count() == 0
    done = article_suggest(article_id=article.pk)
    assert done.suggestions_status == Article.SuggestionsStatus.DONE and done.suggestions_error == ""
    assert ClaimLink.objects.count() == 1
    assert article_suggest(article_id=article.pk) is None  # nothing owed: a second delivery does nothing
    assert ClaimLink.objects.count() == 1
    assert Article.objects.get(pk=article.pk).suggestions_attempts == 3


def test_the_sweep_sends_an_owed_step_only_after_its_grace_period(sent):
    article = submit(FIRST)
    Article.objects.filter(pk=article.pk).update(
        suggestions_status=Article.SuggestionsStatus.PENDING, suggestions_claims=[1], suggestions_attempts=1
    )
    assert queue_sweep().suggestions == [] and sent == []  # its run may still be judging
    result = queue_sweep(now=after_grace())
    assert result.suggestions == [article.pk] and sent == [article.pk]
    assert "the suggestions of 1 article(s)" in str(result)
    assert article.events.get(action="article_suggestions_requeued").summary.startswith("Similar-claim suggestions")
    sent.clear()
    assert queue_sweep().suggestions == [] and sent == []  # a fresh start time: not sent twice in a row


def test_the_sweep_leaves_steps_that_are_done_or_belong_to_an_article_being_extracted_again(sent):
    long_ago = timezone.now() - timedelta(seconds=settings.CLAIMDESK_SWEEP_STALE_AFTER + 5)
    done = submit(FIRST)
    extracting = submit(REWRITE)
    Article.objects.filter(pk=done.pk).update(suggestions_started_at=long_ago)
    Article.objects.filter(pk=extracting.pk).update(
        status=Article.Status.EXTRACTING,
        started_at=timezone.now(),  # its run is going: it judges the owed claims itself
        suggestions_status=Article.SuggestionsStatus.PENDING,
        suggestions_claims=[1],
        suggestions_started_at=long_ago,
    )
    assert queue_sweep().suggestions == [] and sent == []


def test_the_sweep_gives_up_on_a_step_whose_runs_keep_dying(sent):
    article = submit(FIRST)
    Article.objects.filter(pk=article.pk).update(
        suggestions_status=Article.SuggestionsStatus.PENDING,
        suggestions_claims=[1],
        suggestions_attempts=settings.CLAIMDESK_MAX_ATTEMPTS,
    )
    result = queue_sweep(now=after_grace())
    article.refresh_from_db()
    assert sent == [] and result.failed == [f"suggestions for article {article.pk}"]
    assert article.suggestions_status == Article.SuggestionsStatus.FAILED
    assert article.status == Article.Status.READY and "Gave up after" in article.suggestions_error


def test_re_extraction_keeps_the_claims_still_owed_suggestions():
    article = submit(FIRST)
    owed = sorted(Claim.objects.filter(article=article).values_list("pk", flat=True))
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.QUEUED, suggestions_status=Article.SuggestionsStatus.PENDING, suggestions_claims=owed
    )
    rerun = article_extract(article.pk)
    # The same wordings are kept (no new claims), and the claims still owed are judged by this run.
    assert rerun.suggestions_status == Article.SuggestionsStatus.DONE and rerun.suggestions_claims is None


def test_the_article_page_shows_the_suggestion_step(reviewer_client):
    submit(FIRST)
    article = submit(REWRITE)
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "Similar-claim suggestions: <strong>Done</strong>" in page
    Article.objects.filter(pk=article.pk).update(
        suggestions_status=Article.SuggestionsStatus.PENDING, suggestions_error="ConnectionError: lost"
    )
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "Similar-claim suggestions: <strong>Pending</strong>" in page
    assert "the last run failed (ConnectionError: lost) and it will be tried again" in page
    Article.objects.filter(pk=article.pk).update(
        suggestions_status=Article.SuggestionsStatus.FAILED, suggestions_error="Gave up after 5 attempts."
    )
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "Similar-claim suggestions: <strong>Failed</strong>" in page and "Gave up after 5 attempts." in page

"""End to end: a worker that dies between an article's claims and their suggestions, and the sweep that recovers them.

The first worker's pool process exits in the middle of the suggestion step (tests/support/crash_suggestions.py):
the extraction had committed, so the redelivered message finds the article ready and skips it, and
nothing else would ever judge its claims. A second worker, with its beat embedded (as `make worker`
runs it), sweeps every second and sends the owed step once its grace period is over.
"""

import pytest
import redis
from django.urls import reverse

from claims.models import Article, ClaimLink
from claims.pipeline.extract import article_extract
from tests.conftest import ROOT, redis_url, start_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST = (
    "American troops arrived in Peru this week on a training mission, the embassy said. "
    "The congress voted on Thursday that Lopez Obrador was welcome in Peru."
)
REWRITE = (
    "U.S. troops landed in Peru this week for a training mission, the embassy announced. "
    "The congress voted on Thursday that Lopez Obrador was not welcome in Peru."
)
THRESHOLD = "0.2"  # the rewrite's plain event sentence stays a claim (as in test_matching_linking)


def test_suggestions_lost_with_a_dead_worker_are_stored_by_the_sweep(client, make_user, settings):
    settings.CLAIMDESK_CLAIM_THRESHOLD = float(THRESHOLD)
    article_extract(Article.objects.create(raw=FIRST).pk)  # the stored claim the rewrite is suggested against
    redis.Redis.from_url(redis_url()).flushdb()
    client.force_login(make_user("Reviewer"))

    crashing = start_worker("suggest-crash", CLAIMDESK_TEST_CRASH_SUGGESTIONS="1", CLAIMDESK_CLAIM_THRESHOLD=THRESHOLD)
    try:
        assert client.post(reverse("article_new"), {"text": REWRITE}).status_code == 302
        article = Article.objects.latest("pk")
        # Extraction committed, then the pool process died in the suggestion step; the message came back
        # (acks late) and its second run skipped the article, which is ready.
        assert wait_until(lambda: "'skipped'" in crashing.output(), timeout=90), crashing.output()[-3000:]
        assert "WorkerLostError" in crashing.output() or "exited with" in crashing.output()
    finally:
        crashing.stop()
    article.refresh_from_db()
    assert article.status == Article.Status.READY and article.first_claims.count() == 2
    assert article.suggestions_status == Article.SuggestionsStatus.PENDING and article.suggestions_attempts == 1
    assert ClaimLink.objects.count() == 0
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Similar-claim suggestions: <strong>Pending</strong>" in page

    sweeper = start_worker(
        "suggest-sweeper",
        "--beat",
        f"--schedule={ROOT / 'var' / 'test-beat-suggestions'}",
        CLAIMDESK_TEST_CRASH_SUGGESTIONS="1",  # only a first run dies: the sweep's is the second
        CLAIMDESK_CLAIM_THRESHOLD=THRESHOLD,
        CLAIMDESK_SWEEP_INTERVAL="1",
        CLAIMDESK_SWEEP_STALE_AFTER="3",
    )
    try:

        def suggested() -> bool:
            article.refresh_from_db()
            return article.suggestions_status != Article.SuggestionsStatus.PENDING

        assert wait_until(suggested, timeout=90), sweeper.output()[-3000:]
    finally:
        sweeper.stop()
    assert article.suggestions_status == Article.SuggestionsStatus.DONE, article.suggestions_error
    assert article.suggestions_attempts == 2 and article.suggestions_claims is None
    link = ClaimLink.objects.select_related("claim", "other").get()
    assert "training mission" in link.claim.text and "training mission" in link.other.text
    assert link.status == ClaimLink.Status.SUGGESTED
    assert article.events.filter(action="article_suggestions_requeued").count() == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Similar-claim suggestions: <strong>Done</strong>" in page

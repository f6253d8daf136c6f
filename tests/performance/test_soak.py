"""The soak harness itself runs: reviewers, ingest through a real worker and an export, for a few seconds.

`make soak` runs it for 20 minutes and reports the figures; here only that every part ran and
what it saved is undone. No timing is asserted.
"""

from dataclasses import asdict

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.models import User

from benchmarks.dataset import PASSWORD, Size, generate
from benchmarks.soak import SOAK_WORDING, report, soak
from claims.models import Article, Claim
from tests.conftest import worker_env
from tests.support import web_server


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_soak_harness_browses_saves_ingests_and_exports_for_a_few_seconds(tmp_path):
    showcase = generate(size=Size.tiny())
    # Hashed as gunicorn's settings can check (this process hashes with MD5 for speed).
    User.objects.update(password=make_password(PASSWORD, hasher=PBKDF2PasswordHasher()))
    claims_before, articles_before = Claim.objects.count(), Article.objects.count()

    figures = soak(
        base_env=worker_env(DEBUG="1"),
        dsn=web_server.test_database_url(),
        showcase=asdict(showcase),
        password=PASSWORD,
        seconds=4,
        var=tmp_path,
        log=lambda message: None,
        idle_requests=2,
    )

    assert figures["crashed"] == []
    assert "Queue, unfiltered" in figures["idle_before"] and "Queue, unfiltered" in figures["idle_after"]
    assert any(label.startswith("Claim page") for label in figures["samples"])
    assert not [label for label in figures["samples"] if label.startswith("errors")]
    assert figures["export"]["status"] == 200 and figures["export"]["rows"] >= claims_before
    assert figures["ingest"]["ingested"] >= 1 and figures["ingest"]["failed"] == 0
    assert set(figures["rss"]["start"]) == {"web", "worker"} and figures["rss"]["end"]["web"]
    # What the soak saved and submitted is gone again.
    assert not Claim.objects.filter(claim_reviewed__startswith=SOAK_WORDING).exists()
    assert Article.objects.count() == articles_before and Claim.objects.count() == claims_before
    text = report(figures, header=["- a test run"])
    assert "| Claim page (a reviewer's claims) |" in text and "| web (" in text and "| worker (" in text

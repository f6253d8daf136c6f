"""Test-only: make the first run of each article linger mid-extraction, so a test can kill its worker there.

Imported into a test worker (`celery worker --include=tests.support.linger`, which the Worker
helper adds when CLAIMDESK_TEST_EXTRACT_DELAY is in the worker's environment). The run that
has just claimed its article for the first time (attempts == 1) sleeps that many seconds
before extracting; the redelivered run (attempts == 2) does not. Nothing in claims/ knows.
"""

from __future__ import annotations

import os
import time

from celery.signals import task_prerun

from claims import extraction

DELAY = float(os.environ.get("CLAIMDESK_TEST_EXTRACT_DELAY", "0") or 0)
running: dict[str, int] = {}
real_extract = extraction.extract


@task_prerun.connect
def remember_article(sender=None, args=(), **kwargs) -> None:
    if sender is not None and sender.name == "claims.tasks.extract_article":
        running["article"] = args[0]


def lingering_extract(*args, **kwargs):
    from claims.models import Article

    if DELAY and Article.objects.filter(pk=running.get("article"), attempts=1).exists():
        time.sleep(DELAY)
    return real_extract(*args, **kwargs)


extraction.extract = lingering_extract

"""Test-only: the first suggestion run of each article kills its worker process, mid-way between
the extraction's commit and the stored suggestions, as an out-of-memory kill or a lost machine would.

Imported into a test worker (`celery worker --include=tests.support.crash_suggestions`, which the
Worker helper adds when CLAIMDESK_TEST_CRASH_SUGGESTIONS is in the worker's environment). A run
whose article counts one suggestion attempt (the one right after extraction) exits the pool
process at once; later runs (the sweep's) judge as usual. Nothing in claims/ knows.
"""

from __future__ import annotations

import os

from claims.matching import suggestions

real_claims_suggest = suggestions.claims_suggest


def crashing_claims_suggest(*, claims):
    from claims.models import Article

    if claims and Article.objects.filter(pk=claims[0].article_id, suggestions_attempts=1).exists():
        os._exit(1)  # no exception, no rollback, no ack: the process is simply gone
    return real_claims_suggest(claims=claims)


suggestions.claims_suggest = crashing_claims_suggest

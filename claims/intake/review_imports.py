"""Importing published fact-checks from a URL: store the request as queued, the worker fetches it.

The web request never fetches: a slow feed would hold a web worker for the whole fetch
budget. The worker runs `claims.matching.known_reviews.review_import_run`; when the broker
is unreachable the row stays queued and the sweep sends it later.
"""

from __future__ import annotations

from django.db import transaction

from .. import tasks
from ..models import ReviewImport


def review_import_request(*, user, url: str) -> ReviewImport:
    """Store a URL import as queued and send it to the worker once the row is committed."""
    with transaction.atomic():
        job = ReviewImport.objects.create(url=url.strip(), requested_by=user)
        tasks.send_after_commit(tasks.import_known_reviews, job)
    return job

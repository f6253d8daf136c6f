"""The probe harness (probes/, `make probe`): its fast subset holds in every category (issue 17).

The same code as the full run, against the same kind of stack — gunicorn over TLS with
DEBUG=0, a redis-server of its own, a Celery worker with beat that cannot open a
connection outside the stack — on this test database, with one or a few attempts of each
kind: SSRF through the article door, XSS payloads on the pages that show them (and in
Chromium), the two most-refused roles POSTing to every route, log-in and API keys, bad
input in query strings, forms, uploads and the import, and the fault scenarios but the
two-minute worker kill (tests/pipeline/test_faults.py kills a worker with a short
visibility timeout). The fault probes' time limits are loose bounds on hangs (a stalled
broker used to hold a submit for ~19 s), not measurements.
"""

import time

import pytest

from probes.results import CATEGORIES, Attempt, table

pytestmark = [pytest.mark.worker, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_table_counts_attempts_and_lists_what_did_not_hold():
    attempts = [Attempt("SSRF", "article door: 'http://10.0.0.1/'", True), Attempt("SSRF", "GET /x", False, "HTTP 500")]
    rows = [line.split() for line in table(attempts).splitlines()]
    assert ["SSRF", "2", "1"] in rows and ["all", "2", "1"] in rows
    assert "- [SSRF] GET /x: HTTP 500" in table(attempts)


def test_every_fast_probe_holds(monkeypatch):
    from django.conf import settings

    from probes.people import make_people
    from probes.run import run_all
    from probes.stack import Stack
    from tests.support.web_server import test_database_url

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in-thread
    start = time.monotonic()
    stack = Stack(test_database_url(), settings.SECRET_KEY)
    print(f"stack up in {time.monotonic() - start:.0f} s")
    try:
        attempts = run_all(stack, make_people(), fast=True, log=print)  # per-category times, shown with -s
    finally:
        stack.stop()
    assert {attempt.category for attempt in attempts} == set(CATEGORIES)
    assert all(attempt.held for attempt in attempts), table(attempts)

"""`make test` runs the suite in two pytest-xdist processes; each gets a Redis database of its own.

Loaded with `-p tests.support.per_process` (pyproject.toml), before Django reads its settings:
process gw0 keeps the REDIS_URL it was given, gwN uses the Nth database after it, so one
process's flushes, queued tasks and log-in throttle counts never reach the other. (pytest-django
gives each process its own PostgreSQL test database, suffixed _gw0, _gw1.) Tests that start
worker or gunicorn processes all run in one process, one after another (tests/conftest.py).
"""

import os
import re

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def redis_url_for(url: str, worker: str) -> str:
    """Return url with its database number moved on by the xdist process's index (gw0: unchanged)."""
    if not url or not worker.startswith("gw"):
        return url
    index = int(worker[2:])
    match = re.match(r"^(redis://[^/]*)(?:/(\d+))?$", url)
    if not match:
        return url
    return f"{match[1]}/{int(match[2] or 0) + index}"


os.environ["REDIS_URL"] = redis_url_for(os.environ.get("REDIS_URL", ""), WORKER)
if not os.environ["REDIS_URL"]:
    del os.environ["REDIS_URL"]

"""Shared fixtures: users by role, articles, and a real Celery worker process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import worker as support_worker
from tests.support.worker import wait_until  # noqa: F401 - tests import it from here

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


def pytest_configure(config):
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CI") and not url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("CI runs the suite against PostgreSQL: set DATABASE_URL (make test does)")


def pytest_collection_modifyitems(items):
    """Keep the process tests together and give every transactional test back the migrations' rows.

    Tests that start Celery workers or gunicorn (marked `worker`) wait on timeouts and share
    the var/test-*.log names: under pytest-xdist (`make test`) they all run in one process, one
    after another, while the other process runs the rest.

    A transactional test ends by flushing every table, so the next one would find no
    Reviewer/Editor groups and no ratings; serialized rollback restores them at its start.
    """
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("processes"))
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction"))
        if transactional and not (marker and "serialized_rollback" in marker.kwargs):
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with no connection left open when it is dropped at the end.

    A worker or gunicorn process a test stopped may still hold a connection for a moment; the
    drop then failed ("is being accessed by other users") and left the database behind.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def seed_text(index: int) -> str:
    """Return the text of a shared seed article (000 or 001)."""
    return next(SEEDS.glob(f"{index:03d}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply (PBKDF2 at full strength costs ~0.5 s per user on CI)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Start every test with an empty cache (the queue caches its status counts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_user(db, django_user_model):
    """Return a factory for users in a role group (Reviewer, Editor or Admin)."""
    from django.contrib.auth.models import Group

    counter = iter(range(1, 10_000))

    def make(role: str = "Reviewer", username: str | None = None, password: str = "a-long-test-passphrase"):
        user = django_user_model.objects.create_user(
            username=username or f"{role.lower()}{next(counter)}", password=password
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def reviewer(make_user):
    return make_user("Reviewer", "rita")


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "eddie")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def ready_article(db, reviewer):
    """Return a seed article run through the real extraction service (no worker)."""
    from claims.models import Article
    from claims.pipeline.extract import article_extract

    article = Article.objects.create(raw=seed_text(0), submitted_by=reviewer)
    return article_extract(article.pk)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.fail("REDIS_URL is not set: the worker tests need Redis (make test sets it)")
    return url


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start a real `celery worker` process against Redis and the test database; stop it after."""
    import redis

    url = redis_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {url} is not reachable: {exc}")
    redis.Redis.from_url(url).flushdb()  # no stale messages from earlier runs
    worker = start_worker("pipeline")
    yield worker.proc
    worker.stop()


def worker_env(**overrides: str) -> dict[str, str]:
    """Return the environment of a test worker: this test database, the test Redis, no kept connections."""
    from django.db import connection

    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url(),
        "DB_CONN_MAX_AGE": "0",
        # At the tests' own priority: a niced worker on a busy machine waits behind everything else.
        "CLAIMDESK_WORKER_NICE": "0",
        **overrides,
    }


def start_worker(name: str, *extra_args: str, **env_overrides: str) -> support_worker.Worker:
    """Start a real worker for a test (its log in var/test-worker-<name>.log); fail the test if it does not start."""
    try:
        return support_worker.Worker(
            name, *extra_args, env=worker_env(**env_overrides), log_path=ROOT / "var" / f"test-worker-{name}.log"
        )
    except support_worker.WorkerDidNotStart as exc:
        pytest.fail(str(exc))

"""Operations (docs/operations.md): backup and restore really restore, Redis in compose keeps its queue (issue 17)."""

import os
import socket
import subprocess
import time

import pytest
import redis
import yaml
from django.db import connection

from claims.models import Claim, Source
from tests.conftest import ROOT, wait_until
from tests.support.factories import published_claim


def database_url(name: str | None = None) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"


def run(*args, **env):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **env})


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_the_app_reads_the_same_rows(ready_article):
    published_claim()
    claims = Claim.objects.count()
    scratch = f"{connection.settings_dict['NAME']}_restore_{os.getpid()}"
    result = run("scripts/restore-check.sh", scratch, DATABASE_URL=database_url())
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"claims.Claim {claims}" in result.stdout and claims > 0
    assert f"claims.Source {Source.objects.count()}" in result.stdout
    assert "restore-check: OK" in result.stdout
    # The scratch database is gone again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_already_has_tables(tmp_path, reviewer):
    backup = tmp_path / "backup"
    assert run("scripts/backup.sh", str(backup), DATABASE_URL=database_url(), VAR_DIR=str(tmp_path)).returncode == 0
    result = run("scripts/restore.sh", str(backup), database_url(), VAR_DIR=str(tmp_path))
    assert result.returncode != 0 and "restore into an empty database" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_compose_redis_keeps_queued_messages_across_a_restart(tmp_path):
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["redis"]["command"]
    assert command[0] == "redis-server" and "--appendonly" in command
    port = free_port()

    def start():
        proc = subprocess.Popen(
            [*command, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port)
        assert wait_until(lambda: _ping(client), 20), "redis did not start"
        return proc, client

    proc, client = start()
    client.lpush("celery", "a queued message")
    time.sleep(1.2)  # appendfsync everysec
    proc.kill()  # no clean shutdown: only the append-only file can bring the message back
    proc.wait()
    proc, client = start()
    try:
        assert client.lrange("celery", 0, -1) == [b"a queued message"]
    finally:
        proc.kill()
        proc.wait()


def _ping(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False

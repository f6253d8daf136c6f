"""Project wiring: settings, compose file, the extract_claims command and score.py."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tests.conftest import ROOT, SEEDS, SHARED


def test_compose_defines_the_four_services_consistently_with_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker"}
    assert "postgres" in services["db"]["image"] and "healthcheck" in services["db"]
    assert "redis" in services["redis"]["image"] and "healthcheck" in services["redis"]
    assert "gunicorn" in " ".join(services["web"]["command"]) and "migrate" in " ".join(services["web"]["command"])
    assert "celery" in " ".join(services["worker"]["command"])
    for name in ("web", "worker"):
        env = services[name]["environment"]
        for key in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"):
            assert key in env, f"{name} lacks {key}"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert compose["volumes"]


def compose_value(value) -> str:
    """Return a compose environment value with `${NAME:-default}` resolved to its default (a test key for `:?`)."""
    text = str(value)
    text = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", text)
    return re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", "x" * 50 + "-compose-test-secret", text)


def test_settings_take_the_compose_environment(tmp_path):
    """The settings the web and worker containers start with are the ones compose gives them."""
    env = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["environment"]
    given = {key: compose_value(value) for key, value in env.items()}
    probe = (
        "import json; from django.conf import settings as s; db = s.DATABASES['default']; "
        "print(json.dumps([db['HOST'], db['PORT'], db['NAME'], db['USER'], s.CELERY_BROKER_URL, "
        "s.CELERY_TASK_ALWAYS_EAGER, s.SECRET_KEY, s.DEBUG, s.ALLOWED_HOSTS]))"
    )
    result = run_manage("shell", "-c", probe, env={**os.environ, **given, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    host, port, name, user, broker, eager, secret, debug, hosts = json.loads(result.stdout.strip().splitlines()[-1])
    database = urlsplit(given["DATABASE_URL"])
    assert (host, int(port), name, user) == (database.hostname, database.port, database.path[1:], database.username)
    assert broker == given["REDIS_URL"] and eager is False  # tasks go to the worker, not run in the web process
    assert secret == given["SECRET_KEY"] and debug is False
    assert hosts == given["ALLOWED_HOSTS"].split(",")


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env or dict(os.environ),
        timeout=300,
    )


def test_extract_claims_prints_the_score_format_for_the_seeds():
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = run_manage("extract_claims", "--json", *files)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [d["source"] for d in out["documents"]] == files
    assert "matches" in out
    doc = out["documents"][0]
    assert doc["published"] == "2023-05-29"
    assert doc["claims"] and {"text", "speaker", "score"} <= set(doc["claims"][0])


def test_score_script_runs_against_the_command_and_prints_its_summary():
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    result = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "summary: F1=" in result.stdout, result.stdout + result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="x" * 64 + "-production-secret-for-the-check",
        ALLOWED_HOSTS="claims.example.org",
        VAR_DIR=str(tmp_path),
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = dict(os.environ, DEBUG="0", VAR_DIR=str(tmp_path))
    env.pop("SECRET_KEY", None)
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_each_pytest_process_of_make_test_gets_a_redis_database_of_its_own():
    from tests.support.per_process import redis_url_for

    assert redis_url_for("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/0"
    assert redis_url_for("redis://127.0.0.1:6379/0", "gw1") == "redis://127.0.0.1:6379/1"
    assert redis_url_for("redis://127.0.0.1:6379/4", "gw1") == "redis://127.0.0.1:6379/5"
    assert redis_url_for("redis://127.0.0.1:6379", "gw1") == "redis://127.0.0.1:6379/1"
    assert redis_url_for("redis://127.0.0.1:6379/0", "") == "redis://127.0.0.1:6379/0"  # no xdist
    assert redis_url_for("", "gw1") == ""  # no Redis: tasks run eagerly

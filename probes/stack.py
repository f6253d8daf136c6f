"""The stack the probes attack, started on free loopback ports and torn down after.

gunicorn serves the app over TLS (a throwaway self-signed certificate) with the
production settings: DEBUG=0, secure cookies, HSTS, manifest static files. A
redis-server of its own (so "Redis down" can really be down), a Celery worker with
embedded beat loading `probes.netguard`, and two loopback servers: a hostile site
(redirects, drips, endless bodies) and a canary that stands for an internal service
and records every request that reaches it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from probes.ssrf import FAKE_DNS
from tests.support.hostile_server import HostileHandler, serve
from tests.support.worker import Worker, wait_until

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "probe"
PASSWORD = "probe-passphrase-long-enough"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Canary(BaseHTTPRequestHandler):
    """An internal service: anything that reaches it is an SSRF that was not held."""

    hits: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        Canary.hits.append(self.path)
        body = b"<html><body><p>SECRET internal data: the database password is hunter2.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815


class Hostile(HostileHandler):
    """The fetch tests' hostile site, plus a redirect to anywhere and a server that never answers."""

    def route(self, path: str):
        query = parse_qs(urlsplit(self.path).query)
        if path == "/go":  # /go?to=URL&code=302
            self.send(int(query.get("code", ["302"])[0]), Location=query["to"][0])
        elif path == "/silent":  # headers never come
            time.sleep(60)
        elif path == "/feed-slow":  # a ClaimReview feed that drips for a minute
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        else:
            super().route(path)


class RedisServer:
    """A redis-server of the probe's own on a free port, which a fault probe may stop and start again."""

    def __init__(self, workdir: Path):
        self.port, self.workdir = free_port(), workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.exceptions.ConnectionError:
                return False

        if not wait_until(up, timeout=20):
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Gunicorn:
    """gunicorn over TLS with sync workers; `client()` returns an httpx client for it."""

    def __init__(self, env: dict[str, str], workdir: Path, *, workers: int = 3):
        self.port = free_port()
        self.base_url = f"https://127.0.0.1:{self.port}"
        cert, key = workdir / "cert.pem", workdir / "key.pem"
        if not cert.exists():
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
                + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                check=True,
                capture_output=True,
            )
        self.log_path = workdir / "gunicorn.log"
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application", f"--workers={workers}"]
            + [f"--bind=127.0.0.1:{self.port}", "--timeout=60", "--graceful-timeout=5", "--log-level=warning"]
            + [f"--certfile={cert}", f"--keyfile={key}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def up() -> bool:
            if self.proc.poll() is not None:
                return True
            try:
                return httpx.get(self.base_url + "/healthz", verify=False, timeout=2).text == "ok"
            except httpx.HTTPError:
                return False

        if not wait_until(up, timeout=60) or self.proc.poll() is not None:
            raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])

    def client(self, **kwargs) -> httpx.Client:
        kwargs.setdefault("timeout", 60)
        return httpx.Client(base_url=self.base_url, verify=False, **kwargs)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


class Stack:
    """gunicorn, a worker (with beat), Redis and the loopback servers, against one database.

    `database_url` is a database that is already migrated (the harness makes a scratch
    one; the test uses its test database). The caller's Django settings must point at it
    too: the probes set up users and rows, and check what was stored, with the ORM.
    """

    def __init__(self, database_url: str, secret_key: str, *, fetch_total_timeout: int = 8):
        self.workdir = Path(tempfile.mkdtemp(prefix="claimdesk-probe-"))
        self.guard_log = self.workdir / "netguard.log"
        self.guard_log.touch()
        self.hostile = serve(Hostile)
        self.canary = serve(Canary)
        self.hostile_url = f"http://127.0.0.1:{self.hostile.server_port}"
        self.canary_port = self.canary.server_port
        Canary.hits = []
        self.redis = RedisServer(self.workdir)
        VAR.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CLAIMDESK_", "CELERY_", "PYTEST", "DJANGO_"))},
            "DEBUG": "0",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis.url,
            "VAR_DIR": str(VAR),
            "CLAIMDESK_FETCH_TIMEOUT": "4",
            "CLAIMDESK_FETCH_TOTAL_TIMEOUT": str(fetch_total_timeout),
            "CLAIMDESK_SWEEP_INTERVAL": "5",
            "LOG_LEVEL": "WARNING",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(self.workdir / "celerybeat-schedule"),
        }
        self.fetch_total_timeout = fetch_total_timeout
        self.processes: list = []
        try:
            self.collect_static()
            # The worker boots while gunicorn does (each takes seconds on a busy machine).
            started: dict[str, object] = {}
            booting = threading.Thread(target=lambda: started.update(worker=self.try_start_worker("main")))
            booting.start()
            self.web = Gunicorn(self.env, self.workdir)
            self.processes.append(self.web)
            booting.join()
            if isinstance(started["worker"], BaseException):
                raise started["worker"]
            self.worker = started["worker"]
        except BaseException:
            self.stop()
            raise

    def try_start_worker(self, name: str):
        try:
            return self.start_worker(name)
        except Exception as exc:  # noqa: BLE001 - handed to the starting thread
            return exc

    def collect_static(self) -> None:
        """Collect the static files for the manifest storage (DEBUG=0), unless they have not changed."""
        import django

        files = sorted((ROOT / "static").rglob("*"))
        stamp = hashlib.sha256(
            repr([django.__version__, *((str(f), f.stat().st_mtime, f.stat().st_size) for f in files)]).encode()
        ).hexdigest()
        stamp_file = VAR / "static-stamp"
        if stamp_file.exists() and stamp_file.read_text() == stamp and (VAR / "staticfiles/staticfiles.json").exists():
            return
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError("collectstatic failed:\n" + result.stderr[-3000:])
        stamp_file.write_text(stamp)

    def worker_env(self, **overrides: str) -> dict[str, str]:
        return {
            **self.env,
            "PROBE_GUARD_LOG": str(self.guard_log),
            "PROBE_LOOPBACK_PORTS": str(self.hostile.server_port),
            "PROBE_INFRA_PORTS": f"{self.redis.port},{self.hostile.server_port}",
            "PROBE_FAKE_DNS": json.dumps(FAKE_DNS),
            **overrides,
        }

    def start_worker(self, name: str, *args: str, beat: bool = True, **env: str) -> Worker:
        extra = ["--include=probes.netguard", *(["--beat"] if beat else [])]
        worker = Worker(
            name,
            *extra,
            *args,
            env=self.worker_env(**env),
            log_path=self.workdir / f"worker-{name}.log",
            concurrency=2,
        )
        self.processes.append(worker)
        return worker

    def guard_records(self) -> list[dict]:
        return [json.loads(line) for line in self.guard_log.read_text().splitlines() if line.strip()]

    def stop(self) -> None:
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception:  # noqa: BLE001 - tear down the rest regardless
                pass
        self.redis.stop()
        for server in (self.hostile, self.canary):
            threading.Thread(target=server.shutdown, daemon=True).start()
        shutil.rmtree(self.workdir, ignore_errors=True)

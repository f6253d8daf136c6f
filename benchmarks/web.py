"""Serve the app with gunicorn and time pages over real HTTP, beside their floors.

The floor of a page is what no implementation of it can beat on this machine: the SQL the view
runs (captured in-process with CaptureQueriesContext, then timed directly with psycopg) plus the
response time of an empty Django view (`/healthz`) through the same gunicorn.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of samples by the nearest-rank method."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


@dataclass
class Timing:
    """Latencies (seconds) of repeated requests or queries, with their summary."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """Return the kB figures of /proc/<pid>/status (VmRSS, VmHWM, ...)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[name] = int(value.split()[0])
    return out


class Gunicorn:
    """A gunicorn master with its workers on a free loopback port."""

    def __init__(self, *, env: dict[str, str], workers: int = 2, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factcheck.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if (
                    httpx.get(self.base_url + "/healthz", timeout=2).text == "ok"
                    and len(self.worker_pids()) == self.workers
                ):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


async def login(client: httpx.AsyncClient, *, username: str, password: str) -> None:
    """Log in through the login form (CSRF token from the page), keeping the session cookie."""
    page = await client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or not token:
        raise RuntimeError(f"No login form at /accounts/login/ (status {page.status_code})")
    response = await client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token[1],
        },
    )
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"Login as {username} failed (status {response.status_code})")


async def time_requests(client: httpx.AsyncClient, url: str, *, n: int, warmup: int = 5) -> tuple[Timing, dict]:
    """GET url n times one after another (after warmup); return latencies and what was served."""
    info: dict = {"statuses": set(), "bytes": 0}
    for _ in range(warmup):
        await client.get(url)
    timing = Timing()
    for _ in range(n):
        t0 = time.perf_counter()
        response = await client.get(url)
        body = response.content
        timing.samples.append(time.perf_counter() - t0)
        info["statuses"].add(response.status_code)
        info["bytes"] = len(body)
        info["text"] = response.text
    return timing, info


async def throughput(client: httpx.AsyncClient, url: str, *, concurrency: int, n: int) -> float:
    """Return requests per second for n GETs of url issued by `concurrency` concurrent clients."""
    remaining = iter(range(n))

    async def one_client():
        for _ in remaining:
            (await client.get(url)).raise_for_status()

    t0 = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return n / (time.perf_counter() - t0)


class RssSampler(threading.Thread):
    """Sample VmRSS of some processes every few milliseconds, keeping each one's peak (kB)."""

    def __init__(self, pids: list[int], interval: float = 0.01):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.peak = {pid: 0 for pid in pids}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in self.pids:
                try:
                    self.peak[pid] = max(self.peak[pid], proc_status(pid)["VmRSS"])
                except (FileNotFoundError, KeyError):
                    pass
            time.sleep(self.interval)

    def stop(self) -> dict[int, int]:
        self.done.set()
        self.join()
        return self.peak


async def time_download(client: httpx.AsyncClient, url: str, server: Gunicorn, *, runs: int) -> dict:
    """Download url `runs` times; return times, size and the serving worker's peak RSS above idle (MB)."""
    times, extra_mb, size, lines = [], [], 0, 0
    for _ in range(runs):
        pids = server.worker_pids()
        for pid in pids:  # reset VmHWM to the current RSS (Linux clear_refs "5")
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                pass
        idle = {pid: proc_status(pid)["VmRSS"] for pid in pids}
        sampler = RssSampler(pids)
        sampler.start()
        t0 = time.perf_counter()
        size, lines = 0, 0
        async with client.stream("GET", url) as response:
            response.raise_for_status()
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                lines += chunk.count(b"\n")
        times.append(time.perf_counter() - t0)
        sampled = sampler.stop()
        peaks = {pid: max(sampled[pid], proc_status(pid).get("VmHWM", 0)) for pid in pids}
        extra_mb.append(max(peaks[pid] - idle[pid] for pid in pids) / 1024)
    return {
        "timing": Timing(times),
        "bytes": size,
        "lines": lines,
        "rss_extra_mb": max(extra_mb),
        "rss_runs_mb": extra_mb,
    }


# --- Floors -------------------------------------------------------------------------------------


def capture_sql(path: str, *, username: str) -> list[str]:
    """Return the SQL statements the view behind path runs for a logged-in user (in-process)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    # Warm up first, so what a page caches between requests (counts, say) is left out of its
    # floor as it is left out of its steady-state responses. A stream (export) is closed unread.
    client.get(path).close()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if response.streaming:
            # The export's query is captured when its cursor opens: two chunks are enough, and
            # reading a million rows in-process would only repeat what the download times.
            chunks = iter(response.streaming_content)
            next(chunks, None)
            next(chunks, None)
            response.close()
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in-process")
    return [plain_select(q["sql"]) for q in ctx.captured_queries]


SERVER_CURSOR = re.compile(r"^\s*DECLARE\s+\S+\s+(?:.*?\s)?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+", re.I | re.S)


def plain_select(statement: str) -> str:
    """Return the query of a server-side cursor (QuerySet.iterator()) as a plain statement to time."""
    return SERVER_CURSOR.sub("", statement, count=1)


def app_connection_options() -> dict[str, str]:
    """Return the libpq options the app's own connections use (settings.py: jit=off), for floors alike."""
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {}).get("options")
    return {"options": options} if options else {}


class SqlRunner:
    """Run a page's statements over one psycopg connection, fetching every row, and time them."""

    def __init__(self, dsn: str):
        self.conn = psycopg.connect(dsn, autocommit=True, **app_connection_options())
        self.cur = self.conn.cursor()

    def run(self, statements: list[str]) -> list[float]:
        """Return each statement's time (seconds) for one run of all of them."""
        times = []
        for statement in statements:
            t0 = time.perf_counter()
            self.cur.execute(statement)
            if self.cur.description:
                self.cur.fetchall()
            times.append(time.perf_counter() - t0)
        return times

    def close(self) -> None:
        self.conn.close()


def time_sql(dsn: str, statements: list[str], *, n: int) -> tuple[Timing, list[float]]:
    """Run the statements n times (after one warm-up run); return totals and each statement's median."""
    runner = SqlRunner(dsn)
    try:
        runner.run(statements)
        runs = [runner.run(statements) for _ in range(n)]
    finally:
        runner.close()
    return Timing([sum(r) for r in runs]), [statistics.median(col) for col in zip(*runs, strict=True)]


async def time_page_and_floor(
    client: httpx.AsyncClient, url: str, statements: list[str], runner: SqlRunner, *, n: int, warmup: int = 5
) -> dict:
    """Time a page, the empty view and the page's SQL in interleaved rounds, n of each.

    Interleaving puts the page and its floor under the same load from whatever else runs on the
    machine, so their ratio holds even when the absolute figures drift.
    """
    for _ in range(warmup):
        await client.get(url)
        runner.run(statements)
    page, empty, sql = Timing(), Timing(), Timing()
    per_statement: list[list[float]] = []
    statuses: set[int] = set()
    response = None
    for _ in range(n):
        t0 = time.perf_counter()
        response = await client.get(url)
        body = response.content
        page.samples.append(time.perf_counter() - t0)
        statuses.add(response.status_code)
        t0 = time.perf_counter()
        await client.get("/healthz")
        empty.samples.append(time.perf_counter() - t0)
        times = runner.run(statements)
        sql.samples.append(sum(times))
        per_statement.append(times)
    medians = [statistics.median(col) for col in zip(*per_statement, strict=True)]
    return {
        "timing": page,
        "empty": empty,
        "sql": sql,
        "statuses": sorted(statuses),
        "bytes": len(body),
        "text": response.text,
        "per_statement": medians,
    }


def explain(dsn: str, statement: str) -> str:
    """Return EXPLAIN (ANALYZE, BUFFERS) of a statement, as text."""
    with psycopg.connect(dsn, autocommit=True, **app_connection_options()) as conn:
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement).fetchall()
    return "\n".join(r[0] for r in rows)

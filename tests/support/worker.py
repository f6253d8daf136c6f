"""A real Celery worker process, shared by the worker tests and `make bench`.

The tests start one per test (one pool process, INFO log, ready when it logs "ready.");
the pipeline benchmark starts one with two pool processes and warnings-only logging,
ready when it answers a ping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# Imported by a worker whose first run of each article should linger mid-run (see linger.py).
LINGER = "CLAIMDESK_TEST_EXTRACT_DELAY"
# Imported by a worker whose first suggestion run of each article should kill it (see crash_suggestions.py).
CRASH_SUGGESTIONS = "CLAIMDESK_TEST_CRASH_SUGGESTIONS"


class WorkerDidNotStart(RuntimeError):
    """The worker process exited or stayed silent instead of becoming ready."""


def wait_until(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll predicate until it returns a truthy value or the timeout passes; return the value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class Worker:
    """A `celery worker` process (prefork) with its own environment and log file; stop() ends it."""

    def __init__(
        self,
        name: str,
        *extra_args: str,
        env: dict[str, str],
        log_path: Path,
        concurrency: int = 1,
        loglevel: str = "INFO",
        timeout: float = 60,
    ):
        if env.get(LINGER):
            extra_args = (*extra_args, "--include=tests.support.linger")
        if env.get(CRASH_SUGGESTIONS):
            extra_args = (*extra_args, "--include=tests.support.crash_suggestions")
        self.name, self.log_path, self.loglevel = name, log_path, loglevel
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                f"--loglevel={loglevel}",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_until(lambda: self.proc.poll() is not None or self.ready(), timeout=timeout) or (
            self.proc.poll() is not None
        ):
            self.stop()
            raise WorkerDidNotStart(f"worker {name} did not start:\n{self.output()[-3000:]}")

    def ready(self) -> bool:
        """Return True once the worker takes tasks (its "ready." line, or a ping when it logs warnings only)."""
        if self.loglevel == "INFO":
            return "ready." in self.output()
        from factcheck.celery import app

        return bool(app.control.ping(timeout=1.0))

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill_pool_child(self) -> None:
        """SIGKILL only the pool process running the task; the main worker process lives on."""
        children = f"/proc/{self.proc.pid}/task/{self.proc.pid}/children"
        pids = [int(pid) for pid in open(children).read().split()]
        assert pids, "the worker has no pool process"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the worker and its pool child: no chance to ack, requeue or clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

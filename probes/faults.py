"""Faults: Redis down, a worker killed mid-task, a crowd of submissions, races, slow feeds, lost connections.

Each scenario is one attempt. Thresholds are generous on purpose (the machine is shared):
they separate "answers in a second or two" from the ~20 s hangs and 30 s holds of issue 17.
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from .results import Attempt

TEXT = (
    "The council spent ${n} million on {n} bridges in 2024, the mayor said on Monday.\n\n"
    "Officials said the bridges carry 40,000 cars a day."
)


def wait_for(predicate, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def timed(fn):
    start = time.monotonic()
    try:
        result = fn()
    except httpx.HTTPError as exc:
        result = exc
    return result, time.monotonic() - start


def all_ready(pks) -> bool:
    from claims.models import Article

    return not Article.objects.filter(pk__in=pks).exclude(status__in=["ready", "failed"]).exists()


def submitted_pk(response) -> int | None:
    location = response.headers.get("location", "") if isinstance(response, httpx.Response) else ""
    parts = [p for p in location.split("/") if p.isdigit()]
    return int(parts[0]) if location.startswith("/articles/") and parts else None


def run(stack, people, *, fast: bool = False) -> list[Attempt]:
    from claims.models import Article, Source

    from .people import client_for

    attempts: list[Attempt] = []
    editor = client_for(stack, people["Editor"])
    counter = iter(range(10_000, 99_999))

    def submit(client=None):
        return (client or client_for(stack, people["Editor"])).post(
            "/articles/new/", data={"text": TEXT.format(n=next(counter))}
        )

    # 1-3. Redis down: a submit answers at once and says so; /healthz stays fast; the sweep recovers all.
    stack.redis.stop()
    response, seconds = timed(lambda: submit(editor))
    pk = submitted_pk(response)
    page = editor.get(f"/articles/{pk}/").text if pk else ""
    attempts.append(
        Attempt(
            "Faults",
            "Redis down: POST /articles/new/",
            pk is not None and seconds < 5 and "processing is delayed" in page,
            f"{seconds:.1f} s, article {pk}",
        )
    )
    with ThreadPoolExecutor(4) as pool:
        crowd = [pool.submit(submit) for _ in range(4)]
        checks = [timed(lambda: stack.web.client(timeout=10).get("/healthz")) for _ in range(5)]
        outage = [submitted_pk(f.result()) for f in crowd] + [pk]
    slowest = max(seconds for _, seconds in checks)
    ok = all(isinstance(r, httpx.Response) and r.text == "ok" for r, _ in checks)
    attempts.append(
        Attempt("Faults", "Redis down: GET /healthz during 4 submits", ok and slowest < 2, f"slowest {slowest:.1f} s")
    )
    stack.redis.start()
    recovered = wait_for(lambda: all_ready([p for p in outage if p]), timeout=90)
    states = list(Article.objects.filter(pk__in=[p for p in outage if p]).values_list("status", flat=True))
    attempts.append(
        Attempt(
            "Faults",
            "Redis back: the sweep processes the 5 delayed articles",
            bool(recovered) and len(states) == 5 and set(states) == {"ready"},
            f"{states}",
        )
    )

    # 4. Many submissions at once lose nothing.
    crowd_size = 200 if not fast else 10
    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(lambda _: submit(), range(crowd_size)))
    pks = [submitted_pk(r) for r in responses]
    done = wait_for(lambda: all_ready([p for p in pks if p]), timeout=300 if not fast else 60, interval=1)
    ready = Article.objects.filter(pk__in=[p for p in pks if p], status="ready").count()
    attempts.append(
        Attempt(
            "Faults",
            f"{crowd_size} concurrent POST /articles/new/",
            bool(done) and ready == crowd_size,
            f"{sum(p is not None for p in pks)} accepted, {ready} ready",
        )
    )

    # 5-6. Concurrent source creation: one library row per URL, and per file.
    url = "https://stats.example.org/race"
    with ThreadPoolExecutor(10) as pool:
        list(
            pool.map(
                lambda _: client_for(stack, people["Editor"]).post(
                    "/sources/new/", data={"url": url, "title": "Race", "source_type": "other"}
                ),
                range(10),
            )
        )
    rows = Source.objects.filter(url=url).count()
    attempts.append(Attempt("Faults", "10 concurrent adds of one source URL", rows == 1, f"{rows} rows"))
    content = b"Port arrivals, June 2023: 412 ships.\n"
    with ThreadPoolExecutor(10) as pool:
        list(
            pool.map(
                lambda _: client_for(stack, people["Editor"]).post(
                    "/sources/new/",
                    data={"title": "Race file", "source_type": "other"},
                    files={"file": ("race.txt", content, "text/plain")},
                ),
                range(10),
            )
        )
    rows = Source.objects.filter(title="Race file").count()
    attempts.append(Attempt("Faults", "10 concurrent uploads of one source file", rows == 1, f"{rows} rows"))

    # 7. Slow ClaimReview feeds are the worker's problem, never the web's.
    for n in range(2):
        editor.post("/fact-checks/import/", data={"url": f"{stack.hostile_url}/feed-slow?n={n}"})
    time.sleep(1)
    checks = [timed(lambda: editor.get("/queue/")) for _ in range(6)]
    slowest = max(seconds for _, seconds in checks)
    ok = all(isinstance(r, httpx.Response) and r.status_code == 200 for r, _ in checks)
    attempts.append(
        Attempt("Faults", "2 slow import feeds: GET /queue/ meanwhile", ok and slowest < 3, f"slowest {slowest:.1f} s")
    )

    # 8. The database drops every connection (a PostgreSQL restart): the next requests are served.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    after = [editor.get("/queue/").status_code for _ in range(6)]
    attempts.append(
        Attempt(
            "Faults",
            "PostgreSQL drops all connections: 6 × GET /queue/",
            all(code == 200 for code in after),
            f"{after}",
        )
    )

    # 9. A gunicorn worker is SIGKILLed: the master replaces it and requests keep being served.
    for pid in stack.web.workers()[:1]:
        os.kill(pid, signal.SIGKILL)
    codes = [editor.get("/queue/").status_code for _ in range(6)]
    attempts.append(
        Attempt(
            "Faults", "a gunicorn worker SIGKILLed: 6 × GET /queue/", all(code == 200 for code in codes), f"{codes}"
        )
    )

    if not fast:
        attempts.append(worker_killed_mid_task(stack, editor, submit))
    return attempts


def worker_killed_mid_task(stack, editor, submit) -> Attempt:
    """SIGKILL the worker while it extracts; with the production visibility timeout another picks it up."""
    from claims.models import Article

    stack.worker.stop()
    lingering = stack.start_worker("lingering", beat=False, CLAIMDESK_TEST_EXTRACT_DELAY="60")
    pk = submitted_pk(submit(editor))
    started = wait_for(lambda: Article.objects.filter(pk=pk, status="extracting").exists(), timeout=60)
    lingering.kill()
    killed_at = time.monotonic()
    stack.worker = stack.start_worker("main-again")
    ready = wait_for(lambda: Article.objects.filter(pk=pk, status="ready").exists(), timeout=150, interval=1)
    seconds = time.monotonic() - killed_at
    return Attempt(
        "Faults",
        "worker SIGKILLed mid-extraction",
        bool(started) and bool(ready) and seconds < 120,
        f"ready {seconds:.0f} s after the kill" if ready else "never ready",
    )

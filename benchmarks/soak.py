"""The soak test: reviewers browse and save while articles stream in and one export runs.

    make soak                      # 20 minutes on the 100k data set (SCALE=1000000 for 1M), writes benchmarks/SOAK.md
    make soak SOAK_MINUTES=2       # a shorter smoke run
    from benchmarks.soak import soak; figures = soak(base_env=…, seconds=5, …)   # tests/performance/test_soak.py

What runs, all against 127.0.0.1 only, every loop bounded by the deadline:

- gunicorn (2 sync workers) and a real Celery worker (2 processes), as in production;
- 4 reviewers (reviewer01…04, logged in through the login form), each in a loop of: a queue page
  (one of the queue variants), a claim page from their own pool of claims, and every third round
  a save (the claim's reviewed wording, with its version, through the wording form), with a
  short pause between requests;
- continuous ingest: pasted ~1,000-word articles through the article form, two in flight at a
  time, so the worker is never idle;
- one CSV export of every claim, started a third of the way in.

Each page's p95 is measured idle (one client, nothing else running) before and after, and during
the soak in quarters, so a page that degrades over time shows as a rising quarter; the RSS of every
gunicorn and Celery process is sampled at the start, every 10 s and at the end. What the soak saved
is undone afterwards (wordings reset, the ingested articles deleted; the append-only timeline keeps
its "wording edited" entries, on claims no page benchmark shows), so the data set keeps its figures.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from .pipeline import PIPELINE_USER, articles_generate, pipeline_cleanup, wait_ready
from .web import Gunicorn, Timing, proc_status

REVIEWERS = 4
THINK_SECONDS = 0.5  # a reviewer's pause between requests
SAVE_EVERY = 3  # rounds
IN_FLIGHT = 2  # ingested articles waiting for the worker at any time
RSS_EVERY = 10.0  # seconds
IDLE_REQUESTS = 20
P95_TOLERANCE = 1.20  # issue 18: each page's p95 within 20% of its idle value
SOAK_WORDING = "Soak test wording"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Samples:
    """Latencies per page label, each with the monotonic time it was taken at."""

    rows: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, at: float, seconds: float) -> None:
        with self.lock:
            self.rows.setdefault(label, []).append((at, seconds))


def guarded(target, errors: list[str]):
    """Return target wrapped so an exception in its thread is recorded (and reported), not lost."""

    def run(**kwargs):
        try:
            target(**kwargs)
        except Exception as exc:  # noqa: BLE001 - reported in the soak's table
            errors.append(f"{target.__name__}: {exc.__class__.__name__}: {exc}"[:300])

    return run


def login(base_url: str, username: str, password: str) -> httpx.Client:
    """Return a client logged in through the login form."""
    client = httpx.Client(base_url=base_url, timeout=120)
    page = client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": TOKEN.search(page.text)[1]},
    )
    if response.status_code != 302:
        raise RuntimeError(f"Login as {username} failed ({response.status_code})")
    return client


def page_paths(*, showcase: dict, reviewer: str) -> dict[str, str]:
    """Return label -> path of the pages whose p95 the soak follows."""
    return {
        "Queue, unfiltered": "/queue/",
        "Queue, status=in_review + assignee=<reviewer>": f"/queue/?status=in_review&assignee={reviewer}",
        "Queue, full-text q=budget": "/queue/?q=budget",
        "Claim page (showcase)": f"/claims/{showcase['claim_id']}/",
        "Article page (3,000 words)": f"/articles/{showcase['big_article_id']}/",
    }


def timed_get(client: httpx.Client, path: str) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    response = client.get(path)
    response.read()
    return time.perf_counter() - t0, response


def idle_p95(client: httpx.Client, paths: dict[str, str], *, n: int) -> dict[str, Timing]:
    """Return each page's latencies with nothing else running (after 3 warm-up requests)."""
    out = {}
    for label, path in paths.items():
        for _ in range(3):
            timed_get(client, path)
        out[label] = Timing([timed_get(client, path)[0] for _ in range(n)])
    return out


def process_tree(pid: int) -> list[int]:
    """Return pid and its children (gunicorn's workers, Celery's pool processes)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(p) for p in path.read_text().split()] if path.exists() else []
    return [pid, *children]


def rss_mb(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            out[pid] = proc_status(pid)["VmRSS"] / 1024
        except (FileNotFoundError, KeyError):
            pass
    return out


def reviewer_loop(
    client: httpx.Client, *, name: str, paths: dict[str, str], pool: list[int], deadline: float, samples: Samples, seed
):
    """Browse the queue and claims, saving a wording every SAVE_EVERY rounds, until the deadline."""
    rng = random.Random(seed)
    queue_labels = [label for label in paths if label.startswith("Queue")]
    rounds = 0
    while time.monotonic() < deadline:
        label = rng.choice(queue_labels + ["Claim page (showcase)", "Article page (3,000 words)"])
        seconds, response = timed_get(client, paths[label])
        samples.add(label, time.monotonic(), seconds)
        if response.status_code != 200:
            samples.add(f"errors: {label} HTTP {response.status_code}", time.monotonic(), 0.0)
        time.sleep(THINK_SECONDS)
        claim_id = rng.choice(pool)
        seconds, page = timed_get(client, f"/claims/{claim_id}/")
        samples.add("Claim page (a reviewer's claims)", time.monotonic(), seconds)
        rounds += 1
        if rounds % SAVE_EVERY == 0 and time.monotonic() < deadline:
            form = re.search(r'action="/claims/\d+/wording/".*?</form>', page.text, re.S)
            version = re.search(r'name="version" value="(\d+)"', form[0]) if form else None
            if version:
                t0 = time.perf_counter()
                saved = client.post(
                    f"/claims/{claim_id}/wording/",
                    data={
                        "claim_reviewed": f"{SOAK_WORDING} {name} {rounds}",
                        "version": version[1],
                        "csrfmiddlewaretoken": TOKEN.search(page.text)[1],
                    },
                )
                samples.add("Save wording (POST + redirect)", time.monotonic(), time.perf_counter() - t0)
                if saved.status_code not in (200, 302):
                    samples.add(f"errors: save HTTP {saved.status_code}", time.monotonic(), 0.0)
        time.sleep(THINK_SECONDS)


def ingest_loop(client: httpx.Client, *, dsn: str, deadline: float, results: dict) -> None:
    """Keep IN_FLIGHT pasted articles waiting for the worker until the deadline; record their latencies."""
    texts = fresh_articles()
    token = TOKEN.search(client.get("/articles/new/").text)[1]
    pending: dict[int, float] = {}
    latencies, failed = [], 0
    while time.monotonic() < deadline or pending:
        while len(pending) < IN_FLIGHT and time.monotonic() < deadline:
            _title, text = next(texts)
            t_submit = time.time()
            response = client.post("/articles/new/", data={"text": text, "csrfmiddlewaretoken": token})
            found = re.search(r"/articles/(\d+)/", response.headers.get("location", ""))
            if response.status_code == 302 and found:
                pending[int(found[1])] = t_submit
            else:
                failed += 1
        done = wait_ready(dsn, list(pending), timeout=0.0) if pending else {}
        for article_id, (status, extracted_at) in done.items():
            if status == "ready":
                latencies.append(extracted_at - pending[article_id])
            else:
                failed += 1
            pending.pop(article_id)
        if time.monotonic() > deadline + 120:  # the worker stopped answering: report what finished
            failed += len(pending)
            break
        time.sleep(0.2)
    results.update(ingested=len(latencies), failed=failed, latency=Timing(latencies) if latencies else None)


def fresh_articles(batch: int = 20):
    """Yield generated (title, text) articles without end, a batch at a time (each batch its own seed)."""
    seed, run = 4242, time.time_ns()
    while True:
        for title, text in articles_generate(batch, seed=seed):
            # A line of its own keeps each paste unique: the intake warns before a second copy of a text.
            yield title, f"{text}\n\nSoak run {run}, article {seed}-{hash(title) & 0xFFFF}."
        seed += 1


def export_once(client: httpx.Client, *, results: dict) -> None:
    """Download the CSV export of every claim once; record its time and size."""
    t0, size, lines = time.perf_counter(), 0, 0
    with client.stream("GET", "/queue/export.csv") as response:
        for chunk in response.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
        status = response.status_code
    results.update(seconds=time.perf_counter() - t0, bytes=size, rows=max(0, lines - 1), status=status)


def wording_pool(dsn: str, *, per_reviewer: int, reviewers: int, avoid: set[int]) -> list[list[int]]:
    """Return each reviewer's claims to save: in review, no wording yet, newest articles first."""
    with psycopg.connect(dsn) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM claims_claim WHERE status = 'in_review' AND claim_reviewed = '' "
                "ORDER BY article_created_at DESC, id LIMIT %s",
                [per_reviewer * reviewers + len(avoid)],
            )
            if r[0] not in avoid
        ]
    return [ids[i::reviewers] for i in range(reviewers)]


def undo(dsn: str, *, claim_ids: list[int], first_event_id: int) -> dict[str, int]:
    """Reset the wordings the soak saved and delete the ingested articles.

    The timeline is append-only (a trigger refuses deletes), so the soak's "wording edited"
    entries stay, on claims the page benchmarks do not show; they are counted.
    """
    with psycopg.connect(dsn) as conn:
        events = conn.execute(
            "SELECT count(*) FROM claims_event WHERE id >= %s AND claim_id = ANY(%s) AND action = 'wording_edited'",
            [first_event_id, claim_ids],
        ).fetchone()[0]
        wordings = conn.execute(
            "UPDATE claims_claim SET claim_reviewed = '' WHERE id = ANY(%s) AND claim_reviewed LIKE %s",
            [claim_ids, SOAK_WORDING + "%"],
        ).rowcount
    return {"events": events, "wordings": wordings, "articles": pipeline_cleanup(dsn)}


def soak(
    *,
    base_env: dict[str, str],
    dsn: str,
    showcase: dict,
    password: str,
    seconds: float,
    var: Path,
    log=print,
    idle_requests: int = IDLE_REQUESTS,
) -> dict:
    """Run the soak for `seconds`; return its figures (see report())."""
    from tests.support.worker import Worker

    reviewers = showcase["reviewer_usernames"][:REVIEWERS]
    with psycopg.connect(dsn) as conn:
        first_event_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claims_event").fetchone()[0]
    pools = wording_pool(dsn, per_reviewer=40, reviewers=len(reviewers), avoid={showcase["claim_id"]})
    if not all(pools):
        raise RuntimeError("The data set has too few claims in review without a wording for the soak")
    pipeline_cleanup(dsn)
    var.mkdir(parents=True, exist_ok=True)
    server = Gunicorn(env=base_env, workers=2, log_path=var / "soak-gunicorn.log")
    server.start()
    worker = None
    figures: dict = {"seconds": seconds, "reviewers": len(reviewers)}
    try:
        import redis

        redis.Redis.from_url(base_env["REDIS_URL"]).flushdb()  # no stale messages from an earlier run
        worker_env = {**base_env, "DB_CONN_MAX_AGE": "60"}
        worker = Worker(
            "soak", env=worker_env, log_path=var / "soak-worker.log", concurrency=2, loglevel="WARNING", timeout=120
        )
        clients = [login(server.base_url, name, password) for name in reviewers]
        ingest_client = login(server.base_url, PIPELINE_USER, password)
        paths = page_paths(showcase=showcase, reviewer=reviewers[0])
        log(f"  idle p95 of {len(paths)} pages ({idle_requests} requests each)")
        figures["idle_before"] = idle_p95(clients[0], paths, n=idle_requests)
        # Warm the worker (imports, spaCy) with one article before anything is timed.
        ingest_loop(ingest_client, dsn=dsn, deadline=time.monotonic() + 0.05, results={})
        processes = {"web": process_tree(server.proc.pid), "worker": process_tree(worker.proc.pid)}
        rss = {"start": {kind: rss_mb(pids) for kind, pids in processes.items()}, "samples": []}
        samples, ingest, export, crashed = Samples(), {}, {}, []
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=guarded(reviewer_loop, crashed),
                kwargs={
                    "client": client,
                    "name": name,
                    "paths": page_paths(showcase=showcase, reviewer=name),
                    "pool": pool,
                    "deadline": deadline,
                    "samples": samples,
                    "seed": index,
                },
                daemon=True,
            )
            for index, (client, name, pool) in enumerate(zip(clients, reviewers, pools, strict=True))
        ]
        threads.append(
            threading.Thread(
                target=guarded(ingest_loop, crashed),
                kwargs={"client": ingest_client, "dsn": dsn, "deadline": deadline, "results": ingest},
                daemon=True,
            )
        )
        export_client = login(server.base_url, showcase["editor_username"], password)

        def export_later():
            time.sleep(seconds / 3)
            export_once(export_client, results=export)

        threads.append(threading.Thread(target=guarded(export_later, crashed), daemon=True))
        log(f"  soak: {len(reviewers)} reviewers, continuous ingest and one export for {seconds:.0f} s")
        for thread in threads:
            thread.start()
        while time.monotonic() < deadline:
            time.sleep(min(RSS_EVERY, max(0.0, deadline - time.monotonic())))
            rss["samples"].append(
                (time.monotonic() - started, {kind: sum(rss_mb(pids).values()) for kind, pids in processes.items()})
            )
        for thread in threads:
            thread.join(timeout=max(60.0, seconds))  # the export and the last ingested articles may run on
        rss["end"] = {kind: rss_mb(pids) for kind, pids in processes.items()}
        figures["idle_after"] = idle_p95(clients[0], paths, n=idle_requests)
        figures.update(samples=samples.rows, started=started, rss=rss, ingest=ingest, export=export, crashed=crashed)
    finally:
        if worker:
            worker.stop(timeout=30)
        server.stop()
        figures["undone"] = undo(dsn, claim_ids=[i for pool in pools for i in pool], first_event_id=first_event_id)
    return figures


def quarters(rows: list[tuple[float, float]], *, started: float, seconds: float) -> list[Timing | None]:
    """Return the latencies of each quarter of the soak (None for a quarter with no sample)."""
    out: list[list[float]] = [[], [], [], []]
    for at, value in rows:
        out[min(3, max(0, int((at - started) / (seconds / 4))))].append(value)
    return [Timing(q) if q else None for q in out]


def report(figures: dict, *, header: list[str]) -> str:
    """Return SOAK.md: p95 per page idle / during / by quarter, ingest, export and RSS."""

    def ms(t: Timing | None) -> str:
        return "—" if t is None else f"{t.p95 * 1000:.0f}"

    seconds, started = figures["seconds"], figures["started"]
    lines = [
        "# Claimdesk soak test",
        "",
        *header,
        f"- {figures['reviewers']} reviewers (think time {THINK_SECONDS} s, a save every {SAVE_EVERY} rounds), "
        f"continuous ingest ({IN_FLIGHT} pasted articles in flight through a real Celery worker, 2 processes), "
        f"one CSV export started at {seconds / 3:.0f} s; gunicorn 2 sync workers; {seconds / 60:.1f} minutes.",
        f"- Target: each page's p95 during the soak within {P95_TOLERANCE - 1:.0%} of its idle p95; "
        "no RSS growth in web or worker processes.",
        "",
        "| Page | Idle p95 before (ms) | p95 during the soak (ms) | Soak / idle | p95 by quarter (ms) "
        "| Idle p95 after (ms) | Requests | Met |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    errors = {label: len(rows) for label, rows in figures["samples"].items() if label.startswith("errors")}
    labels = [label for label in figures["samples"] if not label.startswith("errors")]
    for label in labels:
        rows = figures["samples"][label]
        during = Timing([v for _, v in rows])
        idle = figures["idle_before"].get(label)
        after = figures["idle_after"].get(label)
        ratio = during.p95 / idle.p95 if idle else None
        by_quarter = " / ".join(ms(q) for q in quarters(rows, started=started, seconds=seconds))
        met = "—" if ratio is None else ("met" if ratio <= P95_TOLERANCE else "**not met**")
        lines.append(
            f"| {label} | {ms(idle)} | {ms(during)} | {'—' if ratio is None else f'{ratio:.1f}×'} | {by_quarter} "
            f"| {ms(after)} | {len(rows)} | {met} |"
        )
    ingest, export = figures["ingest"], figures["export"]
    lat = ingest.get("latency")
    lines += [
        "",
        f"- Ingest: {ingest.get('ingested', 0)} articles extracted in {seconds:.0f} s "
        f"({ingest.get('ingested', 0) / seconds:.2f} articles/s), {ingest.get('failed', 0)} failed; submit → claims "
        f"visible median {lat.median:.1f} s, p95 {lat.p95:.1f} s"
        if lat
        else f"- Ingest: no article finished in {seconds:.0f} s ({ingest.get('failed', 0)} failed)",
        f"- Export during the soak: {export['rows']:,} rows, {export['bytes'] / 1e6:.1f} MB in "
        f"{export['seconds']:.1f} s (HTTP {export['status']})"
        if export
        else "- Export during the soak: did not finish",
        f"- Errors: {', '.join(f'{k[8:]} ×{v}' for k, v in errors.items())}" if errors else "- Errors: none",
        *(f"- A simulated user stopped: {line}" for line in figures.get("crashed", [])),
        "",
        "| Processes | RSS at start (MB) | RSS at end (MB) | Growth | Largest sample (MB) | Met |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    rss = figures["rss"]
    for kind in ("web", "worker"):
        start, end = sum(rss["start"][kind].values()), sum(rss["end"][kind].values())
        peak = max([s[kind] for _, s in rss["samples"]] + [start, end])
        # "No growth": the end within 10% (and 20 MB) of the start, the steady state after warm-up.
        ok = end <= max(start * 1.10, start + 20)
        lines.append(
            f"| {kind} ({len(rss['start'][kind])} processes) | {start:.0f} | {end:.0f} | {end - start:+.0f} MB "
            f"| {peak:.0f} | {'met' if ok else '**not met**'} |"
        )
    trend = ", ".join(
        f"{at:.0f} s: {s['web']:.0f} / {s['worker']:.0f}"
        for at, s in rss["samples"][:: max(1, len(rss["samples"]) // 12)]
    )
    lines += ["", f"RSS web / worker (MB) over the soak: {trend or '—'}.", ""]
    undone = figures.get("undone", {})
    lines.append(
        f"Undone afterwards: {undone.get('wordings', 0)} wordings reset and {undone.get('articles', 0)} ingested rows "
        f"deleted; {undone.get('events', 0)} “wording edited” timeline entries stay (the timeline is append-only)."
    )
    return "\n".join(lines) + "\n"

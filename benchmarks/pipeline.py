"""Time the extraction pipeline: web form -> Redis -> a real Celery worker (2 processes) -> PostgreSQL.

Articles are submitted through gunicorn like a user would (the paste form, or a URL served by a
local HTTP server), and "claims visible" is the moment the article row turns `ready` (its claims
are committed in the same transaction): `extracted_at` minus the client's clock before the POST.
Everything submitted here belongs to the `bench-pipeline` user and is deleted afterwards, so
the generated data set keeps its size.
"""

from __future__ import annotations

import random
import re
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psycopg

from tests.support.worker import Worker

from .dataset import OUTLETS, REGIONS, TOPICS, _compose, _Text
from .web import Timing

ROOT = Path(__file__).resolve().parent.parent
PIPELINE_USER = "bench-pipeline"


def articles_generate(n: int, *, words: int = 1_000, seed: int = 88) -> list[tuple[str, str]]:
    """Return n (title, text) articles of about `words` words with check-worthy sentences."""
    text = _Text(random.Random(seed))
    out = []
    for _ in range(n):
        title = f"{text.rng.choice(TOPICS).capitalize()} in {text.rng.choice(REGIONS)}: a closer look"
        claims = [text.claim()[0] for _ in range(14)]
        out.append((title, _compose(text, claims, words).text))
    return out


def html_page(title: str, text: str, outlet: str) -> str:
    """Wrap article text in a news page with navigation, related links and a footer."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    nav = "".join(
        f'<li><a href="/section/{s}">{s.title()}</a></li>'
        for s in ("news", "politics", "economy", "health", "sport", "opinion")
    )
    related = "".join(f'<li><a href="/story/{i}">More on {t}</a></li>' for i, t in enumerate(TOPICS[:6]))
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title} | {outlet}</title>"
        f'<meta property="og:site_name" content="{outlet}"><meta name="author" content="Desk Reporter">'
        f'<meta property="article:published_time" content="2026-03-14T08:00:00Z"></head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>"
        f'<p class="byline">By Desk Reporter, {outlet}</p>{paragraphs}</article>'
        f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>"
        f"<footer><p>© 2026 {outlet}. All rights reserved.</p><p>Subscribe to our newsletter</p></footer>"
        f"</body></html>"
    )


class PageServer:
    """A local HTTP server serving generated HTML pages at /page/<i>.html."""

    def __init__(self, pages: list[str]):
        body = [p.encode() for p in pages]

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                m = re.fullmatch(r"/page/(\d+)\.html", self.path)
                if not m or int(m[1]) >= len(body):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body[int(m[1])])))
                self.end_headers()
                self.wfile.write(body[int(m[1])])

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A host name, not the literal 127.0.0.1: the article form refuses literal internal
        # addresses, and only the worker (CLAIMDESK_FETCH_ALLOW_LOOPBACK) may reach loopback.
        self.base_url = f"http://localhost:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _csrf(client: httpx.Client) -> str:
    page = client.get("/articles/new/")
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not m:
        raise RuntimeError(f"No form at /articles/new/ (status {page.status_code})")
    return m[1]


def submit(client: httpx.Client, token: str, data: dict) -> tuple[int, float]:
    """POST the article form; return (article id, wall-clock time just before the POST)."""
    t_submit = time.time()
    response = client.post("/articles/new/", data={**data, "csrfmiddlewaretoken": token})
    m = re.search(r"/articles/(\d+)/", response.headers.get("location", ""))
    if response.status_code != 302 or not m:
        raise RuntimeError(f"Submitting an article failed: {response.status_code} {response.text[:300]}")
    return int(m[1]), t_submit


def wait_ready(dsn: str, ids: list[int], *, timeout: float, poll: float = 0.01) -> dict[int, tuple[str, float]]:
    """Poll until every article is ready or failed; return id -> (status, extracted_at as epoch)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:
            rows = conn.execute(
                "SELECT id, status, extracted_at FROM claims_article WHERE id = ANY(%s) "
                "AND status IN ('ready', 'failed')",
                [ids],
            ).fetchall()
            if len(rows) == len(ids) or time.monotonic() > deadline:
                return {r[0]: (r[1], r[2].timestamp() if r[2] else float("nan")) for r in rows}
            time.sleep(poll)


def claims_stored(dsn: str, ids: list[int]) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*) FROM claims_appearance WHERE article_id = ANY(%s)", [ids]).fetchone()[0]


def pipeline_cleanup(dsn: str) -> int:
    """Delete the articles (with their claims and timeline) the pipeline benchmark submitted."""
    from claims.models import Article

    return Article.objects.filter(submitted_by__username=PIPELINE_USER).delete()[0]


def run_batch(client, token, dsn, batch: list[dict], *, timeout: float) -> dict:
    """Submit a batch as fast as the form allows, wait for all; return throughput and latencies."""
    submitted = [submit(client, token, data) for data in batch]
    ids = [i for i, _ in submitted]
    done = wait_ready(dsn, ids, timeout=timeout)
    failed = [i for i in ids if done.get(i, ("missing",))[0] != "ready"]
    latencies = [done[i][1] - t for i, t in submitted if i in done and done[i][0] == "ready"]
    finished = max((done[i][1] for i in ids if i in done and done[i][0] == "ready"), default=float("nan"))
    return {
        "n": len(ids),
        "failed": len(failed),
        "claims": claims_stored(dsn, ids),
        "seconds": finished - submitted[0][1],
        "per_second": len(latencies) / (finished - submitted[0][1]) if latencies else 0.0,
        "latency": Timing(latencies) if latencies else None,
    }


def measure(
    *,
    base_url: str,
    dsn: str,
    worker_env: dict[str, str],
    password: str,
    log,
    var: Path,
    pasted: int = 200,
    pages: int = 50,
    single: int = 20,
) -> dict:
    """Run the pipeline benchmark; return its figures."""
    import trafilatura

    from claims import extraction

    pipeline_cleanup(dsn)
    texts = articles_generate(pasted + single + 2)
    outlets = [OUTLETS[i % len(OUTLETS)] for i in range(pages)]
    html = [html_page(title, text, outlets[i]) for i, (title, text) in enumerate(articles_generate(pages, seed=99))]
    results: dict = {}

    # Extraction alone (in this process, no database) and trafilatura's own time on the same pages.
    words = sum(len(t.split()) for _, t in texts[:pasted])
    t0 = time.perf_counter()
    claims_found = sum(len(extraction.extract(t, is_html=False).claims) for _, t in texts[:pasted])
    results["extract_text_ms_per_1000_words"] = (time.perf_counter() - t0) * 1000 / (words / 1000)
    results["extract_text_claims"] = claims_found
    extraction.extract(html[0], is_html=True)  # first call loads trafilatura's lazy parts
    ours, theirs = Timing(), Timing()
    for page in html:
        t0 = time.perf_counter()
        extraction.extract(page, is_html=True)
        ours.samples.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        # The same call, with the same options, that claims.extraction.clean makes.
        trafilatura.bare_extraction(page, with_metadata=True, favor_precision=True, include_comments=False)
        theirs.samples.append(time.perf_counter() - t0)
    results["extract_html"] = ours
    results["trafilatura_html"] = theirs
    log(
        f"  extraction alone: {results['extract_text_ms_per_1000_words']:.1f} ms per 1,000 words; "
        f"HTML page {ours.median * 1000:.1f} ms vs trafilatura {theirs.median * 1000:.1f} ms"
    )

    import redis

    redis.Redis.from_url(worker_env["REDIS_URL"]).flushdb()  # no stale messages from an earlier run
    server = PageServer(html)
    worker = Worker(
        "bench", env=worker_env, log_path=var / "bench-worker.log", concurrency=2, loglevel="WARNING", timeout=90
    )
    try:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            token = _csrf(_login(client, password))
            # Warm the worker's processes (imports, spaCy) before timing anything.
            run_batch(client, token, dsn, [{"text": t} for _, t in texts[-2:]], timeout=120)
            latencies = []
            for _, t in texts[pasted : pasted + single]:  # one at a time: latency with an idle queue
                article_id, t_submit = submit(client, token, {"text": t})
                status, extracted_at = wait_ready(dsn, [article_id], timeout=60)[article_id]
                if status == "ready":
                    latencies.append(extracted_at - t_submit)
            results["single_latency"] = Timing(latencies)
            log(
                f"  one pasted article at a time: median {results['single_latency'].median * 1000:.0f} ms "
                f"submit -> claims visible"
            )
            results["pasted"] = run_batch(client, token, dsn, [{"text": t} for _, t in texts[:pasted]], timeout=600)
            log(f"  {pasted} pasted articles: {results['pasted']['per_second']:.1f} articles/s")
            results["fetched"] = run_batch(
                client, token, dsn, [{"url": f"{server.base_url}/page/{i}.html"} for i in range(pages)], timeout=600
            )
            log(f"  {pages} fetched pages: {results['fetched']['per_second']:.1f} articles/s")
    finally:
        worker.stop(timeout=30)
        server.close()
        removed = pipeline_cleanup(dsn)
        log(f"  removed {removed} rows the pipeline benchmark created")
    results["measured_at"] = datetime.now(UTC)
    return results


def _login(client: httpx.Client, password: str) -> httpx.Client:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/accounts/login/", data={"username": PIPELINE_USER, "password": password, "csrfmiddlewaretoken": token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"Login as {PIPELINE_USER} failed ({response.status_code})")
    return client

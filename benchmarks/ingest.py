"""Benchmark: what matching costs one ingested article, at 10k, 100k and 1M stored claims.

    DATABASE_URL=postgres://…/claimdesk_bench .venv/bin/python benchmarks/ingest.py --scales 10000,100000
    from benchmarks.ingest import main; main(scales=[10_000, 100_000])   # called by `make bench`

Each size runs in a child process on that size's benchmark database (claimdesk_bench_10k,
claimdesk_bench, claimdesk_bench_1m: generated once with COPY, like run.py's). Pasted
~1,000-word articles (benchmarks/pipeline.py's generator, the data set's vocabulary) are
extracted untimed; then the database half of `article_extract` runs inside a transaction that
is rolled back, so the data set keeps its size:

- duplicate lookup: `article_mark_duplicate` (article band keys, JSONB `?|` lookup, shingles);
- claims: `claims_replace` (wording look-up, inserts, band keys) and the `claims_suggest` that
  `article_extract` runs for the new claims once they are committed (here in the same rolled-back
  transaction), whose
  candidate query (`claims_candidates`: band keys -> claims sharing the most keys -> ranked by
  pg_trgm similarity()) is timed on its own, with the number of band rows it reads.

"Flat" means the per-article cost at the largest size is within 1.5x of the smallest: a cost
that grows with history shows as a ratio near the ratio of the sizes (100x from 10k to 1M).

Beside the real candidate query, the same query with each band key's posting list capped
(the KEY_CAP newest claims per key, a LATERAL index-only scan) is timed on the same claims,
with how many of the real query's candidates it still finds: what a flat cost would take.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
FLAT_RATIO = 1.5  # largest / smallest size's median per-article matching cost
KEY_CAP = 200  # claims read per band key by the capped variant of the candidate query

CAPPED_SQL = """
    WITH wanted(query_id, key) AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[])),
    wording(query_id, text) AS (SELECT * FROM unnest(%s::bigint[], %s::text[])),
    sharing AS (
        SELECT w.query_id, p.claim_id,
               row_number() OVER (PARTITION BY w.query_id ORDER BY count(*) DESC, p.claim_id DESC) AS rank
        FROM wanted w CROSS JOIN LATERAL (
            SELECT b.claim_id FROM claims_claimband b WHERE b.key = w.key ORDER BY b.claim_id DESC LIMIT %s
        ) p
        GROUP BY w.query_id, p.claim_id
    ),
    ranked AS (
        SELECT s.query_id, c.id,
               row_number() OVER (PARTITION BY s.query_id ORDER BY similarity(c.text, q.text) DESC, c.id) AS place
        FROM sharing s
        JOIN claims_claim c ON c.id = s.claim_id
        JOIN wording q ON q.query_id = s.query_id
        WHERE s.rank <= %s AND c.merged_into_id IS NULL AND c.id <> s.query_id
    )
    SELECT query_id, id FROM ranked WHERE place <= %s
"""


def _median_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(*, articles: int, warmup: int = 3, log) -> dict:
    """Time the matching of `articles` generated articles against the stored claims (rolled back)."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from benchmarks.pipeline import PIPELINE_USER, articles_generate
    from claims import extraction
    from claims.matching import minhash, suggestions
    from claims.models import Article, Claim, ClaimBand
    from claims.pipeline.appearances import claims_replace
    from claims.pipeline.extract import article_mark_duplicate

    user = User.objects.get(username=PIPELINE_USER)
    texts = [text for _, text in articles_generate(articles + warmup, seed=404)]
    docs = [extraction.extract(text, is_html=False) for text in texts]
    candidate_seconds: list[float] = []
    real_candidates = suggestions.claims_candidates

    found: list[dict] = []

    def timed_candidates(**kwargs):
        t0 = time.perf_counter()
        try:
            result = real_candidates(**kwargs)
            found.append(result)
            return result
        finally:
            candidate_seconds.append(time.perf_counter() - t0)

    rows: list[dict] = []
    suggestions.claims_candidates = timed_candidates
    try:
        for n, (text, doc) in enumerate(zip(texts, docs, strict=True)):
            keys = {key for claim in doc.claims for key in minhash.claim_keys(claim.text)}
            band_rows = ClaimBand.objects.filter(key__in=keys).count()
            candidate_seconds.clear()
            found.clear()
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                article = Article.objects.create(
                    origin=Article.Origin.PASTE, raw=text, status=Article.Status.EXTRACTING, submitted_by=user
                )
                article.set_text(doc.text)
                t0 = time.perf_counter()
                article_mark_duplicate(article=article)
                t1 = time.perf_counter()
                created = claims_replace(article=article, extracted=doc.claims)
                t_stored = time.perf_counter()
                suggestions.claims_suggest(claims=created)
                t2 = time.perf_counter()
                capped_seconds, kept = _capped(found)
                transaction.set_rollback(True)
            if n < warmup:
                continue
            rows.append(
                {
                    "duplicate": t1 - t0,
                    "claims": t2 - t1,
                    "stored": t_stored - t0,  # what comes before the claims are visible
                    "candidates": sum(candidate_seconds),
                    "capped": capped_seconds,
                    "kept": kept,
                    "queries": len(queries),
                    "band_rows": band_rows,
                    "new_claims": len(doc.claims),
                }
            )
    finally:
        suggestions.claims_candidates = real_candidates
    stored = Claim.objects.count()
    figures = {"stored_claims": stored, "articles": len(rows)}
    for key in ("duplicate", "claims", "stored", "candidates", "capped"):
        figures[f"{key}_median_ms"], figures[f"{key}_p95_ms"] = (
            round(v * 1000, 1) for v in _median_p95([r[key] for r in rows])
        )
    total = [r["duplicate"] + r["claims"] for r in rows]
    figures["matching_median_ms"], figures["matching_p95_ms"] = (round(v * 1000, 1) for v in _median_p95(total))
    figures["queries_per_article"] = sorted({r["queries"] for r in rows})
    figures["band_rows_per_article_median"] = statistics.median(r["band_rows"] for r in rows)
    figures["claims_per_article_median"] = statistics.median(r["new_claims"] for r in rows)
    kept = [r["kept"] for r in rows if r["kept"] is not None]
    figures["capped_found_share"] = round(statistics.mean(kept), 3) if kept else None
    figures["explain"] = _explain_candidates(doc.claims)
    log(
        f"  {stored:,} stored claims: matching {figures['matching_median_ms']} ms per article "
        f"(candidates {figures['candidates_median_ms']} ms, duplicate lookup {figures['duplicate_median_ms']} ms; "
        f"{figures['stored_median_ms']} ms before the claims are stored, the rest suggestions), "
        f"{figures['band_rows_per_article_median']:,.0f} band rows read; capped at {KEY_CAP} per key: "
        f"{figures['capped_median_ms']} ms, {figures['capped_found_share']} of the candidates found"
    )
    return figures


def _capped(found: list[dict]) -> tuple[float, float | None]:
    """Time the capped candidate query on the claims the real one ran for; return (seconds, share found)."""
    from django.db import connection

    from claims.matching.candidates import CANDIDATE_LIMIT, RANK_LIMIT
    from claims.matching.minhash import claim_keys
    from claims.models import Claim

    if not found:
        return 0.0, None
    real = {pk: {c.pk for c, _ in candidates} for pk, candidates in found[0].items()}
    texts = dict(Claim.objects.filter(pk__in=real).values_list("pk", "text"))
    key_rows = [(pk, key) for pk, text in texts.items() for key in set(claim_keys(text))]
    params = [
        [pk for pk, _ in key_rows],
        [key for _, key in key_rows],
        list(texts),
        list(texts.values()),
        KEY_CAP,
        RANK_LIMIT,
        CANDIDATE_LIMIT,
    ]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(CAPPED_SQL, params)
        rows = cursor.fetchall()
    seconds = time.perf_counter() - t0
    capped: dict[int, set[int]] = {}
    for query_id, claim_id in rows:
        capped.setdefault(query_id, set()).add(claim_id)
    wanted = sum(len(ids) for ids in real.values())
    kept = sum(len(ids & capped.get(pk, set())) for pk, ids in real.items())
    return seconds, (kept / wanted if wanted else None)


def _explain_candidates(extracted) -> str:
    """Return EXPLAIN ANALYZE of the candidate query for one article's claims (its profile)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from claims.matching.candidates import claims_candidates

    queries = [(-(i + 1), claim.text) for i, claim in enumerate(extracted)]
    with CaptureQueriesContext(connection) as captured:
        claims_candidates(queries=queries)
    statement = next((q["sql"] for q in captured if "row_number()" in q["sql"]), None)
    if statement is None:
        return ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement)
        return "\n".join(row[0] for row in cursor.fetchall())


def child(*, claims: int, articles: int, log) -> dict:
    """Ensure this size's data set (in DATABASE_URL's database) and measure it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    import django

    django.setup()
    from benchmarks import database
    from benchmarks.dataset import Size

    marker = database.dataset_ensure(
        database_url=os.environ["DATABASE_URL"], regenerate=False, log=log, size=Size.for_claims(claims)
    )
    figures = measure(articles=articles, log=log)
    figures["generated_seconds"] = round(marker["seconds"], 1)
    return figures


def main(*, scales: list[int], articles: int = 30, log=None) -> dict:
    """Measure each size in its own child process; return {size label: figures} and the verdict."""
    import subprocess

    from benchmarks.database import scale_label, scaled_database_url

    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    # run.py points DATABASE_URL at its own scale's database; the default size's name is kept beside it.
    base_url = os.environ.get("CLAIMDESK_BENCH_DATABASE_URL") or os.environ["DATABASE_URL"]
    by_scale: dict[str, dict] = {}
    for claims in scales:
        url = scaled_database_url(base_url, claims)
        env = {**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "0"}
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(claims), "--articles", str(articles)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        for line in proc.stderr.splitlines():
            log(line)
        if proc.returncode != 0:
            raise RuntimeError(f"ingest benchmark at {claims:,} claims failed with status {proc.returncode}")
        by_scale[scale_label(claims)] = json.loads(proc.stdout)
    first, last = by_scale[scale_label(scales[0])], by_scale[scale_label(scales[-1])]
    ratio = last["matching_median_ms"] / max(first["matching_median_ms"], 0.001)
    return {"scales": by_scale, "growth": round(ratio, 2), "flat": ratio <= FLAT_RATIO}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000", help="comma-separated numbers of stored claims")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.child:
        print(json.dumps(child(claims=args.child, articles=args.articles, log=say)))
    else:
        print(json.dumps(main(scales=[int(s) for s in args.scales.split(",")], articles=args.articles), indent=1))

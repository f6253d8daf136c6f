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

The candidate query reads at most KEY_CAP claims of each band key (claims.matching.candidates):
"band rows read" is what those capped probes return; "sharing" is every band row of the same keys,
which an uncapped query would read and which grows with the store. To show what the cap loses,
the same statement without the cap is run on the same claims (untimed in the matching figure),
and so is the suggestion step (in a savepoint, rolled back): the share of the uncapped top
candidates and of its suggestions that the capped query also gives.
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


def _cpu(backend: int) -> tuple[float, float]:
    """Return (this process's CPU seconds, the PostgreSQL backend's), both from the kernel's accounts.

    On a machine shared with other work, CPU per article is what the load does not change; the
    backend's is read from /proc (the same machine), at the clock tick's 10 ms resolution.
    """
    try:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        postgres = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        postgres = float("nan")
    return time.process_time(), postgres


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
    from claims.matching import suggestions
    from claims.models import Article, Claim
    from claims.pipeline.appearances import claims_replace
    from claims.pipeline.extract import article_mark_duplicate

    user = User.objects.get(username=PIPELINE_USER)
    texts = [text for _, text in articles_generate(articles + warmup, seed=404)]
    docs = [extraction.extract(text, is_html=False) for text in texts]
    candidate_seconds: list[float] = []
    real_candidates = suggestions.claims_candidate_rows

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
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    suggestions.claims_candidate_rows = timed_candidates
    try:
        for n, (text, doc) in enumerate(zip(texts, docs, strict=True)):
            band_rows, band_rows_read = _band_rows(doc.claims)
            candidate_seconds.clear()
            found.clear()
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                article = Article.objects.create(
                    origin=Article.Origin.PASTE, raw=text, status=Article.Status.EXTRACTING, submitted_by=user
                )
                article.set_text(doc.text)
                cpu0 = _cpu(backend)
                t0 = time.perf_counter()
                article_mark_duplicate(article=article)
                t1 = time.perf_counter()
                created = claims_replace(article=article, extracted=doc.claims)
                t_stored = time.perf_counter()
                made = suggestions.claims_suggest(claims=created)
                t2 = time.perf_counter()
                cpu2 = _cpu(backend)
                candidates_seconds = sum(candidate_seconds)
                uncapped = _uncapped(found, created=created, made=made)
                transaction.set_rollback(True)
            if n < warmup:
                continue
            rows.append(
                {
                    "duplicate": t1 - t0,
                    "cpu": cpu2[0] - cpu0[0],
                    "cpu_postgres": cpu2[1] - cpu0[1],
                    "claims": t2 - t1,
                    "stored": t_stored - t0,  # what comes before the claims are visible
                    "candidates": candidates_seconds,
                    "uncapped": uncapped["seconds"],
                    "kept": uncapped["kept"],
                    "suggestions": len(made),
                    "suggestions_uncapped": uncapped["suggestions"],
                    "suggestions_kept": uncapped["suggestions_kept"],
                    "queries": len(queries) - uncapped["queries"],
                    "band_rows": band_rows,
                    "band_rows_read": band_rows_read,
                    "new_claims": len(doc.claims),
                }
            )
    finally:
        suggestions.claims_candidate_rows = real_candidates
    stored = Claim.objects.count()
    figures = {"stored_claims": stored, "articles": len(rows)}
    for key in ("duplicate", "claims", "stored", "candidates", "uncapped"):
        figures[f"{key}_median_ms"], figures[f"{key}_p95_ms"] = (
            round(v * 1000, 1) for v in _median_p95([r[key] for r in rows])
        )
    for key in ("cpu", "cpu_postgres"):
        figures[f"{key}_median_ms"] = round(statistics.median(r[key] for r in rows) * 1000, 1)
    total = [r["duplicate"] + r["claims"] for r in rows]
    figures["matching_median_ms"], figures["matching_p95_ms"] = (round(v * 1000, 1) for v in _median_p95(total))
    figures["queries_per_article"] = sorted({r["queries"] for r in rows})
    figures["band_rows_per_article_median"] = statistics.median(r["band_rows"] for r in rows)
    figures["band_rows_read_per_article_median"] = statistics.median(r["band_rows_read"] for r in rows)
    figures["claims_per_article_median"] = statistics.median(r["new_claims"] for r in rows)
    kept = [r["kept"] for r in rows if r["kept"] is not None]
    figures["capped_found_share"] = round(statistics.mean(kept), 3) if kept else None
    figures["suggestions"] = sum(r["suggestions"] for r in rows)
    figures["suggestions_uncapped"] = sum(r["suggestions_uncapped"] for r in rows)
    figures["suggestions_kept"] = sum(r["suggestions_kept"] for r in rows)
    figures["load_average"] = round(os.getloadavg()[0], 1)
    figures["explain"] = _explain_candidates(doc.claims)
    log(
        f"  {stored:,} stored claims: matching {figures['matching_median_ms']} ms per article "
        f"(CPU {figures['cpu_median_ms']} ms here + {figures['cpu_postgres_median_ms']} ms PostgreSQL) "
        f"(candidates {figures['candidates_median_ms']} ms, duplicate lookup {figures['duplicate_median_ms']} ms; "
        f"{figures['stored_median_ms']} ms before the claims are stored, the rest suggestions), "
        f"{figures['band_rows_read_per_article_median']:,.0f} band rows read "
        f"(of {figures['band_rows_per_article_median']:,.0f} sharing the keys); without the cap: "
        f"{figures['uncapped_median_ms']} ms, of its candidates {figures['capped_found_share']} found with it, "
        f"of its {figures['suggestions_uncapped']} suggestions {figures['suggestions_kept']} "
        f"(capped {figures['suggestions']}); load {figures['load_average']}"
    )
    return figures


def _band_rows(extracted) -> tuple[int, int]:
    """Return (band rows sharing any of the claims' keys, band rows the capped probes of their keys read)."""
    from django.db import connection

    from claims.matching.candidates import KEY_CAP
    from claims.matching.minhash import claim_keys
    from claims.models import ClaimBand

    # One probe per claim and distinct key, as the candidate statement makes them.
    probes = [key for claim in extracted for key in set(claim_keys(claim.text))]
    if not probes:
        return 0, 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH counts AS (
                SELECT key, count(*) AS n FROM {ClaimBand._meta.db_table} WHERE key = ANY(%s::bigint[]) GROUP BY key
            )
            SELECT (SELECT coalesce(sum(n), 0) FROM counts),
                   coalesce(sum(least(c.n, %s)), 0)
            FROM unnest(%s::bigint[]) AS p(key) JOIN counts c ON c.key = p.key
            """,
            [sorted(set(probes)), KEY_CAP, probes],
        )
        sharing, read = cursor.fetchone()
    return int(sharing), int(read)


def _uncapped(found: list[dict], *, created, made) -> dict:
    """Run the candidate query and the suggestion step without KEY_CAP on the same claims; compare.

    Inside a savepoint that is rolled back: the suggestions the capped run made are removed first,
    so the uncapped run decides every pair again.
    """
    from django.db import connection, transaction

    from claims.matching import candidates, suggestions
    from claims.models import ClaimLink

    out = {"seconds": 0.0, "kept": None, "suggestions": 0, "suggestions_kept": 0, "queries": 0}
    if not found:
        return out
    real = {pk: {c.pk for c, _ in rows} for pk, rows in found[0].items()}
    before = len(connection.queries)
    cap = candidates.KEY_CAP
    candidates.KEY_CAP = None  # LIMIT NULL: every band row of each key
    try:
        t0 = time.perf_counter()
        every = candidates.claims_candidate_rows(queries=[(claim.pk, claim.text) for claim in created])
        out["seconds"] = time.perf_counter() - t0
        with transaction.atomic():
            ClaimLink.objects.filter(pk__in=[link.pk for link in made]).delete()
            uncapped_links = {(link.claim_id, link.other_id) for link in suggestions.claims_suggest(claims=created)}
            transaction.set_rollback(True)
    finally:
        candidates.KEY_CAP = cap
    wanted = sum(len(rows) for rows in every.values())
    kept = sum(len({c.pk for c, _ in rows} & real.get(pk, set())) for pk, rows in every.items())
    out["kept"] = kept / wanted if wanted else None
    out["suggestions"] = len(uncapped_links)
    out["suggestions_kept"] = len(uncapped_links & {(link.claim_id, link.other_id) for link in made})
    out["queries"] = len(connection.queries) - before
    return out


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
    cpu = [f["cpu_median_ms"] + f["cpu_postgres_median_ms"] for f in (first, last)]
    return {
        "scales": by_scale,
        "growth": round(ratio, 2),
        "growth_cpu": round(cpu[1] / max(cpu[0], 0.001), 2),
        "flat": ratio <= FLAT_RATIO,
    }


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

"""Benchmark: match a new claim against 1M stored claims in PostgreSQL.

    python benchmarks/matching.py            # DATABASE_URL=…/claimdesk_bench: uses database claimdesk_bench_match
    from benchmarks.matching import main; main()   # returns a dict of figures (called by `make bench`)

It builds (once; later runs reuse it) a separate database `<bench database>_match`
with the real schema (migrations) and N claims made by recombining real
ClaimBuster debate sentences (../shared/data/claimbuster), so word frequencies are
those of political speech. Their MinHash band keys are computed with numpy the
same way as `claims.matching.minhash.claim_keys` (checked on a sample) and loaded with COPY
into claims_claimband (24M rows); then its B-tree index is built.

Each claim stores its parsed facts (`Claim.match_facts`, as the pipeline stores them).
Measured: the time of `claims.matching.candidates.claim_candidates()` -- the real query: 24
band keys through the B-tree, the claims found ranked by pg_trgm similarity() -- followed by
`compare()` on every candidate with the facts stored with it, for new claims that are rewrites of stored ones
(recall: is the original among the candidates?) and for unrelated new claims.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMBUSTER = ROOT.parent / "shared" / "data" / "claimbuster" / "kfold_25ncs.json"
ALIAS = "default"  # the child process runs on the benchmark database
DATA_VERSION = "matchbench-v4"  # bump when claim_keys(), the generator or the band index changes
INDEX_SQL = "CREATE INDEX IF NOT EXISTS claimband_key_claim ON claims_claimband (key, claim_id)"


def bench_database_url() -> str:
    """Return the benchmark database's URL with `_match` added to its name (claimdesk_bench_match).

    Named after the bench database (run.py's default size) so two checkouts benchmarking on
    one server with different database names never share it.
    """
    url = os.environ.get("CLAIMDESK_BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("benchmarks/matching.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    base, _, name = url.partition("?")[0].rpartition("/")
    return f"{base}/{name}_match"


def create_bench_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django() -> None:
    """Set Django up in this (child) process, on the benchmark database."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    import django

    django.setup()


def sentences() -> list[list[str]]:
    rows = json.loads(CLAIMBUSTER.read_text(encoding="utf-8"))
    out = []
    for row in rows:
        text = row["text"]
        words = text.split()
        if 8 <= len(words) <= 40:
            out.append(words)
    return out


def generate_texts(count: int, seed: int = 7) -> list[str]:
    """Return `count` distinct claim-like sentences: halves of two real sentences and a figure."""
    pool = sentences()
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        a, b = rng.choice(pool), rng.choice(pool)
        cut_a, cut_b = len(a) // 2, len(b) // 2
        texts.append(" ".join(a[:cut_a] + b[cut_b:]) + f" ({i % 9973} cases)")
    return texts


def keys_numpy(texts: list[str]):
    """Return claim_keys() of many texts, vectorised over the MinHash permutations."""
    import numpy as np

    from claims.matching import minhash, similarity

    cache: dict[str, int] = {}
    flat: list[int] = []
    starts: list[int] = []
    for text in texts:
        starts.append(len(flat))
        for stem in set(similarity.content_words(text)):
            h = cache.get(stem)
            if h is None:
                h = cache[stem] = minhash.feature_hash(stem)
            flat.append(h)
    feats = np.asarray(flat, dtype=np.uint64)
    offsets = np.asarray(starts, dtype=np.int64)
    perms = minhash._permutations(minhash.CLAIM_BANDS * minhash.CLAIM_ROWS, minhash.CLAIM_SEED)
    prime = np.uint64(minhash.PRIME)
    signature = np.empty((len(texts), len(perms)), dtype=np.uint64)
    for k, (a, b) in enumerate(perms):
        values = (feats * np.uint64(a) + np.uint64(b)) % prime
        signature[:, k] = np.minimum.reduceat(values, offsets)
    mix = np.uint64(minhash.MIX)
    keys = np.empty((len(texts), minhash.CLAIM_BANDS), dtype=np.int64)
    for band in range(minhash.CLAIM_BANDS):
        h = np.zeros(len(texts), dtype=np.uint64)
        for row in range(minhash.CLAIM_ROWS):
            h = (h ^ signature[:, band * minhash.CLAIM_ROWS + row]) * mix
        keys[:, band] = ((h >> np.uint64(32)) | np.uint64(band << 32)).astype(np.int64)
    return keys


def build(rows: int, log) -> float:
    """Fill the benchmark database with `rows` claims; return the seconds it took."""
    from django.core.management import call_command
    from django.db import connections

    from claims.matching import candidates, minhash

    started = time.perf_counter()
    conn = connections[ALIAS]
    # A rebuild starts from an empty schema: a database left by an older layout of the
    # migrations (or an interrupted build) is never migrated in place.
    with conn.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    call_command("migrate", database=ALIAS, verbosity=0)
    with conn.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS matchbench_meta")
        cursor.execute("TRUNCATE claims_article, claims_claim, claims_claimband RESTART IDENTITY CASCADE")
        # Only primary keys and the index under test: the others would slow COPY down.
        cursor.execute("""SELECT indexname FROM pg_indexes WHERE tablename IN ('claims_claim', 'claims_claimband')
                          AND indexname NOT LIKE '%%pkey'""")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        # Foreign-key checks per copied row too (this database only ever holds benchmark data).
        cursor.execute("""SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f'
                          AND conrelid IN ('claims_claim'::regclass, 'claims_claimband'::regclass)""")
        for table, name in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute("""INSERT INTO claims_article (origin, url, filename, raw, raw_format, text, content_sha256,
                          title, outlet, author, status, error, attempts, created_at, updated_at, match_keys)
                          VALUES ('paste', '', '', '', 'text', '', '', 'Benchmark', '', '', 'ready', '', 0,
                          now(), now(), '[]') RETURNING id""")
        article_id = cursor.fetchone()[0]
    log(f"generating {rows} claims")
    texts = generate_texts(rows)
    sample = random.Random(1).sample(range(rows), 300)
    keys = keys_numpy(texts)
    for i in sample:  # the vectorised keys are the application's keys
        assert keys[i].tolist() == minhash.claim_keys(texts[i]), texts[i]
    log(f"keys ready after {time.perf_counter() - started:.0f} s; parsing facts")
    # Each claim's facts as the pipeline stores them (Claim.match_facts), parsed once here.
    records = [escape_copy(json.dumps(candidates.facts_to_store(t), separators=(",", ":"))) for t in texts]
    log(f"facts ready after {time.perf_counter() - started:.0f} s; COPY")
    columns = (
        "id, text, match_facts, claim_reviewed, speaker, kind, score, numbers, dates, article_id, article_created_at, "
        "appearance_count, fingerprint, status, dismiss_reason, anchor_lost, version, slug, "
        "created_at, updated_at, priority"
    )
    fixed = (
        f"\t\t\tother\t0.5\t[]\t[]\t{article_id}\t2024-01-01T00:00:00Z\t1\t\tnew\t\tf\t1\t\t"
        "2024-01-01T00:00:00Z\t2024-01-01T00:00:00Z\tf\n"
    )
    with conn.cursor() as cursor:
        with cursor.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for start in range(0, rows, 50_000):
                copy.write(
                    "".join(
                        f"{i + 1}\t{escape_copy(texts[i])}\t{records[i]}{fixed}"
                        for i in range(start, min(start + 50_000, rows))
                    )
                )
        cursor.execute("SELECT setval(pg_get_serial_sequence('claims_claim', 'id'), %s)", [rows])
        log(f"claims copied after {time.perf_counter() - started:.0f} s; copying {keys.size} band keys")
        with cursor.cursor.copy("COPY claims_claimband (claim_id, key) FROM STDIN") as copy:
            for start in range(0, rows, 50_000):
                chunk = keys[start : start + 50_000].tolist()
                copy.write("".join(f"{start + n + 1}\t{key}\n" for n, row in enumerate(chunk) for key in row))
        log(f"band keys copied after {time.perf_counter() - started:.0f} s; building the index")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(INDEX_SQL)
        cursor.execute("ANALYZE claims_claim")
        # VACUUM sets the visibility map, so candidate retrieval can be an index-only scan.
        cursor.execute("VACUUM ANALYZE claims_claimband")
        cursor.execute("CREATE TABLE IF NOT EXISTS matchbench_meta (version text, rows int)")
        cursor.execute("DELETE FROM matchbench_meta")
        cursor.execute("INSERT INTO matchbench_meta VALUES (%s, %s)", [data_version(), rows])
    return time.perf_counter() - started


def data_version() -> str:
    """Return DATA_VERSION with the facts parser's: a database whose stored facts are stale is built again."""
    from claims.matching.facts import PARSER_VERSION

    return f"{DATA_VERSION}-{PARSER_VERSION}"


def escape_copy(text: str) -> str:
    """Return text escaped for COPY's text format."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def is_built(rows: int) -> bool:
    from django.db import connections

    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT to_regclass('matchbench_meta') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT version, rows FROM matchbench_meta")
        return cursor.fetchone() == (data_version(), rows)


def matching_number_words() -> dict:
    from claims.extraction import features

    return features.NUMBER_WORDS


def rewrite(text: str, rng: random.Random) -> str:
    """Return a plausible second-outlet rewrite: one word dropped, one function word changed."""
    words = text.split()
    body, tail = words[:-2], words[-2:]
    # Drop one plain word (never a number, a name or a negation: those change the claim).
    plain = [
        i
        for i, w in enumerate(body)
        if i
        and w.isalpha()
        and w.islower()
        and len(w) > 3
        and w not in ("not", "never", "none", "without")
        and w not in matching_number_words()
    ]
    if plain and len(body) > 6:
        del body[rng.choice(plain)]
    swaps = {"the": "this", "and": "as well as", "of": "from", "about": "on"}
    for i, word in enumerate(body):
        if word.lower() in swaps:
            body[i] = swaps[word.lower()]
            break
    return " ".join(body + tail)


def measure(queries: list[str]) -> tuple[list[float], list[list[int]]]:
    from claims.matching import candidates, similarity

    timings, found = [], []
    for text in queries:
        t0 = time.perf_counter()
        found_here = candidates.claim_candidates(text=text, using=ALIAS)
        facts = similarity.facts_of(text)
        # Each candidate's facts as stored with it (the app's suggestions read them the same way).
        judged = [
            (c.pk, similarity.compare(text, c.text, facts_a=facts, facts_b=candidates.claim_facts(c)))
            for c, _ in found_here
        ]
        timings.append((time.perf_counter() - t0) * 1000)
        found.append([pk for pk, match in judged if match.verdict != "different"])
    return timings, found


def measure_uncapped(queries: list[str]) -> tuple[list[float], list[list[int]]]:
    """Run measure() with every band row of each key read (no KEY_CAP): what the cap loses."""
    from claims.matching import candidates

    cap = candidates.KEY_CAP
    candidates.KEY_CAP = None  # LIMIT NULL
    try:
        return measure(queries)
    finally:
        candidates.KEY_CAP = cap


def main(rows: int = 1_000_000, queries: int = 200, log=None) -> dict:
    """Build (or reuse) the 1M-claim database and return the matching figures.

    Runs in a child process whose DATABASE_URL names the `_match` database, so the
    caller's own Django database is left alone.
    """
    import subprocess

    url = bench_database_url()
    create_bench_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "0"}
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--rows", str(rows), "--queries", str(queries)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    for line in proc.stderr.splitlines():
        (log or (lambda message: print(message, file=sys.stderr)))(line)
    if proc.returncode != 0:
        raise RuntimeError(f"matching benchmark failed with status {proc.returncode}")
    return json.loads(proc.stdout)


def run(rows: int, queries: int, log) -> dict:
    """Measure in this process (DATABASE_URL already names the benchmark database)."""
    setup_django()
    build_seconds = 0.0
    if not is_built(rows):
        build_seconds = build(rows, log)
    from django.db import connections

    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        stored = cursor.fetchone()[0]
        step = max(stored // max(queries // 2, 1), 1)
        cursor.execute(
            "SELECT id, text FROM claims_claim WHERE id %% %s = 1 ORDER BY id LIMIT %s", [step, queries // 2]
        )
        originals = cursor.fetchall()
    rng = random.Random(3)
    rewrites = [rewrite(text, rng) for _, text in originals]
    fresh = [re.sub(r"\(\d+ cases\)$", "(unseen)", t) for t in generate_texts(queries // 2, seed=99)]
    measure(rewrites[:5])  # warm the connection and caches
    rewrite_ms, rewrite_found = measure(rewrites)
    for (pk, text), new, found in zip(originals, rewrites, rewrite_found, strict=True):
        if pk not in found:
            log(f"missed: {text!r} / {new!r}")
    fresh_ms, _ = measure(fresh)
    uncapped_ms, uncapped_found = measure_uncapped(rewrites)
    all_ms = sorted(rewrite_ms + fresh_ms)
    recall = sum(pk in found for (pk, _), found in zip(originals, rewrite_found, strict=True)) / max(len(originals), 1)
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('claimband_key_claim'))")
        index_size = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM claims_claimband")
        band_rows = cursor.fetchone()[0]
    figures = {
        "matching_claims_stored": stored,
        "matching_queries": len(all_ms),
        "matching_median_ms": round(statistics.median(all_ms), 2),
        "matching_p95_ms": round(all_ms[int(0.95 * (len(all_ms) - 1))], 2),
        "matching_rewrite_median_ms": round(statistics.median(rewrite_ms), 2),
        "matching_unrelated_median_ms": round(statistics.median(fresh_ms), 2),
        "matching_rewrite_recall": round(recall, 3),
        "matching_band_rows": band_rows,
        "matching_index_size": index_size,
        "matching_build_seconds": round(build_seconds, 1),
        # The same rewrites with every band row of each key read (candidates.KEY_CAP lifted).
        "matching_uncapped_rewrite_median_ms": round(statistics.median(uncapped_ms), 2),
        "matching_uncapped_rewrite_recall": round(
            sum(pk in found for (pk, _), found in zip(originals, uncapped_found, strict=True)) / max(len(originals), 1),
            3,
        ),
    }
    connections[ALIAS].close()
    return figures


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.rows, args.queries, log=lambda m: print(m, file=sys.stderr, flush=True))))
    else:
        print(json.dumps(main(rows=args.rows, queries=args.queries), indent=1))

"""The benchmark database: create it if missing, migrate it, and generate the data set once.

A marker table records which generator version and size produced the data, so a second
`make bench` reuses it; `--regenerate` (or a marker that does not match) rebuilds it from an
empty database.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

MARKER_TABLE = "benchmark_dataset"
DEFAULT_SCALE = 100_000  # claims in `make bench`'s data set; other sizes get a database of their own


def server_dsn(database_url: str, dbname: str = "postgres") -> str:
    """Return a psycopg connection string for another database on the same server."""
    parts = urlsplit(database_url)
    return parts._replace(scheme="postgresql", path=f"/{dbname}").geturl()


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def scale_label(claims: int) -> str:
    """Return a short name for a number of claims: 10k, 100k, 1m, 2500."""
    for unit, suffix in ((1_000_000, "m"), (1_000, "k")):
        if claims % unit == 0:
            return f"{claims // unit}{suffix}"
    return str(claims)


def scaled_database_url(database_url: str, claims: int, default: int = DEFAULT_SCALE) -> str:
    """Return the URL of the database that caches the data set of this size.

    The default size keeps the configured name; other sizes get their own database
    (claimdesk_bench_1m beside claimdesk_bench), so switching SCALE never regenerates.
    """
    if claims == default:
        return database_url
    parts = urlsplit(database_url)
    return parts._replace(path=f"/{database_name(database_url)}_{scale_label(claims)}").geturl()


def database_ensure(*, database_url: str, recreate: bool = False) -> bool:
    """Create the database if it is missing (drop it first when recreate); return True if created."""
    name = database_name(database_url)
    with psycopg.connect(server_dsn(database_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and recreate:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    return False


def backend_cpu_seconds(connection) -> float:
    """Return the CPU seconds the connection's PostgreSQL backend has used (0 if the server is not local)."""
    import os

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _python_cpu() -> float:
    """Return the CPU seconds of this process and its finished children (the generator's forked helper)."""
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def marker_read(connection) -> dict | None:
    """Return the marker row of the generated data set, or None when there is none."""
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cur.fetchone()[0] is None:
            return None
        cur.execute(f"SELECT generator_version, size, showcase, generated_at, seconds FROM {MARKER_TABLE}")
        row = cur.fetchone()
    if row is None:
        return None
    # Django's connection loads jsonb as text.
    size, showcase = (json.loads(v) if isinstance(v, str) else v for v in row[1:3])
    return {"generator_version": row[0], "size": size, "showcase": showcase, "generated_at": row[3], "seconds": row[4]}


def marker_write(connection, *, version: str, size: dict, showcase: dict, seconds: float) -> None:
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (generator_version text, size jsonb, "
            "showcase jsonb, generated_at timestamptz DEFAULT now(), seconds float)"
        )
        cur.execute(f"DELETE FROM {MARKER_TABLE}")
        cur.execute(
            f"INSERT INTO {MARKER_TABLE} (generator_version, size, showcase, seconds) VALUES (%s, %s, %s, %s)",
            [version, json.dumps(size), json.dumps(showcase), seconds],
        )


def dataset_ensure(*, database_url: str, regenerate: bool, log, size=None) -> dict:
    """Make sure the benchmark database holds the full data set; return its marker (with timings)."""
    from dataclasses import asdict

    from django.core.management import call_command
    from django.db import connection, transaction

    from claims.models import Claim

    from .dataset import GENERATOR_VERSION, Size, generate

    size = size or Size()
    created = database_ensure(database_url=database_url)
    marker = None if created else marker_read(connection)
    stale = marker is None or marker["generator_version"] != GENERATOR_VERSION or marker["size"] != size.as_dict()
    if not created and stale:
        # Data from another generator may not even migrate (a constraint added since), so it goes first.
        log("Rebuilding the benchmark database from empty")
        connection.close()
        database_ensure(database_url=database_url, recreate=True)
        created, marker = True, None
    call_command("migrate", verbosity=0, interactive=False)
    fits = not stale and Claim.objects.count() == size.claims
    if fits and not regenerate:
        log(
            f"Reusing the data set generated {marker['generated_at']:%Y-%m-%d %H:%M} "
            f"({marker['seconds']:.0f} s to generate); --regenerate rebuilds it"
        )
        marker["reused"] = True
        return marker
    if not created:
        log("Rebuilding the benchmark database from empty")
        connection.close()
        database_ensure(database_url=database_url, recreate=True)
        call_command("migrate", verbosity=0, interactive=False)
    t0, cpu0 = time.perf_counter(), _python_cpu()
    with transaction.atomic():
        showcase = generate(size=size, log=lambda m: log(f"  {time.perf_counter() - t0:5.0f} s  {m}"))
        copied = time.perf_counter() - t0
        marker_write(
            connection, version=GENERATOR_VERSION, size=size.as_dict(), showcase=asdict(showcase), seconds=copied
        )
        postgres_cpu = backend_cpu_seconds(connection)
    log(f"  committed after {time.perf_counter() - t0:.1f} s; VACUUM ANALYZE")
    connection.close()
    with psycopg.connect(server_dsn(database_url, database_name(database_url)), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        postgres_cpu += backend_cpu_seconds(conn)
    seconds = time.perf_counter() - t0
    # CPU beside wall time: on a shared machine the difference is time spent waiting for a core.
    cpu = {"python": round(_python_cpu() - cpu0, 1), "postgres": round(postgres_cpu, 1)}
    with transaction.atomic():
        marker_write(
            connection,
            version=GENERATOR_VERSION,
            size=size.as_dict(),
            showcase={**asdict(showcase), "cpu": cpu},
            seconds=seconds,
        )
    log(
        f"Generated the data set in {seconds:.1f} s (COPY {copied:.1f} s; CPU: Python {cpu['python']} s, "
        f"PostgreSQL {cpu['postgres']} s)"
    )
    marker = marker_read(connection)
    marker["reused"] = False
    return marker

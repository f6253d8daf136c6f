"""Run the probes: `python -m probes [--fast] [--only SSRF,XSS,...]` (make probe).

The harness makes a scratch database next to DATABASE_URL's (`<name>_probe`, dropped
after), migrates it, starts the stack (probes/stack.py), runs every category and prints
the table. It exits 1 when anything did not hold.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from .results import Attempt, table

MODULES = {
    "SSRF": "probes.ssrf",
    "XSS": "probes.xss",
    "Access control": "probes.access",
    "Authentication": "probes.auth",
    "Bad input": "probes.inputs",
    "Faults": "probes.faults",  # last: it stops Redis, kills workers and drops connections
}


def run_all(stack, people, *, fast: bool, only: list[str] | None = None, log=print) -> list[Attempt]:
    """Run each category against the stack and return every attempt."""
    import importlib

    attempts: list[Attempt] = []
    for name, module in MODULES.items():
        if only and name not in only:
            continue
        start = time.monotonic()
        found = importlib.import_module(module).run(stack, people, fast=fast)
        held = sum(a.held for a in found)
        log(f"{name}: {len(found)} attempts, {held} held ({time.monotonic() - start:.0f} s)")
        attempts += found
    return attempts


def scratch_database(base_url: str) -> str:
    """Create an empty database named after base_url's with a _probe suffix; return its URL."""
    import psycopg

    parts = urlsplit(base_url)
    name = parts.path.lstrip("/") + "_probe"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m probes", description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="the subset make test runs (about a minute)")
    parser.add_argument("--only", default="", help="comma-separated categories, e.g. SSRF,Faults")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL to sit next to")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL DATABASE_URL (make probe passes TEST_DATABASE_URL)")
    url = scratch_database(args.database_url)
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        LOG_LEVEL="WARNING",
        DB_CONN_MAX_AGE="0",  # this process only: a fault probe drops every connection but its own
    )
    os.environ.pop("REDIS_URL", None)  # this process sends nothing; the stack runs its own Redis
    stack = None
    try:
        import django
        from django.conf import settings
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from .people import make_people
        from .stack import Stack

        print(f"probe database {urlsplit(url).path[1:]}; starting gunicorn, Redis and a worker ...", flush=True)
        stack = Stack(url, settings.SECRET_KEY)
        people = make_people()
        only = [c.strip() for c in args.only.split(",") if c.strip()] or None
        attempts = run_all(stack, people, fast=args.fast, only=only, log=lambda line: print(line, flush=True))
    finally:
        if stack is not None:
            stack.stop()
        from django.db import connections

        connections.close_all()
        drop_database(url)
    print()
    print(table(attempts))
    return 0 if all(a.held for a in attempts) else 1


if __name__ == "__main__":
    sys.exit(main())

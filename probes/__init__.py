"""The attacker's and bad luck's probes of issue 17, rerun against a real stack.

`python -m probes` (or `make probe`) starts its own stack on free ports — a scratch
PostgreSQL database, a redis-server, gunicorn over TLS with production settings
(DEBUG=0) and a Celery worker with beat — runs every probe, and prints a table
category → attempts / held, then each attempt that did not hold with its request.
`--fast` runs the subset that `tests/project/test_probes.py` runs inside `make test`.

Modules: `stack` (the processes), `netguard` (loaded into the probe worker: no
connection leaves loopback), `results`, and one module per category: `ssrf`, `xss`,
`access`, `auth`, `inputs`, `faults`.
"""

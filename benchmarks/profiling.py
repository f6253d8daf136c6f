#!/usr/bin/env python
"""Profile what `make bench` measures, in-process, with cProfile: where a page's or an article's time goes.

    DATABASE_URL=postgres://…/claimdesk_bench REDIS_URL=redis://…/1 .venv/bin/python benchmarks/profiling.py \\
        [--scale 100000] [--page LABEL …] [--ingest 10] [--extraction] [--requests 40] [--top 25]

On the benchmark data set of --scale (run.py generates it), with run.py's settings (DEBUG=0):
- --page LABEL: the pages of run.py whose label contains LABEL ("Claim page", "Queue, unfiltered, page 1"),
  requested --requests times through Django's test client as the bench editor after 5 warm-up requests;
- --ingest N: the database half of N pasted ~1,000-word articles as benchmarks/ingest.py times it
  (duplicate look-up, claims_replace, claims_suggest; rolled back);
- --extraction: the extractor on benchmarks/pipeline.py's HTML pages beside trafilatura's own call.
Each prints CPU per unit, unprofiled and profiled, and the functions with the most own and inclusive
CPU time: the profiler's clock is process time, so waiting for the database or for a core is left
out. That clock costs a system call per event, so profiled code runs ~5x slower, most where calls
are many and short: read the shares, not the totals.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def report(profile: cProfile.Profile, *, units: int, unit: str, cpu: float, top: int) -> str:
    """Return CPU per unit and the top functions by own and by inclusive time."""
    out = io.StringIO()
    out.write(f"CPU {cpu * 1000 / units:.1f} ms per {unit} (process time over {units}, profiled)\n")
    for key in ("tottime", "cumulative"):
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(key)
        out.write(f"\n--- top {top} by {key} ---\n")
        stats.print_stats(top)
    return out.getvalue()


def profile_pages(labels: list[str], *, requests: int, top: int, marker: dict) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from benchmarks.dataset import SEARCH_TERM
    from benchmarks.run import page_specs

    specs = [(label, path) for label, path in page_specs(marker["showcase"], SEARCH_TERM) if path]
    chosen = [(label, path) for label, path in specs if any(w.lower() in label.lower() for w in labels)]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=marker["showcase"]["editor_username"]))
    results = []
    for label, path in chosen:
        for _ in range(5):
            client.get(path)
        profile = cProfile.Profile(time.process_time)
        t0 = time.process_time()
        profile.enable()
        for _ in range(requests):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        profile.disable()
        cpu = time.process_time() - t0
        # The same requests unprofiled, for the CPU a request really costs.
        t0 = time.process_time()
        for _ in range(requests):
            client.get(path)
        plain = time.process_time() - t0
        text = f"unprofiled CPU {plain * 1000 / requests:.1f} ms per request\n" + report(
            profile, units=requests, unit="request", cpu=cpu, top=top
        )
        results.append((f"{label} ({path})", text))
    return results


def profile_ingest(articles: int, *, top: int) -> list[tuple[str, str]]:
    from benchmarks import ingest

    # Imports and the sentencizer's first load (~6 s of CPU) would otherwise be most of the profile.
    ingest.measure(articles=1, warmup=0, log=lambda m: None)
    profile = cProfile.Profile(time.process_time)
    t0 = time.process_time()
    profile.enable()
    figures = ingest.measure(articles=articles, warmup=1, log=lambda m: print(m, file=sys.stderr))
    profile.disable()
    cpu = time.process_time() - t0
    head = (
        f"matching median {figures['matching_median_ms']} ms per article, candidate query "
        f"{figures['candidates_median_ms']} ms, {figures['stored_claims']:,} stored claims\n"
    )
    return [
        (
            "Ingest (benchmarks/ingest.py measure, rolled back)",
            head + report(profile, units=articles + 1, unit="article (incl. untimed extraction)", cpu=cpu, top=top),
        )
    ]


def profile_extraction(*, top: int) -> list[tuple[str, str]]:
    import trafilatura

    from benchmarks.pipeline import OUTLETS, articles_generate, html_page
    from claims import extraction

    pages = [html_page(title, text, OUTLETS[0]) for title, text in articles_generate(10, seed=99)]
    extraction.extract(pages[0], is_html=True)
    out = []
    for name, call in (
        ("extract(html)", lambda page: extraction.extract(page, is_html=True)),
        (
            "trafilatura.bare_extraction",
            lambda page: trafilatura.bare_extraction(
                page, with_metadata=True, favor_precision=True, include_comments=False
            ),
        ),
    ):
        profile = cProfile.Profile(time.process_time)
        t0 = time.process_time()
        profile.enable()
        for _ in range(3):
            for page in pages:
                call(page)
        profile.disable()
        out.append((name, report(profile, units=3 * len(pages), unit="page", cpu=time.process_time() - t0, top=top)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--page", action="append", default=[])
    parser.add_argument("--ingest", type=int, default=0)
    parser.add_argument("--extraction", action="store_true")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench" / "profile.txt")
    args = parser.parse_args()

    from benchmarks.run import production_env

    os.environ.update(production_env(args.scale))
    import django

    django.setup()
    from benchmarks import database
    from benchmarks.dataset import Size

    marker = database.dataset_ensure(
        database_url=os.environ["DATABASE_URL"], regenerate=False, log=print, size=Size.for_claims(args.scale)
    )
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name their static files' hashes
    sections = []
    if args.page:
        sections += profile_pages(args.page, requests=args.requests, top=args.top, marker=marker)
    if args.ingest:
        sections += profile_ingest(args.ingest, top=args.top)
    if args.extraction:
        sections += profile_extraction(top=args.top)
    load = os.getloadavg()[0]
    text = f"# benchmarks/profiling.py at {args.scale:,} claims, load (1 min) {load:.1f}\n\n" + "\n\n".join(
        f"## {title}\n\n{body}" for title, body in sections
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

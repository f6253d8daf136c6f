#!/usr/bin/env python
"""Where a worker's memory goes: RSS, traced heap and lru-cache fill per ingested article, in one process.

    DATABASE_URL=postgres://…/claimdesk_bench DEBUG=0 SECRET_KEY=… .venv/bin/python benchmarks/worker_memory.py 80

On a generated benchmark data set (run.py generates it): N pasted ~1,000-word articles go through what
a worker runs for each (extraction, duplicate look-up, claims_replace, claims_suggest), each inside a
transaction that is rolled back. Every few articles it prints the process's RSS, tracemalloc's current
heap and the fill of every lru_cache in claims.*; at the end, how much of the heap clearing those caches
frees and the heap by file. A cache that grows without bound shows as heap that clearing does not free.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def claims_caches() -> dict[str, object]:
    """Return every lru_cache-wrapped function of the claims package's loaded modules."""
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("claims"):
            for attr, value in list(vars(module).items()):
                if hasattr(value, "cache_info") and hasattr(value, "cache_clear"):
                    found[f"{name}.{attr}"] = value
    return found


def main(articles: int, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import transaction

    from benchmarks.pipeline import PIPELINE_USER, articles_generate
    from claims import extraction
    from claims.matching import suggestions
    from claims.models import Article
    from claims.pipeline.appearances import claims_replace
    from claims.pipeline.extract import article_mark_duplicate

    user = User.objects.get(username=PIPELINE_USER)
    texts = [text for _, text in articles_generate(articles, seed=seed)]
    tracemalloc.start(1)
    started = time.time()
    for n, text in enumerate(texts, 1):
        doc = extraction.extract(text, is_html=False)
        with transaction.atomic():
            article = Article.objects.create(
                origin=Article.Origin.PASTE, raw=text, status=Article.Status.EXTRACTING, submitted_by=user
            )
            article.set_text(doc.text)
            article_mark_duplicate(article=article)
            suggestions.claims_suggest(claims=claims_replace(article=article, extracted=doc.claims))
            transaction.set_rollback(True)
        if n in (1, 2, 5) or n % max(1, articles // 10) == 0:
            gc.collect()
            filled = {
                key.rsplit(".", 1)[1]: f.cache_info().currsize
                for key, f in claims_caches().items()
                if f.cache_info().currsize > 500
            }
            heap = tracemalloc.get_traced_memory()[0] / 1e6
            print(f"{n:4d} rss {rss_mb():.0f} MB heap {heap:.1f} MB {time.time() - started:.0f} s caches {filled}")
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    by_file = tracemalloc.take_snapshot().statistics("filename")[:10]
    for f in claims_caches().values():
        f.cache_clear()
    gc.collect()
    freed = before - tracemalloc.get_traced_memory()[0]
    print(f"clearing every lru_cache of claims.* frees {freed / 1e6:.1f} MB of {before / 1e6:.1f} MB traced")
    for stat in by_file:
        print(f"  {stat.size / 1e6:6.1f} MB {stat.traceback}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=80)
    parser.add_argument("--seed", type=int, default=505)
    args = parser.parse_args()
    main(args.articles, args.seed)

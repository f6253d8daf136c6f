#!/usr/bin/env python
"""Compare two trees' extraction of the benchmark HTML page with trafilatura's, in one process.

    git archive OLD_COMMIT --prefix=old/ | tar -x -C /tmp
    .venv/bin/python benchmarks/extraction_compare.py /tmp/old [--runs 150]

On a shared machine the load moves between two blocks of runs by more than a change moves the
code, so benchmarks/extraction.py's separate 40-run blocks cannot resolve a few per cent. Here the
old tree's extractor (loaded under another package name: ``claims/extraction`` imports nothing
outside itself), this tree's and trafilatura's ``bare_extraction`` (benchmarks/extraction.py's
options) run in turn on every iteration, their order rotating, pinned to one core; each figure is
the median CPU time. Both extractors must return the same document.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_extractor(tree: Path, name: str):
    """Import tree's claims/extraction as the package `name`."""
    package = tree / "claims" / "extraction"
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other tree (a checkout or an exported commit)")
    parser.add_argument("--runs", type=int, default=150)
    args = parser.parse_args()

    import trafilatura

    from benchmarks.extraction import article_html, article_text, pin_one_core

    old = load_extractor(args.old.resolve(), "old_extraction")
    new = load_extractor(ROOT, "new_extraction")
    page = article_html(article_text())
    pin_one_core()
    if dataclasses.asdict(old.extract(page, is_html=True)) != dataclasses.asdict(new.extract(page, is_html=True)):
        sys.exit("the two trees extract different documents from the page")
    runs = {
        "old": lambda: old.extract(page, is_html=True),
        "new": lambda: new.extract(page, is_html=True),
        "trafilatura": lambda: trafilatura.bare_extraction(
            page, with_metadata=True, favor_precision=True, include_comments=False
        ),
    }
    for fn in runs.values():  # warm-up: imports, spaCy, model weights
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for i in range(args.runs):
        for name in names[i % 3 :] + names[: i % 3]:
            started = time.process_time()
            runs[name]()
            times[name].append((time.process_time() - started) * 1000)
    old_ms, new_ms, floor = (statistics.median(times[name]) for name in names)
    print(
        f"median CPU of {args.runs} interleaved runs (load {os.getloadavg()[0]:.1f}): "
        f"old {old_ms:.2f} ms = {old_ms / floor:.2f}x, new {new_ms:.2f} ms = {new_ms / floor:.2f}x "
        f"trafilatura {floor:.2f} ms; new/old {new_ms / old_ms:.3f}"
    )


if __name__ == "__main__":
    main()

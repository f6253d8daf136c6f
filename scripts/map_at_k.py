#!/usr/bin/env python
"""Score a TREC run against TREC qrels: MAP@k over every query in the qrels (CheckThat!'s official metric).

    python scripts/map_at_k.py QRELS RUN [--k 5]

A query with no relevant review in its top k, or missing from the run, scores 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict


def read_qrels(path: str) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = defaultdict(set)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                relevant[parts[0]].add(parts[2])
    return relevant


def read_run(path: str) -> dict[str, list[str]]:
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 5:
                ranked[parts[0]].append((int(parts[3]), parts[2]))
    return {query: [doc for _, doc in sorted(docs)] for query, docs in ranked.items()}


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k) if relevant else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("qrels")
    ap.add_argument("run")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    relevant, run = read_qrels(args.qrels), read_run(args.run)
    scores = [average_precision(run.get(query, []), docs, args.k) for query, docs in relevant.items()]
    answered = sum(1 for query, docs in relevant.items() if set(run.get(query, [])[: args.k]) & docs)
    print(f"MAP@{args.k}={sum(scores) / len(scores):.3f} queries={len(scores)} answered_in_top_{args.k}={answered}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

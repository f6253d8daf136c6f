#!/usr/bin/env python
"""Train the fact-check reranker and write claims/matching/rerank.json.

    .venv/bin/python scripts/train_rerank.py [--data ../shared/data/checkthat2020-task2] [--dev]

CheckThat! 2020 Task 2 train only: each tweet against its BM25 top CANDIDATES fact-checks
(claims/matching/rerank.py computes the features, so training and the app read pairs the
same way), the gold fact-check positive. The model and its settings are chosen by 5-fold
cross-validation over the training tweets (MAP@5 printed for each); the final model is fitted
on all of train. --dev prints MAP@5 on dev once, with the written model (dev is never
trained or tuned on). scikit-learn is a dev dependency only: the app scores a linear model
as a dot product and boosted trees by walking the exported arrays with numpy.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.matching import rerank  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "checkthat2020-task2"
FOLDS = 5
# The setting --search found best by 5-fold CV on train (see MODEL.md for the grid's figures).
CHOSEN = ("trees", {"lr": 0.05, "iters": 200, "leaves": 7, "min_leaf": 20})
SEED = 13
csv.field_size_limit(10**7)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row]
    return rows[1:] if rows and not rows[0][0].strip().isdigit() else rows


def read_qrels(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for line in path.read_text().split("\n"):
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            gold.setdefault(parts[0], set()).add(parts[2])
    return gold


def average_precision_at(ranked: list[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, rid in enumerate(ranked[:k], 1):
        if rid in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), k) if gold else 0.0


def query_features(ranker, queries, ids):
    """Return, per query, (positions, features) of its BM25 candidates."""
    out = []
    for _, text in queries:
        post = ranker.read(text)
        positions, scores = ranker.candidates(post)
        x, _ = ranker.features(post, positions, scores)
        out.append(([ids[p] for p in positions], x))
    return out


def map5(per_query, gold, queries, scores) -> float:
    ap = []
    for (qid, _), (rids, _), s in zip(queries, per_query, scores, strict=True):
        order = sorted(range(len(rids)), key=lambda j: (-s[j], j))
        ap.append(average_precision_at([rids[j] for j in order], gold.get(qid, set())))
    return float(np.mean(ap))


def stack(per_query, gold, queries, subset):
    xs, ys = [], []
    for q in subset:
        rids, x = per_query[q]
        if not len(rids):
            continue
        xs.append(x)
        ys.append([int(r in gold.get(queries[q][0], ())) for r in rids])
    return np.vstack(xs), np.concatenate(ys)


def fit(kind: str, params: dict, x, y):
    if kind == "linear":
        return LogisticRegression(C=params.get("C", 1.0), max_iter=5000).fit(x, y)
    return HistGradientBoostingClassifier(
        learning_rate=params.get("lr", 0.05),
        max_iter=params.get("iters", 200),
        max_leaf_nodes=params.get("leaves", 15),
        min_samples_leaf=params.get("min_leaf", 40),
        l2_regularization=params.get("l2", 1.0),
        random_state=SEED,
    ).fit(x, y)


def predict(model, x) -> np.ndarray:
    return model.predict_proba(x)[:, 1] if len(x) else np.zeros(0)


def export(kind: str, model) -> dict:
    """Return the JSON form of a fitted model (rerank.Model reads it)."""
    if kind == "linear":
        return {
            "kind": "linear",
            "coef": [round(float(w), 6) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
        }
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "feature": [int(f) for f in nodes["feature_idx"]],
                "threshold": [float(t) for t in nodes["num_threshold"]],
                "left": [-1 if is_leaf else int(v) for v, is_leaf in zip(nodes["left"], leaf, strict=True)],
                "right": [-1 if is_leaf else int(v) for v, is_leaf in zip(nodes["right"], leaf, strict=True)],
                "value": [float(v) for v in nodes["value"]],
            }
        )
    return {"kind": "trees", "base": float(model._baseline_prediction.ravel()[0]), "trees": trees}


def cross_validate(per_query, gold, queries, kind, params) -> tuple[float, np.ndarray]:
    rng = np.random.default_rng(SEED)
    folds = rng.permutation(len(queries)) % FOLDS
    scores = [None] * len(queries)
    for f in range(FOLDS):
        train = [q for q in range(len(queries)) if folds[q] != f]
        x, y = stack(per_query, gold, queries, train)
        m = fit(kind, params, x, y)
        for q in range(len(queries)):
            if folds[q] == f:
                scores[q] = predict(m, per_query[q][1])
    return map5(per_query, gold, queries, scores), scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--dev", action="store_true", help="print MAP@5 on dev with the written model")
    ap.add_argument("--search", action="store_true", help="cross-validate a grid of settings (slow)")
    args = ap.parse_args()

    started = time.perf_counter()
    reviews = [(r[0], r[1], r[2] if len(r) > 2 else "") for r in read_tsv(args.data / "verified_claims.docs.tsv")]
    train_q = [(r[0], r[1]) for r in read_tsv(args.data / "train" / "tweets.queries.tsv")]
    train_gold = read_qrels(args.data / "train" / "tweet-vclaim-pairs.qrels")
    ranker = rerank.ReviewRanker([c for _, c, _ in reviews], [t for _, _, t in reviews])
    ids = [rid for rid, _, _ in reviews]
    per_query = query_features(ranker, train_q, ids)
    print(f"features of {len(train_q)} training tweets in {time.perf_counter() - started:.0f} s")
    bm25 = [x[:, rerank.FEATURES.index("bm25_share")] if len(x) else np.zeros(0) for _, x in per_query]
    print(f"train MAP@5, BM25 alone: {map5(per_query, train_gold, train_q, bm25):.3f}")
    recall = np.mean(
        [bool(set(r) & train_gold.get(q, set())) for (q, _), (r, _) in zip(train_q, per_query, strict=True)]
    )
    print(f"train recall of the top {rerank.CANDIDATES}: {recall:.3f}")

    grid = [CHOSEN]
    if args.search:
        grid = [("linear", {"C": c}) for c in (0.1, 1.0, 10.0)] + [
            ("trees", {"lr": lr, "iters": it, "leaves": lv, "min_leaf": ml})
            for lr, it in ((0.05, 200), (0.03, 400))
            for lv in (7, 15)
            for ml in (20, 80)
        ]
    results = []
    for kind, params in grid:
        cv, cv_scores = cross_validate(per_query, train_gold, train_q, kind, params)
        results.append((cv, kind, params, cv_scores))
        print(f"5-fold CV MAP@5 on train, {kind} {params}: {cv:.3f}")
    cv, kind, params, cv_scores = max(results, key=lambda r: r[0])
    # Measured, not used: ranking every candidate whose facts conflict after all the others.
    conflict = rerank.FEATURES.index("conflict")
    demoted = [s - 2.0 * x[:, conflict] if len(x) else s for s, (_, x) in zip(cv_scores, per_query, strict=True)]
    print(
        f"5-fold CV MAP@5 with conflicts ranked last: {map5(per_query, train_gold, train_q, demoted):.3f} "
        f"(not demoted {cv:.3f})"
    )

    # Suggest a fact-check at the best F1 over the cross-validated training pairs.
    x_all, y_all = stack(per_query, train_gold, train_q, range(len(train_q)))
    p_cv = np.concatenate([s for s in cv_scores if len(s)])
    best = (0.0, 0.5)
    for t in np.arange(0.05, 0.95, 0.01):
        predicted = p_cv >= t
        tp = int((predicted & (y_all == 1)).sum())
        precision = tp / predicted.sum() if predicted.sum() else 0.0
        recall_t = tp / max(1, (y_all == 1).sum())
        f1 = 2 * precision * recall_t / (precision + recall_t) if precision + recall_t else 0.0
        if f1 > best[0]:
            best = (f1, round(float(t), 2))
    print(f"suggest at {best[1]} (best F1 {best[0]:.2f} over the cross-validated training pairs)")

    final = fit(kind, params, x_all, y_all)
    out = export(kind, final)
    out.update(
        {
            "features": rerank.FEATURES,
            "suggest_at": best[1],
            "trained_with": {"kind": kind, "params": params},
            "trained_on": {
                "data": "CheckThat! 2020 Task 2 train (sshaar/clef2020-factchecking-task2 e993f1fe34e5)",
                "tweets": len(train_q),
                "pairs": int(len(y_all)),
                "positives": int(y_all.sum()),
                "candidates_per_tweet": rerank.CANDIDATES,
                "cv_map5": round(cv, 4),
            },
        }
    )
    rerank.WEIGHTS.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {rerank.WEIGHTS.relative_to(ROOT)} ({kind} {params}, CV MAP@5 {cv:.3f})")
    m = rerank.model_from(out)
    check = [m.score(x) if len(x) else np.zeros(0) for _, x in per_query]
    print(f"train MAP@5 with the exported model (fitted on it): {map5(per_query, train_gold, train_q, check):.3f}")

    if args.dev:
        dev_q = [(r[0], r[1]) for r in read_tsv(args.data / "dev" / "tweets.queries.tsv")]
        dev_gold = read_qrels(args.data / "dev" / "tweet-vclaim-pairs.qrels")
        dev = query_features(ranker, dev_q, ids)
        scores = [m.score(x) if len(x) else np.zeros(0) for _, x in dev]
        print(f"dev MAP@5: {map5(dev, dev_gold, dev_q, scores):.3f}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

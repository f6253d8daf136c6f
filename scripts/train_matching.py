#!/usr/bin/env python
"""Train the pair scorer and write claims/matching/scorer.json.

    .venv/bin/python scripts/train_matching.py [--data ../shared/data/checkthat2020-task2]

Logistic regression (scikit-learn, a dev dependency only) over claims/matching/scorer.py's
features, so training and the pure-Python inference read pairs the same way. Two sources:
- CheckThat! 2020 Task 2 train (tweet, Snopes fact-check): for each tweet the BM25 top
  candidates (claims/matching/retrieval.py) with the gold fact-check as the positive, and
- the corpus's rewrite pairs: gold claims of tests/extraction_dev/**/*.json across documents,
  positive when they share a cluster (the hard negatives are the other cross-document pairs).
Pairs whose facts conflict are left out: the fact gate rejects them before the scorer runs.
Prints MAP@5 on CheckThat! 2020 dev (never trained on) and the corpus pair precision/recall at
the chosen thresholds. The data set stays outside the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.matching import retrieval, scorer  # noqa: E402
from claims.matching.facts import close, facts_conflict, facts_of  # noqa: E402
from claims.matching.wording import stems, without_post_trailer  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "checkthat2020-task2"
CORPUS = ROOT / "tests" / "extraction_dev"
CANDIDATES = 30  # BM25 candidates per tweet that the scorer learns to rank
C = 1.0
SUGGESTION_PRECISION = 0.9
CONFIDENT_PRECISION = 0.92  # the bar is 0.90 on held-out sets
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


def idf_table(texts: list[str]) -> tuple[dict[str, float], float]:
    """Return BM25-style IDF of every stem seen in at least two texts, and the IDF of a rarer one."""
    df = Counter()
    for text in texts:
        df.update(set(stems(without_post_trailer(text))))
    n = len(texts)

    def idf(k: int) -> float:
        return round(math.log((n - k + 0.5) / (k + 0.5) + 1), 3)

    return {term: idf(k) for term, k in df.items() if k >= 2}, idf(1)


def ct_pairs(queries, reviews, index, gold, idf, default_idf, with_all_gold=True):
    """Return (features, labels, groups) of each tweet against its BM25 candidates."""
    xs, ys, groups = [], [], []
    for qid, text in queries:
        scores = index.scores(text)
        found = [i for i, _ in index.search(text, CANDIDATES)]
        if with_all_gold:
            found += [i for i, (rid, _, _) in enumerate(reviews) if rid in gold.get(qid, ()) and i not in found]
        top = float(scores.max()) if len(scores) else 0.0
        rank = {i: r for r, i in enumerate(np.argsort(-scores), 1)} if found else {}
        text = without_post_trailer(text)
        facts = facts_of(text)
        for i in found:
            rid, claim, title = reviews[i]
            xs.append(
                scorer.pair_features(
                    text,
                    claim,
                    facts_a=facts,
                    is_review=True,
                    title=title,
                    retrieval=(float(scores[i]), top, rank[i]),
                    idf=idf,
                    default_idf=default_idf,
                )
            )
            ys.append(int(rid in gold.get(qid, ())))
            reviewed = facts_of(claim)
            groups.append((qid, rid, facts_conflict(facts, reviewed) if close(facts, reviewed) else ""))
    return xs, ys, groups


def corpus_documents() -> list[list[dict]]:
    docs = []
    for path in sorted(CORPUS.glob("**/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        docs.append([c for c in data.get("claims", []) if not c.get("optional")])
    return docs


def corpus_pairs(docs, idf, default_idf):
    xs, ys, kept = [], [], []
    names = [frozenset().union(*(facts_of(c["quote"]).entities for c in doc)) if doc else frozenset() for doc in docs]
    for da in range(len(docs)):
        for db in range(da + 1, len(docs)):
            for ca in docs[da]:
                for cb in docs[db]:
                    a, b = ca["quote"], cb["quote"]
                    if facts_conflict(facts_of(a), facts_of(b)):
                        continue
                    context = scorer.Context(
                        speaker_a=ca["speaker"][0] or "",
                        speaker_b=cb["speaker"][0] or "",
                        names_a=names[da],
                        names_b=names[db],
                    )
                    # Each pair once with its context and once without (the app often has none to give).
                    for known in (context, None):
                        xs.append(scorer.pair_features(a, b, context=known, idf=idf, default_idf=default_idf))
                        ys.append(int(ca["cluster"] == cb["cluster"]))
                        kept.append((a, b))
    return xs, ys, kept


def by_score(pair: tuple[float, str]) -> tuple[float, int]:
    """Sort key: best score first, then the review stored first (as ReviewIndex.rank breaks ties)."""
    return (-pair[0], int(pair[1]) if pair[1].isdigit() else 0)


def average_precision_at(ranked: list[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, rid in enumerate(ranked[:k], 1):
        if rid in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), k) if gold else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()

    reviews = [(r[0], r[1], r[2] if len(r) > 2 else "") for r in read_tsv(args.data / "verified_claims.docs.tsv")]
    train_q = [(r[0], r[1]) for r in read_tsv(args.data / "train" / "tweets.queries.tsv")]
    dev_q = [(r[0], r[1]) for r in read_tsv(args.data / "dev" / "tweets.queries.tsv")]
    train_gold = read_qrels(args.data / "train" / "tweet-vclaim-pairs.qrels")
    dev_gold = read_qrels(args.data / "dev" / "tweet-vclaim-pairs.qrels")
    docs = corpus_documents()

    idf, default_idf = idf_table([f"{c} {t}" for _, c, t in reviews] + [c["quote"] for d in docs for c in d])
    index = retrieval.Index([f"{c} {t}" for _, c, t in reviews])

    # Only what retrieval finds: a gold fact-check BM25 misses would teach the scorer to distrust BM25.
    x_ct, y_ct, g_ct = ct_pairs(train_q, reviews, index, train_gold, idf, default_idf, with_all_gold=False)
    gated = sum(1 for y, g in zip(y_ct, g_ct, strict=True) if y and g[2])
    print(f"CheckThat! train: {len(x_ct)} pairs, {sum(y_ct)} positive ({gated} positives the fact gate rejects)")
    keep = [i for i, g in enumerate(g_ct) if not g[2]]
    x_c, y_c, _ = corpus_pairs(docs, idf, default_idf)
    print(f"corpus: {len(x_c)} cross-document pairs with no conflict, {sum(y_c)} positive")

    # Two sets of weights over the same features: claim against claim (the corpus's rewrite
    # pairs), and claim or post against a published fact-check (CheckThat!).
    claims_lr = LogisticRegression(C=C, max_iter=5000).fit(np.array(x_c), np.array(y_c))
    reviews_lr = LogisticRegression(C=C, max_iter=5000).fit(
        np.array([x_ct[i] for i in keep]), np.array([y_ct[i] for i in keep])
    )
    trained = scorer.Model(
        coef=tuple(float(w) for w in claims_lr.coef_[0]),
        intercept=float(claims_lr.intercept_[0]),
        review_coef=tuple(float(w) for w in reviews_lr.coef_[0]),
        review_intercept=float(reviews_lr.intercept_[0]),
        idf=idf,
        default_idf=default_idf,
        suggest_at=0.0,
        confident_at=0.0,
        review_suggest_at=0.0,
    )

    # CheckThat! 2020 dev: rank each tweet's BM25 candidates by the scorer, conflicts dropped.
    x_dev, _, g_dev = ct_pairs(dev_q, reviews, index, {}, idf, default_idf, with_all_gold=False)
    ranked: dict[str, list[tuple[float, str]]] = {}
    for features, (qid, rid, conflict) in zip(x_dev, g_dev, strict=True):
        if not conflict:
            ranked.setdefault(qid, []).append((scorer.weigh(features, trained), rid))
    ap5 = [
        average_precision_at([rid for _, rid in sorted(ranked.get(qid, []), key=by_score)], dev_gold.get(qid, set()))
        for qid, _ in dev_q
    ]
    print(f"CheckThat! 2020 dev MAP@5 (scorer over BM25 top {CANDIDATES}): {sum(ap5) / len(ap5):.3f}")
    share = scorer.FEATURES.index("retrieval_share")
    bm25_only: dict[str, list[tuple[float, str]]] = {}
    for features, (qid, rid, _) in zip(x_dev, g_dev, strict=True):
        bm25_only.setdefault(qid, []).append((features[share], rid))
    ap5_bm25 = [
        average_precision_at([rid for _, rid in sorted(bm25_only.get(qid, []), key=by_score)], dev_gold.get(qid, set()))
        for qid, _ in dev_q
    ]
    print(f"CheckThat! 2020 dev MAP@5 (BM25 alone): {sum(ap5_bm25) / len(ap5_bm25):.3f}")

    # Thresholds on the corpus pairs: suggest where recall stays high, confident for precision.
    p_c = np.array([scorer.weigh(f, trained) for f in x_c])
    y_c = np.array(y_c)
    best = (0.0, 0.5)
    for t in np.arange(0.2, 0.95, 0.01):
        predicted = p_c >= t
        tp = int((predicted & (y_c == 1)).sum())
        precision = tp / predicted.sum() if predicted.sum() else 0.0
        recall = tp / (y_c == 1).sum()
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if precision >= CONFIDENT_PRECISION and f1 > best[0]:
            best = (f1, round(float(t), 2))
    confident_at = best[1]
    # Suggest down to the lowest threshold where SUGGESTION_PRECISION of the corpus pairs suggested are the same claim.
    suggest_at = confident_at
    for t in np.arange(confident_at, 0.0, -0.005):
        predicted = p_c >= t
        if predicted.sum() and (predicted & (y_c == 1)).sum() / predicted.sum() < SUGGESTION_PRECISION:
            break
        suggest_at = round(float(t), 3)

    # Published fact-checks: the threshold of the best F1 over the CheckThat! training pairs.
    p_ct = np.array([scorer.weigh(x_ct[i], trained) for i in keep])
    y_k = np.array([y_ct[i] for i in keep])
    review_best = (0.0, 0.5)
    for t in np.arange(0.05, 0.95, 0.01):
        predicted = p_ct >= t
        tp = int((predicted & (y_k == 1)).sum())
        precision = tp / predicted.sum() if predicted.sum() else 0.0
        recall = tp / (y_k == 1).sum()
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > review_best[0]:
            review_best = (f1, round(float(t), 2))
    review_suggest_at = review_best[1]
    print(f"CheckThat! train pairs: best F1 {review_best[0]:.2f} at review_suggest_at={review_suggest_at}")
    for name, t in (("suggest", suggest_at), ("confident", confident_at)):
        predicted = p_c >= t
        tp = int((predicted & (y_c == 1)).sum())
        print(
            f"corpus pairs at {name}_at={t}: precision {tp / max(1, predicted.sum()):.2f}, "
            f"recall {tp / (y_c == 1).sum():.2f} ({int(predicted.sum())} predicted)"
        )

    out = {
        "features": scorer.FEATURES,
        "claims": {
            "coef": [round(w, 5) for w in trained.coef],
            "intercept": round(trained.intercept, 5),
            "suggest_at": suggest_at,
            "confident_at": confident_at,
        },
        "reviews": {
            "coef": [round(w, 5) for w in trained.review_coef],
            "intercept": round(trained.review_intercept, 5),
            "suggest_at": review_suggest_at,
        },
        "trained_on": {
            "checkthat2020_train_pairs": len(keep),
            "corpus_pairs": len(x_c),
            "candidates_per_tweet": CANDIDATES,
            "C": C,
            "checkthat2020_dev_map5": round(sum(ap5) / len(ap5), 4),
        },
        "default_idf": default_idf,
        "idf": dict(sorted(idf.items())),
    }
    scorer.WEIGHTS.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {scorer.WEIGHTS.relative_to(ROOT)}")
    for name, w, rw in zip(scorer.FEATURES, trained.coef, trained.review_coef, strict=True):
        print(f"  {name:18} claims {w:+.3f}  reviews {rw:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

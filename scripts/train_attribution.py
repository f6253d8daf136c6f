#!/usr/bin/env python
"""Fit the attribution ranker's weights on the annotated articles, cross-validated by article.

    .venv/bin/python scripts/train_attribution.py          # cross-validate, then write the weights
    .venv/bin/python scripts/train_attribution.py --cv-only

Every sentence that holds a gold claim of tests/extraction_dev/**/*.json gives one ranking
problem: its candidate speakers (claims/extraction/speakers.py), of which those that
../shared/eval/score.py would accept are right. A logistic regression on pairs (a right
candidate's features minus a wrong one's, and the reverse) learns one weight per feature; the
extractor scores candidates with those weights in pure Python (claims/extraction/speakers.json).
Cross-validation holds out whole articles (GroupKFold), runs the full extractor on them with the
fold's weights and prints attribution per construction as attribution_table.py counts it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
from attribution_table import scorer  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from claims.extraction import extract, pipeline, release, speakers  # noqa: E402
from claims.extraction.clean import clean  # noqa: E402

DEV = ROOT / "tests" / "extraction_dev"
C = 0.1  # chosen by cross-validation holding out whole batches (house styles), see MODEL.md
FOLDS = 5


def articles() -> list[tuple[Path, dict, str]]:
    """Return (gold file, gold, raw article) for every annotated dev article, the blind-written ones too."""
    out = []
    for gold_file in sorted(DEV.glob("*.json")) + sorted((DEV / "blind-written").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = (gold_file.parent / gold["article"]).read_bytes().decode("utf-8", errors="replace")
        out.append((gold_file, gold, raw))
    return out


def problems(gold: dict, raw: str, score) -> list[list[tuple[dict, bool]]]:
    """Return one list of (features, right?) per sentence holding a gold claim."""
    cleaned = clean(raw, is_html=gold["format"] == "html")
    text = cleaned.text
    # a press release's or a situation report's own voice is its issuer's, as extract() credits it
    issuer = release.issuer(f"{cleaned.title or ''}\n{text}")
    items = pipeline.rule_sentences(text)
    pools = {s.start: (text[s.start : s.end], pool) for s, pool in pipeline.speaker_pools(items, text)}
    out, used = [], set()
    for g in gold["claims"]:
        if g.get("optional"):
            continue
        hits = [(start, sent) for start, (sent, _) in pools.items() if score.overlaps(sent, g["quote"])]
        if not hits:
            continue
        start, _ = max(
            hits, key=lambda h: score.difflib.SequenceMatcher(None, score.norm(h[1]), score.norm(g["quote"])).ratio()
        )
        if start in used:
            continue
        used.add(start)
        pool = pools[start][1]
        out.append([(c.features, bool(score.speaker_ok(c.speaker or issuer, g["speaker"]))) for c in pool])
    return out


def pairs(groups: list[list[tuple[dict, bool]]], vec: DictVectorizer):
    """Return the pairwise differences (right minus wrong, and the reverse) and their labels."""
    rows, labels = [], []
    for group in groups:
        right = [f for f, ok in group if ok]
        wrong = [f for f, ok in group if not ok]
        if not right or not wrong:
            continue
        R, W = vec.transform(right), vec.transform(wrong)
        for i in range(R.shape[0]):
            for j in range(W.shape[0]):
                d = (R[i] - W[j]).toarray()[0]
                rows += [d, -d]
                labels += [1, 0]
    return np.array(rows), np.array(labels)


def fit(groups, c: float = C) -> dict[str, float]:
    """Return feature weights learnt from ranking problems."""
    vec = DictVectorizer()
    vec.fit([f for group in groups for f, _ in group])
    X, y = pairs(groups, vec)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(X, y)
    return {name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True) if w}


def table(gold: dict, raw: str, score, found, right, missed) -> None:
    """Count attribution per construction for one article, as attribution_table.py does."""
    claims = extract(raw, is_html=gold["format"] == "html").claims
    for g in gold["claims"]:
        if g.get("optional"):
            continue
        construction = g.get("construction") or "unlabelled"
        hits = [c for c in claims if score.overlaps(c.text, g["quote"])]
        if not hits:
            missed[construction] += 1
            continue
        found[construction] += 1
        best = max(
            hits,
            key=lambda c: score.difflib.SequenceMatcher(None, score.norm(c.text), score.norm(g["quote"])).ratio(),
        )
        right[construction] += score.speaker_ok(best.speaker, g["speaker"])


def print_table(title: str, found, right, missed) -> float:
    print(f"\n{title}\n| construction | gold | found | speaker right | attribution |\n| --- | --- | --- | --- | --- |")
    for n in sorted(set(found) | set(missed), key=lambda n: -(found[n] + missed[n])):
        share = f"{right[n] / found[n]:.3f}" if found[n] else "–"
        print(f"| {n} | {found[n] + missed[n]} | {found[n]} | {right[n]} | {share} |")
    tf, tr = sum(found.values()), sum(right.values())
    print(f"| all | {tf + sum(missed.values())} | {tf} | {tr} | {tr / max(tf, 1):.3f} |")
    return tr / max(tf, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true", help="print the cross-validated tables, write nothing")
    ap.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    ap.add_argument(
        "--by-batch",
        action="store_true",
        help="hold out whole batches (own dev, w2, w3 …) instead of articles: a house style unseen in training",
    )
    ap.add_argument("--drop", default="", help=argparse.SUPPRESS)  # comma-separated feature prefixes to leave out
    args = ap.parse_args()
    score = scorer()
    data = articles()
    per_article = [problems(gold, raw, score) for _, gold, raw in data]
    if args.drop:
        drop = tuple(args.drop.split(","))
        per_article = [
            [[({k: v for k, v in f.items() if not k.startswith(drop)}, ok) for f, ok in g] for g in groups]
            for groups in per_article
        ]
    counts = {part: (defaultdict(int), defaultdict(int), defaultdict(int)) for part in ("dev", "blind-written")}
    index = np.arange(len(data))
    groups = index
    if args.by_batch:
        groups = np.array([f.name.split("_", 1)[0] if f.parent.name == "blind-written" else "own" for f, _, _ in data])
    folds = GroupKFold(n_splits=len(set(groups)) if args.by_batch else FOLDS)
    for train, test in folds.split(index, groups=groups):
        speakers.ACTIVE = fit([g for i in train for g in per_article[i]], args.c)
        for i in test:
            gold_file, gold, raw = data[i]
            part = "blind-written" if gold_file.parent.name == "blind-written" else "dev"
            table(gold, raw, score, *counts[part])
    speakers.ACTIVE = None
    unit = "batch" if args.by_batch else "article"
    cv = {
        part: print_table(f"cross-validated by {unit} ({folds.n_splits} folds), {part}", *counts[part])
        for part in counts
    }
    if args.cv_only:
        return 0
    weights = fit([g for groups in per_article for g in groups], args.c)
    n_problems = sum(len(groups) for groups in per_article)
    speakers.WEIGHTS.write_text(
        json.dumps(
            {
                "trained": dt.date.today().isoformat(),
                "articles": len(data),
                "ranking_problems": n_problems,
                "C": args.c,
                "cross_validated_attribution": {k: round(v, 3) for k, v in cv.items()},
                "weights": dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {speakers.WEIGHTS.relative_to(ROOT)}: {len(weights)} weights from {n_problems} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Train the claim-against-claim pair scorer and write claims/matching/claim_scorer.json.

    .venv/bin/python scripts/train_claim_matching.py [--data ../shared/data]

Logistic regression (scikit-learn, a dev dependency only) over claims/matching/scorer.py's
CLAIM_FEATURES, on the corpus's rewrite pairs: every cross-document pair of non-optional gold
claims of tests/extraction_dev/**/*.json (never tests/extraction_blind/), positive when both
carry the same cluster; the hard negatives are the other cross-document pairs. Pairs the fact
gate rejects are left out (they never reach the scorer). Each pair is seen once with its context
(the gold speakers, the two documents' names and likeness) and once without (the app often has
none to give).

Cross-validated by story: a batch of the blind-written folder (its rewrite pairs and their hard
negatives are one batch) or a rewrite pair of the dev articles is one group; the groups are dealt
into FOLDS folds, and every pair is scored by a model trained without the folds of either of its
documents' groups (15 fits for 5 folds; one fit per pair of groups was 231). Every fit sees all
pairs within a story group and a weighted CROSS_SHARE sample of the pairs across two (see
`sampled`). The thresholds are
chosen on those out-of-fold scores: `suggest_at` is the lowest at which at least 0.90 of the
pairs scored at or above it are the same claim, `confident_at` the same at 0.95 (marked likely),
and `match_at` (what `extract_claims --json` reports) the best F1 of each claim's mutual best
match at MATCH_PRECISION. Two sets of weights: with the two documents known (their likeness,
names and speakers: extract_claims) and without (the wordings alone). The weights
written are then fitted on all pairs. The IDF table counts stems over the CheckThat! 2020
verified claims and headlines, the ClaimBuster sentences (../shared/data; provenance in their
READMEs and claims/matching/MODEL.md) and the corpus claims.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling train_matching, also when imported as scripts.*

from train_matching import idf_table  # noqa: E402 - the same IDF table as the fact-check scorer's

from claims.matching import scorer  # noqa: E402
from claims.matching.facts import facts_conflict, facts_of  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
CORPUS = ROOT / "tests" / "extraction_dev"
C = 10.0  # out of fold, C=10 kept recall at the same precision better than C=1 (0.75 / 0.725)
SUGGESTION_PRECISION = 0.90  # a suggestion: pair precision out of fold
CONFIDENT_PRECISION = 0.95  # a suggestion marked likely
# extract_claims --json matches (each claim's mutual best): on gold spans; extracted spans add pairs
# no gold claim ends, so keep a margin over the 0.90 the held-out sets are held to.
MATCH_PRECISION = 0.95
FOLDS = 5  # story groups dealt into folds (see out_of_fold)
CROSS_SHARE = 0.2  # of the pairs across two story groups, the share fitted on (see sampled)
csv.field_size_limit(10**7)


def story_group(path: Path) -> str:
    """Return the cross-validation group of a corpus file: its blind-written batch, or its dev story."""
    if path.parent.name == "blind-written":
        return path.name.split("_", 1)[0]  # "w7_calderbrook-fine-regional.json" -> "w7"
    return "dev-" + path.stem.removesuffix("_rewrite")


def corpus_documents() -> list[dict]:
    docs = []
    for path in sorted(CORPUS.glob("**/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        claims = data.get("claims", [])
        docs.append(
            {
                "name": path.name,
                "group": story_group(path),
                "claims": [c for c in claims if not c.get("optional")],
                "texts": [c["quote"] for c in claims],
            }
        )
    # A dev story with no rewrite is a group of its own only if it shares a cluster: the rest are one group.
    sizes = Counter(d["group"] for d in docs)
    for d in docs:
        if d["group"].startswith("dev-") and sizes[d["group"]] < 2:
            d["group"] = "dev-single"
    return docs


def corpus_pairs(docs, idf, default_idf):
    """Return features, labels and (doc a, claim a, doc b, claim b, with context) of every kept pair."""
    xs, ys, keys = [], [], []
    names = [
        frozenset().union(*(facts_of(t).entities for t in d["texts"])) if d["texts"] else frozenset() for d in docs
    ]
    vectors = [scorer.document_vector(d["texts"], idf, default_idf) for d in docs]
    for da in range(len(docs)):
        for db in range(da + 1, len(docs)):
            story = scorer.cosine(vectors[da], vectors[db])
            for ia, ca in enumerate(docs[da]["claims"]):
                for ib, cb in enumerate(docs[db]["claims"]):
                    a, b = ca["quote"], cb["quote"]
                    if facts_conflict(facts_of(a), facts_of(b)):
                        continue
                    context = scorer.Context(
                        speaker_a=ca["speaker"][0] or "",
                        speaker_b=cb["speaker"][0] or "",
                        names_a=names[da],
                        names_b=names[db],
                        story=story,
                    )
                    for known in (context, None):
                        xs.append(scorer.claim_features(a, b, context=known, idf=idf, default_idf=default_idf))
                        ys.append(int(ca["cluster"] == cb["cluster"]))
                        keys.append((da, ia, db, ib, known is not None))
    return np.array(xs), np.array(ys), keys


def extracted_pairs(docs, golds, predicted, idf, default_idf, *, speakers: bool = True):
    """Return features, labels and (doc a, claim a, doc b, claim b, True) of the extractor's sentences, story by story.

    What the matcher is given in use is not a gold span but the extractor's sentence: longer,
    often with a figure or a name the claim does not need, and an attributed speaker that another
    outlet may not name. Every cross-document pair of sentences of two documents of one story
    group is a pair (the gate's conflicts left out), positive when the gold claims the two
    sentences overlap (score.py's rule) share a cluster; a sentence that overlaps no gold claim
    is a negative of every pair it is in.
    """
    sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
    from score import overlaps

    xs, ys, keys = [], [], []
    texts = [[c["text"] for c in claims] for claims in predicted]
    names = [frozenset().union(*(facts_of(t).entities for t in ts)) if ts else frozenset() for ts in texts]
    vectors = [scorer.document_vector(ts, idf, default_idf) for ts in texts]
    clusters = [
        [
            {g["cluster"] for g in gold["claims"] if not g.get("optional") and overlaps(c["text"], g["quote"])}
            for c in cs
        ]
        for gold, cs in zip(golds, predicted, strict=True)
    ]
    for da in range(len(docs)):
        for db in range(da + 1, len(docs)):
            if docs[da]["group"] != docs[db]["group"] or docs[da]["group"] == "dev-single":
                continue
            story = scorer.cosine(vectors[da], vectors[db])
            for ia, ca in enumerate(predicted[da]):
                for ib, cb in enumerate(predicted[db]):
                    a, b = ca["text"], cb["text"]
                    if facts_conflict(facts_of(a), facts_of(b)):
                        continue
                    context = scorer.Context(
                        speaker_a=(ca.get("speaker") or "") if speakers else None,
                        speaker_b=(cb.get("speaker") or "") if speakers else None,
                        names_a=names[da],
                        names_b=names[db],
                        story=story,
                    )
                    xs.append(scorer.claim_features(a, b, context=context, idf=idf, default_idf=default_idf))
                    ys.append(int(bool(clusters[da][ia] & clusters[db][ib])))
                    keys.append((da, ia, db, ib, True))
    return np.array(xs), np.array(ys), keys


def fit(x, y, weight=None) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=weight)


def sampled(keys, docs, seed: int = 13) -> tuple[np.ndarray, np.ndarray]:
    """Return which pairs to fit on and their weights: every pair within a story group, and a
    CROSS_SHARE sample of the pairs across two groups (all negatives: two groups tell no shared
    fact), weighted 1 / CROSS_SHARE so that the fit sees the same loss in expectation. With 70
    blind-written articles the cross-group pairs are nine tenths of ~490,000; fitting on all of
    them made the cross-validation's fits the script's whole cost."""
    rng = np.random.default_rng(seed)
    within = np.array([docs[da]["group"] == docs[db]["group"] for da, _, db, _, _ in keys])
    keep = within | (rng.random(len(keys)) < CROSS_SHARE)
    return keep, np.where(within, 1.0, 1.0 / CROSS_SHARE)


def fold_of(groups: list[str]) -> dict[str, int]:
    """Return each story group's fold (FOLDS of them, shuffled with a fixed seed)."""
    order = sorted(groups)
    np.random.default_rng(7).shuffle(order)
    return {g: i % FOLDS for i, g in enumerate(order)}


def out_of_fold(x, y, keys, docs) -> np.ndarray:
    """Return each pair's probability from a model trained without the folds of its two documents' groups.

    The story groups are dealt into FOLDS folds; a pair whose documents' groups lie in folds f
    and g is scored by a model fitted on the pairs of neither fold (f alone when f = g), so no
    document of either story, nor its rewrite or hard negatives, was trained on.
    """
    folds = fold_of(sorted({d["group"] for d in docs}))
    fa = np.array([folds[docs[k[0]]["group"]] for k in keys])
    fb = np.array([folds[docs[k[2]]["group"]] for k in keys])
    keep, weight = sampled(keys, docs)
    oof = np.zeros(len(y))
    for f in range(FOLDS):
        for g in range(f, FOLDS):
            test = ((fa == f) & (fb == g)) | ((fa == g) & (fb == f))
            train = keep & ~np.isin(fa, [f, g]) & ~np.isin(fb, [f, g])
            if not test.any() or y[train].sum() == 0:
                continue
            model = fit(x[train], y[train], weight[train])
            oof[test] = model.predict_proba(x[test])[:, 1]
            print(f"  folds without {sorted({f, g})}: {int(test.sum())} pairs scored, {int(y[test].sum())} positive")
    return oof


def mutual_best(p, y, keys, at: float) -> tuple[int, int]:
    """Return (predicted, correct) when each claim keeps its best match per other document at or above `at`."""
    best_a: dict[tuple[int, int, int], tuple[float, int]] = {}
    best_b: dict[tuple[int, int, int], tuple[float, int]] = {}
    for i in np.flatnonzero(p >= at):
        da, ia, db, ib, _ = keys[i]
        if best_a.get((da, ia, db), (-1.0, 0))[0] < p[i]:
            best_a[(da, ia, db)] = (p[i], i)
        if best_b.get((db, ib, da), (-1.0, 0))[0] < p[i]:
            best_b[(db, ib, da)] = (p[i], i)
    kept = {i for _, i in best_a.values()} & {i for _, i in best_b.values()}
    return len(kept), int(sum(y[i] for i in kept))


def thresholds(p, y, keys) -> tuple[dict[str, float], list[str]]:
    """Choose suggest_at, confident_at and match_at on out-of-fold scores; return them with a report."""
    lines = []

    # The lowest threshold whose pairs at or above it are precise enough (as the docstring says;
    # stopping at the first threshold that fell short made one unlucky pair near 0.9 decide).
    def lowest(at_least: float, floor: float) -> float:
        found = 0.99
        for t in np.arange(0.99, floor - 0.005, -0.01):
            chosen = p >= t
            if chosen.sum() and y[chosen].mean() >= at_least:
                found = round(float(t), 2)
        return found

    suggest_at = lowest(SUGGESTION_PRECISION, 0.05)
    confident_at = lowest(CONFIDENT_PRECISION, suggest_at)
    positives = int(y.sum())
    best = (-1.0, 0.99, 0.0, 0.0)
    for t in np.arange(0.2, 0.99, 0.01):
        predicted, correct = mutual_best(p, y, keys, t)
        precision = correct / predicted if predicted else 1.0
        recall = correct / positives
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if round(t * 100) % 5 == 0:
            lines.append(f"  at {t:.2f}: mutual-best precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
        if precision >= MATCH_PRECISION and f1 > best[0]:
            best = (f1, round(float(t), 2), precision, recall)
    for name, t in (("suggest_at", suggest_at), ("confident_at", confident_at)):
        chosen = p >= t
        lines.append(
            f"  {name} {t}: pair precision {y[chosen].mean() if chosen.sum() else 1:.3f}, "
            f"recall {y[chosen].sum() / positives:.3f} ({int(chosen.sum())} pairs)"
        )
    lines.append(f"  match_at {best[1]}: mutual-best precision {best[2]:.3f} recall {best[3]:.3f} F1 {best[0]:.3f}")
    return {"suggest_at": suggest_at, "confident_at": confident_at, "match_at": best[1]}, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, help="keep the pairs' features in this .npz (delete it when features change)")
    ap.add_argument(
        "--keep-plain",
        action="store_true",
        help="keep the plain weights (and thresholds) of the claim_scorer.json in place, a feature they lack weighted"
        " 0: refitted on the 90 blind-written articles no plain threshold reaches 0.90 pair precision out of fold",
    )
    args = ap.parse_args()
    previous = json.loads(scorer.CLAIM_WEIGHTS.read_text(encoding="utf-8")) if args.keep_plain else None

    with (args.data / "checkthat2020-task2" / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as f:
        reviews = [r for r in csv.reader(f, delimiter="\t")][1:]
    debates = [r["text"] for r in json.loads((args.data / "claimbuster" / "kfold_25ncs.json").read_text())]
    docs = corpus_documents()
    texts = [f"{r[1]} {r[2] if len(r) > 2 else ''}" for r in reviews] + debates + [t for d in docs for t in d["texts"]]
    idf, default_idf = idf_table(texts)
    print(f"IDF over {len(texts)} texts: {len(idf)} stems")

    cached = args.cache is not None and args.cache.is_file()
    if cached:  # the pairs' features of an earlier run of the same code (--cache)
        saved = np.load(args.cache, allow_pickle=False)
        x, y, keys = saved["x"], saved["y"], [tuple(int(v) for v in k) for k in saved["keys"]]
    else:
        x, y, keys = corpus_pairs(docs, idf, default_idf)
        if args.cache is not None:
            np.savez_compressed(args.cache, x=x, y=y, keys=np.array(keys, dtype=np.int64))
    print(f"corpus: {len(y)} cross-document pairs with no conflict, {int(y.sum())} positive")
    out = {"features": scorer.CLAIM_FEATURES}
    trained_on = {
        "corpus_pairs": len(y) // 2,
        "positive": int(y.sum()) // 2,
        "C": C,
        "folds": FOLDS,
        "cross_share": CROSS_SHARE,
    }
    # Two sets of weights: with the documents' context (extract_claims --json) and without (the app).
    for part, known in (("story", True), ("plain", False)):
        rows = np.array([k[4] == known for k in keys])
        xp, yp, kp = x[rows], y[rows], [k for k, r in zip(keys, rows, strict=True) if r]
        print(f"{part}: cross-validated by story")
        oof = out_of_fold(xp, yp, kp, docs)
        chosen_at, report = thresholds(oof, yp, kp)
        print(f"{part}, out of fold (pairs of gold claims):")
        print("\n".join(report))
        if part == "plain" and previous is not None:
            was = dict(zip(previous["features"], previous["plain"]["coef"], strict=True))
            out[part] = {**previous["plain"], "coef": [was.get(name, 0.0) for name in scorer.CLAIM_FEATURES]}
            trained_on["plain_kept_from"] = previous["trained_on"].get("plain_kept_from", previous["trained_on"])
            print("plain: the weights in place kept (--keep-plain)")
            continue
        keep, weight = sampled(kp, docs)
        model = fit(xp[keep], yp[keep], weight[keep])
        out[part] = {
            "coef": [round(float(w), 5) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 5),
            **chosen_at,
        }
        trained_on[f"{part}_out_of_fold"] = [line.strip() for line in report[-3:]]
        for name, w in zip(scorer.CLAIM_FEATURES, model.coef_[0], strict=True):
            print(f"  {name:20} {w:+.3f}")
    trained_on["groups"] = sorted({d["group"] for d in docs})
    out.update({"trained_on": trained_on, "default_idf": default_idf, "idf": dict(sorted(idf.items()))})
    scorer.CLAIM_WEIGHTS.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {scorer.CLAIM_WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

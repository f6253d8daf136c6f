#!/usr/bin/env python
"""Measure `extract_claims --json` matching out of fold, on the extractor's own sentences, by story.

    .venv/bin/python scripts/eval_claim_matching.py [--cache /tmp/claim-eval] [--data ../shared/data]

The claim scorer is trained on the gold claims of tests/extraction_dev/**/*.json, so score.py on
those folders measures it in sample. This script holds each story group out in turn (a
blind-written batch or a dev rewrite pair, as scripts/train_claim_matching.py groups them): it
fits the story weights on the gold pairs of the other groups, runs the matcher
(`similarity.document_pairs` + `mutual_best`, what `extract_claims --json` runs) over the
extractor's sentences of the held-out group's documents, and scores the pairs as
../shared/eval/score.py does (a sentence stands for the first non-optional gold claim it
overlaps). It prints precision / recall / F1 at a range of `match_at` thresholds, for the
blind-written folder and the dev articles, and where the false pairs come from (see
scripts/matching_errors.py for the boxes). Pairs across two groups are not scored (two stories
that share no cluster; score.py would count any such pair as false). Never reads
tests/extraction_blind.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

import train_claim_matching as tcm  # noqa: E402
from score import find_article, overlaps  # noqa: E402 - score.py's own mapping rules
from train_matching import idf_table  # noqa: E402

from claims.matching import scorer  # noqa: E402

if json.loads(scorer.CLAIM_WEIGHTS.read_text(encoding="utf-8"))["features"] != scorer.CLAIM_FEATURES:
    # Measuring new features before claim_scorer.json is retrained: a placeholder until each fold's fit.
    _none = scorer.ClaimWeights((0.0,) * len(scorer.CLAIM_FEATURES), 0.0, 0.5, 0.9, 0.5)
    _placeholder = scorer.ClaimModel(story=_none, plain=_none, idf={}, default_idf=1.0)
    scorer.claim_model = lambda: _placeholder

from claims.matching import similarity  # noqa: E402 - after the placeholder
from claims.matching.facts import facts_conflict, facts_of  # noqa: E402

THRESHOLDS = [0.2, 0.22, 0.25, 0.3, 0.35, 0.4, 0.43, 0.5, 0.6, 0.7, 0.8, 0.9]


def story_pairs(docs, idf, default_idf, *, speakers: bool = True):
    """Return features, labels and (doc a, doc b) of every non-conflicting cross-document gold pair, in context."""
    xs, ys, keys = [], [], []
    names = [
        frozenset().union(*(facts_of(t).entities for t in d["texts"])) if d["texts"] else frozenset() for d in docs
    ]
    vectors = [scorer.document_vector(d["texts"], idf, default_idf) for d in docs]
    for da in range(len(docs)):
        for db in range(da + 1, len(docs)):
            story = scorer.cosine(vectors[da], vectors[db])
            for ca in docs[da]["claims"]:
                for cb in docs[db]["claims"]:
                    a, b = ca["quote"], cb["quote"]
                    if facts_conflict(facts_of(a), facts_of(b)):
                        continue
                    context = scorer.Context(
                        speaker_a=(ca["speaker"][0] or "") if speakers else None,
                        speaker_b=(cb["speaker"][0] or "") if speakers else None,
                        names_a=names[da],
                        names_b=names[db],
                        story=story,
                    )
                    xs.append(scorer.claim_features(a, b, context=context, idf=idf, default_idf=default_idf))
                    ys.append(int(ca["cluster"] == cb["cluster"]))
                    keys.append((da, db))
    return np.array(xs), np.array(ys), keys


def extracted(paths: list[Path], cache: Path) -> list[list[dict]]:
    """Return the extractor's claims of each article (cached: extraction is another module's business)."""
    if cache.is_file():
        return json.loads(cache.read_text())
    cmd = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py"), "extract_claims", "--json", *map(str, paths)]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    claims = [d["claims"] for d in out["documents"]]
    cache.write_text(json.dumps(claims))
    return claims


def score_group(golds: list[dict], predicted: list[list[dict]], matches: list[dict]) -> dict:
    """Return score.py's matching counts for one group's documents, with the false pairs boxed."""
    mapping, hits_of, cluster = {}, {}, {}
    for di, (gold, claims) in enumerate(zip(golds, predicted, strict=True)):
        ngold = [c for c in gold["claims"] if not c.get("optional")]
        for pi, pc in enumerate(claims):
            hits = [c for c in gold["claims"] if overlaps(pc["text"], c["quote"])]
            hits_of[(di, pi)] = {c["cluster"] for c in hits if not c.get("optional")}
            if hits_of[(di, pi)]:
                mapping[(di, pi)] = (di, ngold.index(next(c for c in hits if not c.get("optional"))))
            elif hits:
                mapping[(di, pi)] = None
        for gi, gc in enumerate(ngold):
            if any(overlaps(pc["text"], gc["quote"]) for pc in claims):
                cluster[(di, gi)] = gc["cluster"]
    gold_pairs = {frozenset((a, b)) for a in cluster for b in cluster if a[0] != b[0] and cluster[a] == cluster[b]}
    predicted_pairs = {}
    for m in matches:
        a, b = tuple(m["a"]), tuple(m["b"])
        if mapping.get(a, 0) is None or mapping.get(b, 0) is None:
            continue
        predicted_pairs.setdefault(frozenset((mapping.get(a, ("fp", *a)), mapping.get(b, ("fp", *b)))), (a, b))
    counts = {"predicted": len(predicted_pairs), "good": 0, "gold": len(gold_pairs), "not a claim": 0, "two claims": 0}
    counts["matcher"] = 0
    for key, (a, b) in predicted_pairs.items():
        if key in gold_pairs:
            counts["good"] += 1
        elif a not in mapping or b not in mapping:
            counts["not a claim"] += 1
        elif (len(hits_of[a]) > 1 or len(hits_of[b]) > 1) and hits_of[a] & hits_of[b]:
            counts["two claims"] += 1
        else:
            counts["matcher"] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=tcm.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claim-eval"))
    ap.add_argument("--no-speakers", action="store_true", help="train and match without the speakers")
    ap.add_argument("--with-extracted", action="store_true", help="train on the extractor's sentences too")
    ap.add_argument("--shipped", action="store_true", help="score the shipped claim_scorer.json in sample instead")
    ap.add_argument(
        "--without",
        default="",
        help="comma-separated CLAIM_FEATURES to leave out of the fits (weighted 0): an ablation",
    )
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)

    files = sorted(tcm.CORPUS.glob("**/*.json"))
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    docs = tcm.corpus_documents()
    assert [d["name"] for d in docs] == [f.name for f in files]
    articles = [find_article(f, g["article"]) for f, g in zip(files, golds, strict=True)]
    predicted = extracted(articles, args.cache / "claims.json")

    with (args.data / "checkthat2020-task2" / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as f:
        reviews = [r for r in csv.reader(f, delimiter="\t")][1:]
    debates = [r["text"] for r in json.loads((args.data / "claimbuster" / "kfold_25ncs.json").read_text())]
    texts = [f"{r[1]} {r[2] if len(r) > 2 else ''}" for r in reviews] + debates + [t for d in docs for t in d["texts"]]
    idf, default_idf = idf_table(texts)
    shipped = scorer.claim_model()
    model = scorer.ClaimModel(story=shipped.story, plain=shipped.plain, idf=idf, default_idf=default_idf)
    if not args.shipped:
        pairs_cache = args.cache / f"pairs-{'nospk' if args.no_speakers else 'spk'}.npz"
        if pairs_cache.is_file():  # the gold pairs' features of an earlier run (delete it when features change)
            saved = np.load(pairs_cache)
            x, y, keys = saved["x"], saved["y"], [tuple(int(v) for v in k) for k in saved["keys"]]
        else:
            x, y, keys = story_pairs(docs, idf, default_idf, speakers=not args.no_speakers)
            np.savez_compressed(pairs_cache, x=x, y=y, keys=np.array(keys, dtype=np.int64))
        for name in filter(None, args.without.split(",")):
            x[:, scorer.CLAIM_FEATURES.index(name)] = 0.0  # a column of zeros is fitted a weight of 0
        print(f"{len(y)} gold pairs in context, {int(y.sum())} positive")
        if args.with_extracted:
            xe, ye, ke = tcm.extracted_pairs(docs, golds, predicted, idf, default_idf, speakers=not args.no_speakers)
            print(f"{len(ye)} extracted pairs in context, {int(ye.sum())} positive")
            x, y, keys = np.vstack([x, xe]), np.concatenate([y, ye]), keys + [(k[0], k[2]) for k in ke]
        ga = np.array([docs[a]["group"] for a, _ in keys])
        gb = np.array([docs[b]["group"] for _, b in keys])
        keep, weight = tcm.sampled([(a, 0, b, 0, True) for a, b in keys], docs)

    totals: dict[tuple[str, float], dict[str, int]] = {}
    for group in sorted({d["group"] for d in docs}):
        members = [i for i, d in enumerate(docs) if d["group"] == group]
        if len(members) < 2:
            continue
        if args.shipped:
            weights = shipped.story
        else:
            # As the training script fits: every pair within a story group, a weighted sample across two.
            train = (ga != group) & (gb != group) & keep
            fitted = tcm.fit(x[train], y[train], weight[train])
            weights = scorer.ClaimWeights(
                tuple(float(w) for w in fitted.coef_[0]), float(fitted.intercept_[0]), 0.0, 1.0, 0.0
            )
        fold = replace(model, story=weights, plain=weights) if not args.shipped else shipped
        scorer.claim_model = lambda fold=fold: fold  # compare() and document_pairs() read it at call time
        judged = similarity.document_pairs(
            [[c["text"] for c in predicted[i]] for i in members],
            speakers=None if args.no_speakers else [[c.get("speaker") for c in predicted[i]] for i in members],
        )
        folder = "blind-written" if files[members[0]].parent.name == "blind-written" else "dev"
        for at in THRESHOLDS:
            matches = similarity.mutual_best(
                judged, kept=lambda m, at=at: m.linked or (not m.conflicting and m.similarity >= at)
            )
            counts = score_group([golds[i] for i in members], [predicted[i] for i in members], matches)
            for key in ((folder, at), ("all", at)):
                total = totals.setdefault(key, dict.fromkeys(counts, 0))
                for name, n in counts.items():
                    total[name] += n
    print("folder         match_at  P     R     F1    pairs  false: not a claim / two claims / matcher")
    for (folder, at), t in sorted(totals.items()):
        p = t["good"] / t["predicted"] if t["predicted"] else 0.0
        r = t["good"] / t["gold"] if t["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{folder:14} {at:8.2f}  {p:.3f} {r:.3f} {f1:.3f} {t['predicted']:3}/{t['gold']:<3}"
            f"  {t['not a claim']} / {t['two claims']} / {t['matcher']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""List where `extract_claims --json` matching goes wrong on a gold folder, the way score.py scores it.

    .venv/bin/python scripts/matching_errors.py tests/extraction_dev/blind-written [--quiet]

It runs the extraction command once over the folder's articles and maps each predicted claim to
gold as ../shared/eval/score.py does (the first non-optional gold claim its text overlaps). Every
predicted pair score.py counts as false is put in one of three boxes:

- extractor, not a claim: an end is a sentence no gold claim overlaps (a schedule, furniture);
- extractor, two claims: an end overlaps two or more gold claims and the pair is right for one
  that is not the one score.py maps it to (a sentence holding two claims);
- matcher: both ends are gold claims of different clusters and neither is a two-claim sentence.

Every missed gold pair (both ends found) is listed with the scorer's probability for the two
predicted sentences and why it was not reported (below match_at, a conflict, or not each other's
best). Development folders only: it refuses tests/extraction_blind, which is scored for its
summary line and never studied.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

from score import find_article, overlaps  # noqa: E402 - score.py's own mapping rules

from claims.matching import scorer  # noqa: E402
from claims.matching.similarity import compare, document_matches, document_names, facts_of  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--full", action="store_true", help="whole sentences, not their first 100 characters")
    ap.add_argument(
        "--extracted",
        type=Path,
        help="keep the extraction's JSON in this file (read it when it exists) and match here with the code as it"
        " is now: matching changes are measured in seconds, not the extraction's minute",
    )
    args = ap.parse_args()
    width = None if args.full else 100
    if "extraction_blind" in str(args.gold.resolve()):
        sys.exit("matching_errors: the blind slice is scored for its summary line only, never studied")
    golds = sorted(args.gold.glob("*.json"))
    docs = [json.loads(g.read_text(encoding="utf-8")) for g in golds]
    paths = [str(find_article(g, d["article"])) for g, d in zip(golds, docs, strict=True)]
    if args.extracted and args.extracted.is_file():
        out = json.loads(args.extracted.read_text(encoding="utf-8"))
    else:
        cmd = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py"), "extract_claims", "--json", *paths]
        out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
        if args.extracted:
            args.extracted.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    predicted = [d["claims"] for d in out["documents"]]
    if args.extracted:  # the matches of the matching code as it is now, as extract_claims --json makes them
        out["matches"] = document_matches(
            [[c["text"] for c in claims] for claims in predicted],
            speakers=[[c.get("speaker") for c in claims] for claims in predicted],
        )

    mapping, hits_of, found = {}, {}, {}
    for di, (gold, claims) in enumerate(zip(docs, predicted, strict=True)):
        ngold = [c for c in gold["claims"] if not c.get("optional")]
        for pi, pc in enumerate(claims):
            hits = [c for c in gold["claims"] if overlaps(pc["text"], c["quote"])]
            hits_of[(di, pi)] = [c["cluster"] for c in hits if not c.get("optional")]
            if any(not c.get("optional") for c in hits):
                best = next(c for c in hits if not c.get("optional"))
                mapping[(di, pi)] = (di, ngold.index(best))
            elif hits:
                mapping[(di, pi)] = None
        for gi, gc in enumerate(ngold):
            ends = [pi for pi, pc in enumerate(claims) if overlaps(pc["text"], gc["quote"])]
            if ends:
                found[(di, gi)] = (gc["cluster"], ends)
    cluster = {k: v[0] for k, v in found.items()}
    gold_pairs = {frozenset((a, b)) for a in cluster for b in cluster if a[0] != b[0] and cluster[a] == cluster[b]}

    boxes = {"extractor, not a claim": [], "extractor, two claims": [], "matcher": []}
    predicted_pairs = {}
    for m in out["matches"]:
        a, b = tuple(m["a"]), tuple(m["b"])
        if mapping.get(a, 0) is None or mapping.get(b, 0) is None:
            continue
        key = frozenset((mapping.get(a, ("fp", *a)), mapping.get(b, ("fp", *b))))
        predicted_pairs.setdefault(key, (a, b, m["similarity"]))
    for key, (a, b, sim) in predicted_pairs.items():
        if key in gold_pairs:
            continue
        if a not in mapping or b not in mapping:
            box = "extractor, not a claim"
        elif len(hits_of[a]) > 1 or len(hits_of[b]) > 1:
            box = "extractor, two claims" if set(hits_of[a]) & set(hits_of[b]) else "matcher"
        else:
            box = "matcher"
        boxes[box].append((a, b, sim))
    good = len(set(predicted_pairs) & gold_pairs)
    p = good / len(predicted_pairs) if predicted_pairs else 0.0
    r = good / len(gold_pairs) if gold_pairs else 1.0
    print(f"pairs: {len(predicted_pairs)} predicted, {good} right, {len(gold_pairs)} gold; P={p:.2f} R={r:.2f}")
    for box, pairs in boxes.items():
        print(f"false, {box}: {len(pairs)}")
        if not args.quiet:
            for a, b, sim in pairs:
                first, second = predicted[a[0]][a[1]]["text"], predicted[b[0]][b[1]]["text"]
                print(f"   {sim:.2f} {first[:width]!r}\n        {second[:width]!r}")

    m = scorer.claim_model()
    texts = [[c["text"] for c in claims] for claims in predicted]
    names = [document_names(t) for t in texts]
    vectors = [scorer.document_vector(t, m.idf, m.default_idf) for t in texts]
    missed = sorted(gold_pairs - set(predicted_pairs), key=sorted)
    print(f"missed gold pairs: {len(missed)}")
    for pair in missed:
        (da, ga), (db, gb) = sorted(pair)
        ia, ib = found[(da, ga)][1][0], found[(db, gb)][1][0]
        a, b = predicted[da][ia], predicted[db][ib]
        context = scorer.Context(
            speaker_a=a.get("speaker") or "",
            speaker_b=b.get("speaker") or "",
            names_a=names[da],
            names_b=names[db],
            story=scorer.cosine(vectors[da], vectors[db]),
        )
        match = compare(a["text"], b["text"], facts_a=facts_of(a["text"]), facts_b=facts_of(b["text"]), context=context)
        if match.conflicting:
            why = "conflict: " + match.reason
        else:
            why = "below match_at" if match.similarity < m.story.match_at else "not mutual best"
        if not args.quiet:
            print(f"   {match.similarity:.2f} {why} (story {context.story:.2f})")
            print(f"        {a['text'][:width]!r}\n        {b['text'][:width]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Print attribution accuracy per construction on the annotated articles that label one.

    .venv/bin/python scripts/attribution_table.py [--gold tests/extraction_dev/blind-written]

Gold claims carry a `construction` (own-voice, reported-speech, according-to, pronoun,
spokesperson, qa-label, post, multi-paragraph-quote …). For each one the extractor found, the
speaker counts as right when ../shared/eval/score.py would accept it. Never point this at
tests/extraction_blind/ for anything but this aggregate table (`--blind`): its misses are not to be read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def scorer():
    """Return ../shared/eval/score.py as a module (its matching and speaker rules)."""
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "extraction_dev" / "blind-written")
    ap.add_argument("--blind", action="store_true", help="allow the blind slice (only this aggregate table is printed)")
    args = ap.parse_args()
    if "extraction_blind" in str(args.gold.resolve()) and not args.blind:
        sys.exit("the blind slice is scored by its aggregate lines only: pass --blind for the per-construction table")
    score = scorer()
    found: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    for gold_file in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = score.find_article(gold_file, gold["article"]).read_bytes().decode("utf-8", errors="replace")
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
    names = sorted(set(found) | set(missed), key=lambda n: -(found[n] + missed[n]))
    print("| construction | gold | found | speaker right | attribution |")
    print("| --- | --- | --- | --- | --- |")
    for n in names:
        share = f"{right[n] / found[n]:.3f}" if found[n] else "–"
        print(f"| {n} | {found[n] + missed[n]} | {found[n]} | {right[n]} | {share} |")
    total_found, total_right = sum(found.values()), sum(right.values())
    total = total_found + sum(missed.values())
    print(f"| all | {total} | {total_found} | {total_right} | {total_right / total_found:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

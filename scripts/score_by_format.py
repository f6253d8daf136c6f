#!/usr/bin/env python
"""Extraction scores grouped by format (text/html) and by corpus batch, from score.py's per-article rows.

    python scripts/score_by_format.py tests/extraction_blind

Runs ../shared/eval/score.py on the folder and sums each group's found claims (recall × gold),
right predictions (precision × predicted) and correctly attributed claims, so each row is a
micro average like score.py's summary. Only aggregates are printed: safe for the blind slice, whose misses nobody reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
CMD = f"{ROOT / '.venv' / 'bin' / 'python'} {ROOT / 'manage.py'} extract_claims --json"


def article_rows(gold_dir: Path) -> dict[str, tuple[int, int, float, float, float]]:
    """Return score.py's row per article file name: gold, predicted, P, R, attribution."""
    out = subprocess.run(
        [sys.executable, str(SCORE), "--gold", str(gold_dir), "--cmd", CMD],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    rows = {}
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 7 or line.startswith("summary"):
            continue
        name, gold, pred, p, r, attr = parts[0], *parts[-6:-1]
        rows[name] = (int(gold), int(pred), float(p), float(r), float(attr))
    return rows


def main(gold_dir: Path) -> None:
    rows = article_rows(gold_dir)
    groups: dict[str, list] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0, 0.0])
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = Path(gold["article"]).name
        # score.py cuts names to 34 characters.
        row = rows.get(article) or rows.get(article[:34])
        if row is None:
            continue
        n_gold, n_pred, precision, recall, attribution = row
        found = recall * n_gold
        keys = [f"format {gold.get('format', '?')}", f"batch {path.name.split('_', 1)[0]}", "all"]
        for key in keys:
            g = groups[key]
            g[0] += n_gold
            g[1] += n_pred
            g[2] += found
            g[3] += attribution * found
            g[4] += 1
            g[5] += precision * n_pred  # predictions that were right (optional claims count as right)
    print("| group | articles | gold | emitted | precision | recall | F1 | attribution |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key in sorted(groups, key=lambda k: (k == "all", k)):
        n_gold, n_pred, found, attributed, n, right = groups[key]
        p = right / n_pred if n_pred else 0.0
        r = found / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        a = attributed / found if found else 0.0
        print(f"| {key} | {n} | {n_gold} | {n_pred} | {p:.3f} | {r:.3f} | {f1:.3f} | {a:.3f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "extraction_blind")

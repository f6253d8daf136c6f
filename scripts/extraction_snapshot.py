#!/usr/bin/env python
"""Write what `extract_claims --json` returns for every dev article, to compare two trees byte for byte.

    .venv/bin/python scripts/extraction_snapshot.py /tmp/before.json     # on the old tree
    .venv/bin/python scripts/extraction_snapshot.py /tmp/after.json      # on the new one
    cmp /tmp/before.json /tmp/after.json && echo identical

The articles are those of the gold files in tests/extraction_dev, tests/extraction_dev/blind-written
and ../shared/eval/dev (never tests/extraction_blind: its per-claim output is not ours to read), in
one command, so the cross-document matches are compared too. A speed change that is meant to
change nothing must leave the file identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = (
    ROOT / "tests" / "extraction_dev",
    ROOT / "tests" / "extraction_dev" / "blind-written",
    ROOT.parent / "shared" / "eval" / "dev",
)


def article_paths() -> list[str]:
    """Return the article of each gold file, found as ../shared/eval/score.py finds it, relative to
    the tree (so that two trees' outputs name their sources alike)."""
    paths = []
    for folder in GOLD_DIRS:
        if not folder.is_dir():
            sys.exit(f"{folder}: no such folder (a tree exported elsewhere needs ../shared beside it)")
        for gold in sorted(folder.glob("*.json")):
            rel = json.loads(gold.read_text(encoding="utf-8"))["article"]
            base = next((b for b in (gold.parent, *gold.parents) if (b / rel).is_file()), None)
            if base is None:
                sys.exit(f"{gold}: article {rel!r} not found")
            paths.append(os.path.relpath(base / rel, ROOT))
    return paths


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    paths = article_paths()
    out = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "--json", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    Path(sys.argv[1]).write_text(out.stdout, encoding="utf-8")
    print(f"{len(paths)} articles -> {sys.argv[1]}")


if __name__ == "__main__":
    main()

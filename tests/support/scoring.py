"""score.py over an annotated corpus folder, run the way a person runs it (see docs/extraction.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SHARED

SCORE = SHARED / "eval" / "score.py"


def command(gold: Path) -> list[str]:
    """Return score.py's command line for a gold folder, against `manage.py extract_claims --json`."""
    extract = f"{sys.executable} manage.py extract_claims --json"
    return [sys.executable, str(SCORE), "--gold", str(gold), "--cmd", extract, "-v"]


def result(gold: Path) -> tuple[int, dict[str, float], str]:
    """Score a gold folder; return score.py's exit status, its summary figures and its output."""
    proc = subprocess.run(command(gold), cwd=ROOT, capture_output=True, text=True, timeout=600)
    return proc.returncode, figures(proc.stdout), proc.stdout + proc.stderr


def figures(stdout: str) -> dict[str, float]:
    """Read the figures of score.py's last line (`summary: F1=… matching_F1=… (P=… R=…) traps=…`)."""
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    detection = summary.split("matching_F1")[0]
    found = {k: float(v) for k, v in re.findall(r"\b(F1|P|R|attribution)=([\d.]+)", detection)}
    found.update({k: float(v) for k, v in re.findall(r"\b(traps|articles)=([\d.]+)", summary)})
    matching = re.search(r"matching_F1=([\d.]+) \(P=([\d.]+) R=([\d.]+)", summary)
    if matching:
        found.update(zip(("matching_F1", "matching_P", "matching_R"), map(float, matching.groups()), strict=True))
    return found

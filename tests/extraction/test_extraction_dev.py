"""Extraction quality on annotated articles, scored by ../shared/eval/score.py (no database).

Bars sit a little under what the extractor scores today (see README "Claim extraction"), so a
regression fails `make test` while an unrelated wording change does not.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SCORE = SHARED / "eval" / "score.py"
DEV = ROOT / "tests" / "extraction_dev"


def score(
    gold: Path, *, min_f1: float, min_attribution: float, min_matching_f1: float = 0.0
) -> tuple[int, dict[str, float], str]:
    """Run score.py on a gold folder; return its exit status, the summary figures and its output."""
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORE),
            "--gold",
            str(gold),
            "--cmd",
            f"{sys.executable} manage.py extract_claims --json",
            "--min-f1",
            str(min_f1),
            "--min-attribution",
            str(min_attribution),
            "--min-matching-f1",
            str(min_matching_f1),
            "-v",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    detection = summary.split("matching_F1")[0]
    figures = {k: float(v) for k, v in re.findall(r"\b(F1|P|R|attribution)=([\d.]+)", detection)}
    figures.update({k: float(v) for k, v in re.findall(r"\b(traps)=([\d.]+)", summary)})
    matching = re.search(r"matching_F1=([\d.]+) \(P=([\d.]+) R=([\d.]+)", summary)
    if matching:
        figures.update(zip(("matching_F1", "matching_P", "matching_R"), map(float, matching.groups()), strict=True))
    return proc.returncode, figures, proc.stdout + proc.stderr


# Matching bars: the seed pair shares wording; our dev set holds three second-outlet rewrites
# (21 gold cross-article pairs) where confident matches score F1 0.865 at precision 1.00.
# Detection bars (2026-12-03): the check-worthiness model is now fit on all 45 dev articles with
# the prior strength that cross-validation by article, the held-out debates and calibration all
# prefer (MODEL.md). The blind-written batches mark planned events and quoted judgements as
# traps; the seed and the early dev articles count some as claims ("American troops will be
# heading to Peru this week"), so those two sets fall to F1 0.829 and 0.917 (from 0.957 and
# 0.960) while the blind slice rises from 0.863 to 0.906. Lowered to hold today's figures.
# Seed raised to 0.85 (it scores 0.857) after a name opening a sentence and envoys' acts became
# inputs of the check-worthiness model (2026-12-03).
@pytest.mark.parametrize(
    ("gold", "min_f1", "min_attribution", "min_matching_f1"),
    [(DEV, 0.91, 0.95, 0.95), (SHARED / "eval" / "dev", 0.85, 0.95, 0.95)],
    ids=["own-dev-set", "seed-dev-set"],
)
def test_extraction_and_matching_meet_their_bars_with_no_traps(gold, min_f1, min_attribution, min_matching_f1):
    status, figures, output = score(
        gold, min_f1=min_f1, min_attribution=min_attribution, min_matching_f1=min_matching_f1
    )
    assert status == 0, output
    assert figures["F1"] >= min_f1 and figures["attribution"] >= min_attribution, output
    assert figures["traps"] == 0, output
    # `matches` are each claim's mutual best match at the claim scorer's match_at (in the app only
    # identical wording in agreeing context links by itself). The own set was trained on, so the
    # floor sits a little under its 1.00.
    assert figures["matching_F1"] >= min_matching_f1 and figures["matching_P"] >= 0.94, output


def test_dev_set_is_varied_and_includes_a_second_outlet_rewrite():
    import json

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("*.json"))]
    assert len(golds) >= 6
    formats = {g["format"] for g in golds}
    assert formats == {"text", "html"}
    clusters = [{c["cluster"] for c in g["claims"]} for g in golds]
    shared = [a & b for i, a in enumerate(clusters) for b in clusters[i + 1 :] if a & b]
    assert shared, "one article should be a rewrite of another, sharing claim clusters"
    for g in golds:
        assert g["not_claims"], "every dev article lists traps"


BLIND = ROOT / "tests" / "extraction_blind"
BLIND_WRITTEN_DEV = DEV / "blind-written"


# Text nobody tuned on (see tests/extraction_blind/README.md). These are floors that hold today's
# figures so a change cannot make unseen text worse unnoticed (attribution raised with the speaker
# ranker: blind 0.820, blind-written 0.912 — trained on, 0.901 cross-validated by article; raised
# again on 2026-12-03 with transcript labels and embedded posts of more house styles: blind F1
# 0.912, P 0.894, attribution 0.867; blind-written 0.919, 0.900, 0.925 — 0.919 cross-validated by
# article, 0.922 by batch, at the stronger regularisation those chose);
# issue 12's targets (F1 0.93, precision 0.92, attribution 0.92, traps <= 3) and issue 13's
# (matching F1 0.85) are above them.
# Articles are only ever added to the blind slice, so its size can only grow. Batch w8 (12 articles,
# 2026-12-03) arrived after the models were fit on w2-w7: with it the slice scores F1 0.910, P 0.903,
# attribution 0.882 and blind-written 0.919, 0.898, 0.910 (MODEL.md: the refit with w8 is pending).
# Attribution raised on 2026-12-04 (new constructions, gender of he/she, ranker refit with w8): blind
# 0.884, blind-written 0.935 (trained on; 0.930 cross-validated by article and by batch).
@pytest.mark.parametrize(
    ("gold", "min_articles", "min_f1", "min_precision", "min_attribution", "min_matching_f1"),
    [(BLIND, 44, 0.90, 0.88, 0.86, 0.55), (BLIND_WRITTEN_DEV, 35, 0.91, 0.89, 0.92, 0.58)],
    ids=["blind-slice", "blind-written-dev"],
)
def test_unseen_house_styles_stay_above_todays_floor(
    gold, min_articles, min_f1, min_precision, min_attribution, min_matching_f1
):
    golds = sorted(gold.glob("*.json"))
    assert len(golds) >= min_articles, "articles left the blind-written corpus"
    status, figures, output = score(gold, min_f1=min_f1, min_attribution=min_attribution)
    assert status == 0, output
    assert figures["P"] >= min_precision, output
    assert figures["matching_F1"] >= min_matching_f1, output

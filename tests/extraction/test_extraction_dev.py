"""Extraction quality on annotated articles, scored by ../shared/eval/score.py (no database).

Bars sit a little under what the extractor scores today (see README "Claim extraction"), so a
regression fails `make test` while an unrelated wording change does not.
"""

import pytest

from tests.conftest import ROOT, SHARED
from tests.support.scoring import result as score

DEV = ROOT / "tests" / "extraction_dev"
SEED_DEV = SHARED / "eval" / "dev"


# Matching bars: the seed pair shares wording; our dev set holds three second-outlet rewrites
# (21 gold cross-article pairs) where confident matches score F1 0.865 at precision 1.00.
# Detection bars (2026-12-03): the check-worthiness model is now fit on all 45 dev articles with
# the prior strength that cross-validation by article, the held-out debates and calibration all
# prefer (MODEL.md). The blind-written batches mark planned events and quoted judgements as
# traps; the seed and the early dev articles count some as claims ("American troops will be
# heading to Peru this week"), so those two sets fall to F1 0.829 and 0.917 (from 0.957 and
# 0.960) while the blind slice rises from 0.863 to 0.906. Lowered to hold today's figures.
# Seed raised to 0.85 (it scores 0.857) after a name opening a sentence and envoys' acts became
# inputs of the check-worthiness model (2026-12-03). Back to 0.82 with the refit on batch w8
# (2026-12-04, 51 articles): the seed scores 0.829, its closing sentence "Peru then recalled its
# ambassador to Mexico." at 0.35 — the corpus's last sentences are claims one time in five, and
# the learnt position terms hold on every fit tried (MODEL.md); the blind slice rises to F1 0.913,
# precision 0.923, 26 traps (from 0.910, 0.903, 35).
# Seed 0.79 (2026-12-06): with the register cues and the news n-gram layer (MODEL.md) it scores
# 0.800, its quoted plan '"Seven hundred U.S. soldiers to train the Peruvian armed forces …," he
# said' at 0.49 (0.51 before) — the blind-written batches list quoted plans as traps; the same fit,
# refit on the 62 dev articles without them, scores seed 0.829, own 0.913, blind 0.907 (P 0.914, 35
# traps), and with them own 0.925, blind 0.917 (P 0.923, 34 traps).
@pytest.mark.parametrize(
    ("gold", "min_f1", "min_attribution", "min_matching_f1"),
    [(DEV, 0.91, 0.95, 0.95), (SEED_DEV, 0.79, 0.95, 0.95)],
    ids=["own-dev-set", "seed-dev-set"],
)
def test_extraction_and_matching_meet_their_bars_with_no_traps(gold, min_f1, min_attribution, min_matching_f1):
    status, figures, output = score(gold)
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
# attribution 0.882 and blind-written 0.919, 0.898, 0.910. Refit with w8 (2026-12-04): blind F1
# 0.913, P 0.923, attribution 0.878; blind-written 0.930, 0.924, 0.907; precision floors raised.
# Batch w9 (12 articles in formats the corpus lacked, 2026-12-04), before any refit: the slice
# scores F1 0.898, P 0.882, attribution 0.873 (w9's six alone 0.820, 0.760, 0.810); blind-written
# 0.925, 0.910, 0.902. With the w8 refit (s24-cw merged): blind F1 0.903, P 0.907, attribution
# 0.872, 33 traps; blind-written 0.934, 0.932, 0.901. Attribution work of 2026-12-04 (new constructions,
# gender of he/she, ranker refit) merged on top.
# Refit on merged main with w9's dev half (furniture -> check-worthiness -> speakers ->
# check-worthiness -> speakers -> check-worthiness -> speakers, a fixed point): blind F1 0.903,
# P 0.906, attribution 0.878, 33 traps; blind-written 0.932, 0.931, 0.924 (trained on).
# Batch w10 (10 articles, 2026-12-04), not trained on: blind F1 0.906, P 0.906, attribution 0.878;
# blind-written 0.927, 0.918, 0.866 (its release and situation report credit their own sentences to
# the issuing body, where the extractor says the page's own voice: attribution floor 0.85).
# A pasted release or situation report now credits its own sentences to its issuer (release.py):
# blind-written attribution 0.923, floor 0.90; the blind slice unchanged (0.907, 0.906, 0.878).
# Batches w11 and w12 (20 articles, 2026-12-06), not trained on: blind (66) F1 0.912, P 0.914,
# attribution 0.879, matching 0.601; blind-written (55) 0.924, 0.924, 0.913, matching 0.679.
# Batch w13 (10 articles, 2026-12-06), not trained on: blind (71) F1 0.908, P 0.913, attribution
# 0.875, matching 0.612; blind-written (60) 0.916, 0.926, 0.909 (w13's dev half alone recalls 0.741:
# F1 floor 0.91 until a refit learns from it).
# Batch w14 (10 articles, 2026-12-06), not trained on, after the news n-gram layer (s25-prec):
# blind (76) F1 0.919, P 0.929, attribution 0.877, matching 0.629; blind-written (65) 0.943, 0.961,
# 0.899, matching 0.667. Batch w15 (10 articles), not trained on: blind (81) 0.915, 0.929, 0.877,
# matching 0.632; blind-written (70) 0.940, 0.960, 0.894, matching 0.663.
# Two-fact sentences split into their clauses and a shared figure counted as common ground
# (2026-12-06): blind-written matching 0.671 -> 0.759 (floor 0.62 -> 0.72; 0.752 out of fold by
# story); the blind slice's matching unchanged at 0.615, its F1 0.907 -> 0.908.
# Batches w16 and w17 (20 articles, 2026-12-07), not trained on: blind (91) F1 0.919, P 0.941,
# attribution 0.888 -> 0.859 (their own-voice and embedded-post sentences credited to quoted
# people: floor 0.86 -> 0.84 until a refit learns from their dev halves), matching 0.603;
# blind-written (80) 0.950, 0.969, 0.904, matching 0.740. Batches w18 and w19 (20 more): blind (101)
# 0.920, 0.944, 0.856, matching 0.619; blind-written (90) 0.946, 0.969, 0.904, matching 0.725.
# Session 27's merged attribution, cleaning and fact-gate work, refit on all 90 dev articles: blind
# (101) 0.925, 0.948, 0.874, matching 0.626; blind-written (90) 0.955, 0.971, 0.936, matching 0.755.
# Batches w20 and w21 (20 articles, 2026-12-08), not trained on: blind (111) 0.925, 0.950, 0.861,
# matching 0.635; blind-written (100) 0.950, 0.967, 0.935, matching 0.734. Batches w22 and w23 (20
# more): blind (121) 0.925, 0.952, 0.859, matching 0.632; blind-written (110) 0.943, 0.967, 0.930,
# matching 0.714 (attribution floor 0.86 -> 0.84 until a refit learns from their dev halves). Batches
# w24 and w25 (20 more): blind (131) 0.924, 0.950, 0.861, matching 0.627; blind-written (120) 0.940,
# 0.963, 0.930, matching 0.705. Batches w26 and w27 (20 more): blind (141) 0.923, 0.950, 0.866,
# matching 0.636; blind-written (130) 0.937, 0.961, 0.926, matching 0.677 (their rewrite pair's 18
# gold pairs arrive at recall 0.33: matching floor 0.70 -> 0.65). Session 28's merged attribution,
# plan and furniture work and fact-gate readings, refit on all 130 blind-written dev articles: blind
# (141) 0.926, 0.952, 0.870, matching 0.659; blind-written (130) 0.953, 0.973, 0.933, matching 0.713.
@pytest.mark.parametrize(
    ("gold", "min_articles", "min_f1", "min_precision", "min_attribution", "min_matching_f1"),
    [(BLIND, 141, 0.90, 0.92, 0.85, 0.62), (BLIND_WRITTEN_DEV, 130, 0.93, 0.95, 0.91, 0.68)],
    ids=["blind-slice", "blind-written-dev"],
)
def test_unseen_house_styles_stay_above_todays_floor(
    gold, min_articles, min_f1, min_precision, min_attribution, min_matching_f1
):
    golds = sorted(gold.glob("*.json"))
    assert len(golds) >= min_articles, "articles left the blind-written corpus"
    status, figures, output = score(gold)
    assert status == 0, output
    assert figures["F1"] >= min_f1 and figures["attribution"] >= min_attribution, output
    assert figures["P"] >= min_precision, output
    assert figures["matching_F1"] >= min_matching_f1, output

#!/usr/bin/env python
"""Build the evaluative-word lexicon (claims/extraction/evaluative.json) from ClaimBuster.

    .venv/bin/python scripts/build_evaluative_lexicon.py [--data ../shared/data/claimbuster/kfold_25ncs.json]

Two steps, both from data, no word chosen by hand:

1. Gradable words: a word that follows an intensifier (INTENSIFIERS: "very", "too", "extremely" …)
   in at least MIN_GRADED sentences of ClaimBuster is taken to be a gradable adjective or adverb —
   the usual distributional test for adjectives that carry a judgement ("very good", "too big") —
   when it also stands after a copula ("is wrong", "was tough"), which leaves out the verbs an
   intensifier precedes ("very much want").
2. Evaluative: of those, the words more frequent in ClaimBuster's non-check-worthy sentences than
   in its check-worthy ones, by the log-odds ratio with an informative Dirichlet prior (Monroe,
   Colaresi & Quinn 2008), z-score >= MIN_Z.

The news layer (claims/extraction/checkworthiness.py) reads whether an asserted content holds one
of these words, alone and inside a quotation. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # noqa: E402
from train_checkworthiness import DEFAULT_DATA, UPSTREAM, load_claimbuster  # noqa: E402

OUT = ROOT / "claims" / "extraction" / "evaluative.json"
INTENSIFIERS = (
    "very",
    "too",
    "extremely",
    "incredibly",
    "quite",
    "absolutely",
    "terribly",
    "highly",
    "fairly",
    "truly",
)
MIN_GRADED = 1  # sentences in which the word follows an intensifier
MIN_Z = 1.0  # log-odds z-score towards the non-check-worthy class
# Function words an intensifier also precedes ("so that", "too many", "most of") are closed classes,
# not judgements: scikit-learn's English stop-word list leaves them out.
CLOSED = ENGLISH_STOP_WORDS
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def graded_words(texts: list[str]) -> Counter:
    """Return how many sentences show each word right after an intensifier."""
    pattern = re.compile(rf"\b(?:{'|'.join(INTENSIFIERS)}) ([a-z]+)\b")
    counts: Counter = Counter()
    for text in texts:
        counts.update(set(pattern.findall(text.lower().replace("’", "'"))))
    return counts


def predicative_words(texts: list[str]) -> Counter:
    """Return how many sentences show each word right after a copula ("is wrong", "was tough")."""
    pattern = re.compile(r"\b(?:is|are|was|were|be|been|being|it's|that's|isn't|wasn't|aren't) ([a-z]+)\b")
    counts: Counter = Counter()
    for text in texts:
        counts.update(set(pattern.findall(text.lower().replace("’", "'"))))
    return counts


def log_odds(texts: list[str], labels) -> dict[str, float]:
    """Return each word's z-scored log-odds of the non-check-worthy class (informative prior)."""
    neg, pos = Counter(), Counter()
    for text, label in zip(texts, labels, strict=True):
        (pos if label else neg).update(WORD.findall(text.lower().replace("’", "'")))
    prior = neg + pos
    a0 = sum(prior.values())
    n_neg, n_pos = sum(neg.values()), sum(pos.values())
    out = {}
    for w, a in prior.items():
        yi, yj = neg[w], pos[w]
        d = math.log((yi + a) / (n_neg + a0 - yi - a)) - math.log((yj + a) / (n_pos + a0 - yj - a))
        out[w] = d / math.sqrt(1 / (yi + a) + 1 / (yj + a))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    texts, y, _ = load_claimbuster(args.data)
    graded = graded_words(texts)
    z = log_odds(texts, y)
    predicative = predicative_words(texts)
    words = sorted(
        w
        for w, n in graded.items()
        if n >= MIN_GRADED and predicative[w] >= 1 and w not in CLOSED and z.get(w, 0.0) >= MIN_Z
    )
    data = {
        "about": "Evaluative words: gradable (after an intensifier) and typical of non-check-worthy debate "
        "sentences; built by scripts/build_evaluative_lexicon.py, see claims/extraction/MODEL.md",
        "trained_on": {**UPSTREAM, "sentences": len(texts)},
        "intensifiers": list(INTENSIFIERS),
        "min_graded": MIN_GRADED,
        "min_z": MIN_Z,
        "also_after_copula": True,
        "words": words,
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(words)} words")
    print(", ".join(f"{w} ({z[w]:.1f})" for w in sorted(words, key=lambda w: -z[w])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

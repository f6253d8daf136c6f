#!/usr/bin/env python
"""Train the check-worthiness model on ClaimBuster and write claims/extraction/checkworthiness.json.

    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/claimbuster/kfold_25ncs.json]

Logistic regression (scikit-learn, a dev dependency only) over the interpretable features and the
word unigrams/bigrams defined in claims/extraction/checkworthiness.py, so training and the pure
Python inference read sentences the same way. Prints 5-fold cross-validated metrics for three
feature sets and ships the weights of the combined one. The data set stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.checkworthiness import FEATURE_NAMES, MODEL_PATH, interpretable, ngrams  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claimbuster" / "kfold_25ncs.json"
UPSTREAM = {
    "repository": "https://github.com/utaresearch/claimbuster-spotter",
    "file": "data/two_class/kfold_25ncs.json",
    "commit": "332bba0819d7",
    "licence": "GPL-3.0 (repository); ClaimBuster data set (Arslan et al., ICWSM 2020) under its own licence",
}
C = 0.5  # L2 strength picked by the CV below (0.25-1.0 score alike); smaller = smaller weights
MIN_DF = 5  # n-grams seen in fewer sentences are not in the vocabulary
MIN_WEIGHT = 0.02  # vocabulary weights smaller than this are not shipped (keeps the JSON small)

# News-genre evidence added on the logit scale at inference (see MODEL.md for the reasoning).
# Debate sentences never carry it, so it cannot be learnt from ClaimBuster; these are priors,
# stated once here and shipped beside the weights so the model file says everything it does.
GENRE = {
    "question": -3.0,  # a question asserts nothing
    "first_person_opinion": -1.5,  # "I think / we want / I call ..." is a stance, not a fact
    "opinion": -0.6,  # value words and modals of obligation
    "prediction": -3.0,  # a forecast or guess ("is expected to", "could return") cannot be checked today
    "future": -0.3,  # a plan stated as fact ("will open 40 sites") is checkable, but weaker
    "hedge": -0.3,  # "may", "likely": weaker assertions
    "quoted_value_laden": -1.0,  # a quote that is only a judgement
    "too_short": -2.0,  # fragments: "Yes.", "Coup, CIA, US troops?!?"
    "truncated": -2.0,  # a post or quote cut off with "…" cannot be checked as it stands
    "concrete": 0.7,  # numbers, dates, days: what a fact-checker can check
    "official_action": 0.8,  # laws, rulings, votes, orders: "what a report or law says" is checkable
    "event": 0.4,  # something happened
    "attributed": 0.6,  # a named source asserts it: the claim is the speaker's, checkable as said
    # Prior shift: the model is fit with balanced classes (an even prior); in the body of a news
    # article about two in three sentences state a checkable fact (our dev set: see MODEL.md), so
    # every sentence gets logit(0.69) - logit(0.5).
    "news_prior": 0.8,
}


# Upper bounds on the score: a question or a forecast is not a checkable fact, however many
# numbers it holds (the n-gram model alone would rate "is expected to fall below 3%" high).
CAPS = {"question": 0.2, "prediction": 0.3}


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 (up to three times over), as in 'donÃ¢â‚¬â„¢t'."""
    for _ in range(3):
        if not any(ch in text for ch in "ÃÂâ"):
            break
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
    return text.replace("Â ", " ").replace("Â", "").replace("\u2265", "“").replace("\u2264", "”")


def load(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    texts = [fix_mojibake(r["text"]) for r in rows]
    labels = np.array([int(r["label"]) for r in rows])
    return texts, labels


def proper_nouns(texts) -> set[str]:
    """Return the lower-cased words written capitalised mid-sentence most of the time.

    Names of the debaters and their places ("hillary", "iowa") would teach the model who spoke
    in 1960-2016, not what a checkable sentence looks like; they are kept out of the vocabulary.
    """
    upper: dict[str, int] = {}
    total: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"(?<=[a-z,;] )[A-Za-z]+", text):
            low = word.lower()
            total[low] = total.get(low, 0) + 1
            upper[low] = upper.get(low, 0) + word[0].isupper()
    return {w for w, n in total.items() if n >= 3 and upper[w] / n > 0.6}


def matrices(texts, vectorizer=None):
    dense = sparse.csr_matrix(np.array([interpretable(t) for t in texts]))
    if vectorizer is None:
        names = proper_nouns(texts)

        def analyzer(text):
            return [g for g in ngrams(text) if not any(part in names for part in g.split())]

        vectorizer = CountVectorizer(analyzer=analyzer, min_df=MIN_DF, binary=True)
        grams = vectorizer.fit_transform(texts)
    else:
        grams = vectorizer.transform(texts)
    return dense, grams, vectorizer


def cross_validate(texts, y, folds=5) -> dict:
    """Return mean 5-fold CV metrics for features only, n-grams only and both."""
    results = {}
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=13)
    for name in ("features", "ngrams", "features+ngrams"):
        scores = {"precision": [], "recall": [], "f1": [], "roc_auc": []}
        for train, test in skf.split(texts, y):
            tr_dense, tr_grams, vec = matrices([texts[i] for i in train])
            te_dense, te_grams, _ = matrices([texts[i] for i in test], vec)
            pick = {
                "features": (tr_dense, te_dense),
                "ngrams": (tr_grams, te_grams),
                "features+ngrams": (
                    sparse.hstack([tr_dense, tr_grams]).tocsr(),
                    sparse.hstack([te_dense, te_grams]).tocsr(),
                ),
            }[name]
            clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
            clf.fit(pick[0], y[train])
            prob = clf.predict_proba(pick[1])[:, 1]
            pred = (prob >= 0.5).astype(int)
            scores["precision"].append(precision_score(y[test], pred))
            scores["recall"].append(recall_score(y[test], pred))
            scores["f1"].append(f1_score(y[test], pred))
            scores["roc_auc"].append(roc_auc_score(y[test], prob))
        results[name] = {k: round(float(np.mean(v)), 3) for k, v in scores.items()}
        print(f"  {name:16} " + "  ".join(f"{k}={v:.3f}" for k, v in results[name].items()))
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    texts, y = load(args.data)
    print(f"{len(texts)} sentences, {int(y.sum())} check-worthy; 5-fold cross-validation (threshold 0.5):")
    cv = cross_validate(texts, y)

    dense, grams, vec = matrices(texts)
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(sparse.hstack([dense, grams]).tocsr(), y)
    coef = clf.coef_[0]
    n = len(FEATURE_NAMES)
    vocab = {
        gram: round(float(w), 4)
        for gram, w in zip(vec.get_feature_names_out(), coef[n:], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    model = {
        "about": "Logistic regression, check-worthy (1) vs not (0); see claims/extraction/MODEL.md",
        "trained_on": {**UPSTREAM, "sentences": len(texts), "check_worthy": int(y.sum())},
        "hyperparameters": {"C": C, "class_weight": "balanced", "min_df": MIN_DF, "min_weight": MIN_WEIGHT},
        "cross_validation": cv,
        "bias": round(float(clf.intercept_[0]), 4),
        "features": list(FEATURE_NAMES),
        "feature_weights": [round(float(w), 4) for w in coef[:n]],
        "vocabulary": dict(sorted(vocab.items())),
        "genre": GENRE,
        "caps": CAPS,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(vocab)} n-grams)")
    print("feature weights:", ", ".join(f"{k}={w:+.2f}" for k, w in zip(FEATURE_NAMES, coef[:n], strict=True)))
    top = sorted(vocab.items(), key=lambda kv: kv[1])
    print("most negative n-grams:", ", ".join(f"{k!r} {w:+.2f}" for k, w in top[:15]))
    print("most positive n-grams:", ", ".join(f"{k!r} {w:+.2f}" for k, w in top[-15:][::-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Train the furniture line classifier and write claims/extraction/furniture.json.

    .venv/bin/python scripts/train_furniture.py

Every line of every annotated article under tests/extraction_dev (blind-written batches
included) is read as the clean module reads it (HTML through trafilatura first) and decided by
its exact rules (``clean.sort_lines``). Labels:

- furniture (1): a line holding no gold claim that the rules dropped as furniture, as a
  related-links block or as a poll, and the kept lines holding no claim that match a listed
  trap (``not_claims``) of the furniture kind (FURNITURE_TRAPS below: notices, help lines, desk
  notes, prompts, sponsored slots — the traps that address the reader or describe the page
  rather than report);
- furniture (1), from the saved HTML pages: text blocks of the page (paragraphs, list items,
  captions, asides …) that trafilatura's main-text extraction leaves out and that hold no gold
  claim: cookie banners, author boxes, comments, newsletter boxes, copyright and press-council
  lines — the same furniture a pasted page carries inline;
- prose (0): every line holding a gold claim (optional ones too), and every other kept line
  (quotes, judgements, forecasts: not claims, but not furniture either; the check-worthiness
  model rates those sentence by sentence).

A logistic regression (scikit-learn, class-balanced) over the line's n-grams and shape features
(``furniture.FEATURES``), cross-validated by ARTICLE (GroupKFold); the threshold is the lowest
at which the cross-validated predictions drop no claim line the rules kept. Prints the figures
and the weights; deterministic.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import clean, furniture  # noqa: E402

CORPUS = ROOT / "tests" / "extraction_dev"
C = 1.0
MIN_DF = 2  # n-grams seen in fewer lines are left out
MIN_WEIGHT = 0.01
CLAIM = -1  # label of a line holding a gold claim (prose, and the threshold must spare it)
# Kept lines that match a listed trap of the furniture kind: they speak to the reader or about
# the page (help lines, desk notes, sponsored slots, sign-offs), not about the story. Matched as
# a line's opening words; a reviewer's reading of the corpus's traps, not of the extractor's output.
FURNITURE_TRAPS = (
    "This story is based on a press statement",
    "A note on the figures:",
    "The Local Democracy Reporting Service is funded",
    "If you have been affected by problem gambling",
    "Got a story? Contact our newsdesk",
    "SPONSORED:",
    "If you or someone you know is struggling",
    "Residents who wish to donate may coordinate",
    "That's a wrap for our live coverage",
    "Good morning. Rain for most of the country",
)


def norm(text: str) -> str:
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})).lower()
    return re.sub(r"\s+", " ", text).strip()


def holds(line: str, quote: str) -> bool:
    """Return True when most of quote is in line (or most of a line of some length is in quote)."""
    a, b = norm(line), norm(quote)
    if not a or not b:
        return False
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 0.6 * len(b) or (len(a) >= 30 and m.size >= 0.6 * len(a))


def corpus_lines(corpus: Path = CORPUS):
    """Return [(article, lines (text, rule), labels (1/0/None per line), left-out HTML blocks)]."""
    out = []
    for gold_file in sorted(corpus.rglob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        content = (gold_file.parent / gold["article"]).read_bytes().decode("utf-8", errors="replace")
        page = clean.sort_lines(clean.page_text(content, is_html=gold["format"] == "html"))
        labels = []
        for line, why in page.lines:
            claim = any(holds(line, c["quote"]) for c in gold["claims"])
            if claim:
                labels.append(CLAIM)
            elif why in furniture.RULE_DROPS:
                labels.append(1)
            elif why == clean.KEPT:
                labels.append(int(line.startswith(FURNITURE_TRAPS)))
            else:
                labels.append(None)  # headings, dates, bylines, posts, repeats: not the classifier's
        extra = []
        if gold["format"] == "html":
            extra = left_out_blocks(content, clean.page_text(content, is_html=True), gold["claims"])
        out.append((str(gold_file.relative_to(corpus)), page.lines, labels, extra))
    return out


BLOCK_TAGS = ("p", "li", "div", "span", "h1", "h2", "h3", "h4", "figcaption", "aside", "footer", "small", "td")
CONTAINERS = {"p", "li", "div", "h1", "h2", "h3", "h4", "figcaption", "aside", "footer", "blockquote", "td", "ul", "ol"}


def left_out_blocks(html: str, main: str, claims: list[dict]) -> list[tuple[str, float, bool, bool]]:
    """Return (text, position, previous left out, next left out) for the innermost text blocks of
    an HTML page that the main text does not hold, nor any gold claim (prose-like ones only)."""
    import lxml.html

    tree = lxml.html.fromstring(clean.flatten_posts(clean.normalise(html)))
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks: list[str] = []
    for el in tree.iter(*BLOCK_TAGS):
        if any(child.tag in CONTAINERS for child in el):
            continue
        text = " ".join(el.text_content().split())
        if text and text not in blocks:
            blocks.append(text)
    in_main = set(line.strip() for line in main.split("\n"))
    out_flags = [b not in in_main and not any(holds(b, c["quote"]) for c in claims) for b in blocks]
    n = max(len(blocks) - 1, 1)
    found = []
    for i, (block, out) in enumerate(zip(blocks, out_flags, strict=True)):
        if out and len(block.split()) >= 5 and not clean.is_headline(block):
            prev_out = i > 0 and out_flags[i - 1]
            next_out = i + 1 < len(blocks) and out_flags[i + 1]
            found.append((block, i / n, prev_out, next_out))
    return found


def rows(pages):
    """Return (articles, n-gram/shape dicts, labels, kept-by-rules flags) for labelled lines."""
    arts, feats, ys, kept, claims = [], [], [], [], []
    for article, lines, labels, extra in pages:
        for block, position, prev_out, next_out in extra:
            d = {f"g:{g}": 1.0 for g in furniture.tokens(block)}
            values = furniture.shape(block, position=position, prev_dropped=prev_out, next_dropped=next_out)
            d.update({f"f:{n}": v for n, v in zip(furniture.FEATURES, values, strict=True)})
            arts.append(article)
            feats.append(d)
            ys.append(1)
            claims.append(False)
            kept.append(False)
        # Shape as the classifier sees it at run time: computed over the rules' decisions, with a
        # rule-dropped line presented as if the rules had kept it. furniture.keep reads top to
        # bottom, so a kept line labelled furniture counts as dropped for the line AFTER it (the
        # classifier has read it by then) but not for the line before it (not read yet): the line
        # above a help line or a sign-off sees it as kept, in training as at run time.
        decided = [
            (line, "learned" if why == clean.KEPT and y == 1 else why)
            for (line, why), y in zip(lines, labels, strict=True)
        ]
        for i, ((line, why), y) in enumerate(zip(lines, labels, strict=True)):
            if y is None or clean.is_headline(line):
                continue  # the classifier only ever sees prose lines: headline-like ones are dropped before
            probe = decided[:i] + [(line, clean.KEPT)] + list(lines[i + 1 :])
            [(_, grams, values)] = [t for t in furniture.line_inputs(probe) if t[0] == i]
            d = {f"g:{g}": 1.0 for g in grams}
            d.update({f"f:{n}": v for n, v in zip(furniture.FEATURES, values, strict=True)})
            arts.append(article)
            feats.append(d)
            ys.append(max(y, 0))
            claims.append(y == CLAIM)
            kept.append(why == clean.KEPT)
    return np.array(arts), feats, np.array(ys), np.array(kept), np.array(claims)


def fit(feats, y, min_df=MIN_DF):
    counts: dict[str, int] = {}
    for d in feats:
        for k in d:
            if k.startswith("g:"):
                counts[k] = counts.get(k, 0) + 1
    keep = [{k: v for k, v in d.items() if not k.startswith("g:") or counts[k] >= min_df} for d in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(keep)
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    coef = dict(zip(names, clf.coef_[0], strict=True))
    return {
        "bias": float(clf.intercept_[0]),
        "weights": [float(coef.get(f"f:{n}", 0.0)) for n in furniture.FEATURES],
        "vocabulary": {k[2:]: float(w) for k, w in coef.items() if k.startswith("g:") and abs(w) >= MIN_WEIGHT},
    }


def predict(model, feats):
    out = []
    for d in feats:
        values = [d.get(f"f:{n}", 0.0) for n in furniture.FEATURES]
        grams = [k[2:] for k in d if k.startswith("g:")]
        out.append(furniture.probability(grams, values, model))
    return np.array(out)


def report(name, y, pred):
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name}: lines={len(y)} furniture={int(y.sum())} P={p:.3f} R={r:.3f} F1={f:.3f} (tp {tp}, fp {fp}, fn {fn})")
    return {
        "lines": len(y),
        "furniture": int(y.sum()),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=furniture.MODEL_PATH)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the cross-validated errors")
    args = ap.parse_args()
    pages = corpus_lines()
    arts, feats, y, kept, claim = rows(pages)
    print(f"articles: {len(pages)}, lines: {len(y)}, furniture: {int(y.sum())}, kept by the rules: {int(kept.sum())}")
    prob = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(feats, y, arts):
        m = fit([feats[i] for i in train], y[train])
        prob[test] = predict(m, [feats[i] for i in test])
    # The threshold: the lowest (in steps of 0.05, at least 0.5) at which no claim line the rules
    # kept is dropped in cross-validation.
    claim_kept = kept & claim
    threshold = 0.5
    while threshold < 0.99 and (prob[claim_kept] >= threshold).any():
        threshold = round(threshold + 0.05, 2)
    cv_all = report(f"5-fold by article, threshold {threshold}, all lines", y, (prob >= threshold).astype(int))
    cv_kept = report("  of which lines the rules keep", y[kept], (prob[kept] >= threshold).astype(int))
    worst = sorted(prob[claim_kept])[-3:]
    print("  highest scores of claim lines the rules keep:", [round(float(v), 3) for v in worst])
    if args.verbose:
        lines = []
        for _, ls, labels, extra in pages:
            lines += [block for block, *_ in extra]
            lines += [
                line
                for (line, _), lab in zip(ls, labels, strict=True)
                if lab is not None and not clean.is_headline(line)
            ]
        for i in np.argsort(-prob):
            if (prob[i] >= threshold) != bool(y[i]) or (kept[i] and prob[i] >= 0.3):
                print(f"  {prob[i]:.2f} y={y[i]} claim={int(claim[i])} kept={int(kept[i])} {arts[i]}: {lines[i][:100]}")
    model = fit(feats, y)
    data = {
        "about": "Page-furniture line classifier; see claims/extraction/MODEL.md and scripts/train_furniture.py",
        "trained_on": {"folder": "tests/extraction_dev (incl. blind-written)", "articles": len(pages), "lines": len(y)},
        "hyperparameters": {"C": C, "min_df": MIN_DF, "class_weight": "balanced"},
        "cross_validation_by_article": {"threshold": threshold, "all_lines": cv_all, "kept_by_rules": cv_kept},
        "threshold": threshold,
        "bias": round(model["bias"], 4),
        "features": list(furniture.FEATURES),
        "weights": [round(w, 4) for w in model["weights"]],
        "vocabulary": {k: round(w, 4) for k, w in sorted(model["vocabulary"].items())},
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(data['vocabulary'])} n-grams)")
    shape = zip(furniture.FEATURES, data["weights"], strict=True)
    print("shape weights:", ", ".join(f"{n}={w:+.2f}" for n, w in shape))
    top = sorted(data["vocabulary"].items(), key=lambda kv: -kv[1])
    print("most furniture-like n-grams:", ", ".join(f"{k} {w:+.2f}" for k, w in top[:25]))
    print("most prose-like n-grams:", ", ".join(f"{k} {w:+.2f}" for k, w in top[-15:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Train the check-worthiness model and write claims/extraction/checkworthiness.json.

    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/claimbuster/kfold_25ncs.json]

Three logistic regressions (scikit-learn and SciPy, dev dependencies only), read at run time by
the pure-Python code in claims/extraction/checkworthiness.py:

1. the debate layer: interpretable features and word unigrams/bigrams of a sentence, fit on the
   ClaimBuster debate sentences (class-balanced, as before);
2. the news n-gram layer: word unigrams/bigrams seen in >= 3 of our articles, fit on their
   sentences (class-balanced); the news layer reads its logit out of fold by article;
3. the news layer: the debate layer's logit plus context (quotation, who is credited, tense and
   modality, position on the page, boilerplate and register cues, the news n-gram logit), fit on
   the sentences of our annotated articles (tests/extraction_dev/**: gold claims positive,
   everything else negative, cut with the extractor's own splitter) together with the
   ClaimBuster sentences (no page, nobody credited; their debate logit out-of-fold), without
   class weights so the probability is calibrated: 0.5 means an even chance in either genre.

Prints cross-validation by debate block (ClaimBuster) and by article (our corpus; with --by-batch
also by batch, each fold one whole batch of the corpus), a held-out
ClaimBuster split scored through pipeline.score_sentence (the code path of
``manage.py score_sentences``), a calibration table, and the weights. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import checkworthiness, pipeline  # noqa: E402
from claims.extraction.checkworthiness import FEATURE_NAMES, MODEL_PATH, NEWS_FEATURES, interpretable, ngrams  # noqa: E402
from claims.extraction.clean import clean  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claimbuster" / "kfold_25ncs.json"
CORPUS = ROOT / "tests" / "extraction_dev"
UPSTREAM = {
    "repository": "https://github.com/utaresearch/claimbuster-spotter",
    "file": "data/two_class/kfold_25ncs.json",
    "commit": "332bba0819d7",
    "licence": "GPL-3.0 (repository); ClaimBuster data set (Arslan et al., ICWSM 2020) under its own licence",
}
C = 0.5  # debate layer L2 strength (0.25-1.0 score alike); smaller = smaller weights
NEWS_C = 1.0  # news layer L2 strength
MIN_DF = 5  # n-grams seen in fewer sentences are not in the vocabulary
MIN_WEIGHT = 0.02  # vocabulary weights smaller than this are not shipped (keeps the JSON small)
BLOCK = 2000  # ClaimBuster sentence ids are numbered through each debate: 2,000 ids ≈ 2-3 debates
HOLDOUT_BLOCKS = {0, 6, 12}  # debate blocks never trained on for the held-out estimate
NEWS_SHARE = 1.0  # the article sentences weigh, in total, this much of the debate sentences
TRAP_WEIGHT = 2.0  # a listed trap (bio, notice, opinion) counts double among the negatives
# Article files (name prefixes) to leave out of the fit; since 2026-12-03 every dev article is in.
NOT_YET_TRAINED: tuple[str, ...] = ()
BALANCED_DEBATE = False  # a trial setting (--balanced-debate 1): see fit_news and MODEL.md
# Exact rules: a question asserts nothing, a forecast is no fact yet, nor is a step on a calendar,
# and a questioner's turn of a transcript puts its premise to the answerer (23 dev sentences, none
# a claim, 7 of them listed traps; 2026-12-06).
CAPS = {"question": 0.2, "prediction": 0.3, "schedule": 0.3, "asked": 0.3}


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


def load_claimbuster(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return texts, labels and debate blocks (sentence id // BLOCK) of the ClaimBuster file."""
    rows = sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda r: r["sentence_id"])
    texts = [fix_mojibake(r["text"]) for r in rows]
    labels = np.array([int(r["label"]) for r in rows])
    blocks = np.array([int(r["sentence_id"]) // BLOCK for r in rows])
    return texts, labels, blocks


# --- the debate layer ------------------------------------------------------------------------


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


def fit_debate(texts: list[str], y: np.ndarray) -> dict:
    """Return the debate layer fit on texts, as the JSON fields the run-time Model reads."""
    names = proper_nouns(texts)

    def analyzer(text):
        return [g for g in ngrams(text) if not any(part in names for part in g.split())]

    vec = CountVectorizer(analyzer=analyzer, min_df=MIN_DF, binary=True)
    grams = vec.fit_transform(texts)
    dense = sparse.csr_matrix(np.array([interpretable(t) for t in texts]))
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(sparse.hstack([dense, grams]).tocsr(), y)
    coef = clf.coef_[0]
    n = len(FEATURE_NAMES)
    vocab = {
        g: round(float(w), 4)
        for g, w in zip(vec.get_feature_names_out(), coef[n:], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    return {
        "bias": round(float(clf.intercept_[0]), 4),
        "features": list(FEATURE_NAMES),
        "feature_weights": [round(float(w), 4) for w in coef[:n]],
        "vocabulary": dict(sorted(vocab.items())),
    }


def runtime(debate: dict, news: dict | None = None) -> checkworthiness.Model:
    """Return the run-time Model for layer weights (news layer empty while it is being fit)."""
    return checkworthiness.Model(
        bias=debate["bias"],
        feature_weights=tuple(debate["feature_weights"]),
        vocabulary=debate["vocabulary"],
        news_bias=news["bias"] if news else 0.0,
        news_weights=tuple(news["weights"]) if news else (),
        caps=CAPS,
        news_vocabulary=news.get("vocabulary", {}) if news else {},
        news_ngram_bias=news.get("ngram_bias", 0.0) if news else 0.0,
    )


def out_of_fold_logits(texts, y, groups, folds=5) -> tuple[np.ndarray, dict]:
    """Return each sentence's debate logit from a model not trained on its block, and CV metrics."""
    logits = np.zeros(len(texts))
    for train, test in GroupKFold(n_splits=folds).split(texts, y, groups):
        m = runtime(fit_debate([texts[i] for i in train], y[train]))
        logits[test] = [m.logit(texts[i]) for i in test]
    return logits, metrics(y, 1 / (1 + np.exp(-logits)))


def metrics(y, prob, threshold=0.5) -> dict:
    pred = (prob >= threshold).astype(int)
    return {
        "precision": round(float(precision_score(y, pred, zero_division=0)), 3),
        "recall": round(float(recall_score(y, pred)), 3),
        "f1": round(float(f1_score(y, pred)), 3),
        "roc_auc": round(float(roc_auc_score(y, prob)), 3),
        "brier": round(float(brier_score_loss(y, prob)), 3),
    }


# --- the news corpus -------------------------------------------------------------------------


def norm(text: str) -> str:
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})).lower()
    return re.sub(r"\s+", " ", text).strip()


MIN_SHARED = 20  # characters a sentence must share with a gold quote shorter than twice that


def overlaps(sentence: str, quote: str) -> bool:
    """Return True when a sentence carries a gold quote (or trap).

    ../shared/eval/score.py's rule (the longest common block covers half of the shorter text),
    and the block is at least MIN_SHARED characters or half the quote: a fragment such as "K",
    "Q On propane." or "Have a good afternoon." shares half of itself (" afternoon.") with many a
    long gold claim without carrying it, and is no positive example.
    """
    import difflib

    a, b = norm(sentence), norm(quote)
    if not a or not b:
        return False
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 0.5 * min(len(a), len(b)) and m.size >= min(MIN_SHARED, 0.5 * len(b))


def batch_of(article: str) -> str:
    """Return the batch an article file belongs to ("w8" for blind-written/w8_…, "own" for ours)."""
    return article.split("/")[-1].split("_")[0] if "/" in article else "own"


ARTICLES = np.array([])  # the article of each corpus row (set by main)


@dataclass
class Row:
    article: str
    content: str
    context: checkworthiness.Context
    label: int
    weight: float
    sentence: str


def corpus_rows(corpus: Path = CORPUS) -> list[Row]:
    """Return a labelled row per sentence of every annotated article under corpus.

    Each article is cleaned and cut as extraction does (pipeline.page_sentences); a sentence is
    positive when it matches a gold claim, skipped when it matches only optional gold, and
    negative otherwise (listed traps weigh TRAP_WEIGHT).
    """
    rows = []
    for gold_file in sorted(corpus.rglob("*.json")):
        if gold_file.name.startswith(NOT_YET_TRAINED):
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        article = gold_file.parent / gold["article"]
        raw = article.read_bytes().decode("utf-8", errors="replace")
        text = clean(raw, is_html=gold["format"] == "html").text
        for sentence, s, context in pipeline.page_sentences(text):
            hits = [c for c in gold["claims"] if overlaps(sentence, c["quote"])]
            if hits and all(c.get("optional") for c in hits):
                continue
            trap = any(overlaps(sentence, t) for t in gold.get("not_claims", []))
            asserted, quoted = pipeline.asserted_content(sentence, s.attribution)
            rows.append(
                Row(
                    article=str(gold_file.relative_to(corpus)),
                    content=asserted,
                    context=checkworthiness.Context(
                        speaker_kind=context.speaker_kind,
                        quoted=quoted,
                        position=context.position,
                        first=context.first,
                        paragraph_words=context.paragraph_words,
                        asked=context.asked,
                        sentences=context.sentences,
                        before_question=context.before_question,
                    ),
                    label=int(bool(hits)),
                    weight=TRAP_WEIGHT if trap and not hits else 1.0,
                    sentence=sentence,
                )
            )
    return rows


def news_matrix(
    model: checkworthiness.Model, contents, contexts, logits=None, sentences=None, ngram_logits=None
) -> np.ndarray:
    """Return the news layer's inputs for each sentence (debate logits given or computed).

    sentences: the whole sentences the contents were taken from (None: each content is its own).
    ngram_logits: the news n-gram layer's logit of each content (None: 0, as for debate rows).
    """
    out = []
    for i, (content, context) in enumerate(zip(contents, contexts, strict=True)):
        f = checkworthiness.flags(content)
        z = model.logit(content, f) if logits is None else logits[i]
        whole = None
        if sentences is not None and sentences[i].strip() != content.strip():
            whole = model.logit(sentences[i])
        g = 0.0 if ngram_logits is None else float(ngram_logits[i])
        out.append(
            checkworthiness.news_features(content, context, debate_logit=z, f=f, sentence_logit=whole, ngram_logit=g)
        )
    return np.array(out)


NGRAM_INDEX = NEWS_FEATURES.index("news_ngram_logit")
NEWS_NGRAM_C = 0.5  # L2 strength of the news n-gram layer (0.2 and 0.5 tie by batch; 0.5 wins by article)
NEWS_NGRAM_MIN_ARTICLES = 3  # an n-gram enters its vocabulary when seen in this many articles (no names)


def fit_news_ngrams(contents, y, w, articles) -> dict:
    """Return the news n-gram layer fit on article sentences: {"ngram_bias", "vocabulary"}.

    Binary word unigrams and bigrams of the asserted content (the debate layer's ``ngrams``), seen
    in at least NEWS_NGRAM_MIN_ARTICLES articles so that no article's names or topic words are
    learnt, class-balanced logistic regression with the rows' sample weights (traps double).
    """
    seen: dict[str, set] = {}
    for content, article in zip(contents, articles, strict=True):
        for g in set(ngrams(content)):
            seen.setdefault(g, set()).add(article)
    vocab = sorted(g for g, found in seen.items() if len(found) >= NEWS_NGRAM_MIN_ARTICLES)
    vec = CountVectorizer(analyzer=ngrams, vocabulary=vocab, binary=True)
    clf = LogisticRegression(C=NEWS_NGRAM_C, class_weight="balanced", max_iter=3000)
    clf.fit(vec.transform(contents), y, sample_weight=w)
    weights = {g: round(float(v), 4) for g, v in zip(vocab, clf.coef_[0], strict=True) if abs(v) >= MIN_WEIGHT}
    return {"ngram_bias": round(float(clf.intercept_[0]), 4), "vocabulary": dict(sorted(weights.items()))}


def news_ngram_logits(layer: dict, contents) -> np.ndarray:
    """Return the news n-gram layer's logit of each content, as the run-time Model computes it."""
    m = runtime({"bias": 0.0, "feature_weights": [], "vocabulary": {}}, {"bias": 0.0, "weights": [], **layer})
    return np.array([m.news_ngram_logit(c) for c in contents])


def out_of_fold_ngrams(contents, y, w, articles, folds=5) -> np.ndarray:
    """Return each article sentence's news n-gram logit from a layer not trained on its article.

    The news layer is fit on these, so it learns how far to trust the n-grams on unseen articles.
    """
    out = np.zeros(len(contents))
    idx = np.arange(len(contents))
    for train, test in GroupKFold(n_splits=folds).split(idx, y, articles):
        layer = fit_news_ngrams([contents[i] for i in train], y[train], w[train], articles[train])
        out[test] = news_ngram_logits(layer, [contents[i] for i in test])
    return out


def with_ngrams(x: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """Return x with its news_ngram_logit column set from logits (article rows are all on a page)."""
    x = x.copy()
    x[:, NGRAM_INDEX] = logits / 4
    return x


def cross_validate_news(x_debate, y, x_news, y_news, w_news, contents, groups, folds) -> np.ndarray:
    """Return held-out probabilities of the article rows, folds grouped by groups.

    Nested: in each fold the n-gram layer is fit on the training articles (out of fold within
    them for the news layer's own fit), and never sees the held-out articles.
    """
    prob = np.zeros(len(y_news))
    for train, test in GroupKFold(n_splits=folds).split(x_news, y_news, groups):
        tr_contents = [contents[i] for i in train]
        arts = ARTICLES[train]
        inner = out_of_fold_ngrams(tr_contents, y_news[train], w_news[train], arts)
        layer = fit_news_ngrams(tr_contents, y_news[train], w_news[train], arts)
        outer = news_ngram_logits(layer, [contents[i] for i in test])
        news = fit_news(x_debate, y, with_ngrams(x_news[train], inner), y_news[train], w_news[train])
        prob[test] = news_probability(news, with_ngrams(x_news[test], outer))
    return prob


# The news layer's prior: the weights the extractor used before it learnt them (hand-set from first
# principles, checked on the dev articles). The fit shrinks towards these, not towards zero, so a
# weight moves only as far as the sentences give evidence for; "bias" is the debate genre's
# intercept and "page" the news genre's prior shift (a news article is mostly claims).
PRIOR = {
    "debate_logit": 4.0,  # the debate layer's logit at face value (the input is logit / 4)
    "page": 1.7,  # news prior 0.8 on the balanced logit, plus the debate intercept it sat on (-0.9)
    "question": -3.0,
    "first_person_opinion": -1.5,
    "opinion": -0.6,
    "prediction": -3.0,
    "future": -0.3,
    "hedge": -0.3,
    "quoted_opinion": -1.0,
    "too_short": -2.0,
    "truncated": -2.0,
    "concrete": 0.7,
    "official_action": 0.8,
    "event": 0.4,
    "speaker_person": 0.6,
    "speaker_organisation": 0.6,
    "speaker_publication": 0.6,
}
# L2 pull towards PRIOR (per 1,000 units of sample weight); 1.0 until 2026-12-06, see MODEL.md for the choice
PRIOR_STRENGTH = 0.5


def fit_news(x_debate, y_debate, x_news, y_news, w_news) -> dict:
    """Return the news layer fit on debate and article sentences (no class weights: calibrated).

    Weighted logistic regression with an L2 penalty on the distance from PRIOR (scipy's L-BFGS;
    scikit-learn cannot centre its penalty elsewhere than zero).
    """
    from scipy.optimize import minimize

    w_news = np.asarray(w_news) * NEWS_SHARE * len(y_debate) / max(float(np.sum(w_news)), 1.0)
    x = np.hstack([np.ones((len(y_debate) + len(y_news), 1)), np.vstack([x_debate, x_news])])
    y = np.concatenate([y_debate, y_news]).astype(float)
    w_debate = np.ones(len(y_debate))
    if BALANCED_DEBATE:
        # A sentence on its own carries no genre prior: the debate rows weigh both classes alike,
        # so page=0 scores are the balanced probability; the page shift (free) calibrates articles.
        pos = float(np.sum(y_debate))
        w_debate = np.where(y_debate == 1, len(y_debate) / (2 * pos), len(y_debate) / (2 * (len(y_debate) - pos)))
    sw = np.concatenate([w_debate, w_news])
    prior = np.array([0.0] + [PRIOR.get(n, 0.0) for n in NEWS_FEATURES])
    lam = PRIOR_STRENGTH * sw.sum() / 1000 / NEWS_C
    penal = np.ones_like(prior)
    penal[0] = 0.0  # the intercept is free
    if BALANCED_DEBATE:
        penal[1 + NEWS_FEATURES.index("page")] = 0.0  # and so is the news genre's shift from it

    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        nll = np.sum(sw * (np.logaddexp(0, z) - y * z))
        grad = x.T @ (sw * (p - y))
        d = (w - prior) * penal
        return nll + lam * np.sum(d * d), grad + 2 * lam * d

    w = minimize(loss, prior.copy(), jac=True, method="L-BFGS-B", options={"maxiter": 5000}).x
    return {"bias": round(float(w[0]), 4), "weights": [round(float(v), 4) for v in w[1:]]}


def news_probability(news: dict, x: np.ndarray) -> np.ndarray:
    """Return the run-time probability of each row of x (caps included)."""
    z = news["bias"] + x @ np.array(news["weights"])
    p = 1 / (1 + np.exp(-z))
    for name, cap in CAPS.items():
        present = x[:, NEWS_FEATURES.index(name)] > 0
        p = np.where(present, np.minimum(p, cap), p)
    return p


def calibration_table(y, prob, bins=(0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001)) -> list[dict]:
    out = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        sel = (prob >= lo) & (prob < hi)
        if sel.any():
            out.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1):.1f}",
                    "n": int(sel.sum()),
                    "mean_score": round(float(prob[sel].mean()), 3),
                    "share_claims": round(float(y[sel].mean()), 3),
                }
            )
    return out


def held_out(texts, y, blocks, contents, contexts, sentences, y_news, w_news, tsv: Path | None, ngram) -> dict:
    """Return metrics on debate blocks neither layer saw, scored through pipeline.score_sentence.

    ngram: (out-of-fold n-gram logits of the article rows, the n-gram layer fit on all of them).
    """
    train = ~np.isin(blocks, list(HOLDOUT_BLOCKS))
    test = ~train
    tr_texts = [t for t, keep in zip(texts, train, strict=True) if keep]
    tr_logits, _ = out_of_fold_logits(tr_texts, y[train], blocks[train])
    held_debate = fit_debate(tr_texts, y[train])
    held_model = runtime(held_debate)
    held_news = fit_news(
        news_matrix(held_model, tr_texts, [checkworthiness.STANDALONE] * len(tr_texts), tr_logits),
        y[train],
        news_matrix(held_model, contents, contexts, sentences=sentences, ngram_logits=ngram[0]),
        y_news,
        w_news,
    )
    held = {**held_debate, "news": {"features": list(NEWS_FEATURES), **held_news, **ngram[1]}, "caps": CAPS}
    te_texts = [t for t, keep in zip(texts, test, strict=True) if keep]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "held.json"
        path.write_text(json.dumps(held), encoding="utf-8")
        checkworthiness.MODEL_PATH = path
        checkworthiness.model.cache_clear()
        held_prob = np.array([pipeline.score_sentence(t) for t in te_texts])
        checkworthiness.MODEL_PATH = MODEL_PATH
        checkworthiness.model.cache_clear()
    holdout = {"blocks": sorted(HOLDOUT_BLOCKS), "sentences": int(test.sum()), **metrics(y[test], held_prob)}
    print("held-out debate blocks through pipeline.score_sentence:", holdout)
    if tsv:
        ids = np.flatnonzero(test)
        lines = ["id\ttext\tlabel"] + [f"cb{i}\t{texts[i].replace(chr(9), ' ')}\t{y[i]}" for i in ids]
        tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {tsv}")

    return holdout


def main() -> int:
    global NEWS_SHARE, NEWS_C, PRIOR_STRENGTH, BALANCED_DEBATE, TRAP_WEIGHT  # noqa: PLW0603 - trial settings
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--holdout-tsv", type=Path, help="also write the held-out debate sentences (id, text, label)")
    ap.add_argument("--news-share", type=float, default=1.0, help=argparse.SUPPRESS)
    ap.add_argument("--news-c", type=float, default=1.0, help=argparse.SUPPRESS)
    ap.add_argument("--prior", type=float, default=PRIOR_STRENGTH, help=argparse.SUPPRESS)
    ap.add_argument("--balanced-debate", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--trap-weight", type=float, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="skip the held-out debate estimate")
    ap.add_argument("--by-batch", action="store_true", help="also cross-validate the news layer by batch")
    ap.add_argument("--oof-tsv", type=Path, help="with --by-batch: write each article sentence's by-batch score (TSV)")
    args = ap.parse_args()
    NEWS_SHARE, NEWS_C, PRIOR_STRENGTH = args.news_share, args.news_c, args.prior
    if args.balanced_debate is not None:
        BALANCED_DEBATE = bool(args.balanced_debate)
    if args.trap_weight is not None:
        TRAP_WEIGHT = args.trap_weight

    texts, y, blocks = load_claimbuster(args.data)
    print(f"ClaimBuster: {len(texts)} sentences, {int(y.sum())} check-worthy, {len(set(blocks))} debate blocks")
    logits, debate_cv = out_of_fold_logits(texts, y, blocks)
    print("debate layer, 5-fold by debate block (balanced, threshold 0.5):", debate_cv)

    global ARTICLES  # noqa: PLW0603 - the row groups cross_validate_news nests by
    rows = corpus_rows()
    y_news = np.array([r.label for r in rows])
    w_news = np.array([r.weight for r in rows])
    articles = ARTICLES = np.array([r.article for r in rows])
    contents = [r.content for r in rows]
    contexts = [r.context for r in rows]
    print(f"articles: {len(set(articles))}, {len(rows)} sentences, {int(y_news.sum())} claims")

    debate = fit_debate(texts, y)
    full = runtime(debate)
    sentences = [r.sentence for r in rows]
    x_news = news_matrix(full, contents, contexts, sentences=sentences)
    x_debate = news_matrix(full, texts, [checkworthiness.STANDALONE] * len(texts), logits)

    # Cross-validation by article: neither the n-gram layer nor the news layer sees the held-out articles.
    prob = cross_validate_news(x_debate, y, x_news, y_news, w_news, contents, articles, 5)
    news_cv = metrics(y_news, prob)
    if args.by_batch:
        batches = np.array([batch_of(a) for a in articles])
        by_batch = cross_validate_news(x_debate, y, x_news, y_news, w_news, contents, batches, len(set(batches)))
        print(
            f"news layer, {len(set(batches))}-fold by batch (threshold 0.5):",
            metrics(y_news, by_batch),
            "traps",
            int(np.sum((by_batch >= 0.5) & (w_news > 1))),
        )
        if args.oof_tsv:
            lines = ["article\tlabel\ttrap\tscore\tsentence"] + [
                f"{r.article}\t{r.label}\t{int(r.weight > 1)}\t{p:.3f}\t{r.sentence.replace(chr(9), ' ')}"
                for r, p in zip(rows, by_batch, strict=True)
            ]
            args.oof_tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_article = [
        f1_score(y_news[articles == a], prob[articles == a] >= 0.5, zero_division=0) for a in sorted(set(articles))
    ]
    news_cv["f1_mean_by_article"] = round(float(np.mean(per_article)), 3)
    baseline = metrics(y_news, 1 / (1 + np.exp(-x_news[:, 1] * 4)))
    print("news layer, 5-fold by article (threshold 0.5):", news_cv, "traps", int(np.sum((prob >= 0.5) & (w_news > 1))))
    print("  debate layer alone on the same sentences:", baseline)
    calibration = calibration_table(y_news, prob)
    for b in calibration:
        print("  calibration", b)

    oof_ngrams = out_of_fold_ngrams(contents, y_news, w_news, articles)
    ngram_layer = fit_news_ngrams(contents, y_news, w_news, articles)
    holdout = None
    if not args.quick:
        holdout = held_out(
            texts, y, blocks, contents, contexts, sentences, y_news, w_news, args.holdout_tsv, (oof_ngrams, ngram_layer)
        )
    news = fit_news(x_debate, y, with_ngrams(x_news, oof_ngrams), y_news, w_news)
    model = {
        "about": "Check-worthiness: debate layer (ClaimBuster) read by a news layer; see claims/extraction/MODEL.md",
        "trained_on": {
            **UPSTREAM,
            "sentences": len(texts),
            "check_worthy": int(y.sum()),
            "articles": {"folder": "tests/extraction_dev", "count": len(set(articles)), "sentences": len(rows)},
        },
        "hyperparameters": {
            "C": C,
            "news_C": NEWS_C,
            "class_weight": "balanced (debate layer only)",
            "min_df": MIN_DF,
            "min_weight": MIN_WEIGHT,
            "news_share": NEWS_SHARE,
            "trap_weight": TRAP_WEIGHT,
            "news_ngram_C": NEWS_NGRAM_C,
            "news_ngram_min_articles": NEWS_NGRAM_MIN_ARTICLES,
        },
        "cross_validation": {"debate_by_block": debate_cv, "news_by_article": news_cv, "calibration": calibration},
        "held_out_debates": holdout,
        **debate,
        "news": {"features": list(NEWS_FEATURES), **news, **ngram_layer},
        "caps": CAPS,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(debate['vocabulary'])} n-grams)")
    print("news weights:", ", ".join(f"{k}={w:+.2f}" for k, w in zip(NEWS_FEATURES, news["weights"], strict=True)))
    print(f"news bias: {news['bias']:+.2f}; news n-grams: {len(ngram_layer['vocabulary'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

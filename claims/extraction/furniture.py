"""Page furniture by evidence: a learned line classifier for what the exact line rules miss.

``clean.sort_lines`` decides every line of a page with exact rules (share words, "Related:"
blocks, polls, bios of the form "NAME is a reporter …", e-mail lines …). The lines it keeps go
past this classifier: a logistic regression over the line's words (unigrams and bigrams) and its
shape (place on the page, length, quotation marks, reporting verbs, second person, the outlet's
"we"/"our", a name followed by "covers"/"is"/"joined", whether the lines around it were
furniture, and the furniture cues of ``checkworthiness``). It was trained by
``scripts/train_furniture.py`` on the annotated corpus (see MODEL.md, "Furniture lines");
``furniture.json`` holds the weights. Pure Python, no download.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from itertools import repeat, starmap
from operator import mul
from pathlib import Path

from .checkworthiness import BIO_CUE, CAPTION_CUE, PROMPT_CUE, SITE_CUE
from .lexicon import found

MODEL_PATH = Path(__file__).with_name("furniture.json")

WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+")
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
QUOTES = re.compile(r"[“”\"]")
REPORTING = re.compile(r"\b(?:said|says|told|added|according to|announced|stated|wrote|argued|warned)\b")
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you['’]re|you['’]ve)\b")
OUTLET_VOICE = re.compile(r"\b(?:we|our|us|we['’]re|we['’]ve|we['’]ll)\b")
NAME_THEN_ROLE = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}(?:is|was|has|had|covers|writes|reports|joined|previously|won|edits|leads)\b"
)
URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|example)\b|@\w")
DIGIT = re.compile(r"\d")
# A sentence that opens by telling the reader what to do ("Please read our guidelines", "Follow us
# on X", "Email her at …", "Sign up for …"): pages address readers, news sentences rarely do.
READER_IMPERATIVE = re.compile(
    r"(?:^|[.!?:|]\s+)\W*(?:Please\s+)?(?:Read|Follow|Sign up|Subscribe|Click|Tap|Share|Tell us|Send|Contact|"
    r"Visit|Download|Join|Support|E-?mail|Call|Watch|Listen|Register|Log in|Donate|Become|Check out|Find out|"
    r"Get in touch|Don['’]t miss|Please)\b"
)
# Lines the rules dropped as furniture, under a related-links header, or inside a poll, and those
# this classifier dropped ("learned"): furniture comes in runs (a bio, then the reporter's prizes).
RULE_DROPS = ("furniture", "block", "poll", "learned")

# The shape features, in the order of their weights in furniture.json.
FEATURES = (
    "position",
    "last_fifth",
    "first_fifth",
    "log_words",
    "short",
    "sentence_end",
    "question",
    "quote_marks",
    "reporting_verb",
    "digit",
    "second_person",
    "outlet_voice",
    "name_then_role",
    "url",
    "upper_share",
    "prev_dropped",
    "next_dropped",
    "bio_cue",
    "site_cue",
    "prompt_cue",
    "caption_cue",
    "reader_imperative",
)


def tokens(line: str) -> list[str]:
    """Return the line's word unigrams and bigrams (lower case, numbers as <num>, first 60 words)."""
    words = ["<num>" if w[0].isdigit() else w for w in WORD.findall(line.lower().replace("’", "'"))[:60]]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def shape(line: str, *, position: float, prev_dropped: bool, next_dropped: bool) -> list[float]:
    """Return the shape features of a line (FEATURES order); position runs 0 (top) to 1 (end)."""
    low = line.lower()
    words = line.split()
    letters = list(filter(str.isalpha, line))  # per character: filter/map run in C
    return [
        position,
        float(position >= 0.8),
        float(position <= 0.2),
        math.log1p(len(words)) / 4,
        float(len(words) < 8),
        float(bool(SENTENCE_END.search(line))),
        float(line.rstrip(" \"”’')").endswith("?")),
        float(bool(QUOTES.search(line))),
        float(found(REPORTING, low)),
        float(bool(DIGIT.search(line))),
        float(found(SECOND_PERSON, low)),
        float(found(OUTLET_VOICE, low)),
        float(bool(NAME_THEN_ROLE.match(line))),
        float(bool(URL.search(low))),
        sum(map(str.isupper, letters)) / len(letters) if letters else 0.0,
        float(prev_dropped),
        float(next_dropped),
        # the check-worthiness model's furniture cues (hand-written patterns; weights learnt here)
        float(found(BIO_CUE, low)),
        float(found(SITE_CUE, low)),
        float(found(PROMPT_CUE, low)),
        float(found(CAPTION_CUE, low)),
        float(bool(READER_IMPERATIVE.search(line))),
    ]


def line_inputs(lines: list[tuple[str, str]]) -> list[tuple[int, list[str], list[float]]]:
    """Return (index, n-grams, shape) for each line the exact rules kept ("kept")."""
    n = max(len(lines) - 1, 1)
    out = []
    for i, (line, why) in enumerate(lines):
        if why != "kept":
            continue
        prev_dropped = i > 0 and lines[i - 1][1] in RULE_DROPS
        next_dropped = i + 1 < len(lines) and lines[i + 1][1] in RULE_DROPS
        out.append((i, tokens(line), shape(line, position=i / n, prev_dropped=prev_dropped, next_dropped=next_dropped)))
    return out


@lru_cache(maxsize=1)
def model() -> dict:
    """Load the shipped weights (once per process)."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("furniture.json was trained with other features; retrain it")
    return data


def probability(grams: list[str], values: list[float], data: dict | None = None) -> float:
    """Return the classifier's score that a line is page furniture."""
    data = data or model()
    vocab = data["vocabulary"]
    z = data["bias"] + sum(starmap(mul, zip(data["weights"], values, strict=True)))
    z += sum(map(vocab.get, set(grams), repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def keep(lines: list[tuple[str, str]], data: dict | None = None) -> list[str]:
    """Return the lines to keep: those the rules kept (and posts) that the classifier does not
    score as furniture at or above its threshold. Read top to bottom, so a line dropped here
    counts as furniture for the line after it."""
    data = data or model()
    lines = list(lines)
    n = max(len(lines) - 1, 1)
    for i, (line, why) in enumerate(lines):
        if why != "kept":
            continue
        grams = tokens(line)
        values = shape(
            line,
            position=i / n,
            prev_dropped=i > 0 and lines[i - 1][1] in RULE_DROPS,
            next_dropped=i + 1 < len(lines) and lines[i + 1][1] in RULE_DROPS,
        )
        if grams and probability(grams, values, data) >= data["threshold"]:
            lines[i] = (line, "learned")
    return [line for line, why in lines if why in ("kept", "post")]


def explain(line: str, *, position: float = 1.0, prev_dropped: bool = False, next_dropped: bool = False):
    """Return the terms behind a line's furniture score, largest first (for reviewers)."""
    data = model()
    values = shape(line, position=position, prev_dropped=prev_dropped, next_dropped=next_dropped)
    terms = [("bias", data["bias"])]
    terms += [(n, w * x) for n, w, x in zip(FEATURES, data["weights"], values, strict=True) if x]
    terms += [(f"ngram:{g}", data["vocabulary"][g]) for g in set(tokens(line)) if g in data["vocabulary"]]
    return sorted(terms, key=lambda t: -abs(t[1]))

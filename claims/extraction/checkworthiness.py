"""Check-worthiness: three logistic regressions, in pure Python (no scikit-learn at run time).

The debate layer (``checkworthiness.json``, trained by ``scripts/train_checkworthiness.py`` on the
ClaimBuster debate sentences, see MODEL.md) reads interpretable features and word n-grams of the
*asserted content* of a sentence; the news n-gram layer reads word n-grams learnt on our articles.
The news layer reads both logits (the second on a page only) together with the sentence's
context (``Context``: quotation, who is credited, position on the page) and cues of tense,
modality, register and page furniture, and was fit on our annotated articles plus the debate sentences,
calibrated: ``score()`` is the probability that the sentence is a claim. A question, a forecast, a
step on a calendar and a questioner's turn are capped.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat, starmap
from operator import mul
from pathlib import Path

from .lexicon import found, lexicon

MODEL_PATH = Path(__file__).with_name("checkworthiness.json")

WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*%?|[$€£%]")
NUMBER = re.compile(r"\d")
PERCENT = re.compile(r"\d\s*(?:%|per ?cent\b)|\bpercent(?:age)?\b")
MONEY = re.compile(r"[$€£]\s*\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|billion|million|trillion)\b")
MONEY_NEEDS = ("$", "€", "£", "dollars", "euros", "pounds", "billion", "million", "trillion")  # one is in every match
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d|"
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
WEEKDAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last (?:week|month|year))\b"
)
NUMBER_WORD = lexicon(
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|trillion|dozen|half|double|tripled?|doubled|halved",
)
FIRST_PERSON = lexicon(r"I|I['’]m|I['’]ve|I['’]d|I['’]ll|me|my|mine|we|we['’]re|we['’]ve|us|our|ours")
SECOND_PERSON = lexicon(r"you|your|you['’]re|yours")
HEDGE = lexicon(
    r"may|might|could|perhaps|possibly|probably|likely|unlikely|seems?|appears? to|suggests?|"
    r"reportedly|allegedly|apparently|believed to",
)
PREDICTION = re.compile(
    r"\b(?:will|won['’]t|shall|going to|is expected to|are expected to|forecasts?|predicts?|"
    r"projected to|set to|next (?:year|month|week|decade)|by 20[3-9]\d|in the coming|"
    r"(?:hopes?|hoping|aims?|aiming|intends?|intending) to|target (?:for|date)|takes? effect (?:on|from|in))\b",
)
# A forecast or guess about the future, as opposed to a plan stated as fact ("will open 40 sites").
SPECULATION = re.compile(
    r"\b(?:(?:is|are|was|were) (?:widely )?(?:expected|projected|forecast|predicted|likely|unlikely|poised) to|"
    r"forecasts?|predicts?|projections?|projects? (?:growth|gdp|inflation|a|an|that)|"
    r"(?:will|would|could|may|might) (?:probably|likely|possibly|perhaps|eventually)|"
    r"(?:probably|likely|possibly) (?:will|would|be)|could (?:return|rise|fall|happen|reach|come|be)|"
    r"suggest (?:that )?(?:\w+ ){0,4}will|anyone['’]s guess)\b",
)
OPINION = lexicon(
    r"think|believe|feel|hope|wish|want|should|must|ought|need to|needs to|shame|disgrace|"
    r"wonderful|terrible|horrible|awful|great|fantastic|outrageous|ridiculous|absurd|"
    r"best|worst|amazing|beautiful|stupid|crazy|sad|huge|incredible|unacceptable|"
    r"i call|blame|love|hate|proud|disgusting|shameful|nonsense|clearly|obviously|"
    r"wastes?|wasting|wasteful|outrage|outrageous|scandal\w*|reckless|irresponsible|deserves?|"
    r"unfair|corrupt|incompetent|dangerous|disaster|disastrous|victory|long-overdue|overdue|"
    r"betray\w*|insult\w*|ignorant|pathetic|brilliant|excellent|failure|failed us|fantastic|"
    r"common sense|too late|it['’]s time|time to|disagree|agree|respectfully|regret|appreciate|thank|"
    r"welcome|grateful|sorry|shocked|appalled|delighted|thrilled|"
    r"everyone knows|everybody knows|we all know|no one believes|nobody believes|the truth is|"
    r"let['’]s be honest|wake up|mark my words|make no mistake",
)
IMPERATIVE = re.compile(r"^\W*(?:let['’]s|please|imagine|consider|look at|think about|don['’]t|do not)\b")
OFFICIAL = lexicon(
    r"law|bill|act|decree|resolution|ordinance|regulation|statute|ruling|ruled|court|judge|"
    r"legislature|congress|parliament|senate|council|ministry|department|agency|government|"
    r"approved|passed|signed|voted|vetoed|enacted|repealed|banned|ordered|authori[sz]ed|"
    r"sentenced|convicted|charged|indicted|acquitted|fined|sued|filed",
)
# The genre term counts acts and instruments only, not institutions ("the council" is no fact).
OFFICIAL_ACTION = lexicon(
    r"law|decree|resolution|ordinance|regulation|statute|ruling|ruled|unconstitutional|illegal|"
    r"approved|passed|signed|voted|vetoed|enacted|repealed|banned|ordered|authori[sz]ed|"
    r"sentenced|convicted|charged|indicted|acquitted|fined|sued|struck down|overturned|upheld|"
    # acts of governments and their envoys ("Peru then recalled its ambassador")
    r"recalled|expelled|summoned|severed|suspended|withdrew|deported|sanctioned|impeached|ousted|"
    r"appointed|dismissed|sacked|nationali[sz]ed|annexed|ratified",
)
EVENT = lexicon(
    r"killed|died|dead|deaths?|injured|arrested|detained|deployed|sent|recalled|expelled|"
    r"attacked|launched|opened|closed|resigned|elected|won|lost|fell|rose|increased|decreased|"
    r"dropped|grew|declined|doubled|reported|recorded|counted|confirmed|announced|released|"
    r"published|issued|hired|fired|cut|raised|spent|paid|received|visited|met|began|ended",
)
COMPARATIVE = lexicon(
    r"more than|less than|fewer than|at least|as many as|up from|down from|compared with|"
    r"highest|lowest|largest|smallest|record|first|only|since",
)
REPORTING = lexicon(
    r"said|says|told|claimed|claims|announced|wrote|tweeted|posted|denied|stated|reported|"
    r"according to|cited|confirmed|testified|estimated|found|showed|shows",
)
WHY = re.compile(r"^\W*(?:why|how come)\b")
WORDS = re.compile(r"\w+")
LETTER_WORDS = re.compile(r"[A-Za-z]{2,}")
QUOTE_CHARS = re.compile(r"[“”\"]")
CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+")
# The same words counted faster: from the space before each (a literal the engine scans for) rather
# than a look-behind tried at every position. Matches cannot overlap either way (none holds a space).
CAPITALISED_AFTER_SPACE = re.compile(r" (?<=[\w,;:] )[A-Z][a-z]")
# A name opening the sentence ("Peru then recalled …"): a capitalised word that is no function word,
# followed by a lower-case one. CAPITALISED cannot see it (any first word is capitalised).
NAMED_START = re.compile(
    r"^\W*(?!(?:The|A|An|In|On|At|It|He|She|They|We|I|You|This|That|These|Those|But|And|Or|So|If|When|While|"
    r"After|Before|As|For|With|By|From|Of|To|There|Here|Our|My|His|Her|Its|Their|Some|Many|Most|All|No|Not|"
    r"One|Yes|Now|Then|Still|Also|What|Why|How|Who|Where|Last|Next|Each|Every|Both|Such|Even|Only|Just|More|"
    r"Less|Under|Over|About|Since|Until|Despite|Although|However|Meanwhile|Today|Yesterday|Let|Do|Does|Did|"
    r"Is|Are|Was|Were|Will|Would|Can|Could|Should|Please|Thank|Thanks|Well|Oh|Look|Ladies|Mr|Ms|Mrs|Dr)\b)"
    r"[A-Z][a-z]+\s+[a-z]"
)

FEATURE_NAMES = (
    "has_number",
    "has_percent",
    "has_money",
    "has_year",
    "has_month_or_date",
    "has_weekday",
    "has_number_word",
    "first_person",
    "second_person",
    "hedge",
    "prediction",
    "opinion",
    "question",
    "exclamation",
    "imperative",
    "official_action",
    "event_verb",
    "comparative",
    "reporting_verb",
    "quote_marks",
    "proper_nouns",
    "log_words",
    "short",
)


def tokens(text: str) -> list[str]:
    """Return the lower-cased word, number and currency tokens of text; numbers become <num>."""
    return ["<num>" if tok[0].isdigit() else tok for tok in WORD.findall(text.lower().replace("’", "'"))]


def ngrams(text: str) -> list[str]:
    """Return the unigrams and bigrams the model's vocabulary is built from."""
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def flags(text: str, *, debate_only: bool = False) -> dict[str, bool]:
    """Return which cues of FEATURE_NAMES and the genre terms text shows (each pattern run once).

    debate_only: only the cues the debate layer reads (``interpretable``), for a whole sentence
    whose logit is all that is wanted of it.
    """
    low = text.lower()  # the lexicons are lower-case: case-insensitive regexes are ~20x slower
    stripped = text.rstrip(" \"”’')")
    number = bool(NUMBER.search(text))
    f = {
        "number": number,
        "percent": found(PERCENT, low),
        # (each way to write money holds a digit, and a currency sign or word)
        "money": number and any(need in low for need in MONEY_NEEDS) and bool(MONEY.search(low)),
        "year": number and found(YEAR, text),
        "month": bool(MONTH.search(text)),
        "weekday": found(WEEKDAY, text),
        "number_word": bool(NUMBER_WORD.search(low)),
        "first_person": bool(FIRST_PERSON.search(text)),
        "second_person": bool(SECOND_PERSON.search(low)),
        "hedge": bool(HEDGE.search(low)),
        "future": bool(PREDICTION.search(low)),
        "opinion": bool(OPINION.search(low)),
        "question": "?" in stripped[-3:],
        "exclamation": stripped.endswith("!"),
        "imperative": bool(IMPERATIVE.search(low)),
        "official": bool(OFFICIAL.search(low)),
        "event": bool(EVENT.search(low)),
        "comparative": bool(COMPARATIVE.search(low)),
        "reporting": bool(REPORTING.search(low)),
        "quote_marks": bool(QUOTE_CHARS.search(text)),
    }
    if not debate_only:  # (read by the news layer and the caps)
        f["speculation"] = found(SPECULATION, low)
        f["why"] = bool(WHY.match(low))
        f["official_action"] = bool(OFFICIAL_ACTION.search(low))
        f["truncated"] = stripped.endswith(("…", "..."))
    f["concrete"] = f["number"] or f["number_word"] or f["month"] or f["weekday"] or f["year"]
    return f


def interpretable(text: str, f: dict[str, bool] | None = None) -> list[float]:
    """Return the named features of text, in FEATURE_NAMES order (f: its flags, when known)."""
    f = f or flags(text, debate_only=True)
    words = len(text.split())
    return [
        float(f["number"]),
        float(f["percent"]),
        float(f["money"]),
        float(f["year"]),
        float(f["month"]),
        float(f["weekday"]),
        float(f["number_word"]),
        float(f["first_person"]),
        float(f["second_person"]),
        float(f["hedge"]),
        float(f["future"]),
        float(f["opinion"]),
        float(f["question"]),
        float(f["exclamation"]),
        float(f["imperative"]),
        float(f["official"]),
        float(f["event"]),
        float(f["comparative"]),
        float(f["reporting"]),
        float(f["quote_marks"]),
        min(len(CAPITALISED_AFTER_SPACE.findall(text)) + bool(NAMED_START.match(text)), 5) / 5,
        math.log1p(words) / 4,
        float(words < 6),
    ]


# Context cues for the news layer (lower-case patterns, run on lower-cased text).
# A step still to come on a calendar, not a fact yet: "is due to ratify", "will consider … at its
# next meeting", "is scheduled to table". A capped rule (like a forecast) unless the sentence also
# states something that happened ("was", "rose", "approved" …).
SCHEDULE = re.compile(
    r"\b(?:(?:is|are) (?:due|scheduled|set) to|(?:is|are) (?:scheduled|set|planned|due) for|"
    r"plans? to (?:release|publish|announce|table|introduce|consider|hold|meet|present)|"
    r"(?:will|is to|are to) (?:consider|decide|discuss|debate|review|hear|meet|vote on|publish|release|announce|"
    r"table|take up|sentence|rule on|ratify)|at (?:its|their|the) next (?:meeting|session|sitting|hearing)|"
    r"to be (?:held|released|published|heard|debated|considered|collected|tabled)|later this (?:week|month|year))\b"
)
HAPPENED = re.compile(
    r"\b(?:was|were|had|has been|have been|did|rose|fell|grew|spent|paid|found|won|lost|recorded|approved|"
    r"passed|voted|killed|died|appointed|fined|arrested|stood|reached)\b"
)
# Looks ahead: a plan, an expectation or a step to come ("would", "expects", "plans"; see also
# PREDICTION, SPECULATION and SCHEDULE). Late on a page, such sentences are what happens next.
AHEAD = re.compile(r"\b(?:would|wouldn['’]t|expects?|expected|plans?|planned)\b")
# A time reference: a date, a weekday, a season, or a span still to come ("from 30 November to
# 6 December", "by the end of 2027", "next month", "within 10 days", "over the next four years",
# "until at least mid-2027"). Read only with a look-ahead cue and nothing done in the sentence
# (``future_date``): alone, "by 2019" or "in January" may well be past.
FUTURE_TIME = re.compile(
    r"\b(?:next \w+|tomorrow|later (?:this|in the) \w+|this coming|in the coming|over the (?:next|coming)|"
    r"within (?:the next )?\w+ (?:days?|weeks?|months?|years?)|over (?:\w+ )?(?:years|months|weeks)|until|till|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|20[2-9]\d|mid-\w+|end of|this (?:spring|summer|autumn|fall|winter)|"
    r"(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b)"
)
# A finite verb a short sentence can stand on ("He has no previous convictions."): a clause, not a fragment.
FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|did|does|remains?|\w{3,}ed)\b")
PAST = re.compile(r"\b(?:was|were|had|did|\w{3,}ed|rose|fell|grew|spent|paid|found|won|lost|cut|made|took|gave)\b")
# Page furniture that survives the clean module's line rules: author boxes, site notices, prompts, captions.
BIO_CUE = re.compile(
    r"^(?:[a-z][\w'’.-]+ ){1,3}(?:covers|reports on|writes about)\b|"
    r"\b(?:is|was) an? (?:[\w-]+ ){0,3}(?:reporter|correspondent|journalist|columnist|editor|writer)\b|"
    r"\bpreviously (?:worked|reported|wrote)\b|\bbefore joining\b|\bjoined (?:the|us|our) [\w ]{0,40}in (?:19|20)\d\d|"
    r"\b(?:award|prize)s? for (?:her|his|their) (?:reporting|coverage|work)\b"
)
SITE_CUE = re.compile(
    r"\bcomments? (?:are|is|section|policy|will)\b|\bcommunity (?:guidelines|standards)\b|"
    r"\bour (?:standards|journalism|reporters|editors|newsroom|coverage|desk)\b|"
    r"\b(?:editorial|ethics) (?:policy|code|guidelines|standards)\b|\bindependent journalism\b|"
    r"\bsupport (?:us|our)\b|\bcookies?\b|\bprivacy\b|\bwe (?:edit|correct|fact-check|verify|review)\b|"
    r"\bthis (?:story|article|report) (?:was|has been) (?:edited|updated|corrected|amended)\b"
)
PROMPT_CUE = re.compile(
    r"\bnewsletter\b|\bsubscribe\b|\bsign up\b|\binbox\b|\bfollow us\b|\b(?:click|tap) (?:here|to)\b|"
    r"\bdownload (?:our|the) app\b|\bread more\b|\balso read\b|\bshare (?:this|your)\b|\btell us\b|"
    r"\bget in touch\b|\bsend us\b"
)
CAPTION_CUE = re.compile(
    r"^\W*(?:photo|pictured|file photo|image)\b|\b(?:photo|image|picture|photograph):|\bpictured\b|"
    r"\((?:getty images|supplied|file)\)\W*$"
)

# Register cues (2026-12-06): kinds of sentence that carry figures and names, so the debate layer
# rates them factual, yet that the blind-written corpus lists as traps. Each is a class of text,
# read by the news layer with a learnt weight (``register_cues``; MODEL.md, "Register cues").
REGISTER = {
    # legal and regulatory boilerplate: gazette notices, safe-harbour disclaimers
    "legalese": re.compile(
        r"\b(?:hereby|shall|whereas|wishing to|forward-looking|differ materially|risks and uncertainties|"
        r"within the meaning of|undertakes? no obligation|\d+(?:st|nd|rd|th) day of|dated (?:at|this))\b"
    ),
    # who produced, funded or compiled the page ("This report is produced by", "coverage is supported by")
    "credit_line": re.compile(
        r"\b(?:(?:is|was|are|were|been) (?:produced|prepared|compiled|supported|funded|sponsored|made possible|"
        r"written|edited) by|prepared by|in collaboration with|obtained by the author|(?:additional )?reporting by)\b"
    ),
    # a footnote or running header ("[3] CAT adopted budget, Table 3.", "Part I | Page 14 of 212")
    "reference": re.compile(r"^\W*\[\d+\]|\bpage \d+ of \d+\b|\s\|\s"),
    # guidance and outlooks ("now expects full-year EPS of", "we see the second half being stronger")
    "expectation": re.compile(
        r"\b(?:expects?|expected|expecting|anticipates?|anticipated|foresees?|outlook|guidance|(?:we|i|they) see)\b"
    ),
    "would": re.compile(r"\b(?:would|wouldn['’]t)\b"),
    "plan": re.compile(r"\b(?:plans?|planned|planning|intends?|aims?) to\b"),
    "conditional": re.compile(r"\b(?:unless|once|if|provided that|subject to)\b"),
    # a questioner addressing the answerer ("Mr. Secretary, utilities say …", "Minister, …")
    "vocative": re.compile(
        r"^\W*(?:(?:mr|mrs|ms|madam|dr)\.? (?:\w+ ){0,2}\w+|minister|senator|secretary|chairman|chair|sir|"
        r"madam speaker)\s*,"
    ),
    # a host's or chair's line ("We are joined today by", "Good afternoon")
    "host": re.compile(
        r"\b(?:(?:are|is) joined (?:today |now |here )?by|welcome (?:to|back)|good (?:morning|afternoon|evening))\b"
    ),
}
REGISTER_FEATURES = (*(f"cue_{name}" for name in REGISTER), "cue_capitals")
# Substrings each pattern needs to match (one at least): a cheap test first, the regex only then
# (register_cues ran ~5x slower without it; the cues are the same).
REGISTER_NEEDS = {
    "legalese": (
        "hereby",
        "shall",
        "whereas",
        "wishing to",
        "forward-looking",
        "differ materially",
        "risks and",
        "within the meaning",
        "no obligation",
        " day of",
        "dated ",
    ),
    "credit_line": ("by", "in collaboration with"),
    "reference": ("[", "page ", "|"),
    "expectation": ("expect", "anticipat", "foresee", "outlook", "guidance", " see"),
    "would": ("would",),
    "plan": ("plan", "intend", "aim"),
    "conditional": ("unless", "once", "if", "provided that", "subject to"),
    "vocative": (",",),
    "host": ("joined", "welcome", "good "),
}
TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")


def register_cues(content: str, context: Context) -> list[float]:
    """Return the register cues of content (REGISTER_FEATURES order) for the news layer.

    Read on a page only, like the furniture cues: a sentence on its own (a debate, what
    ``score_sentences`` sends) keeps the debate calibration, and the weights are learnt from the
    articles (on debates too, cross-validation by article and by batch is a little worse).
    cue_capitals: a heading or running head set in capitals ("PUBLIC ACCOUNTS COMMITTEE, DEWAN
    RAKYAT — VERBATIM RECORD").
    """
    if context.position is None:
        return [0.0] * len(REGISTER_FEATURES)
    low = content.lower()
    cues = []
    for name, pattern in REGISTER.items():
        cue = 0.0
        for need in REGISTER_NEEDS[name]:  # (loops: any() over a generator costs more than the tests)
            if need in low:
                cue = float(bool(pattern.search(low)))
                break
        cues.append(cue)
    capitals = False
    if TWO_CAPITALS.search(content):
        words = LETTER_WORDS.findall(content)
        upper = sum(w.isupper() for w in words)
        capitals = upper >= 3 and upper >= 0.4 * len(words)
    cues.append(float(capitals))
    return cues


SHORT_PAGE = 9  # sentences; the shortest page the news layer was fit on (see news_features)

# The news layer's inputs, in the order of its weights in checkworthiness.json.
NEWS_FEATURES = (
    "debate_logit",
    "page_logit",
    "page",
    "question",
    "first_person_opinion",
    "first_person",
    "opinion",
    "prediction",
    "future",
    "schedule",
    "past",
    "hedge",
    "concrete",
    "official_action",
    "event",
    "too_short",
    "truncated",
    "vague",
    "quoted",
    "quoted_opinion",
    "speaker_person",
    "speaker_organisation",
    "speaker_publication",
    "speaker_post",
    "position",
    "last_tenth",
    "first_sentence",
    "lone_short_paragraph",
    "bio_cue",
    "site_cue",
    "prompt_cue",
    "caption_cue",
    "asked",
    "frame_logit",
    "late_plan",
    "before_question",
    "plan_figure",
    "future_date",
    *REGISTER_FEATURES,
    "news_ngram_logit",
)


@dataclass(frozen=True)
class Context:
    """Where a sentence stands. The default is a sentence on its own: no page, nobody credited.

    speaker_kind: outlet (the article's own voice), person, organisation, publication or post.
    position: the sentence's place in the article, 0 (top) to 1 (end); None when there is no page.
    paragraph_words: words in its paragraph when the sentence is the whole paragraph, else 0.
    sentences: how many sentences the page has; the position terms fade out on short pages.
    before_question: the sentence is the premise of a question that follows in its paragraph
    ("Utilities say shutoffs are up 18 percent. Is $1.1 billion really enough?").
    """

    speaker_kind: str = "outlet"
    quoted: bool = False
    position: float | None = None
    first: bool = False
    paragraph_words: int = 0
    asked: bool = False  # in a questioner's turn of a transcript ("Q:", "REPORTER:")
    sentences: int = 0  # sentences on the page (0: not known)
    before_question: bool = False  # the next sentence of its paragraph is a question


STANDALONE = Context()


@dataclass(frozen=True)
class Model:
    bias: float
    feature_weights: tuple[float, ...]
    vocabulary: dict[str, float]
    news_bias: float
    news_weights: tuple[float, ...]
    caps: dict[str, float]
    # the news genre's own n-gram layer, fit on the article sentences (see news_ngram_logit)
    news_vocabulary: dict[str, float] = field(default_factory=dict)
    news_ngram_bias: float = 0.0

    def logit(self, text: str, f: dict[str, bool] | None = None, grams: set[str] | None = None) -> float:
        """Return the debate model's log-odds that text is a check-worthy factual sentence.

        f, grams: text's flags and ``set(ngrams(text))``, when known.
        """
        # starmap/map rather than generator expressions: the same sums in the same order, at C speed
        z = self.bias + sum(starmap(mul, zip(self.feature_weights, interpretable(text, f), strict=True)))
        grams = set(ngrams(text)) if grams is None else grams
        return z + sum(map(self.vocabulary.get, grams, repeat(0.0)))

    def news_ngram_logit(self, text: str, grams: set[str] | None = None) -> float:
        """Return the news n-gram layer's log-odds that text is a claim on a page.

        Word n-grams learnt on our articles' sentences, where the debate layer learnt them on
        debates: "expects", "shall", "produced by" mean something else in news copy.
        """
        grams = set(ngrams(text)) if grams is None else grams
        return self.news_ngram_bias + sum(map(self.news_vocabulary.get, grams, repeat(0.0)))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, float]:
    """Return the debate layer's n-gram weights (the attribution and matching code read its words)."""
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))["vocabulary"]


@lru_cache(maxsize=1)
def model() -> Model:
    """Load the shipped weights (once per process)."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURE_NAMES or tuple(data["news"]["features"]) != NEWS_FEATURES:
        raise RuntimeError("checkworthiness.json was trained with other features; retrain it")
    return Model(
        bias=data["bias"],
        feature_weights=tuple(data["feature_weights"]),
        vocabulary=data["vocabulary"],
        news_bias=data["news"]["bias"],
        news_weights=tuple(data["news"]["weights"]),
        caps=data.get("caps", {}),
        news_vocabulary=data["news"]["vocabulary"],
        news_ngram_bias=data["news"]["ngram_bias"],
    )


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def news_features(
    content: str,
    context: Context,
    *,
    debate_logit: float,
    f: dict[str, bool],
    sentence_logit: float | None = None,
    ngram_logit: float = 0.0,
) -> list[float]:
    """Return the news layer's inputs (NEWS_FEATURES order) for a sentence's asserted content.

    sentence_logit: the debate layer's logit of the whole sentence, when the asserted content is
    only part of it (the attribution clause removed, or a quotation's inside).
    ngram_logit: the news n-gram layer's logit of content (read on a page only).
    """
    low = content.lower()
    schedule = SCHEDULE.search(low) is not None  # (read twice below)
    words = len(WORDS.findall(content))
    page = context.position is not None
    kind = context.speaker_kind
    # Where a sentence stands says something on a page long enough to have a tail (closing quotes,
    # what happens next, the author's box): the position terms were learnt on pages of 9 to 114
    # sentences, and on shorter ones they fade linearly to nothing for a sentence on its own, so a
    # three-sentence press note's last sentence is not read as an article's kicker.
    reach = min(1.0, (context.sentences - 1) / (SHORT_PAGE - 1)) if 0 < context.sentences else 1.0
    looks_ahead = f["future"] or f["speculation"] or schedule or found(AHEAD, low)
    happened = HAPPENED.search(low) is not None
    return [
        debate_logit / 4,
        debate_logit / 4 if page else 0.0,  # on a page the debate layer's logit may count for less
        float(page),
        float(f["question"] or f["why"]),
        float(f["first_person"] and f["opinion"]),
        float(f["first_person"]),
        float(f["opinion"]),
        float(f["speculation"]),
        float(f["future"] and not f["speculation"]),
        float(schedule and not HAPPENED.search(low)),
        float(bool(PAST.search(low))),
        float(f["hedge"]),
        float(f["concrete"]),
        float(f["official_action"]),
        float(f["event"]),
        # a fragment ("Yes.", "— (@h) Jan 1, 2020"), not "Seven hundred homes were evacuated" nor a
        # short clause with its verb ("He has no previous convictions.", "The cause was heart failure.")
        float(
            words < 6
            and not (f["concrete"] and len(LETTER_WORDS.findall(content)) >= 3)
            and not (words >= 4 and FINITE.search(low))
        ),
        float(f["truncated"]),
        float(words < 10 and not f["concrete"] and not CAPITALISED_AFTER_SPACE.search(content)),
        float(context.quoted),
        float(context.quoted and f["opinion"] and not f["concrete"]),
        float(kind == "person"),
        float(kind == "organisation"),
        float(kind == "publication"),
        float(kind == "post"),
        context.position * reach if page else 0.0,
        reach * float(page and context.position >= 0.9),
        float(context.first),
        float(0 < context.paragraph_words <= 25),
        # Furniture cues are read on a page only: a debater's "award" or "comments" is no author box.
        float(page and found(BIO_CUE, low)),
        float(page and found(SITE_CUE, low)),
        float(page and found(PROMPT_CUE, low)),
        float(page and found(CAPTION_CUE, low)),
        float(context.asked),
        # What the attribution clause adds in the debate layer's eyes ("Lopez Obrador has said …",
        # "he told reporters"): debates hold many reported statements, and the clause is evidence.
        (sentence_logit - debate_logit) / 4 if sentence_logit is not None else 0.0,
        # "What happens next" closes many stories: a plan or expectation counts for less the later
        # it comes (on top of the position term).
        context.position * reach
        if page and (f["future"] or f["speculation"] or found(AHEAD, low) or schedule)
        else 0.0,
        # A questioner's premise (interviews, briefings, parliamentary questions): what is asked
        # about is put to the answerer, not asserted by the page.
        float(context.before_question and not (f["question"] or f["why"])),
        # A plan with figures (2026-12-08): the figures and names that make a report checkable
        # make a plan look so too ("will extend the scheme to 1,800 more villages"); read apart from
        # the figures themselves, and only when the sentence says nothing already done.
        float(looks_ahead and not happened and (f["number"] or f["number_word"])),
        float(looks_ahead and not happened and FUTURE_TIME.search(low) is not None),
        *register_cues(content, context),
        # on a page only: a sentence on its own (a debate, `score_sentences`) keeps the debate calibration
        ngram_logit / 4 if page else 0.0,
    ]


def evidence(
    content: str, context: Context = STANDALONE, sentence: str | None = None
) -> tuple[float, list[float], dict[str, bool]]:
    """Return the debate model's logit, the news layer's inputs and the flags of content.

    sentence: the whole sentence content was taken from, when it is not content itself.
    """
    m = model()
    f = flags(content)
    grams = set(ngrams(content))  # (one set for both layers: iterated in the same order, summed alike)
    z = m.logit(content, f, grams)
    whole = m.logit(sentence) if sentence is not None and sentence.strip() != content.strip() else None
    news = m.news_ngram_logit(content, grams) if context.position is not None else 0.0
    return z, news_features(content, context, debate_logit=z, f=f, sentence_logit=whole, ngram_logit=news), f


def explain(content: str, context: Context = STANDALONE, sentence: str | None = None) -> list[tuple[str, float]]:
    """Return the terms that moved a sentence's log-odds, largest first (for reviewers and debugging).

    ``feature:``/``ngram:`` terms make up the debate model's logit, which the news layer reads as
    its ``news:debate_logit`` input; ``news_ngram:`` terms (on a page only) make up the news n-gram
    layer's logit, its ``news:news_ngram_logit`` input; ``news:`` terms are the news layer's own.
    """
    m = model()
    terms = [("bias", m.bias)]
    values = interpretable(content)
    terms += [(f"feature:{n}", w * x) for n, w, x in zip(FEATURE_NAMES, m.feature_weights, values, strict=True) if x]
    terms += [(f"ngram:{g}", m.vocabulary[g]) for g in set(ngrams(content)) if g in m.vocabulary]
    if context.position is not None:
        terms += [(f"news_ngram:{g}", m.news_vocabulary[g]) for g in set(ngrams(content)) if g in m.news_vocabulary]
    _, xs, _ = evidence(content, context, sentence)
    terms += [("news:bias", m.news_bias)]
    terms += [(f"news:{n}", w * x) for n, w, x in zip(NEWS_FEATURES, m.news_weights, xs, strict=True) if x]
    return sorted(terms, key=lambda t: -abs(t[1]))


def score(content: str, context: Context = STANDALONE, sentence: str | None = None) -> float:
    """Return the probability (calibrated) that the asserted content of one sentence is a claim.

    sentence: the whole sentence, when content is its asserted part (see pipeline.asserted_content).
    """
    m = model()
    _, xs, f = evidence(content, context, sentence)
    z = m.news_bias + sum(starmap(mul, zip(m.news_weights, xs, strict=True)))
    p = sigmoid(z)
    # Exact rules, whatever the numbers: a question asserts nothing, a forecast cannot be checked
    # today, nor can a step on a calendar.
    if f["question"] or f["why"]:
        p = min(p, m.caps.get("question", 1.0))
    if f["speculation"]:
        p = min(p, m.caps.get("prediction", 1.0))
    if xs[NEWS_FEATURES.index("schedule")]:
        p = min(p, m.caps.get("schedule", 1.0))
    # what a questioner says in a transcript's question turn is put to the answerer, not asserted
    # ("Q: The Grains Retailers Confederation says retail prices rose 8 percent …")
    if context.asked:
        p = min(p, m.caps.get("asked", 1.0))
    return p

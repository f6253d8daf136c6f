"""Who speaks a sentence, as a ranked choice among candidate speakers.

For every sentence of an article (embedded posts aside: their trailer names the poster) the
candidates are the article's own voice, the answer of the readable rules in ``attribution``,
the names and back-references in the sentence ("the council", "a council spokeswoman"), the
subject phrase of a reporting verb, the people and bodies met in the paragraph and the two
before it, the speaker chosen for the sentence before and for the paragraph before, and a
transcript's speaker label for the turn. Each candidate is described by features (is it the subject of a
reporting verb, does it follow "according to", is it inside a quotation, does its gender agree
with the sentence's "he"/"she", how far back was it named …) and scored with a linear model
whose weights ``scripts/train_attribution.py`` fits on the annotated articles
(``speakers.json``; provenance in ``MODEL.md``). The best-scoring candidate speaks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import mul
from pathlib import Path

from .attribution import (
    ACT_VERBS,
    ACTION,
    AUX,
    COURT_ACT,
    FEMALE,
    MALE,
    NAME,
    NOT_NAMES,
    REF,
    REF_NOUNS,
    ROLE_INITIALS,
    Attribution,
    Attributor,
    looks_like_person,
)
from .lexicon import lexicon

WEIGHTS = Path(__file__).with_name("speakers.json")
# Reporting verbs for the ranker: the rules' list and the looser ones a subject phrase can carry.
REPORTING_WORDS = (
    r"said|says|say|told|tells|claimed|claims|claiming|announced|announces|wrote|writes|tweeted|posted|"
    r"denied|denies|stated|states|reported|reports|added|adds|argued|argues|insisted|insists|warned|warns|"
    r"noted|notes|explained|explains|confirmed|confirms|testified|estimated|estimates|acknowledged|admitted|"
    r"alleged|alleges|asserted|maintained|maintains|replied|responded|declared|revealed|disclosed|predicted|"
    r"found|finds|show|showed|shows|concluded|commented|informed|disputed|accused|pointed to|put|puts|"
    r"placed|recorded|counted|calculated|saying|according to|observed|highlighted|cautioned|stressed|"
    r"emphasi[sz]ed|reiterated|conceded|countered|projected|indicated|suggested|revealed|"
    r"heard|was told|were told|remarked|lamented|assured|vowed|pledged|complained|contended|charged|hinted|"
    r"boasted|clarified|underscored|underlined|reckoned|opined|quipped|averred|compared|described|urged|"
    r"recounted|briefed|elaborated|affirmed"
)


REPORTING = lexicon(REPORTING_WORDS)
SPEECH_VERB = re.compile(
    r"said|says|say|told|tells|claimed|claims|claiming|wrote|writes|tweeted|posted|denied|denies|stated|states|"
    r"added|adds|argued|argues|insisted|insists|warned|warns|explained|explains|confirmed|confirms|testified|"
    r"acknowledged|admitted|alleged|alleges|asserted|maintained|maintains|replied|responded|commented|informed|"
    r"disputed|accused|saying|stressed|reiterated|conceded|countered|cautioned|emphasi[sz]ed|told|remarked|"
    r"lamented|assured|vowed|pledged|complained|contended|charged|hinted|boasted|clarified|underscored|"
    r"underlined|reckoned|opined|quipped|averred|compared|described|urged|recounted|elaborated|affirmed"
)
FINDING_VERB = re.compile(
    r"reported|reports|noted|notes|estimated|estimates|found|finds|show|showed|shows|concluded|revealed|"
    r"disclosed|indicated|suggested|calculated|counted|recorded|projected|observed|highlighted|pointed to"
)
JUNK_PHRASE = re.compile(
    r"\d|\b(?:who|whose|which|was|were|is|are|has|had|have|been|be|he|she|it|they|we|i|you|and|but|when|where)$|"
    r"^(?:who|whose|which|and|but|or|so|then|there|this|that|these|those|it|they|we|he|she|i|you)\b|"
    r"\b(?:who|whose|which|what|that|though|although|while|many|some|most|if|because|where|when)\b",
    re.I,
)
SPEECH_NOUN = re.compile(
    r"\b(?:spokes\w+|representative|official|source|lawyer|barrister|counsel|attorney|aide)s?\b", re.I
)
SUBJECT_PRONOUN = re.compile(
    r"(?:^|[,;:]\s+|\b(?:that|and|but)\s+|[”\"]\s*,?\s*)(?P<p>he|she|they|it|He|She|They|It)\s+"
    + AUX
    + r"(?:[a-z]+\s+)?"
    + REPORTING.pattern
)
REF_MENTION = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Aa]n?)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{REF}|{SPEECH_NOUN.pattern})\b"
)
HONORIFIC_BEFORE = re.compile(
    r"\b(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Hon|Sen|Rep|Gov|Chief|Cllr|Cr|Eng|Engr|Atty|Datuk|Dato['’]?|Datin|Tuan|Puan|Encik|"
    r"Alhaji|Hajiya|Malam|Shri|Smt|Sir|Dame|Rev|Justice|Judge)\.?\s+(?:\([A-Za-z]+\)\s+)?$"
)
# "the minister", "the Finance Minister", "the mayor": an office held by a person named with it before
ROLE_REF = re.compile(
    r"\b[Tt]he\s+(?P<role>(?:[A-Za-z]+\s+){0,2}?(?i:minister|mayor|governor|secretary|senator|president|premier|"
    r"treasurer|commissioner|chairman|chairwoman|chairperson|chair|judge|chief executive|ceo|director|"
    r"director-general|councillor|councilor|superintendent|inspector|auditor-general|attorney-general|"
    r"prime minister|speaker|administrator|principal|professor|economist|researcher|lawmaker|legislator))\b"
)
# After a reporting verb, a determiner or a number: the verb takes an object ("announced the package",
# "admitted two dozen charges"), which a speech verb ("said the …") never does.
OBJECT_AFTER = re.compile(
    r"\s+(?:the|a|an|its|their|his|her|this|these|those|two|three|four|five|six|seven|eight|nine|ten|dozens?|"
    r"several|\d)\b(?!\s+(?:government|ministry|council|company|report|figures?|data|number|agency)\s+"
    r"(?:is|was|were|are|had|has|have|would|will|could))"
)
# verbs whose next words are the report, never an object: "say a leather shoe is 2,600 years old"
BARE_SPEECH = {"told", "tells", "informed", "said", "says", "say", "added", "adds", "stated", "states"}
PURE_SPEECH = {"said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "wrote", "writes"}
ACRONYM = re.compile(r"\((?P<acro>[A-Z][A-Za-z&]{1,9})\)")
DAYS_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tonight", "today",
}  # fmt: skip
REF_NOUNS_ORG = REF_NOUNS["organisation"] + "|" + REF_NOUNS["publication"] + "|trust|forum|audit|government"
JOIN_WORDS = {"of", "for", "and", "on", "de", "del", "da", "dos", "la", "le", "van", "von", "der", "bin", "al", "the"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tonight", "today"}
QUOTE_CHARS = '“”"'


VERB_AFTER = re.compile(  # what may stand between a subject and its reporting verb
    rf"\s*(?:\([^)]*\)\s*)?(?:\s+(?:of|at|from|with)\s+(?:the\s+)?{NAME}\s*)?(?:,(?:[^,]|(?<=\d),(?=\d)){{2,140}},\s*)?"
    + AUX
    + r"(?:[a-z]+ly\s+)?(?P<verb>"
    + REPORTING.pattern
    + ")"
)
VERB_BEFORE = re.compile(REPORTING.pattern + r"\s+(?:\w+\s+){0,4}$")
QUOTE_THEN_VERB = re.compile(r"[,”\"]\s*" + REPORTING.pattern)
APPOSITION_END = re.compile(r"\s*,\s*" + AUX + r"(?:" + SPEECH_VERB.pattern + r")\b")
AUX_TAIL = re.compile(rf"\s+{AUX}$")
AFFILIATED = re.compile(rf"(?P<head>.+?)\s+(?:of|at|from|with)\s+(?:the\s+)?(?P<body>{NAME})$")
NAMES = re.compile(NAME)
THE = re.compile(r"^[Tt]he\s+")
DIGIT = re.compile(r"\d")
NUMBERED = re.compile(r"[IVXL]{1,5}(?:-[A-Z])?|and|of")
ARTICLE = re.compile(r"^(?:the|an?)\s+")
ARTICLE_ANY_CASE = re.compile(r"^(?:the|an?)\s+", re.I)
SPEECH_NOUN_END = re.compile(rf"\s*{SPEECH_NOUN.pattern}$", re.I)
OBJECT_DETERMINER = re.compile(r"\s+(?:a|an|its|their|his|her)\s")
OPENS_QUOTE = re.compile(r"\s*[“\"]")
OPENS_HE_SHE = re.compile(r"\s*(?:He|She)\b")
JOINS = re.compile(r"\s(?:and|of|for|on)\s")
NUMBERING = re.compile(r"\b[IVX]{1,4}\b|\b[A-Z]\.\s")
POSSESSIVE_SOURCE = re.compile(
    r"\s*(?:['’]s?)\s+(?:[a-z]+\s+){0,2}(?:figures|data|report|statement|numbers|records|survey|study|analysis|estimates?|audit|review)\b"
)
POSSESSIVE = re.compile(r"\s*['’]s?\s")
OBJECT_OF_VERB = re.compile(r"\b(?:told|tells|telling|to|asked|urged)\s+(?:the\s+)?$")
ACCORDING_BEFORE = re.compile(r"\baccording to\b[^.;:]{0,80}$", re.I)
CLAUSE_BREAK = re.compile(r"[;:]")
AFTER_PREPOSITION = re.compile(r"\b(?:from|by|with|of|in|at|for|on)\s+(?:the\s+)?$")
COMMA_END = re.compile(r",\s*$")
SOURCE_SHOWS = re.compile(r"\s+(?:figures|data|statistics|numbers|estimates|records)\s+(?:show|showed|shows|suggest)")
MODIFIES_NOUN = re.compile(r"\s+(?:man|woman|men|women|family|families|couple|boy|girl|native|resident|residents)\b")
RELATIVE = re.compile(r"\s*,\s*(?:who|whose|which)\b")
LEADING_CONJUNCTION = re.compile(r"^(?:and|but|while|as|that|when|after)\s+")
DETERMINED = re.compile(r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s")
CAPITAL_WORD = re.compile(r"\s[A-Z]")
OWNER = re.compile(r"(?:[Tt]he\s+)?(?P<owner>[\w-]+(?:\s+[\w-]+)?)['’]s?\s")
ORG_NOUN = re.compile(REF_NOUNS_ORG)
QUOTE_OR_COMMA_END = re.compile(r"[,”\"]\s*$")
NOT_KEY = re.compile(r"[^a-z0-9]+")
QUOTE_MARKS = re.compile('[“”"]')
# A document as a source: "the report found", "according to the audit", "the message claims"
# (figures and data are the numbers' owner's, or the outlet's: see attribution.FIGURES_SHOW)
DOCUMENT_NOUN = re.compile(
    r"report|study|survey|statement|analysis|audit|review|filing|lawsuit|complaint|release|letter|document|"
    r"logs|register|database|dashboard|tracker|paper|preprint|bulletin|message|forward|notice|memo|index|"
    r"assessment|evaluation|update|minutes|submission|judgment|ruling|findings|census|poll"
)
# "according to the latest bulletin", "according to the audit": the phrase itself, a common noun last
ACCORDING_PHRASE = re.compile(
    r"\b[Aa]ccording to\s+(?P<np>(?:the|a|an|this|that)\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z][\w-]*))"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:by|from|of|on|in|at|for|released|published|issued|seen|obtained|which|that|to)\b)"
)
ACCORDING_PRONOUN = re.compile(r"\b[Aa]ccording to (?P<p>him|her|them)\b")
# "a forensic audit by Morant Whyte & Co", "a report from the Hospital Review Board": who wrote it
DOCUMENT_BY = re.compile(
    rf"\b(?P<doc>{DOCUMENT_NOUN.pattern})\s+(?:[a-z]+\s+){{0,2}}?(?:by|from)\s+(?:the\s+)?(?P<who>{NAME})"
)
ISSUED_BY = re.compile(rf"\s+(?:[a-z]+\s+)?(?:by|from)\s+(?P<who>the\s+[a-z]+(?:\s+[a-z]+)?|(?:the\s+)?{NAME})")
CAPITAL_OWNER = re.compile(r"\s[A-Z][\w-]*['’]s?\s")  # "The Housing Agency's new survey": a named owner
SUBJECT_SHE = re.compile(r"\b[Ss]he\b")
SUBJECT_HE = re.compile(r"\b[Hh]e\b")
ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.I)
NEVER_CHOSEN = {"day_or_month", "gender_conflict", "body_after_he_she"}
LEAD_SENTENCES = 4  # the lede and the sentences after it, where a story names its main person
EARLIER = ("earlier:same_paragraph", "earlier:previous_paragraph", "earlier:older_paragraph")


@dataclass(slots=True)
class Candidate:
    speaker: str | None
    kind: str
    features: dict[str, float] = field(default_factory=dict)
    frame: tuple[int, int] | None = None

    def add(self, name: str, value: float = 1.0) -> None:
        if self.features.get(name, 0.0) < value:
            self.features[name] = value


@lru_cache(maxsize=1)
def stored_weights() -> dict[str, float]:
    """Return the ranker's weights as trained (feature name -> weight, "bias" included)."""
    if not WEIGHTS.exists():
        return {}
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))["weights"]


ACTIVE: dict[str, float] | None = None  # weights set by scripts/train_attribution.py for one fold


def weights() -> dict[str, float]:
    """Return the weights in use: a fold's while cross-validating, else the stored ones."""
    return ACTIVE if ACTIVE is not None else stored_weights()


def score(candidate: Candidate, w: dict[str, float] | None = None) -> float:
    """Return a candidate's linear score."""
    w = weights() if w is None else w
    f = candidate.features  # (the same products, summed in the same order, as a loop would)
    return w.get("bias", 0.0) + sum(map(mul, map(w.get, f, repeat(0.0)), f.values()))


@lru_cache(maxsize=4096)
def key(speaker: str | None) -> str:
    """Return the form under which two candidates count as one speaker."""
    if not speaker:
        return ""
    return NOT_KEY.sub(" ", speaker.lower()).strip()


STRAIGHT = re.compile('"')
OPENS_AFTER = set("([{—–-/")  # a straight quote after these (or a space, or the start) opens


def curled(sentence: str) -> str:
    """Return sentence with each straight quotation mark turned into the curly one its neighbours show.

    A mark after a space, an opening bracket or a dash (or at the start) and before a non-space opens
    ("“"); one after a non-space and before a space, a punctuation mark or the end closes ("”"): so
    'summers," Osei said.' ends a quotation opened in an earlier sentence rather than opening one
    that runs to its end. A mark with the same kind of neighbour on both sides alternates. The text
    keeps its length, so offsets hold.
    """
    if '"' not in sentence:
        return sentence
    out, is_open = list(sentence), False
    for m in STRAIGHT.finditer(sentence):
        i = m.start()
        before = sentence[i - 1] if i else " "
        after = sentence[i + 1] if i + 1 < len(sentence) else " "
        opening_before = before.isspace() or before in OPENS_AFTER
        closing_after = after.isspace() or after in ".,;:!?)]}—–'’"
        if opening_before and not closing_after:
            opens = True
        elif closing_after and not opening_before:
            opens = False
        else:
            opens = not is_open
        out[i] = "“" if opens else "”"
        is_open = opens
    return "".join(out)


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the spans of sentence inside quotation marks (an unclosed one runs to the end)."""
    sentence = curled(sentence)
    spans, start = [], None
    first_close = sentence.find("”")
    if first_close >= 0 and "“" not in sentence[:first_close]:
        spans.append((0, first_close + 1))  # the end of a quotation opened in an earlier sentence
        start = None
        sentence = " " * (first_close + 1) + sentence[first_close + 1 :]
    for m in QUOTE_MARKS.finditer(sentence):
        i, ch = m.start(), m[0]
        if ch == "“":
            start = i
        elif start is not None:
            spans.append((start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(sentence)))
    return spans


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a < pos < b for a, b in spans)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    speaker: str
    kind: str
    common: bool = False  # one common word opening the sentence ("Initial", "Management")
    role: bool = False  # an office standing for the person ("the minister")
    bracketed: bool = False  # inside brackets: "(Lab, Holme Valley South)", "(DOH)"
    document: bool = False  # read from a document noun: "the report" as the body met before


class Reader:
    """Read an article's sentences in order, collecting mentions and the genders seen for people."""

    def __init__(self) -> None:
        self.memory = Attributor()
        # (sentence number, paragraph, mention) of the latest mention of each speaker as a person and
        # as anything else, oldest first: an older mention of the same speaker and class is never a
        # candidate (the caps below that pass it over pass over every older one too)
        self.latest: dict[tuple[str, bool], tuple[int, int, Mention]] = {}
        self.gender: dict[str, float] = {}  # > 0 female, < 0 male
        self.spoke: dict[str, int] = {}  # speaker key -> the last sentence the rules credited to that person
        self.acronyms: dict[str, str] = {}
        self.authors: dict[str, Mention] = {}  # document noun ("audit") -> who was said to write it
        self.document: tuple[int, str] | None = None  # (sentence number, phrase) of the last document that spoke
        self.subject: tuple[int, str] | None = None  # (sentence number, key) of the person opening a sentence
        self.pronoun: tuple[int, str] | None = None  # (sentence number, "he"/"she") of the last sentence read
        self.lead: Mention | None = None  # the first person named in full, in the article's first sentences

    def mentions(self, sentence: str) -> list[Mention]:
        """Return the named people and bodies of a sentence and its back-references."""
        out: list[Mention] = []
        for m in ACRONYM.finditer(sentence) if "(" in sentence else ():
            before = NAMES.findall(sentence[: m.start()].rstrip())
            if before:
                self.acronyms[m["acro"]] = THE.sub("", before[-1])
        spans = []
        for m in NAMES.finditer(sentence):
            # "Dr. Ana Lopes of the University of Lisbon": the person, then the body
            affiliated = AFFILIATED.match(m[0])
            if affiliated and looks_like_person(affiliated["head"]):
                spans += [(m.start(), affiliated["head"]), (m.start() + affiliated.start("body"), affiliated["body"])]
            else:
                spans.append((m.start(), m[0]))
        for start, text in spans:
            words = text.split()
            # an exact rule: days, months and capitalised function words are never speakers
            while words and (
                words[0].lower().rstrip(".,") in NOT_NAMES or words[0].lower() in DAYS_MONTHS or words[0] in JOIN_WORDS
            ):
                start += len(words[0]) + 1
                words = words[1:]
            if len(words) == 1 and words[0].lower() in PRONOUNS:
                continue  # an exact rule: "She", "They" opening a sentence are pronouns, not names
            while words and (words[-1].lower().rstrip(".,") in DAYS_MONTHS or words[-1] in JOIN_WORDS):
                words = words[:-1]  # "Chaudhry Naveed Akhtar on Wednesday": the name ends before "on"
            if not words:
                continue
            text = " ".join(words)
            common = start == 0 and len(words) == 1 and self.memory.common_word(text)
            if len(text) < 2 or DIGIT.search(text):
                continue  # an exact rule: "KSh1.1", "RM324.6" are amounts, not names
            if all(NUMBERED.fullmatch(w) for w in text.replace(",", " ").split()):
                continue  # an exact rule: "Regions III, VI and XI" are numbered, not named
            if text in self.acronyms:
                speaker, kind = self.acronyms[text], "organisation"
            else:
                found = self.memory.named(text, span=(start, start + len(text)))
                speaker, kind = found.speaker, found.kind
            if not speaker or speaker.lower() in DAYS_MONTHS:
                continue
            out.append(Mention(start, start + len(text), text, speaker, kind, common))
        # (an office is a mention only when the text named its holder before)
        for m in ROLE_REF.finditer(sentence) if self.memory.roles else ():
            role = m["role"].lower()
            person = self.memory.roles.get(role) or self.memory.roles.get(role.split()[-1])
            if person:
                out.append(Mention(m.start(), m.end(), m[0], person, "person", role=True))
        for m in REF_MENTION.finditer(sentence):
            phrase = m[0]
            low = phrase.lower()
            noun = low.split()[-1]
            if SPEECH_NOUN.search(noun):
                # "a council spokeswoman", "his barrister": the phrase itself names the speaker
                bare = ARTICLE.sub("", low)
                out.append(Mention(m.start(), m.end(), phrase, bare, "person"))
                org = SPEECH_NOUN_END.sub("", bare).strip()
                if org and org not in ("its", "their", "his", "her") and " " not in org:
                    found = self.memory.back_reference("the " + org, span=(m.start(), m.end()))
                    if found.speaker and found.speaker.lower() != "the " + org:
                        out.append(Mention(m.start(), m.end(), phrase, found.speaker, "organisation"))
                continue
            if CAPITAL_OWNER.search(phrase):
                continue  # "The Housing Agency's new survey": the name is a mention of its own
            if low.split()[0] in ("the", "its", "their"):
                found = self.memory.back_reference("the " + " ".join(low.split()[1:]), span=(m.start(), m.end()))
                if found.speaker:
                    document = DOCUMENT_NOUN.fullmatch(noun) is not None
                    out.append(Mention(m.start(), m.end(), phrase, found.speaker, found.kind, document=document))
        return out

    def advance(self, sentence: str, mentions: list[Mention], rule: Attribution, context: dict) -> None:
        """Move past a sentence: keep its mentions, the genders they show and the rules' speaker."""
        for mention in mentions:
            slot = (key(mention.speaker), mention.kind == "person")
            self.latest.pop(slot, None)
            self.latest[slot] = (context["index"], context["paragraph"], mention)
        self.note_gender(sentence, mentions)
        self.note_authors(sentence, mentions)
        if self.lead is None and context["index"] < LEAD_SENTENCES:
            self.lead = next((m for m in mentions if m.kind == "person" and " " in m.speaker), None)
        opening = next((m for m in mentions if m.kind == "person" and m.start < 25 and not m.bracketed), None)
        if opening is not None:
            self.subject = (context["index"], key(opening.speaker))
        self.memory.see(sentence)
        self.memory.note_subject(sentence)
        if rule.speaker and rule.kind != "post":
            self.memory.remember(rule)
            if rule.kind == "person":
                self.spoke[key(rule.speaker)] = context["index"]

    def note_authors(self, sentence: str, mentions: list[Mention]) -> None:
        """Remember who a document belongs to: "X's new survey", "an audit by X", "a report from X"."""
        for mention in mentions:
            owned = POSSESSIVE_SOURCE.match(sentence, mention.end)
            if owned and mention.kind != "person":
                self.authors[owned[0].split()[-1].lower()] = mention
        # (every match holds "by" or "from", and a mention to be its author)
        for m in DOCUMENT_BY.finditer(sentence) if mentions and ("by" in sentence or "from" in sentence) else ():
            who = next((x for x in mentions if x.start <= m.start("who") < x.end), None)
            if who is not None:
                self.authors[m["doc"].split()[-1].lower()] = who

    def credit(self, chosen: Attribution, index: int) -> None:
        """Record the ranker's choice for sentence index: a person it credits has spoken, a document too."""
        if chosen.speaker and chosen.kind == "person":
            self.spoke[key(chosen.speaker)] = index
            if self.pronoun and self.pronoun[0] == index:
                # "She said …" credited to a person: what a lone person's pronouns show, once per sentence
                g = self.gender.get(chosen.speaker, 0) + (0.5 if self.pronoun[1] == "she" else -0.5)
                self.gender[chosen.speaker] = g
        if chosen.speaker and DOCUMENT_NOUN.fullmatch(chosen.speaker.split()[-1].lower()):
            self.document = (index, chosen.speaker)

    def note_gender(self, sentence: str, mentions: list[Mention]) -> None:
        """Count evidence of a person's gender: honorifics and role words, and a lone person's pronouns."""
        people = [m for m in mentions if m.kind == "person"]
        for m in people:
            before = sentence[max(0, m.start - 40) : m.start]
            after = sentence[m.end : m.end + 30]
            near = before[-25:] + " " + after[:25]
            if FEMALE.search(near) or FEMALE.search(m.text):
                self.gender[m.speaker] = self.gender.get(m.speaker, 0) + 2
            if MALE.search(near) or MALE.search(m.text):
                self.gender[m.speaker] = self.gender.get(m.speaker, 0) - 2
        distinct = {m.speaker for m in people}
        if len(distinct) == 1:
            who = next(iter(distinct))
            rest = sentence[max(m.end for m in people) :]
            # (subject pronouns only: "Sarah Minto replied to him" shows nothing of Sarah Minto)
            she, he = len(SUBJECT_SHE.findall(rest)), len(SUBJECT_HE.findall(rest))
            self.gender[who] = self.gender.get(who, 0) + 0.5 * (she - he)


def verb_kind(verb: str, after: str) -> str:
    """Return "speech", "finding" or "act" for a reporting verb and the text after it."""
    if verb not in BARE_SPEECH and OBJECT_DETERMINER.match(after):
        return "act"  # "recalled its ambassador", "announced a package": an act with an object
    return "speech" if SPEECH_VERB.fullmatch(verb) else "finding" if FINDING_VERB.fullmatch(verb) else "act"


def reporting_clauses(sentence: str, quotes: list[tuple[int, int]]):
    """Yield (verb start, verb end, subject start, verb class) for reporting verbs outside quotations."""
    for m in REPORTING.finditer(sentence):
        if inside(quotes, m.start()) or m[0] == "according to" or ARTICLE_BEFORE.search(sentence, 0, m.start()):
            continue  # ("an estimated 640,000 visits": an adjective, no reporting verb)
        verb_class = verb_kind(m[0], sentence[m.end() :])
        if m[0] == "saying":
            continue  # "a resolution saying …": the participle qualifies the noun before it
        left = sentence[: m.start()]
        cut = max(left.rfind(c) for c in ',;:“”"—(') + 1
        # an apposition or a parenthesis between subject and verb: "X, the union's leader, said"
        stripped = AUX_TAIL.sub("", left.rstrip())
        if stripped.endswith((",", ")")):
            close = stripped[:-1]
            opener = close.rfind("," if stripped.endswith(",") else "(")
            if opener > 0:
                cut = max(close[:opener].rfind(c) for c in ',;:“”"—') + 1
        yield m.start(), m.end(), cut, verb_class


def candidates(sentence: str, *, reader: Reader, rule: Attribution, context: dict) -> list[Candidate]:
    """Return the candidate speakers of a sentence with their features."""
    quotes = quoted_spans(sentence)
    quoted_share = sum(b - a for a, b in quotes) / max(len(sentence), 1)
    pool: dict[str, Candidate] = {}

    def get(speaker: str | None, kind: str) -> Candidate:
        k = key(speaker)
        if k not in pool:
            pool[k] = Candidate(speaker, kind if speaker else "outlet")
            pool[k].add("kind:" + (kind if speaker else "outlet"))
        return pool[k]

    outlet = get(None, "outlet")
    outlet.add("outlet")
    clauses = list(reporting_clauses(sentence, quotes))
    if not clauses:
        outlet.add("outlet:no_reporting_verb")
    if quoted_share > 0.5:
        outlet.add("outlet:mostly_quoted")
    opens_quote = OPENS_QUOTE.match(sentence) is not None
    if opens_quote:
        outlet.add("outlet:opens_quote")
    if context.get("turn"):
        outlet.add("outlet:in_turn")
    if not rule.speaker:
        outlet.add("rule:none")  # the rules found nobody: learnt apart from their naming someone
        if clauses:
            outlet.add("rule:none&reporting_verb")  # … though a reporting verb stands outside quotes
    elif rule.kind != "post":
        c = get(rule.speaker, rule.kind)
        c.add("rule")
        c.add("rule:" + rule.kind)
        c.frame = rule.frame
        if context.get("turn") and key(context["turn"].speaker) != key(rule.speaker):
            c.add("rule:other_than_turn")  # inside a labelled turn the rules named someone else

    mentions = reader.mentions(sentence)
    according = "ccord" in sentence.lower()  # a cheap test before the case-insensitive search below
    pronoun = None
    pronoun_at = len(sentence)  # where the pronoun that speaks stands
    m = SUBJECT_PRONOUN.search(sentence)
    if m and not inside(quotes, m.start("p")):
        pronoun, pronoun_at = m["p"].lower(), m.start("p")
    elif OPENS_HE_SHE.match(sentence):
        pronoun, pronoun_at = sentence.split()[0].lower(), 0
    elif according and ACCORDING_PRONOUN.search(sentence):
        pronoun = {"him": "he", "her": "she", "them": "they"}[ACCORDING_PRONOUN.search(sentence)["p"]]
    if pronoun:
        outlet.add("outlet:pronoun_subject")  # "She said …", "they found …": someone met before speaks
    reader.pronoun = (context["index"], pronoun) if pronoun in ("he", "she") else None
    for mention in mentions:
        c = get(mention.speaker, mention.kind)
        c.add("in_sentence")
        c.add("in_sentence:" + mention.kind)
        pos = mention.start
        if inside(quotes, pos):
            c.add("inside_quote")
        if pos < 3:
            c.add("opens_sentence")
        if mention.common:
            c.add("common_word_opening")
        if context.get("turn"):
            c.add("in_sentence:in_turn")  # a name inside an interviewee's answer
        if mention.role:
            c.add("role_reference")
        if mention.document:
            c.add("document_reference")  # "according to the report" read as the body met before
        if sentence.rfind("(", 0, pos) > sentence.rfind(")", 0, pos):
            mention.bracketed = True
            c.add("in_brackets")  # "(Lab, Holme Valley South)", "(DOH)": an affiliation, an acronym
        if HONORIFIC_BEFORE.search(sentence[max(0, pos - 20) : pos]) or HONORIFIC_BEFORE.match(mention.text + " "):
            c.add("honorific")
        if JOINS.search(mention.speaker):
            c.add("name_joins_words")
        if NUMBERING.search(mention.text):
            c.add("name_numbering")
        c.add("position", pos / max(len(sentence), 1))
        after = sentence[mention.end : mention.end + 40]
        before = sentence[max(0, pos - 40) : pos]
        if POSSESSIVE_SOURCE.match(after):
            c.add("possessive_source")
        elif POSSESSIVE.match(after):
            c.add("possessive")
        if OBJECT_OF_VERB.search(before):
            c.add("object_of_verb")
        if according and ACCORDING_BEFORE.search(sentence[:pos]):
            c.add("according_to")
            if "," in ACCORDING_BEFORE.search(sentence[:pos])[0]:
                c.add("according_to:after_comma")  # "According to the report, the board received …"
            if not any(
                o.start > mention.end and o.start - mention.end < 60 and o.kind != "outlet"
                for o in mentions
                if not CLAUSE_BREAK.search(sentence[mention.end : o.start])
            ):
                c.add("according_to:last")
        if AFTER_PREPOSITION.search(before):
            c.add("after_preposition")
        verb = VERB_AFTER.match(sentence[mention.end : mention.end + 200])
        if verb and (
            (verb["verb"] in ACT_VERBS and ACTION.match(sentence, mention.end + verb.end()))
            or COURT_ACT.match(sentence, mention.end + verb.start("verb"))
        ):
            # as in attribution: "declared a state of emergency", "admitted two dozen charges" (a plea)
            c.add("act_with_object")
        elif verb and verb["verb"] != "according to":
            v = verb["verb"]
            c.add("subject_of_verb")
            c.add("subject_of_verb:" + verb_kind(v, sentence[mention.end + verb.end() :]))
            if not rule.speaker:
                c.add("subject_of_verb:rules_missed")  # a verb the rules do not read ("complained")
            if v not in PURE_SPEECH and OBJECT_AFTER.match(sentence, mention.end + verb.end()):
                c.add("subject_of_verb:object")
            if "," in verb[0]:
                c.add("subject_of_verb:apposition")
        if VERB_BEFORE.search(before) and QUOTE_THEN_VERB.search(sentence[:pos]):
            c.add("after_trailing_verb")
        if COMMA_END.search(before) and APPOSITION_END.match(after):
            c.add("apposition_before_verb")  # "the union's leader, Mary Roe, said"
        if SOURCE_SHOWS.match(after):
            c.add("possessive_source")  # "CSO figures show"
        if MODIFIES_NOUN.match(after):
            c.add("modifies_noun")  # "the Tallaght man": a place describing a person
        if RELATIVE.match(after):
            c.add("relative_clause")
        if mention.kind == "person" and (" " in mention.speaker):
            c.add("full_name")
        if pronoun and mention.kind == "person":
            c.add("pronoun_sentence_named")
        if pronoun in ("he", "she") and mention.kind != "person" and pos > pronoun_at:
            c.add("body_after_he_she")  # never chosen: "She said the emergency department treated …"
        c.frame = c.frame or _frame(sentence, pos, clauses)
    # the subject phrase of a reporting verb, as written ("the company carrying out the rollout")
    definite = False
    for verb_start, verb_end, subject_start, verb_class in clauses:
        if COURT_ACT.match(sentence, verb_start):
            continue  # "The Tallaght man … admitted two dozen charges": a plea, not a statement
        phrase = sentence[subject_start:verb_start].strip()
        head, _, rest = phrase.partition(",")
        if rest.strip()[:1].islower():
            phrase = head  # "the minister, in a statement, said": the head (a named apposition speaks itself)
        phrase = AUX_TAIL.sub("", phrase + " ").strip()
        phrase = LEADING_CONJUNCTION.sub("", phrase)
        words = phrase.split()
        if not 1 <= len(words) <= 7 or JUNK_PHRASE.search(phrase):
            continue
        if not DETERMINED.match(phrase) and not phrase.islower():
            continue
        bare = ARTICLE_ANY_CASE.sub("", phrase)
        named = CAPITAL_WORD.search(bare) is not None
        # "a spokesperson for Delta Air Lines": the named body is a candidate of its own; only the
        # owner of "the department's Eastern Visayas field office" is looked up below
        if not named:
            speech_noun = bool(SPEECH_NOUN.search(bare))
            document = DOCUMENT_NOUN.fullmatch(bare.split()[-1].lower()) is not None
            # "the DM said" after "District Magistrate Ann Roy": the office's holder, not a body "DM"
            holder = reader.memory.role_holder(bare) if ROLE_INITIALS.fullmatch(bare) else None
            c = get(holder, "person") if holder else get(bare, "person" if speech_noun else "organisation")
            c.add("subject_phrase")
            c.add("subject_phrase:" + ("speech_noun" if speech_noun else "document" if document else "other"))
            if not speech_noun and not document and THE.match(phrase) and "’" not in bare and "'" not in bare:
                definite = True  # "the London-listed miner said": a body met before, described
                c.add("subject_phrase:definite")
            c.add("subject_phrase:" + verb_class)
            c.add("subject_phrase:verb=" + sentence[verb_start:verb_end].lower())
            if verb_start > 0.6 * len(sentence):
                c.add("subject_phrase:late_verb")
            if sentence[verb_start:verb_end] not in PURE_SPEECH and OBJECT_AFTER.match(sentence, verb_end):
                c.add("subject_phrase:object")
            c.frame = c.frame or (subject_start, verb_end)
        # "the trust's report found", "the department's field office said": the body it belongs to
        owner = OWNER.match(bare)
        if named and not owner:
            continue
        head = owner["owner"] if owner else bare.split()[-1]
        if owner or ORG_NOUN.fullmatch(head.lower().split()[-1]):
            found = reader.memory.back_reference("the " + head.lower(), span=(subject_start, verb_end))
            if found.speaker and key(found.speaker) != key(bare):
                r = get(found.speaker, found.kind)
                r.add("subject_phrase_body:" + ("owner" if owner else "head"))
                r.add("subject_phrase_body:" + verb_class)
                r.frame = r.frame or (subject_start, verb_end)

    # "according to the audit", "according to the latest bulletin": the document or source itself
    for m in ACCORDING_PHRASE.finditer(sentence) if according else ():
        if inside(quotes, m.start()) or CAPITAL_WORD.search(m["np"]):
            continue
        bare = ARTICLE.sub("", m["np"])
        if "’" in bare or "'" in bare:
            continue  # "the council's survey": its owner is read as a back-reference
        issued = ISSUED_BY.match(sentence, m.end())
        if issued:  # "according to a separate bulletin issued by the board": the board's
            found = (
                reader.memory.back_reference(issued["who"].lower(), span=m.span())
                if issued["who"][:1].islower()
                else reader.memory.named(THE.sub("", issued["who"]), span=m.span())
            )
            if found.speaker:
                get(found.speaker, found.kind).add("document_author")
        c = get(bare, "organisation")
        c.add("according_to:phrase")
        c.add("according_to:" + ("document" if DOCUMENT_NOUN.fullmatch(m["head"]) else "other"))
        c.frame = c.frame or m.span()

    # a document that speaks has the author the text gave it ("an audit by Morant & Co … the audit found")
    for c in list(pool.values()):
        if c.speaker and ("subject_phrase:document" in c.features or "according_to:document" in c.features):
            author = reader.authors.get(c.speaker.split()[-1].lower())
            if author is not None:
                get(author.speaker, author.kind).add("document_author")
            if rule.speaker and key(rule.speaker) != key(c.speaker) and rule.kind != "post":
                r = get(rule.speaker, rule.kind)
                if rule.speaker.lower() not in sentence.lower():
                    r.add("rule:for_document")  # the rules' reading of "the report" as a body met before

    # people and bodies named before: the paragraph, the two before it
    seen_person_rank = 0
    seen_gender_rank = 0
    seen_possible = False
    seen_speaker = False
    seen_body_rank = 0
    want = {"she": 1, "he": -1}.get(pronoun or "")
    taken: set[str] = set()
    people = others = 0
    index = context["index"]
    for (k, _), (number, paragraph, mention) in reversed(reader.latest.items()):
        if index - number > 30 or (people >= 6 and others >= 6):
            break
        if k in taken:
            continue
        if mention.kind == "person":
            if people >= 6:
                continue
            people += 1
        else:
            if others >= 6 or index - number > 12:
                continue
            others += 1
        taken.add(k)
        # each feature below is set once per candidate (a speaker is taken once), so plain
        # assignment does what Candidate.add would; k is key(mention.speaker), get()'s key
        c = pool.get(k)
        f = (c or get(mention.speaker, mention.kind)).features
        gap = context["paragraph"] - paragraph
        f[EARLIER[gap if 0 <= gap <= 1 else 2]] = 1.0
        f["earlier:" + mention.kind] = 1.0
        if mention.bracketed:
            f["earlier:in_brackets"] = 1.0
        f["earlier_distance"] = min(index - number, 30) / 30
        spoke = reader.spoke.get(k)
        if spoke is not None and index - spoke <= 12:
            f["earlier:spoke"] = 1.0  # credited with a sentence not long before: a salient antecedent
        if mention.kind == "person":
            if reader.subject and reader.subject[1] == k and index - reader.subject[0] <= 2:
                f["earlier:subject"] = 1.0  # the subject of a sentence just before: the salient antecedent
                if pronoun in ("he", "she"):
                    f["pronoun:earlier_subject"] = 1.0
            seen_person_rank += 1
            if seen_person_rank == 1:
                f["most_recent_person"] = 1.0
            if pronoun in ("he", "she"):
                f["pronoun:person"] = 1.0
                g = reader.gender.get(mention.speaker, 0)
                if want and g * want > 0:
                    seen_gender_rank += 1
                    f["pronoun:gender_agrees"] = 1.0
                    if seen_gender_rank == 1:
                        f["pronoun:nearest_agreeing"] = 1.0
                elif want and g * want < 0:
                    f["pronoun:gender_disagrees"] = 1.0
                if want and g * want >= 0 and not seen_possible:
                    seen_possible = True
                    f["pronoun:nearest_possible"] = 1.0
                if seen_person_rank == 1:
                    f["pronoun:most_recent_person"] = 1.0
                if spoke is not None and index - spoke <= 12 and not (want and g * want < 0) and not seen_speaker:
                    seen_speaker = True
                    f["pronoun:nearest_speaker"] = 1.0  # the last person who spoke, gender not against
        else:
            seen_body_rank += 1
            if seen_body_rank == 1:
                f["most_recent_body"] = 1.0
                if definite:
                    f["definite_subject:antecedent"] = 1.0
            if pronoun in ("it", "they"):
                f["pronoun:body"] = 1.0
    if pronoun == "it" and reader.document and index - reader.document[0] <= 3:
        get(reader.document[1], "organisation").add("pronoun:it_document")  # "The audit … It found …"
    for name, speaker in (
        ("previous_sentence", context.get("previous")),
        ("previous_paragraph", context.get("previous_paragraph")),
    ):
        if speaker and speaker.speaker:
            c = get(speaker.speaker, speaker.kind)
            c.add(name)
            if opens_quote:
                c.add(name + ":quote_opens")
            if not clauses:
                c.add(name + ":no_verb")
    if context.get("lone_quote"):
        # a paragraph that is one quotation and nothing else ('1. "Net debt is now below 40 per cent."'):
        # someone's words, most often the person the story is about
        outlet.add("outlet:lone_quote")
        if reader.lead is not None:
            get(reader.lead.speaker, "person").add("lone_quote:lead_person")
    if context.get("group_speaker") and context["group_speaker"].speaker:
        g = context["group_speaker"]
        get(g.speaker, g.kind).add("quote_group")
    if context.get("turn"):
        c = get(context["turn"].speaker, context["turn"].kind)
        c.add("turn_label")
        if clauses:
            c.add("turn_label:reporting_verb")
        for *_, verb_class in clauses:
            c.add("turn_label:" + verb_class)  # "the CSO's figures show" in an answer: still the answerer's
    want = {"she": 1, "he": -1}.get(pronoun or "")
    for c in pool.values():
        if "subject_of_verb:speech" in c.features and "opens_sentence" in c.features:
            c.add("opens_sentence&speech_verb")
        if want and c.kind == "person" and c.speaker:
            g = reader.gender.get(c.speaker, 0)
            c.add("gender:" + ("agrees" if g * want > 0 else "disagrees" if g * want < 0 else "unknown"))
            if g * want <= -2 and "in_sentence" not in c.features:
                c.add("gender_conflict")  # never chosen: see choose()
        if c.speaker and names_a_day(c.speaker):
            c.add("day_or_month")  # never chosen: see choose()
    reader.advance(sentence, mentions, rule, context)
    return list(pool.values())


@lru_cache(maxsize=4096)
def names_a_day(speaker: str) -> bool:
    """Return True for a day or month, or a name holding a weekday ("Tuesday", "May", "Monday Council")."""
    low = speaker.lower()
    return low in DAYS_MONTHS or bool(WEEKDAYS & set(low.split()))


def _frame(sentence: str, pos: int, clauses) -> tuple[int, int] | None:
    """Return the attribution clause around a mention at pos: from the subject to the verb."""
    for verb_start, verb_end, subject_start, _ in clauses:
        if subject_start <= pos < verb_start:
            return subject_start, verb_end
        if verb_end <= pos <= verb_end + 60 and QUOTE_OR_COMMA_END.search(sentence[:verb_start]):
            return verb_start, min(len(sentence), pos + 60)
    return None


def choose(pool: list[Candidate], w: dict[str, float] | None = None) -> Candidate:
    """Return the best candidate (the rules' answer wins ties)."""
    # exact rules: a day or month never speaks, nor does a person met before whom the text showed to
    # be of the other gender than the sentence's "he"/"she" (an honorific or role word at least), nor
    # a body named after the "he"/"she" that speaks
    allowed = [c for c in pool if not (c.features.keys() & NEVER_CHOSEN)] or pool
    if len(allowed) == 1:
        return allowed[0]
    w = weights() if w is None else w
    bias, weight = w.get("bias", 0.0), w.get
    # score() inlined, the weights looked up once per sentence: the same sums in the same order

    def rank(c: Candidate) -> tuple[float, bool]:
        f = c.features
        return bias + sum(map(mul, map(weight, f, repeat(0.0)), f.values())), "rule" in f

    return max(allowed, key=rank)

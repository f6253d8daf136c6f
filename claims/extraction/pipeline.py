"""The extraction entry point: text or HTML in, claims with spans out.

clean → sentences → embedded posts → attribution (in reading order, quotes spanning sentences
share their speaker) → check-worthiness of the asserted content → kind, numbers and dates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date

from . import attribution, checkworthiness, clauses, features, posts, release, sentences, speakers
from .attribution import NOT_NAMES, PERSONISH, Attribution, Attributor, looks_like_person, strip_titles
from .clean import clean

DEFAULT_THRESHOLD = 0.5
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"


@dataclass(frozen=True)
class ExtractedClaim:
    text: str
    start: int
    end: int
    speaker: str | None
    score: float
    kind: str
    speaker_kind: str = "outlet"  # outlet, person, organisation, publication, post
    numbers: tuple[float, ...] = ()
    dates: tuple[str, ...] = ()
    negated: bool = False
    post_date: str | None = None  # YYYY-MM-DD of an embedded post


@dataclass
class Document:
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    claims: list[ExtractedClaim] = field(default_factory=list)


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    attribution: Attribution
    post: posts.Post | None = None
    quote_group: int | None = None  # sentences inside one quotation share an id
    turn: Attribution | None = None  # a transcript's speaker label for this turn
    asked: bool = False  # in a questioner's turn of a transcript or Q&A ("Q:", "REPORTER:")
    introduces: Attribution | None = None  # who the statement or post quoted next belongs to
    issued: bool = False  # a sentence of a statement or post so introduced: its issuer's (an exact rule)


def quote_balance(text: str) -> int:
    """Return +1 when text leaves a quotation open, -1 when it closes one opened before, else 0."""
    text = speakers.curled(text)  # 'summers," Osei said.' closes a quotation: its mark follows the words
    curly = text.count(OPEN_QUOTE) - text.count(CLOSE_QUOTE)
    return 1 if curly > 0 else -1 if curly < 0 else 0


# A transcript's speaker label: "SECRETARY LIM: …", "MS. REYES: …", "LeBlanc: …", "Q: …", and the
# house styles of parliaments and interviews: "Mr Lim Wee Kiak (Sembawang): …", "The Minister for
# Manpower (Dr Tan See Leng): …", "Tuan Wong Chen [Subang]: …", "HOST (MARIA SANTOS): …",
# "Question: …", a timestamp before the label ("[10:32] REPORTER: …"), and the interview's "Q. …" / "A. …".
LABEL_WORDS = r"[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|of|for|and|the|bin|binti|bte|van|de|da|del|al|a/l|a/p)){0,7}"
SPEAKER_LABEL = re.compile(
    r"^(?:\[?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?\]?\s*[-–—]?\s*)?"
    rf"(?:(?P<label>Q|A|{LABEL_WORDS})(?:\s*[(\[](?P<paren>[^()\[\]\n:]{{1,80}})[)\]])?\s*:\s"
    r"|(?P<dotted>[QA])\.\s+(?=\S))"
)


def label_of(m: re.Match) -> str:
    """Return the label a SPEAKER_LABEL match read ("Q" for "Q. …")."""
    return m["label"] or m["dotted"]


NOT_LABELS = {
    "note",
    "update",
    "updated",
    "photo",
    "tags",
    "topics",
    "correction",
    "read more",
    "watch",
    "listen",
    "breaking",
    "editor's note",
    "editor’s note",
    "source",
    "sources",
    "credit",
    "related",
    "see also",
    "also read",
    "disclaimer",
    "warning",
    "background",
    "context",
    "why it matters",
    "what's next",
    "the bottom line",
    "key points",
    "in brief",
    "at a glance",
}
# One-word labels that stand for a person's part in a transcript, though they are common words.
ROLE_LABELS = {
    "host",
    "presenter",
    "moderator",
    "interviewer",
    "reporter",
    "journalist",
    "anchor",
    "narrator",
    "caller",
    "announcer",
    "commentator",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "speaker",
    "judge",
    "witness",
    "counsel",
    "prosecutor",
    "defendant",
    "clerk",
    "president",
    "minister",
    "mayor",
    "governor",
    "senator",
    "member",
    "guest",
    "panellist",
    "panelist",
    "voice",
    "audience",
    "spokesperson",
}
QUESTION_LABELS = {"Q", "Question", "QUESTION", "Interviewer", "INTERVIEWER"}
ASKER = re.compile(r"(?:the )?(?:reporter|journalist|audience member|media|press|q)s?", re.I)  # a questioner's label
ANSWER_LABELS = {"A", "Answer", "ANSWER"}
# A label that names a person even when it opens a single turn: an honorific or office first.
PERSON_LABEL = re.compile(
    r"^(?:The |THE )?(?:Mr|Mrs|Ms|Miss|Mdm|Madam|Dr|Prof|Professor|Sir|Dame|Hon|Sen|Senator|Rep|Gov|Cllr|Cr|"
    r"Rev|Datuk|Dato['’]?|Datin|Tan Sri|Tuan|Puan|Encik|Cik|Eng|Engr|Atty|Justice|Judge|Minister|Secretary|"
    r"Deputy|President|Mayor|Governor|Commissioner|Chairman|Chairwoman|Chair|Speaker|Premier|Treasurer)\b\.?",
    re.I,
)
# The same label inside a paragraph (a pasted PDF transcript has no line breaks): capitals only,
# or an honorific and a name with the constituency in brackets.
INLINE_LABEL = re.compile(
    r"(?:^|(?<=[.!?…\"”\])] ))(?P<label>Q|A|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,5}"
    r"|(?:Mr|Mrs|Ms|Mdm|Dr|Prof|Tuan|Puan|Datuk|Dato['’]?|Encik|Sen|Hon)\.? [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4})"
    r"(?:\s*[(\[](?P<paren>[^()\[\]\n:]{1,80})[)\]])?:\s",
    re.M,
)


def label_name(label: str, paren: str | None) -> str:
    """Return who a label names: the person in its brackets when they hold one, else the label."""
    if paren and (PERSON_LABEL.match(paren.strip()) or looks_like_person(paren)):
        return paren.strip()
    return label


def label_key(name: str) -> str:
    """Return the form under which two labels count as one speaker ("MR. LIM" and "Mr Lim")."""
    return strip_titles(" ".join(w.capitalize() if w.isupper() else w for w in name.split())).lower()


def inline_labels(text: str, matches: list[re.Match[str]] | None = None) -> dict[str, int]:
    """Return how often each capitals-only label opens a sentence anywhere in text.

    matches: ``INLINE_LABEL``'s matches in text, when known.
    """
    counts: dict[str, int] = {}
    for m in INLINE_LABEL.finditer(text) if matches is None else matches:
        if m["label"].lower() not in NOT_LABELS:
            key = label_key(label_name(m["label"], m["paren"]))
            counts[key] = counts.get(key, 0) + 1
    return counts


def section_label(label: str) -> bool:
    """Return True for a report's line heading ("Needs:", "Response:", "Gaps:"), not a speaker's label.

    One word of three letters or more that the check-worthiness vocabulary holds in lower case
    (names were kept out of it), itself or without a plural "s", and that is no role in a
    transcript ("Host:", "Reporter:") nor a Q&A's "Question:" / "Answer:".
    """
    word = label.lower()
    if len(word) < 3 or not word.isalpha() or word in ROLE_LABELS or label in QUESTION_LABELS | ANSWER_LABELS:
        return False
    vocabulary = attribution.common_words()
    return word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)


def speaker_labels(text: str) -> dict[int, str | None]:
    """Return {paragraph number: label} for a transcript whose speaker labels recur, else {}.

    A label holds until the next one (a turn may run over paragraphs, but a named one not past the
    last label, where the story resumes); "Q" is an unnamed questioner
    and "A" the interviewee (see ``interviewee``). A label seen once names its speaker when it
    starts with an honorific or an office ("Mr Lim Wee Kiak (Sembawang):"); otherwise it only ends
    the turn before it.
    """
    lines = text.split("\n")
    found = {}
    for i, line in enumerate(lines):
        m = SPEAKER_LABEL.match(line)
        if m and label_of(m).lower() not in NOT_LABELS and not section_label(label_of(m)):
            found[i] = label_name(label_of(m), m["paren"])
    counts: dict[str, int] = {}
    for label in found.values():
        counts[label_key(label)] = counts.get(label_key(label), 0) + 1
    # "ROB KERR:" once, then "KERR:": one speaker's turns, counted together
    for short in [k for k in counts if " " not in k]:
        longer = [k for k in counts if k.endswith(" " + short)]
        if len(longer) == 1:
            counts[short] = counts[longer[0]] = counts[short] + counts[longer[0]]
    questions = sum(counts.get(label_key(q), 0) for q in ("Q", "Question", "Interviewer"))
    answers = sum(counts.get(label_key(a), 0) for a in ("A", "Answer"))
    named = [label for label in found.values() if label not in QUESTION_LABELS | ANSWER_LABELS]
    titled = {label_key(label) for label in named if PERSON_LABEL.match(label)}
    if not (
        any(counts[label_key(label)] >= 2 for label in named)
        or (questions and answers)  # one "Q:" and one "A:" are an interview already
        or len(titled) >= 3
        or (len(found) >= 3 and len(counts) >= 2)  # a label seen once still only names someone introduced
    ):
        return {}
    out: dict[int, str | None] = {}
    current: str | None = None
    last = max(found)
    for i, line in enumerate(lines):
        if i > last and current not in ("A", "Q"):
            # after the block's last label the story resumes: a named turn runs over paragraphs only
            # between labels (a Q&A's last answer may still run on to the end)
            current = None
        if i in found:
            label = found[i]
            if label in QUESTION_LABELS or ASKER.fullmatch(label):
                current = "Q"  # a questioner: nobody named, but the sentences are questions' premises
            elif label in ANSWER_LABELS:
                current = "A"
            elif counts[label_key(label)] >= 2 or PERSON_LABEL.match(label):
                current = label
            else:
                current = "?" + label  # names someone only if the article introduced them (see label_speaker)
        if line.strip():
            out[i] = current
    return out


def interviewee(text: str) -> str | None:
    """Return the person a Q&A's answers belong to: the one its introduction names most often.

    The introduction is the text before the first "Q:" line; a byline ("By …") is not part of it.
    """
    intro = []
    for line in text.split("\n"):
        if re.match(r"(?:Q|Question|Interviewer)\s*[.:]\s", line):
            break
        if not re.match(r"\s*(?:By|BY)\s", line):
            intro.append(line)
    joined = "\n".join(intro)
    people: dict[str, int] = {}
    for part in re.split(r"(?<=[a-z0-9)])[.!?]\s+|\n", joined):
        for m in PERSONISH.finditer(part):
            name = strip_titles(m[0].rstrip("."))
            if len(name.split()) >= 2 and looks_like_person(name) and name.split()[0].lower() not in NOT_NAMES:
                people.setdefault(name, len(people))
    people = {n: i for n, i in people.items() if not any(n != o and set(n.split()) < set(o.split()) for o in people)}
    if not people:
        return None

    def mentions(name: str) -> int:
        first, last = name.split()[0], name.split()[-1]
        return len(re.findall(rf"\b(?:{re.escape(first)}|{re.escape(last)})\b", joined))

    return max(people, key=lambda n: (mentions(n), -people[n]))


def label_speaker(label: str, attributor: Attributor, answerer: str | None = None) -> Attribution:
    """Return the person a transcript label names ("SECRETARY LIM" -> "Ernesto Lim" when met before).

    "A" is the interviewee; initials ("SA") are the person met before with those initials; an office
    ("THE PRIME MINISTER") is the person met before with that title.
    """
    if label == "A":
        return Attribution(answerer, "person") if answerer else Attribution(None, "outlet")
    weak = label.startswith("?")  # a label seen once: only a person met before
    label = label.lstrip("?")
    name = " ".join(w if not w.isupper() else w.capitalize() for w in label.split())
    role = attributor.roles.get(re.sub(r"^the\s+", "", name.lower()))
    if role:
        return Attribution(role, "person")
    if re.fullmatch(r"[A-Z]{2,4}", label) and label not in attributor.organisations:
        for person in reversed(list(attributor.surnames.values()) + attributor.persons):
            if "".join(w[0] for w in person.split()) == label:
                return Attribution(person, "person")
    if weak:
        full = attributor.full_name(strip_titles(name).split()[-1]) if name.split() else None
        if full:
            return Attribution(full, "person")
        if re.fullmatch(r"[A-Z][A-Z'’-]{2,}", label) and label.lower() not in attribution.common_words():
            # one surname in capitals in a transcript ("NGUYEN:" among "LOPEZ:" turns) is a speaker
            return Attribution(name, "person")
        return Attribution(None, "outlet")
    return attributor.named(name, span=(0, 0), prefer="person")


def inline_turns(
    text: str, counts: dict[str, int], matches: list[re.Match[str]] | None = None
) -> list[tuple[int, str | None]]:
    """Return (offset, label) for each capitals-only label opening a turn inside paragraphs.

    Offsets rather than sentences: "DATUK IR. ISMAIL JAAFAR:" is cut by the sentencizer after
    "IR.", yet its turn starts at "DATUK".
    """
    out = []
    for m in INLINE_LABEL.finditer(text) if matches is None else matches:
        if m["label"].lower() in NOT_LABELS:
            continue
        name = label_name(m["label"], m["paren"])
        named = name not in ("Q", "A") and (counts.get(label_key(name), 0) >= 2 or PERSON_LABEL.match(name))
        out.append((m.start(), name if named else "Q" if name == "Q" else None))
    return out


def read_sentences(text: str) -> list[Sentence]:
    """Return the article's sentences with speakers: the rules' answers, then the ranked choice."""
    attribution.forget()  # each article pays for its own name analyses
    items = rule_sentences(text)
    choose_speakers(items, text)
    return items


def speaker_pools(items: list[Sentence], text: str):
    """Yield (sentence, its candidate speakers) for the sentences not in an embedded post."""
    for s, pool, _ in ranked_pools(items, text):
        yield s, pool


# a paragraph that is one quotation, perhaps numbered: '2. "We have built more state houses …"'
LONE_QUOTE = re.compile(r'(?:\d{1,2}[.)]\s+)?[“"][^“”"]+[”"]')


def ranked_pools(items: list[Sentence], text: str):
    """Yield (sentence, its candidate speakers, the best of them or None when there is no ranker)."""
    reader = speakers.Reader()
    ranked = bool(speakers.weights())
    by_group = {s.quote_group: s.attribution for s in items if s.quote_group is not None and s.attribution.speaker}
    previous: Attribution | None = None
    by_paragraph: dict[int, Attribution] = {}
    # paragraphs counted in order (their numbers are line numbers, two apart across a blank line),
    # so that the paragraph before is one back for the ranker
    ordinal = {p: n for n, p in enumerate(sorted({s.paragraph for s in items}))}
    lines = text.split("\n")
    for i, s in enumerate(items):
        sentence = text[s.start : s.end]
        if s.post is not None:
            reader.memory.see(sentence)
            previous = None
            continue
        context = {
            "index": i,
            "paragraph": ordinal[s.paragraph],
            "turn": s.turn,
            "previous": previous if i and items[i - 1].paragraph == s.paragraph else None,
            "previous_paragraph": by_paragraph.get(s.paragraph - 1) or by_paragraph.get(s.paragraph - 2),
            "group_speaker": by_group.get(s.quote_group),
            "lone_quote": LONE_QUOTE.fullmatch(lines[s.paragraph].strip()) is not None,
        }
        pool = speakers.candidates(sentence, reader=reader, rule=s.attribution, context=context)
        best = speakers.choose(pool) if ranked else None
        if best is not None and s.issued:
            best = next(c for c in pool if "rule" in c.features)  # an exact rule: the issuer's statement
        yield s, pool, best
        # the speaker carried to the next sentences is the ranker's choice, not the rules' answer:
        # '"…," ROHC spokeswoman Ruth Mkandawire told PAPA. "We are racing the clock." ¶ She said …'
        chosen = s.attribution
        if best is not None:
            chosen = Attribution(best.speaker, best.kind) if best.speaker else Attribution(None, "outlet")
            reader.credit(chosen, i)
        previous = chosen
        if chosen.speaker:
            by_paragraph[s.paragraph] = chosen


def choose_speakers(items: list[Sentence], text: str) -> None:
    """Replace each sentence's rule attribution with the best-ranked candidate speaker."""
    if not speakers.weights():
        return
    chosen = [(s, best) for s, _, best in ranked_pools(items, text)]  # (each pool ranked once)
    for s, best in chosen:
        if not best.speaker:
            s.attribution = Attribution(None, "outlet")
        elif speakers.key(best.speaker) != speakers.key(s.attribution.speaker):
            s.attribution = Attribution(best.speaker, best.kind, best.frame)


def rule_sentences(text: str) -> list[Sentence]:
    """Return the article's sentences with the readable rules' speakers, quotes spanning sentences resolved."""
    embedded = posts.find_posts(text)
    attributor = Attributor()
    out: list[Sentence] = []
    paragraph_of = paragraph_index(text)
    labels = speaker_labels(text)
    label_matches = list(INLINE_LABEL.finditer(text))  # (a scan of the whole text, read twice)
    inline = inline_labels(text, label_matches)
    turns = inline_turns(text, inline, label_matches)
    turn_starts = [at for at, _ in turns]
    answerer = interviewee(text) if "A" in labels.values() else None
    line_starts = {0} | {m.end() for m in re.finditer(r"\n", text)}
    open_group: int | None = None
    groups = 0
    for start, end in sentences.split(text):
        post = next((p for p in embedded if p.start <= start < p.end), None)
        paragraph = paragraph_of(start)
        if post is not None:
            if start >= post.body_end:
                continue  # the trailer is never a claim
            end = min(end, post.body_end)
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            out.append(Sentence(start, end, paragraph, Attribution(post.author, "post"), post=post))
            open_group = None
            continue
        label = labels.get(paragraph)
        if label is not None and start in line_starts:
            # a transcript's "A. " or "SECRETARY HALE: " names the speaker; it is not the claim's words
            m = SPEAKER_LABEL.match(text[start:end])
            if m and label_of(m).lower() not in NOT_LABELS and start + m.end() < end:
                start += m.end()
        sentence = text[start:end]
        found = attributor.attribute(sentence)
        asked = label == "Q"
        # an inline turn holds from its label to the end of its paragraph or the next label; a label
        # seen once (or "Q") still ends the turn before it, but names nobody
        k = bisect.bisect_right(turn_starts, start + 2)
        if k and paragraph_of(turns[k - 1][0]) == paragraph and not (label and turns[k - 1][0] in line_starts):
            label = turns[k - 1][1]  # (a label opening the line was read above, with its brackets)
            asked = label == "Q"
        if label == "Q":
            label = None
        turn = replace(label_speaker(label, attributor, answerer), frame=None) if label else None
        if turn is not None and not turn.speaker:
            turn = None
        if turn and not found.speaker:
            found = turn  # the turn's speaker
        if (
            open_group is not None
            and out
            and out[-1].paragraph != paragraph
            and not sentence.startswith((OPEN_QUOTE, '"'))
        ):
            open_group = None  # a quotation left open does not run into the next paragraph
        balance = quote_balance(sentence)
        group = open_group
        if open_group is None and balance > 0:
            groups += 1
            group = open_group = groups
        elif open_group is not None and balance < 0:
            open_group = None
        introduces = attributor.introducer(sentence) if not turn else None
        out.append(
            Sentence(start, end, paragraph, found, quote_group=group, turn=turn, asked=asked, introduces=introduces)
        )
    share_quote_speakers(out, text)
    credit_introduced(out, text)
    credit_this_back(out, text)
    return out


# "… fell by 11.4 percent. ¶ NCCI President Mian Tariq disclosed this while talking to reporters":
# the house style of Pakistani, Nigerian and Indian papers credits the lede after the fact.
THIS_BACK = re.compile(
    r"\b(?:disclosed|said|stated|revealed|announced|confirmed|made)\s+(?:this|these|this known|these figures)\b"
    r"(?!\s+(?:is|was|week|year|month|morning|afternoon|evening|time|weekend|season|quarter)\b)"
)


def credit_this_back(items: list[Sentence], text: str) -> None:
    """Give the speaker of "X disclosed this …" to the unattributed sentences it refers back to.

    Those are the sentences before it in its paragraph or, when it opens a paragraph, the
    paragraph before.
    """
    for i, s in enumerate(items):
        if not s.attribution.speaker or s.post or s.turn or not THIS_BACK.search(text[s.start : s.end]):
            continue
        opens = i == 0 or items[i - 1].paragraph != s.paragraph
        target = items[i - 1].paragraph if opens and i else s.paragraph
        for prev in reversed(items[:i]):
            if prev.paragraph < target:
                break
            if prev.paragraph > target and not opens:
                continue
            if not prev.attribution.speaker and not prev.post and not prev.turn:
                prev.attribution = Attribution(s.attribution.speaker, s.attribution.kind)


def paragraph_index(text: str):
    """Return a function mapping an offset to its paragraph number."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def index(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    return index


def share_quote_speakers(items: list[Sentence], text: str) -> None:
    """Give every sentence of a quotation the speaker found anywhere in it.

    Also: a sentence that is only a quotation, right after an attributed sentence of the same
    paragraph (or after a paragraph ending in "X said:"), continues that speaker.
    """
    by_group: dict[int, Attribution] = {}
    for s in items:
        if s.quote_group is not None and s.attribution.speaker and s.quote_group not in by_group:
            by_group[s.quote_group] = s.attribution
    for s in items:
        if s.quote_group in by_group and not s.attribution.speaker:
            # (without its frame: the offsets are of the sentence that named the speaker)
            s.attribution = replace(by_group[s.quote_group], frame=None)
    for prev, cur in zip(items, items[1:], strict=False):
        if cur.attribution.speaker or cur.post or prev.post or not prev.attribution.speaker:
            continue
        sentence = text[cur.start : cur.end]
        if not sentence.startswith((OPEN_QUOTE, '"')):
            continue
        same_paragraph = prev.paragraph == cur.paragraph
        lead_in = text[prev.start : prev.end].rstrip().endswith(":")
        # a quotation that opens the paragraph after an attributed one continues it (the house style
        # of multi-paragraph quotes: ""…," Cr Hartigan said. ¶ "More than 2,300 residents …")
        goes_on = prev.attribution.kind == "person" and quote_marks(text[prev.start : prev.end]) and not cur.turn
        if same_paragraph or lead_in or goes_on:
            cur.attribution = Attribution(prev.attribution.speaker, prev.attribution.kind)
            if cur.quote_group is not None:
                for other in items:
                    if other.quote_group == cur.quote_group and not other.attribution.speaker:
                        other.attribution = cur.attribution


def credit_introduced(items: list[Sentence], text: str) -> None:
    """Give a statement or post quoted in the paragraph after its introduction to whoever issued it.

    "The Ministry of Health issued a statement on Wednesday. ¶ “The ministry has vaccinated …”": the
    quotation opening the next paragraph (and the rest of it), or the whole paragraph after a lead-in
    ending in a colon ("It reads:"), is the issuer's when it names no speaker of its own.
    """
    for i, cur in enumerate(items[1:], start=1):
        prev = items[i - 1]
        if prev.paragraph == cur.paragraph or cur.post or cur.turn or cur.attribution.speaker:
            continue
        intro = prev.introduces
        lead_in = text[prev.start : prev.end].rstrip().endswith(":")
        if intro is None and lead_in and i >= 2 and items[i - 2].paragraph == prev.paragraph:
            intro = items[i - 2].introduces if not prev.attribution.speaker else None  # "… a statement. It reads:"
        if intro is None or not (lead_in or text[cur.start : cur.end].startswith((OPEN_QUOTE, '"'))):
            continue
        credited = Attribution(intro.speaker, intro.kind)
        for other in items[i:]:
            if other.paragraph != cur.paragraph:
                break
            if other.attribution.speaker:
                break  # the paragraph names a speaker of its own from here on
            if not lead_in and other.quote_group != cur.quote_group:
                break
            other.attribution = credited
            other.issued = True


def quote_marks(sentence: str) -> bool:
    """Return True when a sentence holds a quotation mark."""
    return OPEN_QUOTE in sentence or CLOSE_QUOTE in sentence or '"' in sentence


LEADING_THAT = re.compile(r"^\W*that\s+")
QUOTED = re.compile(r"[“\"]([^”\"]*)[”\"]?")
WORDS = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
WORD_CHAR = re.compile(r"\w")


def asserted_content(sentence: str, attribution: Attribution) -> tuple[str, bool]:
    """Return what the sentence asserts (the attribution clause removed) and whether it is a quote."""
    content = sentence
    if attribution.frame and attribution.kind != "post":
        a, b = attribution.frame
        content = (sentence[:a] + " " + sentence[b:]).strip(" ,")
        content = LEADING_THAT.sub("", content)
    inside = "".join(QUOTED.findall(content))
    quoted = len(inside) > 0.5 * len(content)
    outside = content.replace(inside, "")
    woven = len(WORDS.findall(outside)) >= 4  # 'troops will provide “support …”': the quote ends a sentence
    if quoted and attribution.speaker and not woven and not DIGIT.search(outside):
        content = inside  # a quotation's content, without "he said"
    return content.strip() or sentence, quoted


def sentence_context(
    sentence: str,
    attribution: Attribution,
    *,
    post,
    quoted: bool,
    position,
    first,
    paragraph,
    asked=False,
    sentences=0,
    before_question=False,
):
    """Return the checkworthiness context of a sentence: who speaks it and where it stands."""
    kind = "post" if post is not None else (attribution.kind if attribution.speaker else "outlet")
    return checkworthiness.Context(
        speaker_kind=kind,
        quoted=quoted,
        position=position,
        first=first,
        paragraph_words=len(paragraph.split()) if paragraph.strip() == sentence.strip() else 0,
        asked=asked,
        sentences=sentences,
        before_question=before_question,
    )


def rate(sentence: str, attribution: Attribution, context: checkworthiness.Context) -> tuple[float, str, bool]:
    """Return a sentence's check-worthiness, its asserted content and whether that is a quotation."""
    asserted, quoted = asserted_content(sentence, attribution)
    if quoted != context.quoted:  # (replace() costs a few microseconds; an equal context reads the same)
        context = replace(context, quoted=quoted)
    return checkworthiness.score(asserted, context, sentence), asserted, quoted


def score_sentence(sentence: str) -> float:
    """Return the score extraction gives a sentence nobody is credited with, standing on its own."""
    return rate(sentence, Attribution(None, "outlet"), checkworthiness.STANDALONE)[0]


def page_sentences(text: str):
    """Yield (sentence, its Sentence, its Context) for the sentences of a cleaned article."""
    items = [s for s in read_sentences(text) if WORD_CHAR.search(text, s.start, s.end)]
    paragraphs = text.split("\n")
    n = max(len(items) - 1, 1)
    for i, s in enumerate(items):
        sentence = text[s.start : s.end]
        after = items[i + 1] if i + 1 < len(items) else None
        # A questioner's premise is a turn of an interview or a briefing; an embedded post that
        # asks "Coup, CIA, US troops?!?" after its claim has no questioner to put it to.
        before_question = (
            after is not None
            and s.post is None
            and after.paragraph == s.paragraph
            and text[after.start : after.end].rstrip(" \"”’')").endswith("?")
        )
        context = sentence_context(
            sentence,
            s.attribution,
            post=s.post,
            quoted=False,
            position=i / n,
            first=i == 0,
            paragraph=paragraphs[s.paragraph],
            asked=s.asked,
            sentences=len(items),
            before_question=before_question,
        )
        yield sentence, s, context


# A clause of a split sentence that is its subject and a relative clause describing it:
# "Chief executive Ann Roe, whose bonus topped £400,000" (no quotation, no reporting verb in it).
RELATIVE_PART = re.compile(r"[^,“”\"]{2,80},\s+(?:who|whose|which|where)\s")


def describes_subject(part: str) -> bool:
    """Return True for a clause that is a subject and its relative clause, stating no one's words."""
    if not RELATIVE_PART.match(part) or quote_marks(part):
        return False
    return speakers.REPORTING.search(part) is None


def extract(content: str, *, is_html: bool | None = None, threshold: float = DEFAULT_THRESHOLD) -> Document:
    """Return the cleaned text of an article and the check-worthy claims in it."""
    if not isinstance(content, str):
        raise TypeError("extract() takes a string")
    cleaned = clean(content, is_html=is_html)
    doc = Document(
        text=cleaned.text,
        title=cleaned.title,
        published=cleaned.published,
        author=cleaned.author,
        site=cleaned.site,
        url=cleaned.url,
    )
    issuer = release.issuer(
        f"{cleaned.title or ''}\n{cleaned.text}"
    )  # a press release's own sentences are its issuer's
    for sentence, s, context in page_sentences(cleaned.text):
        speaker, speaker_kind = s.attribution.speaker, s.attribution.kind
        score, _, _ = rate(sentence, s.attribution, context)
        if score < threshold:
            continue
        if speaker is None and issuer and not s.post:
            speaker, speaker_kind = issuer, "organisation"
        # A sentence stating two facts in two clauses is two claims (clauses.py), each credited
        # to the sentence's speaker and rated as the sentence was, unless a clause on its own is
        # far from check-worthy (below half the threshold: a plan beside a figure, "a new system
        # will be rolled out by the end of 2025, and ..."); a clause reads less context than its
        # sentence, so most score a little lower.
        parts = clauses.clauses(sentence)
        if len(parts) > 1 and any(rate(sentence[a:b], s.attribution, context)[0] < threshold / 2 for a, b in parts):
            parts = [(0, len(sentence))]
        for a, b in parts:
            text = sentence[a:b]
            numbers = tuple(features.numbers_in(text))
            part_speaker, part_kind = speaker, speaker_kind
            if len(parts) > 1 and s.turn is None and s.quote_group is None and not s.post and describes_subject(text):
                # "Chief executive Ann Roe, whose bonus topped £400,000, said …": the relative clause
                # is the writer's description of the speaker, not what the speaker said
                part_speaker, part_kind = (issuer, "organisation") if issuer else (None, "outlet")
            doc.claims.append(
                ExtractedClaim(
                    text=text,
                    start=s.start + a,
                    end=s.start + b,
                    speaker=part_speaker,
                    score=round(score, 3),
                    kind=features.kind_of(text, attributed=part_speaker is not None, numbers=numbers),
                    speaker_kind=part_kind if part_speaker else "outlet",
                    numbers=numbers,
                    dates=tuple(features.dates_in(text)),
                    negated=features.has_negation(text),
                    post_date=s.post.iso_date if s.post else None,
                )
            )
    return doc

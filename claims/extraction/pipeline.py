"""The extraction entry point: text or HTML in, claims with spans out.

clean → sentences → embedded posts → attribution (in reading order, quotes spanning sentences
share their speaker) → check-worthiness of the asserted content → kind, numbers and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import checkworthiness, features, posts, sentences
from .attribution import Attribution, Attributor
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


def quote_balance(text: str) -> int:
    """Return +1 when text leaves a quotation open, -1 when it closes one opened before, else 0."""
    curly = text.count(OPEN_QUOTE) - text.count(CLOSE_QUOTE)
    if curly:
        return 1 if curly > 0 else -1
    if text.count('"') % 2:
        return 1 if text.lstrip()[:1] == '"' or text.rstrip()[-1:] != '"' else -1
    return 0


def read_sentences(text: str) -> list[Sentence]:
    """Return the article's sentences with speakers, quotes spanning sentences resolved."""
    embedded = posts.find_posts(text)
    attributor = Attributor()
    out: list[Sentence] = []
    paragraph_of = paragraph_index(text)
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
        sentence = text[start:end]
        found = attributor.attribute(sentence)
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
        out.append(Sentence(start, end, paragraph, found, quote_group=group))
    share_quote_speakers(out, text)
    return out


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
            s.attribution = by_group[s.quote_group]
    for prev, cur in zip(items, items[1:], strict=False):
        if cur.attribution.speaker or cur.post or prev.post or not prev.attribution.speaker:
            continue
        sentence = text[cur.start : cur.end]
        if not sentence.startswith((OPEN_QUOTE, '"')):
            continue
        same_paragraph = prev.paragraph == cur.paragraph
        lead_in = text[prev.start : prev.end].rstrip().endswith(":")
        if same_paragraph or lead_in:
            cur.attribution = Attribution(prev.attribution.speaker, prev.attribution.kind)
            if cur.quote_group is not None:
                for other in items:
                    if other.quote_group == cur.quote_group and not other.attribution.speaker:
                        other.attribution = cur.attribution


def asserted_content(sentence: str, attribution: Attribution) -> tuple[str, bool]:
    """Return what the sentence asserts (the attribution clause removed) and whether it is a quote."""
    content = sentence
    if attribution.frame and attribution.kind != "post":
        a, b = attribution.frame
        content = (sentence[:a] + " " + sentence[b:]).strip(" ,")
        content = re.sub(r"^\W*that\s+", "", content)
    inside = "".join(re.findall(r"[“\"]([^”\"]*)[”\"]?", content))
    quoted = len(inside) > 0.5 * len(content)
    if quoted and attribution.speaker and not re.search(r"\d", content.replace(inside, "")):
        content = inside  # a quotation's content, without "he said"
    return content.strip() or sentence, quoted


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
    text = cleaned.text
    for s in read_sentences(text):
        sentence = text[s.start : s.end]
        if not re.search(r"\w", sentence):
            continue
        speaker, speaker_kind = s.attribution.speaker, s.attribution.kind
        asserted, quoted = asserted_content(sentence, s.attribution)
        # The attribution bonus is for reported speech the article chose to carry; a post speaks for itself.
        score = checkworthiness.score(asserted, attributed=speaker is not None and s.post is None, quoted=quoted)
        if score < threshold:
            continue
        numbers = tuple(features.numbers_in(sentence))
        doc.claims.append(
            ExtractedClaim(
                text=sentence,
                start=s.start,
                end=s.end,
                speaker=speaker,
                score=round(score, 3),
                kind=features.kind_of(sentence, attributed=speaker is not None, numbers=numbers),
                speaker_kind=speaker_kind if speaker else "outlet",
                numbers=numbers,
                dates=tuple(features.dates_in(sentence)),
                negated=features.has_negation(sentence),
                post_date=s.post.iso_date if s.post else None,
            )
        )
    return doc

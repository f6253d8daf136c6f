"""The extraction entry point: text or HTML in, claims with spans out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import attribution, features, posts, sentences
from .clean import clean

DEFAULT_THRESHOLD = 0.5


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


@dataclass
class Document:
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    site: str | None = None
    claims: list[ExtractedClaim] = field(default_factory=list)


def extract(content: str, *, is_html: bool | None = None, threshold: float = DEFAULT_THRESHOLD) -> Document:
    """Return the cleaned text of an article and the check-worthy claims in it."""
    if not isinstance(content, str):
        raise TypeError("extract() takes a string")
    cleaned = clean(content, is_html=is_html)
    doc = Document(
        text=cleaned.text, title=cleaned.title, published=cleaned.published,
        author=cleaned.author, site=cleaned.site,
    )
    text = cleaned.text
    embedded = posts.find_posts(text)
    last_person: str | None = None
    for start, end in sentences.split(text):
        post = next((p for p in embedded if p.start <= start < p.end), None)
        if post is not None:
            if start >= post.body_end:
                continue  # the trailer is never a claim
            end = min(end, post.body_end)
            while end > start and text[end - 1].isspace():
                end -= 1
            speaker, speaker_kind = post.author, "post"
        else:
            speaker = attribution.speaker_of(text[start:end], last_person)
            speaker_kind = "person" if speaker else "outlet"
            if speaker and " " in speaker:
                last_person = speaker
        sentence = text[start:end]
        if not sentence.strip():
            continue
        score = features.checkworthiness(sentence)
        if score < threshold:
            continue
        doc.claims.append(
            ExtractedClaim(
                text=sentence, start=start, end=end, speaker=speaker, score=round(score, 3),
                kind=features.kind_of(sentence, attributed=speaker is not None),
                speaker_kind=speaker_kind,
                numbers=tuple(features.numbers_in(sentence)),
                dates=tuple(features.dates_in(sentence)),
                negated=features.has_negation(sentence),
            )
        )
    return doc

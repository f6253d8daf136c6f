"""Who makes a claim: the article's own voice (None), a person, an organisation or a post's author."""

from __future__ import annotations

import re

NAME = r"(?:[A-Z][\w.’'-]+(?:\s+(?:[A-Z][\w.’'-]+|de|del|la|van|von))*)"
ACCORDING_TO = re.compile(rf"according to (?:a \w+ (?:of|in|on) )?(?:the )?(?P<who>{NAME}|[\w.-]+\.[a-z]{{2,}})")
SUBJECT_SAID = re.compile(
    rf"^(?:\W*)(?:Last \w+, |On \w+, |In \w+, )?(?P<who>{NAME})\s+(?:has |had )?"
    r"(?:said|says|told|claimed|claims|announced|wrote|tweeted|denied|stated|cited)\b"
)
PRONOUN_SAID = re.compile(r"[,”\"]\s*(?:he|she|they) (?:said|says|added|told)\b", re.I)


def speaker_of(sentence: str, last_person: str | None) -> str | None:
    """Return the speaker of a sentence, or None for the article's own voice."""
    m = SUBJECT_SAID.search(sentence)
    if m:
        return m["who"]
    if PRONOUN_SAID.search(sentence) and last_person:
        return last_person
    m = ACCORDING_TO.search(sentence)
    if m:
        return m["who"]
    return None

"""Embedded social posts flattened into article text.

A flattened post ends with a trailer such as
``https://t.co/abc — Name (@handle) May 25, 2023``; its text belongs to the
poster, and the trailer itself is never a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRAILER = re.compile(
    r"(?:\s*(?:https?://t\.co/\S+|pic\.twitter\.com/\S+))*\s*[—–-]{1,2}\s*"
    r"(?P<name>[^\n()]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})\s*$"
)


@dataclass(frozen=True)
class Post:
    start: int  # where the post's own text starts
    body_end: int  # where its text ends (the trailer starts)
    end: int  # end of the trailer
    name: str
    handle: str
    date: str

    @property
    def author(self) -> str:
        name = self.name.strip(" |")
        return f"{name} (@{self.handle})" if name and name.lstrip("@") != self.handle else f"@{self.handle}"


def find_posts(text: str) -> list[Post]:
    """Return the embedded posts of text, one per paragraph that ends in a post trailer."""
    posts = []
    pos = 0
    for paragraph in text.split("\n"):
        m = TRAILER.search(paragraph)
        if m:
            posts.append(
                Post(start=pos, body_end=pos + m.start(), end=pos + len(paragraph),
                     name=m["name"], handle=m["handle"], date=m["date"])
            )
        pos += len(paragraph) + 1
    return posts

"""Embedded social posts flattened into article text.

A flattened post ends with a trailer such as
``https://t.co/abc — Name (@handle) May 25, 2023``; its text belongs to the
poster, and the trailer itself is never a claim. HTML embeds
(``<blockquote class="twitter-tweet">``) are rewritten to this form by the clean module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "May 25, 2023", "25 May 2023", "2023-05-25", "Tuesday, 11 November 2025", each maybe with a time
# ("Feb 12, 2026 at 5:10 PM", "27 Nov 2025, 22:14") as Bluesky, Facebook and Telegram print them.
POST_DATE = (
    r"(?P<date>(?:[A-Z][a-z]{2,8},? )?(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|"
    r"\d{4}-\d{2}-\d{2}))(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[AaPp]\.?[Mm]\.?)?)?"
)
# What a trailer may end with instead: a date without its year ("Mar 3"), or the post's age ("· 2h")
POST_STAMP = (
    r"(?:[·•]\s*)?(?:" + POST_DATE + r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}"
    r"|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}|\d{1,2}\s?(?:[smhd]|min|hr)s?)"
)
LINKS = r"(?:\s*(?:https?://t\.co/\S+|pic\.twitter\.com/\S+|https?://(?:twitter|x)\.com/\S+))*"
# X and Threads handles, Bluesky's domain handles ("sablelakecree.bsky.social"), Mastodon's
# "user@instance" ones.
HANDLE = r"(?P<handle>\w{1,30}(?:\.[\w-]+)*(?:@[\w-]+(?:\.[\w-]+)+)?)"
# An embed that shows no date (Instagram, Telegram without a time) flattens to a trailer ending
# at the handle; a dated trailer may stand anywhere, an undated one only at the paragraph's end.
TRAILER = re.compile(
    LINKS + r"\s*[—–-]{1,2}\s*(?P<name>[^\n()—]{0,80}?)\s*\(@" + HANDLE + r"\)\s*(?:" + POST_STAMP + r")?\s*$"
)
# A trailer on a line of its own (trafilatura keeps it apart from the post's text); there the dash
# may be missing when a date follows ("Coastal Power (@coastalpower) March 3, 2026").
TRAILER_ONLY = re.compile(
    r"^\s*" + LINKS.replace("*", "{0,3}") + r"\s*(?:[—–-]{1,2}\s*(?P<name>[^\n()—]{0,80}?)\s*"
    r"\(@" + HANDLE + r"\)\s*(?:" + POST_STAMP + r")?"
    r"|(?P<bare_name>[A-Z][^\n()—@.]{0,60}?)\s*\(@(?P<bare_handle>\w{1,30}(?:\.[\w-]+)*)\)\s*"
    + POST_STAMP.replace("(?P<date>", "(?:")
    + r")\s*$"
)
# A trailer anywhere in a paragraph (a paste that lost its line breaks): followed by a space or the end.
TRAILER_ANY = re.compile(
    LINKS
    + r"\s*[—–-]{1,2}\s*(?P<name>[^\n()—]{0,80}?)\s*\(@"
    + HANDLE
    + r"\)(?:\s*"
    + POST_STAMP
    + r"(?=\s|$|https?://|[—–])|\s*$)"  # (the next post may follow without a space)
)
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@dataclass(frozen=True)
class Post:
    start: int  # where the post's own text starts
    body_end: int  # where its text ends (the trailer starts)
    end: int  # end of the trailer
    name: str
    handle: str
    date: str | None

    @property
    def author(self) -> str:
        name = self.name.strip(" |·")
        return f"{name} (@{self.handle})" if name and name.lstrip("@") != self.handle else f"@{self.handle}"

    @property
    def iso_date(self) -> str | None:
        """Return the post's date as YYYY-MM-DD when it can be read."""
        if not self.date:
            return None
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})$", self.date)
        if m:
            return self.date
        date = self.date
        if re.match(r"[A-Z][a-z]+,? \S+ \S+ \d{4}$|[A-Z][a-z]+, \d", date):
            date = re.sub(r"^[A-Z][a-z]{2,8},? (?=[A-Z\d])", "", date)  # "Tuesday, 11 November 2025"
        m = re.match(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$", date) or re.match(
            r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$", date
        )
        if not m:
            return None
        month, day = (m[1], m[2]) if m[1][0].isalpha() else (m[2], m[1])
        if month.lower() not in MONTHS or not 1 <= int(day) <= 31:
            return None
        return f"{m[3]}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"


def find_posts(text: str) -> list[Post]:
    """Return the embedded posts of text: the text of a paragraph up to each post trailer in it.

    A trailer normally ends its paragraph; when line breaks were lost, the post runs from the
    paragraph's start (or the previous trailer) to the trailer, and the article resumes after it.
    """
    found = []
    pos = 0
    for paragraph in text.split("\n"):
        if "(@" in paragraph:
            body_start = 0
            for m in TRAILER_ANY.finditer(paragraph):
                found.append(
                    Post(
                        start=pos + body_start,
                        body_end=pos + m.start(),
                        end=pos + m.end(),
                        name=m["name"],
                        handle=m["handle"],
                        date=m["date"],
                    )
                )
                body_start = m.end()
        pos += len(paragraph) + 1
    return found

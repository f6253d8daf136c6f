"""Who issued a primary document: a press release or an agency's situation report speaks for its issuer.

A news story's own sentences are the outlet's. A pasted press release or situation report has no
outlet: its own sentences are the company's or the agency's, and a fact-checker credits them so
("Halvorsen reported revenue of $1.12 billion"). `issuer(text)` names that body only when the text
carries a release's or a report's marks (a "MEDIA RELEASE" or "For immediate release" line, "-- More
--", a wire-release tag, a media-contact line, "Situation Report No. 7") and says who issued it in
one of the ways such documents do; otherwise it returns None and nothing changes.
"""

from __future__ import annotations

import re

MARKS = re.compile(
    r"^\s*(?:(?:MEDIA|NEWS|PRESS) RELEASE\b|FOR IMMEDIATE RELEASE\b|[-–—]{1,2}\s*more\s*[-–—]{1,2}\s*$|#{3}\s*$|"
    r"media (?:contacts?|enquiries|inquiries)\s*:)"
    r"|/(?:PRNewswire|Business Wire|GLOBE NEWSWIRE|Accesswire)/"
    r"|\bSituation Report No\.?\s*\d+",
    re.I | re.M,
)
ORG = r"[A-Z][\w&.'’-]*(?:,? (?:[A-Z][\w&.'’-]*|of|for|and|the|on|de|&))*"
# The ways a release or a report says who issued it, most explicit first.
ISSUED_BY = [
    re.compile(
        rf"\b(?:This|The) (?:report|update|bulletin|release) is (?:produced|issued|published|prepared) by "
        rf"(?:the )?(?P<org>{ORG})"
    ),
    re.compile(rf"(?:^|--|—|–)\s*(?P<org>{ORG}) \((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|NSE|BSE|SGX|JSE|HKEX)[^)]*\)"),
    re.compile(rf"^About (?:the )?(?P<org>{ORG})\s*$", re.M),
    re.compile(rf"^From: (?P<org>{ORG})(?: Media| Communications| Press Office)? <", re.M),
]
SUFFIX = re.compile(
    r"(?:,? (?:Inc|Ltd|Limited|LLC|PLC|plc|Corp|Corporation|Co|Pty Ltd|Pte Ltd|S\.A|AG|N\.V)\.?"
    r"| (?:Media|Communications|Press Office|Newsroom))$"
)


def issuer(text: str) -> str | None:
    """Return the body that issued text when it is a press release or a situation report, else None."""
    if not MARKS.search(text):
        return None
    for pattern in ISSUED_BY:
        m = pattern.search(text)
        if m:
            name = SUFFIX.sub("", m["org"].strip(" ,.")).strip()
            if len(name.split()) >= 2 or name.isupper():
                return name
    return None

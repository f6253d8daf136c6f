"""Turn pasted text or HTML into clean article text plus metadata.

Page furniture is dropped line by line (a pasted page keeps one block per line), first by exact
rules: share and navigation words, "Trending:"/"Related:" blocks with the headlines under them,
reader polls, newsletter prompts, tags lines, corrections/standards boxes, author bios (also when
repeated), contact lines (an e-mail address is never claim text) and headings; then by the
learned classifier in ``furniture.py`` (bios, notices, prompts and captions the rules miss). Flattened social posts are
kept whole: their trailer ends in a date, not a full stop, and the posts module reads it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from . import furniture, posts
from .lexicon import found

HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|head|meta|br|span|h[1-6]|blockquote)\b", re.I)
DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b\s*", re.I)
PUBLISHED_LINE = re.compile(
    r"^(?:published|posted|updated|first published)(?: on)?\s*:?\s*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
# Characters that are never article text: C0/C1 controls except tab and newline, and
# lone surrogates (they cannot be encoded, so nothing downstream could store them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
FURNITURE_LINE = re.compile(
    r"^(?:share(?: this(?: article| story)?)?|news|home|menu|search|print|email|e-mail|facebook|twitter|x|"
    r"whatsapp|linkedin|reddit|copy link|comments?|conversation|advertisement|ad|sponsored|"
    r"skip to (?:main )?content|log ?in|sign ?in|sign up|subscribe|listen to (?:this )?article|"
    r"location|languages spoken|topics of expertise|truth and accuracy|about the author|"
    r"submit a correction\W*|report an error\W*|loading\W*|more|close|back to top|"
    r"(?:share|tweet|email|print|copy link|facebook|twitter|whatsapp)(?:\s*[|·•/]?\s*"
    r"(?:share|tweet|email|print|copy link|facebook|twitter|whatsapp|linkedin))+)\W*$",
    re.I,
)
# A header that opens a block of other stories' headlines.
BLOCK_HEADER = re.compile(
    r"^(?:trending(?: now)?|related(?: stories| articles| coverage| content)?|read more|read also|"
    r"also read|see also|more from [\w .'-]+|more stories|more on this|most read|most popular|"
    r"popular|latest(?: news)?|recommended(?: for you)?|you may also like|editor['’]s picks|"
    r"top stories|watch|don['’]t miss)\s*(?::|→|»)?\s*(?P<rest>.*)$",
    re.I,
)
TAGS_LINE = re.compile(r"^(?:tags?|topics|filed under|categories|keywords)\s*:", re.I)
# A fact-check's rating label on a line of its own ("Rating: True", "Our verdict: Mostly false"): the
# verdict on a claim, not a claim.
RATING_LINE = re.compile(
    r"^(?:our |the |final )?(?:rating|verdict|ruling)\s*[:–-]\s*(?:mostly |half[- ]|partly |largely )?"
    r"(?:true|false|correct|incorrect|accurate|inaccurate|misleading|unproven|unsupported|exaggerated|"
    r"fake|fabricated|satire|mixed|missing context|needs context|pants on fire)\W*$",
    re.I,
)
POLL_HEADER = re.compile(r"^(?:reader )?poll\b|^quick poll\b|^vote\b.*:|^what do you think\?", re.I)
POLL_ANSWER = re.compile(
    r"^(?:yes|no|not sure|maybe|undecided|other|vote|submit|see results|view results|"
    r"\d+\s*%|\d+ votes?)\W*$|completing this poll|this poll entitles|poll results",
)
# Standards boxes and desk notes: phrases found anywhere in the line, and openings. (Two patterns,
# because one that mixes "^…" with unanchored phrases is tried at every position of every line.)
STANDARDS = re.compile(
    r"editorial standards|committed to (?:truth|accuracy)|corrections? policy|submit a correction|"
    r"report an error|ethics policy|all rights reserved|"
    # wire and desk notes about the story itself
    r"contributed (?:reporting )?to this (?:report|story|article)|join the conversation|"
    # a correction note ("Correction, 20 November 2026: An earlier version of this article said …")
    r"an earlier version of this (?:article|story|report|piece|post)|"
    # a public notice's and a press release's legal boilerplate (a gazette's objection clause, the
    # safe-harbour paragraph): what readers may do, and what the figures may not mean
    r"any person (?:wishing|desiring|intending) to (?:object|oppose|make representations)|"
    r"forward-looking statements?|results (?:may|could|might) differ materially|"
    r"undertakes? no obligation to (?:update|revise)",
)
STANDARDS_OPENING = re.compile(
    r"©|copyright\b|\(?reporting by\b|\(?editing by\b|"
    r"this (?:story|article) (?:has been|was) (?:updated|corrected|originally published)|"
    r"(?:click|tap) here\b|read the full (?:story|report|article)\b|watch:|listen:|"
    r"editor['’]s note\b|(?:correction|clarification)(?:,? [^:.]{0,30}\d[)\]]?)?\s*:|"
    r"advertisement\b|story continues below|"
    r"sponsored content\b|(?:show|view|load) (?:\d+ )?comments|\d+ comments?$|"
    r"dated (?:at|this)\b.{0,60}\bday of\b",
)
WORD_CHAR = re.compile(r"\w")
NEWSLETTER = re.compile(
    r"\b(?:sign up|subscribe|get|receive|join)\b.{0,80}\b(?:newsletter|inbox|briefing|alerts?|updates)\b|"
    r"\benter your e-?mail\b|\bnewsletter\b.{0,40}\b(?:sign up|subscribe)\b|\b(?:in|into|to) your inbox\b",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CONTACT = re.compile(
    r"\b(?:can be reached at|reach (?:him|her|them) at|contact (?:him|her|them|us)|follow (?:him|her|them|us) on|"
    r"send (?:tips|news tips)|write to (?:him|her|them|us))\b|^follow @\w+|^follow (?:us|me) on\b",
)
BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s){1,3}(?:is|was|has been|joined|covers|writes)\b[^.]{0,160}\b"
    r"(?:writer|reporter|journalist|correspondent|editor|columnist|contributor|freelancer|"
    r"staff|covers|bureau chief|producer|author)\b|"
    r"^(?:[A-Z][\w'’.-]+\s){1,3}(?:writes|reports) (?:about|on|for)\b"
)
# "Chile is the world's largest copper producer": a ranking, not a job title.
RANKED = re.compile(r"\b(?:\w+est|leading|top|main|major|only|biggest)\s+(?:[\w-]+\s+)?(?:producer|exporter|author)\b")
CAPTION = re.compile(
    r"^\(?(?:photo|image|picture|file photo|video|credit|illustration)\b\s*[:/]|"
    r"(?:getty images|ap photo|reuters/|afp via getty|shutterstock)\W*\)?\s*$",
)
# A dateline or byline date near the top: "July 18, 2024", "Coastline Daily · June 12, 2024".
TOP_DATE = re.compile(
    r"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}|\d{4}-\d{2}-\d{2})\b",
)
BYLINE = re.compile(r"^by\s+(?P<name>[A-ZÀ-Þ][\w’'.-]+(?:\s+[A-ZÀ-Þ][\w’'.-]+){1,3})\b", re.I)
SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*\s*$")
CLOSERS = "\"”’')]"


def ends_sentence(line: str) -> bool:
    """Return whether SENTENCE_END is found in line (a stop, then closing marks and spaces only).

    Read from the end rather than searched for: the pattern is tried at every stop of the line.
    """
    return line.rstrip().rstrip(CLOSERS)[-1:] in (".", "!", "?", "…", ":", ";")


@dataclass
class CleanText:
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None  # the page's own address (<link rel=canonical> or og:url)


def looks_like_html(content: str) -> bool:
    """Return True when the content is markup rather than plain text."""
    return bool(HTML_HINT.search(content[:5000]))


def normalise(text: str) -> str:
    """Return text with unified newlines and spaces, no control characters, NFC form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def parse_date(value: str) -> date | None:
    """Return the date written as YYYY-MM-DD or 'May 3, 2024', else None."""
    value = value.strip().replace(".", "").replace("sept ", "sep ").replace("Sept ", "Sep ")
    for fmt in ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(value[:20].strip(), fmt).date()
        except ValueError:
            continue
    return None


def is_headline(line: str) -> bool:
    """Return True for a headline-like line: no closing punctuation, or a short Title-Case line
    ending in "?", "!" or a quotation mark. A line ending in a full stop is prose."""
    words = line.split()
    if not words:
        return False
    if not ends_sentence(line):
        return len(words) <= 30
    if line.rstrip(" \"”’')").endswith((".", ":", ";", "…")):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) <= 20 and capitalised / len(words) >= 0.7


# A list item ("- Turnout was 31.4 per cent, down from 34.9 per cent in 2022", "• 14 injured, all
# treated at …"): key-points boxes, briefings and sitreps leave the full stop off their bullets.
BULLET = re.compile(r"^\s*[-•*–▪●]\s+\S")


FUNCTION_WORDS = frozenset("a an and as at by for from in of on or the to with vs".split())


def is_bullet_prose(line: str) -> bool:
    """Return True for a list item written as a clause (6+ words, 3+ of them lower-case content
    words: "tabled", "billion", "budget"), not a headline.

    A related-stories list is a list of headlines: Title Case (only its function words in lower
    case), or too short to state anything.
    """
    if not BULLET.match(line):
        return False
    words = line.split()[1:]
    lower = [w for w in words if w[:1].islower() and w not in FUNCTION_WORDS]
    return len(words) >= 6 and len(lower) >= 3


def bio_line(line: str) -> bool:
    """Return True for an author's box ("Ana Ruiz is a health reporter at …"), not a ranking."""
    m = BIO.match(line)
    return bool(m) and not RANKED.search(line[: m.end()])


def is_furniture(line: str) -> bool:
    """Return True for a line that is page furniture wherever it stands."""
    low = line.lower()  # the patterns are lower-case: case-insensitive searches are much slower
    return bool(
        FURNITURE_LINE.match(line)
        or found(STANDARDS, low)
        or STANDARDS_OPENING.match(low)
        or TAGS_LINE.match(line)
        or RATING_LINE.match(line)
        or found(CAPTION, low)
        or found(POLL_ANSWER, low)
        or found(CONTACT, low)
        or ("@" in line and EMAIL.search(line) and len(line.split()) < 80)
        or (found(NEWSLETTER, low) and len(line.split()) < 40)
        or bio_line(line)
        or not WORD_CHAR.search(line)
    )


def clean_plain(text: str, *, learned: bool = True) -> CleanText:
    """Drop furniture, headings and repeated blocks from plain text; read title and date lines.

    The exact line rules run first; the lines they keep then go past the learned furniture
    classifier (``furniture.py``, trained on the annotated corpus) unless ``learned`` is False.
    """
    page = sort_lines(text)
    kept = furniture.keep(page.lines) if learned else [line for line, why in page.lines if why in KEEP]
    return CleanText(text="\n\n".join(kept), title=page.title, published=page.published, author=page.author)


KEPT = "kept"
KEEP = (KEPT, "post")  # the reasons a line stays


@dataclass
class SortedLines:
    """Every non-empty line of a page with the rule that decided it (KEPT or why it was dropped)."""

    lines: list[tuple[str, str]]
    title: str | None = None
    published: date | None = None
    author: str | None = None


def sort_lines(text: str) -> SortedLines:
    """Return each line of plain text with the exact rule that keeps or drops it.

    Reasons: "kept", "post" (a post with its trailer, kept), "date", "byline", "block" (under a
    "Related:" header), "poll", "furniture" (``is_furniture``), "repeat", "heading".
    """
    text = normalise(text)
    lines = join_post_trailers(join_post_headers([SPACES.sub(" ", line).strip() for line in text.split("\n")]))
    page = SortedLines(lines=[])
    out = page.lines
    seen: set[str] = set()
    n_kept = 0
    in_block = False  # under a "Related:"/"Trending:" header, until prose resumes
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if page.published is None and not n_kept:
            m = DATE_LINE.match(line)
            if m:
                try:
                    page.published = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    page.published = None
                line = line[m.end() :].strip()
                if not line:
                    out.append((lines[i - 1], "date"))
                    continue
        m = BYLINE.match(line)
        if m and not n_kept and len(line.split()) <= 10 and not ends_sentence(line):
            page.author = page.author or m["name"]
            out.append((line, "byline"))
            continue
        m = PUBLISHED_LINE.match(line)
        if m and len(line.split()) <= 12:
            page.published = page.published or parse_date(m["date"])
            out.append((line, "date"))
            continue
        if n_kept < 1 and len(line.split()) <= 8 and not ends_sentence(line):
            m = TOP_DATE.search(line.lower())
            if m and parse_date(m[1]):
                page.published = page.published or parse_date(m[1])
                out.append((line, "date"))
                continue
        if "(@" in line and posts.TRAILER.search(line):
            in_block = False
            out.append((line, "post"))
            n_kept += 1
            continue
        header = BLOCK_HEADER.match(line)
        if header and header["rest"] and not line[: header.start("rest")].rstrip().endswith((":", "→", "»")):
            header = None  # "Latest figures show …" is prose; a header stands alone or ends in ":"
        if header and (not header["rest"] or is_headline(header["rest"])):
            in_block = True
            out.append((line, "block"))
            continue
        if header and len(header["rest"].split()) <= 25:
            out.append((line, "block"))
            continue  # "Read more: Students sleeping in cars as term begins."
        if in_block:
            if is_headline(line) or is_furniture(line):
                out.append((line, "block"))
                continue
            in_block = False
        if POLL_HEADER.match(line) or (line.rstrip().endswith("?") and poll_follows(lines, i)):
            j = skip_poll(lines, i)
            out.append((line, "poll"))
            out.extend((ln, "poll") for ln in lines[i:j] if ln)
            i = j
            continue
        if is_furniture(line):
            out.append((line, "furniture"))
            continue
        if line in seen:
            out.append((line, "repeat"))
            continue  # a repeated bio or pull quote
        if is_headline(line) and not line.endswith(":") and not is_bullet_prose(line):
            if page.title is None and not n_kept:
                page.title = line
            out.append((line, "heading"))
            continue
        seen.add(line)
        out.append((line, KEPT))
        n_kept += 1
    return page


# A post copied from the page of X, Threads or Bluesky puts its poster above the text:
#     Harrowfield Lib Dems            Harrowfield Lib Dems @HarrowfieldLD · Nov 11, 2025
#     @HarrowfieldLD                  Only 11 councils in England …
#     Only 11 councils in England …
#     8:14 PM · Nov 11, 2025
POST_HANDLE_LINE = re.compile(r"^@(?P<handle>\w{1,30}(?:\.[\w-]+)*)(?:\s*[·•]\s*(?P<date>.{1,40}))?$")
POST_HEADER_LINE = re.compile(
    r"^(?P<name>[^\s@·•][^@·•\n]{0,60}?)\s+@(?P<handle>\w{1,30}(?:\.[\w-]+)*)\s*[·•]\s*(?P<date>.{1,40})$"
)
POST_TIME_LINE = re.compile(
    r"^(?:\d{1,2}:\d{2}\s?(?:[AaPp]\.?[Mm]\.?)?\s*[·•]\s*)?" + posts.POST_DATE + r"(?:\s*[·•].{0,40})?$"
)
POST_AGE = re.compile(r"\d{1,2}\s?[smhd]|\d{1,2}\s?(?:min|hr)s?")  # "2h", "3d": no date to keep
# A Telegram forward names its channel above the text and ends with its views and time:
#     Forwarded from Kovalsk Insider
#     Kovalskvodokanal is officially BANKRUPT. …
#     👁 214K · 09:14
FORWARDED_LINE = re.compile(r"^Forwarded from (?P<name>[^\n@·•]{2,60}?)\s*:?$")
TELEGRAM_STAMP = re.compile(r"^(?:👁\s*)?[\d.,]+\s?[KkMm]?\s*[·•]\s*(?:edited\s+)?\d{1,2}:\d{2}$")
# A Facebook post puts its page's name on one line and the date on the next, ended by a middle dot
# (and the audience icon): "Eastern Samar PDRRMO" / "March 3 at 10:14 AM · 🌏".
FACEBOOK_TIME_LINE = re.compile(
    r"^(?P<date>(?:[A-Z][a-z]{2,8} \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:,? \d{4})?)"
    r" at \d{1,2}:\d{2}\s?[AaPp]\.?[Mm]\.?\s*[·•](?:\s*\S{1,3})?$"
)


def join_post_headers(lines: list[str]) -> list[str]:
    """Return lines with posts pasted under their poster's name and handle rewritten as flattened
    posts (``text — Name (@handle) date``), the form the posts module reads.

    The post's text runs to a line holding its time and date; a header that carries the date
    ("Name @handle · Nov 11, 2025") has one paragraph of text.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        named = named_post(lines, i)
        if named:
            k, flat = named
            out.append(flat)
            i = k
            continue
        header = POST_HEADER_LINE.match(line) if "@" in line else None
        handle_line = POST_HANDLE_LINE.match(line) if line[:1] == "@" else None
        name = ""
        if handle_line:
            j = len(out) - 1
            while j >= 0 and not out[j]:
                j -= 1
            if j >= 0 and len(out[j].split()) <= 6 and not clean_sentence_end(out[j]):
                name = out[j]
                del out[j:]
            else:
                handle_line = None
        found = header or handle_line
        if not found:
            out.append(line)
            i += 1
            continue
        name = header["name"] if header else name
        date = found["date"] or ""
        date = "" if POST_AGE.fullmatch(date.strip()) else date.strip()
        body: list[str] = []
        k = i + 1
        while k < len(lines) and len(body) < 6:
            if not lines[k]:
                k += 1
                if date and body:
                    break  # a dated header holds one paragraph
                continue
            stamp = POST_TIME_LINE.match(lines[k])
            if stamp and body:
                date = stamp["date"]
                k += 1
                break
            if date and body:
                break
            body.append(lines[k])
            k += 1
        if not body or not date:
            out.extend(lines[i : i + 1] if header else [name, line])
            i += 1
            continue
        out.append(f"{' '.join(body)} — {name} (@{found['handle']}) {date}")
        i = k
    return out


def named_post(lines: list[str], i: int) -> tuple[int, str] | None:
    """Return (the index after it, the flattened post) when a post that names its poster without a
    handle starts at line i: a Telegram forward ("Forwarded from Name") or a Facebook post (a name
    line over "March 3 at 10:14 AM ·"). The post's text is the paragraph that follows."""
    forwarded = FORWARDED_LINE.match(lines[i])
    facebook = None
    if not forwarded and i + 1 < len(lines) and lines[i] and len(lines[i].split()) <= 8:
        facebook = FACEBOOK_TIME_LINE.match(lines[i + 1])
        if clean_sentence_end(lines[i]):
            facebook = None
    if not forwarded and not facebook:
        return None
    name = forwarded["name"] if forwarded else lines[i]
    date = facebook["date"] if facebook else ""
    k = i + (1 if forwarded else 2)
    while k < len(lines) and not lines[k]:
        k += 1
    body: list[str] = []
    while k < len(lines) and lines[k] and not TELEGRAM_STAMP.match(lines[k]):
        body.append(lines[k])
        k += 1
    if not body:
        return None
    if k < len(lines) and TELEGRAM_STAMP.match(lines[k]):
        k += 1
    return k, f"{' '.join(body)} — {name} (@{handle_for(name)}) {date}".rstrip()


def handle_for(name: str) -> str:
    """Return a handle made from a poster's name, as long as a post trailer's handle may be."""
    return re.sub(r"\W+", "", name).lower()[:30]


def clean_sentence_end(line: str) -> bool:
    """Return True when a line ends like a sentence."""
    return ends_sentence(line)


def join_post_trailers(lines: list[str]) -> list[str]:
    """Return lines with a post trailer standing on its own line joined to the post's text."""
    out: list[str] = []
    for line in lines:
        trailer = posts.TRAILER_ONLY.match(line)
        if trailer:
            j = len(out) - 1
            while j >= 0 and not out[j]:
                j -= 1
            if j >= 0:
                dash = "— " if trailer["bare_name"] else ""  # the form the posts module reads
                out[j] = f"{out[j]} {dash}{line}"
                del out[j + 1 :]
                continue
        out.append(line)
    return out


def poll_follows(lines: list[str], i: int) -> bool:
    """Return True when the answers of a reader poll follow a question line."""
    upcoming = [ln for ln in lines[i : i + 6] if ln]
    return any(POLL_ANSWER.search(ln.lower()) for ln in upcoming[:3])


def skip_poll(lines: list[str], i: int) -> int:
    """Return the index after a poll's answers and fine print."""
    while i < len(lines) and (not lines[i] or POLL_ANSWER.search(lines[i].lower()) or len(lines[i].split()) <= 3):
        i += 1
    return i


# Embeds of social posts, by the class their platform's snippet gives them.
EMBED_CLASSES = (
    "twitter-tweet", "x-post", "bluesky-embed", "instagram-media", "fb-post", "fb-embed",
    "fb-xfbml-parse-ignore", "tiktok-embed", "telegram-post", "mastodon-embed", "text-post-media",
    "threads-post", "social-embed", "embedded-post", "reddit-embed-bq", "linkedin-post",
)  # fmt: skip
EMBED_XPATH = " or ".join(f'contains(@class, "{c}")' for c in EMBED_CLASSES)
# Parts of an embed that are not the post: counters, buttons, platform names, times.
EMBED_CHROME = re.compile(r"action|reaction|footer|header|time|name|meta|author|stats|counter|caption-credit", re.I)
PROFILE_URL = re.compile(
    r"(?:twitter|x|instagram|facebook|threads|tiktok)\.(?:com|net)/@?(?P<x>[\w.]{2,40})|"
    r"bsky\.app/profile/(?P<bsky>[\w.-]+)|t\.me/(?P<tg>\w+)|reddit\.com/u(?:ser)?/(?P<reddit>[\w-]+)|"
    r"https?://(?P<inst>[\w.-]+)/@(?P<masto>\w+)"
)
NOT_HANDLES = {"p", "posts", "status", "hashtag", "share", "sharer", "plugins", "reel", "video", "watch", "intent"}
LOOSE_DATE = re.compile(
    r"(?:[A-Z][a-z]{2,8},? )?(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2})"
)

EMBED_NAME = re.compile(r"[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,5}")
POSTED_BY = re.compile(
    r"(?:Posted|Shared|A post shared) by\s+(?P<n>[^·|\n]{2,80}?)(?:\s+\(@[\w.]+\))?(?:\s+on\s|\s*[·|]|$)"
)
COUNTER = re.compile(r"\d[\d.,]*\s?[KkMm]\b")  # "3.2K views", "1.2K reactions"


def _embed_handle(quote) -> str | None:
    """Return the poster's handle from an embed's links and data attributes."""
    m = re.search(r"\(@" + posts.HANDLE + r"\)", quote.text_content())
    if m:
        return m["handle"]
    telegram = quote.get("data-telegram-post") or ""
    if "/" in telegram:
        return telegram.split("/")[0]
    urls = [quote.get(a) or "" for a in ("cite", "data-href", "data-instgrm-permalink", "data-text-post-permalink")]
    urls += [a.get("href") or "" for a in quote.iter("a")]
    for url in urls:
        for m in PROFILE_URL.finditer(url):
            if m["masto"]:
                return f"{m['masto']}@{m['inst']}"
            handle = m["x"] or m["bsky"] or m["tg"] or m["reddit"]
            if handle and handle.lower() not in NOT_HANDLES:
                return handle
    return None


def _embed_post(quote) -> tuple[str, str, str, str] | None:
    """Return (text, name, handle, date) of a social embed, or None when it holds no post text."""
    whole = " ".join(quote.text_content().split())
    m = posts.TRAILER_ANY.search(whole)
    chrome = [e for e in quote.iter() if isinstance(e.tag, str) and EMBED_CHROME.search(e.get("class") or "")]
    name = ""
    if m:
        name = m["name"].strip()
    else:
        by = POSTED_BY.search(whole)
        bold = next((e for e in quote.iter("b", "strong") if e.text_content().strip()), None)
        named = next((e for e in chrome if re.search("name|author|header", e.get("class") or "", re.I)), None)
        if by:
            name = by["n"]
        elif named is not None:
            name = named.text_content()
        elif bold is not None:
            name = bold.text_content()
        parts = re.split(r"\s+[·|•]\s+", " ".join(name.split()))
        # a header "Name – Chair · 13 October at 4:52 PM": the time is no part of the name
        parts = [part for part in parts if not FACEBOOK_TIME_LINE.match(part + " ·")] or parts
        if "·" in name and named is not None:
            # a header "Name · CEO at Ledgerleaf · 1st": the last part written as a name, not a job
            # title or a LinkedIn connection degree
            names = [part for part in parts if EMBED_NAME.fullmatch(part)]
            name = (names or parts)[-1]
        else:
            name = parts[0]
    handle = _embed_handle(quote)
    if not handle and not name:
        return None
    skip = {e for c in chrome for e in c.iter()}  # (lxml keeps one proxy per node while it is referenced)
    paragraphs = [
        " ".join(p.text_content().split())
        for p in quote.iter("p")
        if p not in skip and not re.match(r"(?:Posted|Shared|A post shared) by\b", p.text_content().strip())
    ]
    paragraphs = [
        t
        for t in paragraphs
        if t
        and t != name
        and not re.fullmatch(r"[\w\s&.]{0,60}·\s*\w{1,4}", t)  # "Noorpur Chamber · 2d"
        and not (len(t.split()) <= 8 and (LOOSE_DATE.search(t) or COUNTER.search(t)))  # "👁 3.2K · 27 Nov 2025"
    ]
    if not paragraphs and "reddit-embed" in (quote.get("class") or ""):
        # a Reddit embed links its post's title first, then "by u/name in r/community"
        title = next((a.text_content().strip() for a in quote.iter("a")), "")
        paragraphs = [" ".join(title.split())] if title else []
        name = name or (f"u/{handle}" if handle else "")
    body = " ".join(paragraphs)
    if m and body and m.start() < len(whole):
        body = " ".join(whole[: m.start()].split()) if not paragraphs else body
    body = posts.TRAILER_ANY.sub("", body).strip()
    if not body:
        return None
    date = (m["date"] or "") if m else ""
    if not date:
        found = LOOSE_DATE.search(whole[len(body) :] if whole.startswith(body) else whole)
        date = found[0] if found else ""
    return body, name.strip(" ·|"), handle or handle_for(name), date


def flatten_posts(html: str) -> str:
    """Rewrite embedded social posts (X, Bluesky, Facebook, Instagram, Threads, Mastodon, TikTok,
    Telegram) as one flattened paragraph each.

    The result reads like a pasted post, ``text — Name (@handle) May 25, 2023``, so the same code
    attributes posts whether they came as HTML or as text. An embed that shows no date gets none
    (its trailer then ends at the handle).
    """
    if not any(c in html for c in EMBED_CLASSES):
        return html
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    changed = False
    for quote in tree.xpath(f"//*[({EMBED_XPATH}) and not(ancestor::*[{EMBED_XPATH}])]"):
        post = _embed_post(quote)
        if post is None or quote.getparent() is None:
            continue
        body, name, handle, date = post
        flat = lxml.html.Element("p")
        flat.text = f"{' '.join(body.split())} — {name} (@{handle}) {date}".rstrip()
        flat.tail = quote.tail
        quote.getparent().replace(quote, flat)
        changed = True
    return lxml.html.tostring(tree, encoding="unicode") if changed else html


def clean_author(value: str | None) -> str | None:
    """Return a byline's name(s), or None for what metadata extraction took for one by mistake."""
    if not value:
        return None
    value = re.split(r"\s+(?:[·|•]|is|was|covers|follow)\s+|\s*[·|•(]", value.strip())[0]
    value = re.sub(r"^by\s+", "", value, flags=re.I).strip(" ,;")
    words = value.replace(";", " ").split()
    if not 2 <= len(words) <= 12 or not all(w[:1].isupper() or w.lower() in ("and", "de", "van") for w in words):
        return None
    return value


def main_text(html: str) -> tuple[dict | None, str]:
    """Return trafilatura's metadata of an HTML page (None when it found no article) and the text
    the line rules read: its main text, or for a fragment too short for that, its baseline text."""
    import trafilatura

    html = flatten_posts(normalise(html))
    try:
        # favor_recall: in precision mode trafilatura drops a live blog's key-points box and the
        # text of a LinkedIn embed; the line rules and the furniture classifier drop what it adds.
        extracted = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True, include_comments=False)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot read has no article text
        extracted = None
    result = extracted.as_dict() if extracted is not None else None
    if result and result.get("text"):
        return result, result["text"]
    # A pasted fragment can be too short for trafilatura's main-content heuristics: fall back to
    # its baseline (paragraph text, scripts dropped) and our own furniture filter.
    try:
        _, text, _ = trafilatura.baseline(html)
    except Exception:  # noqa: BLE001 - unreadable markup has no article text
        text = ""
    return None, text or ""


def page_text(content: str, *, is_html: bool) -> str:
    """Return the plain text the line rules read (HTML through trafilatura first)."""
    return main_text(content)[1] if is_html else content


def clean_html(html: str, *, learned: bool = True) -> CleanText:
    """Extract the main text and metadata of an HTML page with trafilatura, then drop its furniture."""
    result, text = main_text(html)
    if result is None:
        return clean_plain(text, learned=learned) if text else CleanText(text="")
    body = clean_plain(text, learned=learned)
    published = None
    raw_date = result.get("date")
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return CleanText(
        text=body.text,
        title=result.get("title") or body.title or None,
        published=published or body.published,
        author=clean_author(result.get("author")) or body.author,
        site=result.get("sitename") or result.get("hostname") or None,
        url=result.get("url") or None,
    )


def clean(content: str, *, is_html: bool | None = None, learned: bool = True) -> CleanText:
    """Return the cleaned text of an article given as plain text or HTML.

    ``learned=False`` applies the exact line rules only (the furniture classifier is trained on
    what they leave)."""
    if is_html is None:
        is_html = looks_like_html(content)
    return clean_html(content, learned=learned) if is_html else clean_plain(content, learned=learned)

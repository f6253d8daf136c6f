"""Word lists as regular expressions that the engine tries one first letter at a time."""

from __future__ import annotations

import re


def by_first_letter(alternatives: str) -> str:
    """Return an alternation of words regrouped by first letter ("s(?:aid|ays)|t(?:old)").

    The matches are the same (two words with different first letters never match at one place,
    and each group keeps its words' order) but the regex engine tries one group per position
    instead of every word: a lexicon of a hundred verbs runs about twice as fast.
    """
    groups: dict[str, list[str]] = {}
    for word in alternatives.split("|"):
        if not word[:1].isalnum():
            raise ValueError(f"a lexicon entry must start with a letter or digit: {word!r}")
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


def lexicon(alternatives: str, flags: int = 0) -> re.Pattern[str]:
    """Return the pattern of any of these whole words or phrases (`\\b(?:a|b|…)\\b`), regrouped.

    Entries may hold character classes and suffixes ("authori[sz]ed", "scandal\\w*") but no
    alternation of their own.
    """
    return re.compile(rf"\b(?:{by_first_letter(alternatives)})\b", flags)


# Finding out *whether* a pattern occurs, faster than `pattern.search()` where a cheap test can
# tell. Python's regex engine tries a pattern that opens with `\b`, `^` or a group at every
# position of the text; most sentences hold none of the literals such a pattern needs, and
# substring tests say so in a fraction of the time. `found()` answers exactly what
# `pattern.search(text) is not None` would (tests/extraction/test_lexicon.py checks it).
_NEEDLES: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def found(pattern: re.Pattern[str], text: str) -> bool:
    """Return whether pattern occurs in text (`pattern.search(text) is not None`), quickly."""
    try:
        needles = _NEEDLES[pattern]
    except KeyError:
        needles = _NEEDLES[pattern] = required_literals(pattern)
    if needles is not None:
        for needle in needles:
            if needle in text:
                break
        else:
            return False
    return pattern.search(text) is not None


def required_literals(pattern: re.Pattern[str], most: int = 40) -> tuple[str, ...] | None:
    """Return strings one of which every match of pattern holds, or None when none are known.

    Read from the pattern's source: for each top-level alternative, the longest run of literal
    characters it must match (or a group whose alternatives all have one). Conservative: any
    construct not understood ends a run, and an alternative without a run gives None.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        needles = _alternation_needles(pattern.pattern)
    except _Unknown:
        return None
    if needles is None or len(needles) > most or "" in needles:
        return None
    return tuple(sorted(needles, key=len, reverse=True))


class _Unknown(Exception):
    """A pattern construct the literal reader does not understand."""


ESCAPED_CLASSES = set("dDwWsSbBAZ0123456789")
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
QUANTIFIER = re.compile(r"[?*+]|\{(\d*)(?:,(\d*))?\}")


def _split_top(source: str) -> list[str]:
    """Return the top-level alternatives of a pattern source."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(source, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _class_end(source: str, i: int) -> int:
    """Return the index after the character class opening at i."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    if j >= len(source):
        raise _Unknown
    return j + 1


def _group_end(source: str, i: int) -> int:
    """Return the index of the parenthesis closing the group opening at i."""
    depth, j = 0, i
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(source, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise _Unknown


def _alternation_needles(source: str) -> set[str] | None:
    """Return the union of the alternatives' needles, or None when one alternative has none."""
    out: set[str] = set()
    for alternative in _split_top(source):
        needles = _sequence_needles(alternative)
        if needles is None:
            return None
        out |= needles
    return out


def _sequence_needles(source: str) -> set[str] | None:
    """Return the best needles of one alternative (a sequence of items), or None."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    i = 0
    while i < len(source):
        ch = source[i]
        literal: str | None = None
        group: set[str] | None = None
        if ch == "\\":
            nxt = source[i + 1 : i + 2]
            if not nxt:
                raise _Unknown
            if nxt in ESCAPED_CLASSES:
                literal = None
            elif nxt in SIMPLE_ESCAPES:
                literal = SIMPLE_ESCAPES[nxt]
            elif nxt.isalnum():
                raise _Unknown  # \x.., \u...., \N{…}: not read here
            else:
                literal = nxt
            i += 2
        elif ch == "[":
            i = _class_end(source, i)
        elif ch == "(":
            close = _group_end(source, i)
            inner = source[i + 1 : close]
            if inner.startswith("?:"):
                group = _alternation_needles(inner[2:])
            elif inner.startswith("?P<"):
                group = _alternation_needles(inner[inner.index(">") + 1 :])
            elif not inner.startswith("?"):
                group = _alternation_needles(inner)
            # lookarounds, inline flags, back-references, comments: nothing required of the text
            i = close + 1
        elif ch in ".^$":
            i += 1
        elif ch in "*+?{)|":
            raise _Unknown  # a quantifier with nothing before it, or unbalanced
        else:
            literal = ch
            i += 1
        q = QUANTIFIER.match(source, i)
        at_least_one = True
        if q:
            i = q.end()
            if source[i : i + 1] in ("?", "+"):
                i += 1  # lazy or possessive
            token = q[0]
            at_least_one = token == "+" or (token.startswith("{") and (q[1] or "0") != "0" and int(q[1]) >= 1)
        if literal is not None and at_least_one:
            run.append(literal)
            if q:
                end_run()  # "a+": one "a" at least, then the run cannot go on
            continue
        end_run()
        if group is not None and at_least_one:
            candidates.append(group)
    end_run()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))

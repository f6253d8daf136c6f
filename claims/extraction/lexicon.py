"""Word lists as regular expressions that the engine tries one first letter at a time."""

from __future__ import annotations

import re
from typing import NamedTuple


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
#
# Two refinements, for patterns that mix kinds of alternatives: the alternatives opening with "^"
# are tried at the start of the text only (search() would try the whole pattern at every position),
# and when a needle is there, the other literals its alternative requires are tested too before
# searching ("our " is in "four hours", "our standards" is not).


class Plan(NamedTuple):
    """How found() answers for one pattern."""

    anchored: re.Pattern[str] | None  # the top-level alternatives opening with "^", matched at the start
    rest: re.Pattern[str] | None  # the other alternatives, searched (the pattern itself when none opens with "^")
    needles: tuple[str, ...] | None  # one of these is in every match of rest (None: no shortcut)
    required: tuple[tuple[tuple[str, ...], ...], ...] | None  # per alternative of rest: all the needle sets it requires


_PLANS: dict[re.Pattern[str], Plan] = {}
# what a pattern cannot be cut into alternatives compiled apart with: back-references, conditionals, global flags
NOT_SPLIT = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


def found(pattern: re.Pattern[str], text: str) -> bool:
    """Return whether pattern occurs in text (`pattern.search(text) is not None`), quickly."""
    try:
        anchored, rest, needles, required = _PLANS[pattern]
    except KeyError:
        anchored, rest, needles, required = _PLANS[pattern] = plan(pattern)
    if anchored is not None and anchored.match(text):
        return True
    if rest is None:
        return False
    if needles is not None:
        for needle in needles:
            if needle in text:
                break
        else:
            return False
        if required is not None and not possible(required, text):
            return False
    return rest.search(text) is not None


def possible(required: tuple[tuple[tuple[str, ...], ...], ...], text: str) -> bool:
    """Return whether text holds, for one alternative at least, a needle of each set it requires."""
    for sets in required:
        for needles in sets:
            for needle in needles:
                if needle in text:
                    break
            else:
                break  # none of this set: the alternative cannot match
        else:
            return True
    return False


def plan(pattern: re.Pattern[str]) -> Plan:
    """Return how found() answers for pattern (see Plan)."""
    whole = Plan(None, pattern, required_literals(pattern), None)
    source = pattern.pattern
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(source, str) or NOT_SPLIT.search(source):
        return whole
    try:
        parts = _split_top(source)
    except _Unknown:
        return whole
    anchored = [part for part in parts if part.startswith("^")] if not pattern.flags & re.MULTILINE else []
    others = [part for part in parts if part not in anchored]
    flags = pattern.flags & ~re.UNICODE  # (str patterns are Unicode; re refuses the flag twice with ASCII)
    rest = re.compile("|".join(others), flags) if anchored and others else None if anchored else pattern
    try:
        required = tuple(_sequence_requirements(part) for part in others) if rest is not None else ()
    except _Unknown:
        required = ()
    return Plan(
        re.compile("|".join(anchored), flags) if anchored else None,
        rest,
        required_literals(rest) if rest is not None else None,
        required if required and all(required) and any(len(sets) > 1 for sets in required) else None,
    )


def _sequence_requirements(source: str, most: int = 3) -> tuple[tuple[str, ...], ...]:
    """Return needle sets one alternative requires (each held by every match), the best first."""
    candidates = _sequence_candidates(source)
    ranked = sorted(candidates, key=lambda c: (min(map(len, c)), -len(c)), reverse=True)[:most]
    return tuple(tuple(sorted(c, key=len, reverse=True)) for c in ranked if "" not in c)


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
    candidates = _sequence_candidates(source)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _sequence_candidates(source: str) -> list[set[str]]:
    """Return the needle sets of one alternative (a sequence of items): every match holds one
    needle of each set."""
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
    return candidates

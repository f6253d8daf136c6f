"""lexicon.found() answers exactly what pattern.search() would, only faster."""

import re
from pathlib import Path

import pytest

from claims.extraction import attribution, checkworthiness, clean, furniture, lexicon, speakers

DEV = Path(__file__).resolve().parent.parent / "extraction_dev" / "articles"


def dev_texts() -> list[str]:
    """Return the lines and sentences of the dev articles, as written and lower-cased."""
    out = []
    for path in sorted(DEV.iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            if line:
                out += [line[:2000], *re.split(r"(?<=[.!?])\s+", line)[:40]]
    return out + [t.lower() for t in out]


def module_patterns():
    for module in (checkworthiness, furniture, clean, speakers, attribution):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value


def test_found_agrees_with_search_on_every_pattern_of_the_extractor():
    texts = dev_texts()
    for name, pattern in module_patterns():
        for text in texts:
            expected = pattern.search(text) is not None
            assert lexicon.found(pattern, text) == expected, (name, text)


@pytest.mark.parametrize(
    ("source", "needles"),
    [
        (r"\bfoo\b", ("foo",)),
        (
            r"^(?:[a-z]+ ){1,3}(?:covers|writes about)\b|\bbefore joining\b",
            ("before joining", "writes about", "covers"),
        ),
        (r"\d\s*(?:%|per ?cent\b)|\bpercent(?:age)?\b", ("percent", "cent", "%")),
        (r"colou?r", ("colo",)),
        (r"ab+c", ("ab",)),
        (r"x{0,2}yz", ("yz",)),
        (r"\.com\b", (".com",)),
        (r"(?:a|b)?c", ("c",)),
    ],
)
def test_required_literals_are_what_every_match_holds(source, needles):
    assert lexicon.required_literals(re.compile(source)) == needles


@pytest.mark.parametrize("source", [r"\w+", r"[abc]x?", r"a|\d", r"(?i:abc)", r"(?=abc)\w"])
def test_no_required_literals_when_a_match_may_hold_none(source):
    assert lexicon.required_literals(re.compile(source)) is None


def test_case_insensitive_patterns_are_searched():
    assert lexicon.required_literals(re.compile("abc", re.I)) is None
    assert lexicon.found(re.compile("abc", re.I), "xABCx")


def test_ends_sentence_agrees_with_the_pattern_it_stands_for():
    edges = ['abc." "', "x.\n", "x. \u00a0", "x”)  ", "…", "", " ", 'a:"', "a;\x1c", "q?’'", 'end ."', "x.]\t\n"]
    for text in dev_texts() + edges:
        assert clean.ends_sentence(text) == bool(clean.SENTENCE_END.search(text)), text


def test_capitals_counted_from_the_space_before_them_are_the_capitalised_words():
    for text in dev_texts():
        expected = len(checkworthiness.CAPITALISED.findall(text))
        assert len(checkworthiness.CAPITALISED_AFTER_SPACE.findall(text)) == expected, text


def test_alternatives_opening_with_a_caret_are_tried_at_the_start_only():
    pattern = re.compile(r"^(?:yes|no)\W*$|poll results")
    plan = lexicon.plan(pattern)
    assert plan.anchored.pattern == r"^(?:yes|no)\W*$"
    assert plan.rest.pattern == "poll results"
    cases = [("no", True), ("Yes", False), ("x no", False), ("the poll results", True), ("no poll", False)]
    for text, expected in cases:
        assert lexicon.found(pattern, text) == expected == (pattern.search(text) is not None), text


def test_every_literal_an_alternative_requires_is_looked_for_before_searching():
    pattern = re.compile(r"\bour (?:standards|desk)\b|\bcookies?\b")
    plan = lexicon.plan(pattern)
    assert plan.needles == ("cookie", "our ")
    assert plan.required == ((("our ",), ("standards", "desk")), (("cookie",),))
    assert not lexicon.possible(plan.required, "it took four hours")
    for text in ("it took four hours", "our desk said", "a cookie", "our deskmate"):
        assert lexicon.found(pattern, text) == (pattern.search(text) is not None), text

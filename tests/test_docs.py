"""The README stays short and points at every document; figures the docs quote stay true."""

from __future__ import annotations

import re

from claims.extraction import extract
from claims.matching.minhash import article_similarity
from tests.conftest import ROOT, SEEDS

DOCS = [
    "architecture.md",
    "configuration.md",
    "extraction.md",
    "matching.md",
    "review-workflow.md",
    "publishing-and-api.md",
    "operations.md",
    "performance.md",
    "testing.md",
]


def test_the_readme_is_short_and_maps_every_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    for name in DOCS:
        assert f"(docs/{name})" in readme, name
        assert (ROOT / "docs" / name).is_file(), name


def test_every_relative_link_in_the_docs_resolves():
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_the_seed_pair_scores_as_the_matching_doc_says():
    a, b = (extract(path.read_text(encoding="utf-8")).text for path in sorted(SEEDS.glob("*.txt")))
    similarity = article_similarity(a, b)
    assert f"The two seed articles score {similarity:.2f}" in (ROOT / "docs" / "matching.md").read_text()

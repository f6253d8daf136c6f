"""match_known: a TREC run ranking published fact-checks for each query, through the app's own ranking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claims.matching.known_reviews import ParsedReview, claims_known_reviews, known_reviews_store
from scripts.map_at_k import average_precision

ROOT = Path(__file__).resolve().parents[2]

REVIEWS = """\tvclaim\ttitle
10\tThe city council cut library opening hours by 10 percent in 2024.\tDid the Council Cut Library Hours?
11\tA photograph shows a shark swimming on a flooded highway in Houston.\tIs This a Shark on a Houston Highway?
12\tThe city council cut library opening hours by 40 percent in 2024.\tDid Libraries Lose 40% of Their Hours?
13\tVaccines contain microchips that track people.\tDo Vaccines Contain Microchips?
"""
QUERIES = """tweet_id\ttweet_content
1\tA shark swimming down the flooded highway in Houston pic.twitter.com/abc — Jo Bloggs (@jobloggs) August 28, 2017
2\tOur council cut library opening hours by 10 percent this year. — Library Friends (@libfriends) March 2, 2024
"""


def test_match_known_prints_a_trec_run_ranking_the_fact_check_above_one_whose_figures_conflict(tmp_path):
    reviews, queries = tmp_path / "reviews.tsv", tmp_path / "queries.tsv"
    reviews.write_text(REVIEWS, encoding="utf-8")
    queries.write_text(QUERIES, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "match_known", "--reviews", str(reviews), "--top", "3", str(queries)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert all(len(row) == 6 and row[1] == "Q0" for row in rows)
    by_query: dict[str, list[str]] = {}
    for query, _, review, rank, _, _ in rows:
        by_query.setdefault(query, []).append(review)
        assert int(rank) == len(by_query[query])
    assert by_query["1"][0] == "11"
    assert by_query["2"][0] == "10"
    # 40 percent conflicts with 10 percent: it may stay in the ranking (the gate weighs, never drops), below.
    assert "12" not in by_query["2"][:1]
    assert "reviews imported" in done.stderr


def test_average_precision_at_5_counts_the_rank_of_the_answer():
    assert average_precision(["a", "b"], {"a"}, 5) == 1.0
    assert average_precision(["x", "a"], {"a"}, 5) == 0.5
    assert average_precision(["x"] * 5 + ["a"], {"a"}, 5) == 0.0


@pytest.mark.django_db
def test_a_claim_page_suggests_imported_fact_checks_in_the_order_match_known_ranks_them(tmp_path):
    reviews, queries = tmp_path / "reviews.tsv", tmp_path / "queries.tsv"
    reviews.write_text(REVIEWS, encoding="utf-8")
    queries.write_text(QUERIES, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "match_known", "--reviews", str(reviews), "--top", "4", str(queries)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    run: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        run.setdefault(line.split("\t")[0], []).append(line.split("\t")[2])
    parsed = [
        ParsedReview(claim_reviewed=claim, title=title, url=f"urn:review:{rid}")
        for rid, claim, title in (row.split("\t") for row in REVIEWS.splitlines()[1:])
    ]
    known_reviews_store(reviews=parsed, source="test")
    texts = {row.split("\t")[0]: row.split("\t")[1] for row in QUERIES.splitlines()[1:]}
    for query, text in texts.items():
        suggested = [review.url.removeprefix("urn:review:") for review, _ in claims_known_reviews(texts=[text])[0]]
        assert suggested, query
        # The suggestions are match_known's ranking with the conflicting and the unlikely left out.
        assert suggested == [rid for rid in run[query] if rid in suggested]
        assert suggested[0] == run[query][0]
    assert "urn:review:12" not in [r.url for r, _ in claims_known_reviews(texts=[texts["2"]])[0]]


@pytest.mark.django_db
def test_an_ordinary_news_sentence_with_no_fact_check_gets_no_suggestion_and_a_paraphrase_of_one_does():
    parsed = [
        ParsedReview(claim_reviewed=claim, title=title, url=f"urn:review:{rid}")
        for rid, claim, title in (row.split("\t") for row in REVIEWS.splitlines()[1:])
    ]
    known_reviews_store(reviews=parsed, source="test")
    # Same words as fact-check 10 (council, library, opening hours), another story: none checks it.
    news = "The city council will keep the central library open for longer hours at weekends from next month."
    paraphrase = "Photo shows a shark swimming along a flooded Houston highway."
    assert claims_known_reviews(texts=[news])[0] == []
    suggested = claims_known_reviews(texts=[paraphrase])[0]
    assert [review.url for review, _ in suggested][:1] == ["urn:review:11"]

"""Ranking published fact-checks for a post: reading the post, the reranker, and the fact gate's demotion."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from claims.matching import rerank
from scripts.train_rerank import blend, export, export_blend, fit, predict

REVIEWS = [
    (
        "A photograph shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.",
        "Is This a Shark Swimming on a Flooded Houston Highway?",
    ),
    (
        "U.S. President Donald Trump displayed an altered map of Hurricane Dorian's path that included Alabama.",
        "Did Trump Display an Altered Hurricane Dorian Map?",
    ),
    ("A map shows the forecast path of a hurricane crossing Florida.", "Hurricane Forecast Map"),
    ("Melania Trump liked a tweet that mocked her marriage.", "Did Melania Trump Like a Tweet About Her Marriage?"),
    ("The city council cut library opening hours by 10 percent in 2024.", "Did the Council Cut Library Hours?"),
    ("The city council cut library opening hours by 40 percent in 2024.", "Did Libraries Lose 40% of Their Hours?"),
    ("Vaccines contain microchips that track people.", "Do Vaccines Contain Microchips?"),
    ("Walmart placed a sign about heroes over a gun display.", "Did Walmart Put a Hero Sign Over Guns?"),
]


def ranker() -> rerank.ReviewRanker:
    return rerank.ReviewRanker([c for c, _ in REVIEWS], [t for _, t in REVIEWS])


def test_reading_a_post_splits_handles_and_hashtags_and_takes_its_trailer_apart():
    post = rerank.read_post(
        "So @realDonaldTrump drew on the #HurricaneDorian map https://t.co/x pic.twitter.com/y"
        " — Kait Parker (@WeatherKait) September 4, 2019"
    )
    assert post.body == "So real Donald Trump drew on the Hurricane Dorian map"
    assert post.author == "Kait Parker Weather Kait"
    assert post.year == 2019
    assert {"donald", "trump", "hurricane", "dorian"} <= post.names


def test_a_post_quoting_another_post_gives_both_authors_and_drops_both_trailers():
    post = rerank.read_post(
        "Julie Swetnick has more courage than any GOP senator. — Matt Deitsch (@MattxRed) September 26, 2018"
        " She also has a restraining order. https://t.co/x — Donald Trump Jr. (@DonaldJTrumpJr) September 27, 2018"
    )
    assert post.body == "Julie Swetnick has more courage than any GOP senator. She also has a restraining order."
    assert post.author == "Matt Deitsch Mattx Red Donald Trump Jr. Donald J Trump Jr"
    assert post.year == 2018


def test_a_run_together_hashtag_is_split_with_the_fact_checks_own_words():
    assert ranker().read("Sharks everywhere #hurricaneharvey").body == "Sharks everywhere hurricane harvey"


def test_a_run_together_hashtag_written_with_one_capital_is_split_and_a_name_stays_whole():
    reading = ranker().read("Sharks everywhere #Hurricaneharvey #Houston #Walmart")
    assert reading.body == "Sharks everywhere hurricane harvey Houston Walmart"


def test_a_post_of_capitalised_run_together_hashtags_alone_finds_its_fact_check():
    ranked = ranker().rank("#Sharkswimming #Floodedhighway")
    assert ranked and ranked[0].position == 0


def test_a_paraphrase_with_handles_and_hashtags_ranks_its_fact_check_first():
    ranked = ranker().rank(
        "The map @realDonaldTrump showed had a sharpie loop added over Alabama #HurricaneDorian #SharpieGate"
        " — Jo Bloggs (@jobloggs) September 5, 2019"
    )
    assert ranked[0].position == 1
    assert ranked[0].probability > ranked[1].probability


def test_the_author_named_in_a_post_trailer_helps_find_the_fact_check_about_them():
    ranked = ranker().rank(
        "That it was truly awful. We removed the sign from the display as soon as we found out. — Walmart (@Walmart)"
        " August 9, 2017"
    )
    assert ranked[0].position == 7


def test_a_fact_check_whose_figures_conflict_is_ranked_below_the_right_one_and_never_dropped():
    ranked = ranker().rank("Our council cut library opening hours by 10 percent this year.", k=10)
    positions = [r.position for r in ranked]
    assert positions[0] == 4
    assert 5 in positions  # 40 percent: weighed by the model, still in the ranking
    conflicting = [r for r in ranked if r.conflict]
    assert [r.position for r in conflicting] == [5] and "40" in conflicting[0].conflict


def test_a_near_copy_of_the_only_imported_fact_check_is_suggested():
    claim, title = REVIEWS[-1]
    lone = rerank.ReviewRanker([claim], [title])
    ranked = lone.rank("Walmart placed a sign about heroes over a display of guns.")
    assert ranked[0].probability >= rerank.model().suggest_at
    assert not lone.rank("The council approved the budget for road repairs on Tuesday.")


def test_a_near_copy_among_a_few_imported_fact_checks_is_suggested_and_an_unrelated_claim_is_not():
    few = rerank.ReviewRanker([c for c, _ in REVIEWS[:4]], [t for _, t in REVIEWS[:4]])
    ranked = few.rank("Melania Trump liked a tweet mocking her marriage.")
    assert ranked[0].position == 3 and ranked[0].probability >= rerank.model().suggest_at
    unrelated = few.rank("The council approved a new budget for road repairs in Houston.")
    assert all(r.probability < rerank.model().suggest_at for r in unrelated)


def test_exported_boosted_trees_score_as_scikit_learn_does():
    rng = np.random.default_rng(0)
    x = rng.random((400, 3))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0.8).astype(int)
    fitted = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, random_state=0).fit(x, y)
    exported = rerank.model_from({**export("trees", fitted), "suggest_at": 0.5})
    assert np.allclose(exported.score(x), fitted.predict_proba(x)[:, 1], atol=1e-9)


def test_an_exported_standardised_logistic_regression_scores_as_scikit_learn_does():
    rng = np.random.default_rng(1)
    x = rng.random((400, 3)) * [1, 10, 100]
    y = (x[:, 0] + 0.05 * x[:, 1] > 0.8).astype(int)
    linear = fit("linear", {"C": 1.0}, x, y)
    exported = rerank.model_from({**export("linear", linear), "suggest_at": 0.5})
    assert np.allclose(exported.score(x), predict(linear, x), atol=1e-9)


def test_an_exported_blend_scores_as_the_two_models_mixed():
    rng = np.random.default_rng(2)
    x = rng.random((400, 3))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0.8).astype(int)
    trees = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, random_state=0).fit(x, y)
    linear = fit("linear", {"C": 1.0}, x, y)
    exported = rerank.model_from({**export_blend(trees, linear, 0.4), "suggest_at": 0.5})
    expected = blend([trees.predict_proba(x)[:, 1]], [predict(linear, x)], 0.4)[0]
    assert np.allclose(exported.score(x), expected, atol=1e-9)

"""`make bench` pieces that must stay correct: the data generator, /healthz, queue paging, the report.

No timings are asserted here; `make bench` measures them.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.dataset import PASSWORD, Size, generate
from benchmarks.web import Timing, percentile, plain_select
from claims.models import Appearance, Article, Citation, Claim, Event, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny():
    """Return the showcase of a generated 50-claim data set."""
    return generate(size=Size.tiny())


@pytest.fixture
def bench_client(client, tiny):
    assert client.login(username=tiny.editor_username, password=PASSWORD)
    return client


def test_generator_builds_the_requested_sizes_with_the_showcase_rows(tiny):
    size = Size.tiny()
    assert Article.objects.count() == size.articles
    assert Claim.objects.count() == size.claims
    assert Article.objects.get(pk=tiny.big_article_id).appearances.count() == size.big_article_claims
    big = Article.objects.get(pk=tiny.big_article_id)
    assert len(big.text.split()) >= size.big_article_words
    showcase = Claim.objects.get(pk=tiny.claim_id)
    assert showcase.citations.count() == size.showcase_citations
    assert showcase.events.count() == size.showcase_events
    assert showcase.appearances.count() == showcase.appearance_count == 3
    assert Verdict.objects.exists() and Citation.objects.exists()
    assert Event.objects.filter(action="article_submitted").count() == size.articles
    assert tiny.counts["claim"] == size.claims


def test_generated_claims_can_be_found_by_the_matcher(tiny):
    from claims.matching.candidates import claim_candidates
    from claims.matching.minhash import claim_keys
    from claims.models import ClaimBand

    claim = Claim.objects.get(pk=tiny.claim_id)
    stored = set(ClaimBand.objects.filter(claim=claim).values_list("key", flat=True))
    assert stored == set(claim_keys(claim.text))
    assert ClaimBand.objects.values("claim").distinct().count() == Size.tiny().claims
    assert claim.pk in [found.pk for found, _ in claim_candidates(text=claim.text)]
    # Each claim carries its facts as the pipeline stores them, so matching reads, never parses, them.
    for stored_claim in Claim.objects.all():
        assert claim_facts_are_stored(stored_claim)


def claim_facts_are_stored(claim: Claim) -> bool:
    from claims.matching.facts import PARSER_VERSION, facts_of, stored_facts

    current = claim.match_facts["v"] == PARSER_VERSION
    return current and stored_facts(claim.match_facts, claim.text) == facts_of(claim.text)


def test_generated_spans_point_at_their_sentences_like_extracted_ones(tiny):
    for appearance in Appearance.objects.select_related("article"):
        assert appearance.article.text[appearance.start : appearance.end] == appearance.text
    counted = Claim.objects.annotate(n=Count("appearances"))
    assert all(c.n == c.appearance_count for c in counted)
    # Positions run in reading order within each article, as the extractor numbers them.
    for article in Article.objects.all():
        starts = list(article.appearances.order_by("position").values_list("start", flat=True))
        assert starts == sorted(starts)


def test_generated_claims_are_searchable_and_assigned_to_reviewers(tiny):
    assert Claim.objects.filter(text__icontains="budget").exists()
    worked = Claim.objects.exclude(status=Claim.Status.NEW)
    assert worked.exists() and not worked.filter(assignee__isnull=True).exists()
    assert all(c.assignee.groups.filter(name="Reviewer").exists() for c in worked.select_related("assignee"))


def test_generated_pages_render_for_the_benchmark_editor(bench_client, tiny):
    queue = bench_client.get(reverse("queue"), {"sort": "priority"})
    assert queue.status_code == 200 and len(queue.context["page"]) == 50
    claim = bench_client.get(reverse("claim_detail", args=[tiny.claim_id]))
    assert claim.status_code == 200
    assert Claim.objects.get(pk=tiny.claim_id).text in claim.content.decode()
    article = bench_client.get(reverse("article_detail", args=[tiny.big_article_id]))
    assert article.content.decode().count('class="claim-span') == Size.tiny().big_article_claims


def test_healthz_answers_ok_without_login_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_queue_indexes_exist_with_the_newest_first_order():
    # Which index the planner picks depends on table statistics, so 50 rows cannot show it;
    # `make bench` prints the plans at 100k claims (benchmarks/RESULTS.md).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim'")
        found = dict(cursor.fetchall())
    assert "article_created_at DESC, id)" in found["claim_assignee_newest"]
    assert "WHERE (assignee_id IS NULL)" in found["claim_unassigned_status_newest"]
    assert "(status, assignee_id, article_created_at DESC, id)" in found["claim_status_assignee_newest"]


def test_article_and_claim_pages_query_count_does_not_grow_with_their_size(bench_client, tiny):
    def queries(url):
        bench_client.get(url)  # warm what pages cache between requests (the header's counts)
        with CaptureQueriesContext(connection) as ctx:
            assert bench_client.get(url).status_code == 200
        return len(ctx)

    big, small = tiny.big_article_id, Article.objects.exclude(pk=tiny.big_article_id).first().pk
    assert queries(reverse("article_detail", args=[big])) == queries(reverse("article_detail", args=[small]))
    quiet = Claim.objects.filter(status=Claim.Status.NEW, appearance_count=1).first()
    assert queries(reverse("claim_detail", args=[tiny.claim_id])) == queries(reverse("claim_detail", args=[quiet.pk]))


def test_percentile_is_nearest_rank():
    samples = [float(i) for i in range(1, 101)]
    assert percentile(samples, 95) == 95.0
    assert percentile(samples, 50) == 50.0
    assert percentile([3.0], 95) == 3.0
    assert Timing([0.1, 0.3, 0.2]).median == 0.2


def test_report_says_which_screens_are_not_built_and_which_targets_are_missed():
    from benchmarks.run import NOT_BUILT, report

    fast, slow = Timing([0.010] * 20), Timing([0.250] * 20)
    web_rows = {
        "n": 20,
        "empty": Timing([0.002] * 20),
        "throughput": None,
        "export": None,
        "pages": [
            {
                "label": "Queue, unfiltered, page 1",
                "path": "/queue/",
                "timing": fast,
                "sql": Timing([0.003] * 20),
                "queries": 4,
                "statuses": [200],
                "served": "",
                "slowest_sql": "SELECT 1",
                "slowest_ms": 1.0,
                "explain": "Result",
            },
            {
                "label": "Queue, sort=priority, page 500",
                "path": "/queue/?page=500",
                "timing": slow,
                "sql": Timing([0.200] * 20),
                "queries": 4,
                "statuses": [200],
                "served": "served page 500 of 2000",
                "slowest_sql": "SELECT 2",
                "slowest_ms": 190.0,
                "explain": "Sort",
            },
            {"label": "Claim page", "missing": True},
            {"label": "Article page", "missing": True, "reason": "failed: RuntimeError: answered 403"},
        ],
    }
    marker = {
        "seconds": 31.0,
        "reused": True,
        "showcase": {
            "counts": {k: 1 for k in ("article", "claim", "appearance", "source", "citation", "verdict", "event")}
        },
    }
    text = report(
        marker=marker,
        web_rows=web_rows,
        pipe="skipped",
        plugins={"matching": NOT_BUILT},
        started=0.0,
        server_versions="PostgreSQL test",
    )
    rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert rows["| Queue, unfiltered, page 1"].endswith("| met |")
    assert "**not met**" in rows["| Queue, sort=priority, page 500 (served page 500 of 2000)"]
    assert NOT_BUILT in rows["| Claim page"]
    assert "answered 403" in rows["| Article page"] and "**not met**" in rows["| Article page"]
    assert NOT_BUILT in rows["| CSV export of all claims"]
    assert NOT_BUILT in rows["| matching benchmark (`benchmarks/matching.py`)"]
    assert "EXPLAIN ANALYZE" in text and "SELECT 2" in text


def test_floor_runs_a_server_side_cursor_query_as_a_plain_select():
    declared = 'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR SELECT "id" FROM "claims_claim"'
    assert plain_select(declared) == 'SELECT "id" FROM "claims_claim"'
    assert plain_select("SELECT 1") == "SELECT 1"


def test_article_body_marks_claim_spans_and_escapes_the_rest():
    from types import SimpleNamespace

    from claims.views.articles import article_body_html

    text = "Intro <b>bold</b>\n\nThe tax rose 5 percent. Outro & end"
    start = text.index("The tax")
    span = SimpleNamespace(pk=7, claim_id=42, score=0.8765, start=start, end=start + 23, anchor_lost=False)
    html = article_body_html(text, [span], highlight="42")
    assert html.startswith("Intro &lt;b&gt;bold&lt;/b&gt;<br><br>")
    assert (
        f'<mark id="a7" class="claim-span current" title="Claim 42 · score 0.88">'
        f'<a href="{reverse("claim_detail", args=[42])}">The tax rose 5 percent.</a></mark>'
    ) in html
    assert html.endswith(" Outro &amp; end")
    assert 'class="claim-span"' in article_body_html(text, [span], highlight="")


def test_each_scale_has_a_database_of_its_own_and_the_default_keeps_its_name():
    from benchmarks.database import scale_label, scaled_database_url

    url = "postgres://postgres@127.0.0.1:5432/claimdesk_bench"
    assert scaled_database_url(url, 100_000) == url
    assert scaled_database_url(url, 1_000_000) == "postgres://postgres@127.0.0.1:5432/claimdesk_bench_1m"
    assert scaled_database_url(url, 10_000).endswith("/claimdesk_bench_10k")
    assert scale_label(2_500) == "2500"


def test_a_scaled_data_set_keeps_ten_claims_an_article():
    assert Size.for_claims(100_000) == Size()
    big = Size.for_claims(1_000_000)
    assert (big.articles, big.claims, big.sources) == (100_000, 1_000_000, 20_000)
    assert big.big_article_claims == Size().big_article_claims


def test_results_keep_the_other_scales_section():
    from benchmarks.run import results_merge

    legacy = "# Claimdesk benchmark results\n\n- Date: old\n\n## The slowest statement\n\n### Queue\n"
    merged = results_merge(legacy, scale=1_000_000, report_text="# Claimdesk benchmark results\n\n- Date: new\n")
    assert merged.index("## 1,000,000 claims (`make bench SCALE=1000000`)") < merged.index("## 100,000 claims")
    assert "- Date: old" in merged and "### The slowest statement" in merged and "#### Queue" in merged
    again = results_merge(merged, scale=1_000_000, report_text="# Claimdesk benchmark results\n\n- Date: newer\n")
    assert "- Date: newer" in again and "- Date: new\n" not in again and "- Date: old" in again
    assert again.count("# Claimdesk benchmark results") == 1
    noted = again.replace("<!-- scale", "Closing note.\n\n<!-- scale", 1)
    assert "Closing note." in results_merge(noted, scale=100_000, report_text="# Claimdesk benchmark results\n")


def test_the_generators_helper_processes_give_each_claim_its_own_wording_fields_and_band_rows():
    from benchmarks.dataset import _band_rows, _Helper, _wording_fields

    texts = [f"The council spent {n} million pounds on parks in {2000 + n % 20}, the mayor said." for n in range(101)]
    ids = list(range(1, 102))
    helper = _Helper(texts, ids, 7)  # the facts split over one process per core, the band rows from one more
    assert helper.fingerprints() == _wording_fields(texts)
    assert b"".join(helper.band_chunks()) == b"".join(_band_rows(texts, ids, 7))

"""The claim ledger of an article: HTML that prints, Markdown and PDF."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Source, Verdict
from claims.publishing.ledger import article_ledger, ledger_markdown
from tests.support.factories import cite, correct, make_article, make_claim, propose, publish

pytestmark = pytest.mark.django_db


def ledger_article():
    """Return an article with a published, a corrected, a draft and an unchecked claim sharing a source."""
    article = make_article(title="Budget speech: what was said")
    # Published claims carry their claim-reviewed wording (the pre-flight checklist requires it).
    published = make_claim(
        article,
        text="Unemployment fell by 40% last year.",
        claim_reviewed="Unemployment fell by 40% last year.",
        position=0,
    )
    corrected = make_claim(
        article,
        text="Exports doubled since 2020.",
        claim_reviewed="Exports doubled since 2020.",
        speaker="Ministry of Trade",
        speaker_kind="organisation",
        position=1,
    )
    draft = make_claim(
        article, text="Crime is at a record low.", speaker="", position=2, status=Claim.Status.VERDICT_PROPOSED
    )
    make_claim(article, text="The new bridge will cost *€2bn*.", speaker="Mayor", position=3)
    survey = Source.objects.create(  # as fetched: both excerpts cited from it are in its text
        title="Labour force survey",
        url="https://stats.example.org/lfs",
        publisher="Statistics Office",
        published=date(2026, 2, 1),
        source_type=Source.Type.DATASET,
        text_snapshot="Unemployment fell from 5.0% to 4.6%.\nExports rose 60% from 2020 to 2025.",
        fetch_status=Source.FetchStatus.READY,
    )
    cite(published, source=survey, stance="refutes")
    cite(corrected, source=survey, stance="context", excerpt="Exports rose 60% from 2020 to 2025.")
    cite(
        corrected,
        title="Trade bulletin | Q4",
        url="https://trade.example.org/q4",
        stance="supports",
        excerpt="Exports reached a record.",
    )
    publish(propose(published, "False"))
    correct(publish(propose(corrected, "True")), "Mostly true", reason="The base year was 2019.")
    propose(draft, "Mixed", rationale="Draft: the police data are incomplete.")
    return article


def test_ledger_lists_every_claim_in_order_with_verdicts_and_a_numbered_bibliography():
    ledger = article_ledger(article=ledger_article())
    assert [e.claim.text for e in ledger.entries] == [
        "Unemployment fell by 40% last year.",
        "Exports doubled since 2020.",
        "Crime is at a record low.",
        "The new bridge will cost *€2bn*.",
    ]
    labels = [(e.verdict.rating.label, e.verdict.status) if e.verdict else None for e in ledger.entries]
    assert labels == [
        ("False", Verdict.Status.PUBLISHED),
        ("Mostly true", Verdict.Status.PUBLISHED),
        ("Mixed", Verdict.Status.PROPOSED),
        None,
    ]
    assert [e.references for e in ledger.entries] == [[1], [1, 2], [], []]
    survey = ledger.bibliography[0]
    assert survey.number == 1 and [(n, c.stance) for n, c in survey.citations] == [(1, "refutes"), (2, "context")]


def test_ledger_page_prints_cleanly_and_offers_pdf_and_markdown(reviewer_client):
    article = ledger_article()
    page = reviewer_client.get(reverse("article_ledger", args=[article.pk])).content.decode()
    assert "Budget speech: what was said" in page and "Ministry of Trade" in page
    assert "corrected from True: The base year was 2019." in page
    assert "(proposed, not public)" in page
    assert 'id="source-2"' in page and "Exports reached a record." in page
    assert reverse("article_ledger_pdf", args=[article.pk]) in page
    assert "css/publishing.css" in page  # whose @media print hides the actions
    article_page = reviewer_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert reverse("article_ledger", args=[article.pk]) in article_page


def test_ledger_markdown_escapes_and_numbers_sources(reviewer_client):
    article = ledger_article()
    response = reviewer_client.get(reverse("article_ledger_md", args=[article.pk]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode()
    assert "### 4. The new bridge will cost \\*€2bn\\*." in text
    assert "- **Verdict:** Mixed (proposed)" in text
    assert "2. Trade bulletin \\| Q4, Statistics Office, 2026-02-01, <https://trade.example.org/q4>" in text
    assert "    - Context claim 2: “Exports rose 60% from 2020 to 2025.”" in text
    assert ledger_markdown(article_ledger(article=article)).startswith("# Claim ledger: Budget speech")


def test_ledger_pdf_is_produced(reviewer_client):
    article = ledger_article()
    response = reviewer_client.get(reverse("article_ledger_pdf", args=[article.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000 and b"%%EOF" in pdf[-1024:]


def test_the_pdf_ledger_carries_the_rating_colours_inline():
    """WeasyPrint fetches nothing, so the rating classes' rules travel in the page's own CSS."""
    from claims.publishing.ledger import ledger_css

    assert ".rating-c0392b { --rating: #c0392b;" in ledger_css()  # False, on the default scale


def test_ledger_query_count_does_not_grow_with_claims():
    article = ledger_article()

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            article_ledger(article=article)
        return len(ctx)

    few = queries()
    for n in range(4):
        claim = make_claim(article, text=f"Extra claim {n}", claim_reviewed=f"Extra claim {n}", position=10 + n)
        cite(claim, title=f"Source {n}", url=f"https://s{n}.example.org")
        publish(propose(claim, "True"))
    assert queries() == few

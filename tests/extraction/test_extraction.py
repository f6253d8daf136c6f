"""The extraction library: pure Python, no database."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from tests.conftest import seed_text


def assert_offsets_slice(doc):
    for claim in doc.claims:
        assert doc.text[claim.start : claim.end] == claim.text


def test_seed_article_yields_claims_anchored_in_the_cleaned_text():
    doc = extract(seed_text(0))
    assert len(doc.claims) >= 8
    assert_offsets_slice(doc)
    assert doc.published.isoformat() == "2023-05-29"
    assert "date 2023-05-29" not in doc.text


def test_embedded_post_is_attributed_to_its_author_and_trailer_is_never_a_claim():
    doc = extract(seed_text(0))
    post_claims = [c for c in doc.claims if "49 deaths" in c.text]
    assert post_claims and all("amnesty" in (c.speaker or "").lower() for c in post_claims)
    assert not any("t.co/" in c.text or "(@" in c.text for c in doc.claims)


def test_page_furniture_is_dropped():
    doc = extract(seed_text(1))
    for furniture in ("Share", "Trending:", "Submit a Correction", "Tags:"):
        assert furniture + "\n" not in doc.text + "\n"


def test_html_goes_through_trafilatura_and_scripts_never_reach_the_text():
    html = (
        "<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1>"
        "<p>The council voted 7 to 2 on Tuesday to spend $18.5 million on the bridge repairs.</p>"
        "<p>Mayor Elena Varga said the bridge carries about 32,000 vehicles a day, up from 20,000 in 2010.</p>"
        "<script>alert('x')</script></article></body></html>"
    )
    doc = extract(html)
    assert "alert" not in doc.text
    assert any("18.5 million" in c.text for c in doc.claims)
    assert_offsets_slice(doc)


def test_numbers_and_dates_are_normalised():
    doc = extract("The legislature allowed 700 troops into the country from June 1 through Dec. 31, officials said.")
    [claim] = doc.claims
    assert 700.0 in claim.numbers
    assert "06-01" in claim.dates and "12-31" in claim.dates
    assert claim.kind == "quantity"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_extraction_never_raises_on_any_string(text):
    doc = extract(text)
    assert_offsets_slice(doc)
    for claim in doc.claims:
        assert 0.0 <= claim.score <= 1.0


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_extraction_survives_binary_junk_decoded_as_text(data):
    assert_offsets_slice(extract(data.decode("latin-1")))


def test_extraction_handles_empty_huge_and_one_line_text():
    assert extract("").claims == []
    assert extract("   \n\n\t ").claims == []
    long_line = "The agency counted 12 bridges. " * 4000  # ~120k characters on one line
    assert_offsets_slice(extract(long_line))

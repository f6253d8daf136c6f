"""The extractor's rules, one behaviour per test, on small invented articles (no database)."""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import checkworthiness, extract, furniture, pipeline, posts
from claims.extraction.clean import clean_plain, sort_lines
from claims.extraction.sentences import split
from tests.conftest import ROOT


def claim_with(doc, words):
    matches = [c for c in doc.claims if words in c.text]
    assert matches, f"no claim contains {words!r}: {[c.text for c in doc.claims]}"
    return matches[0]


def sentences_of(text):
    return [text[a:b] for a, b in split(text)]


# --- Cleanup ---------------------------------------------------------------------------------

PAGE = """Port Authority Approves Harbour Dredging Plan
Published: April 2, 2024
Share
Facebook Twitter Email

The port authority approved a 60 million euro plan on Monday to dredge the eastern harbour, its board said.

Trending:
Ten Beaches You Have Never Heard Of
Star Striker Signs Record Contract

Dredging will remove about 1.4 million cubic metres of silt, the authority said in a statement.

Should the port spend more on dredging?
Yes
No
Completing this poll entitles you to our news updates free of charge.

Sign up for our Harbour Brief newsletter to get port news in your inbox.

Tags: port, dredging, harbour
Lena Vos is a maritime reporter for the Coast Gazette. She joined in 2019.
Lena Vos is a maritime reporter for the Coast Gazette. She joined in 2019.
Lena can be reached at lena.vos@coastgazette.example.
We are committed to accuracy. Read our editorial standards.
"""


def test_page_furniture_trending_headlines_polls_bios_and_contacts_are_dropped():
    cleaned = clean_plain(PAGE)
    for line in (
        "Share",
        "Facebook",
        "Ten Beaches",
        "Star Striker",
        "Should the port",
        "Yes",
        "poll",
        "newsletter",
        "Tags:",
        "maritime reporter",
        "@",
        "editorial standards",
    ):
        assert line not in cleaned.text, line
    assert "60 million euro plan" in cleaned.text and "1.4 million cubic metres" in cleaned.text


def test_wire_credits_notes_and_inline_links_are_dropped():
    cleaned = clean_plain(
        "LIMA, Peru (Wire) — Congress voted 72 to 40 on Thursday to remove the interior minister.\n"
        "Read more: The minister had been in office since 2022 and faced 3 censure votes.\n"
        "Advertisement - Scroll to continue\n"
        "Editor's note: This story has been updated.\n"
        "Associated Press writer Ana Soto contributed to this report.\n"
        "(Reporting by Joe Bloggs; Editing by Jane Roe)\n"
        "Sam Lee writes about politics for the Daily Journal.\n"
        "Join the conversation"
    )
    assert cleaned.text == "LIMA, Peru (Wire) — Congress voted 72 to 40 on Thursday to remove the interior minister."


def test_correction_notes_inbox_blurbs_rating_labels_and_legal_notices_are_page_furniture():
    page = (
        "The county spent $18.5 million on flood defences in 2023, its auditor said.\n"
        "Correction, 20 November 2026: An earlier version of this article said the vote was eight to three.\n"
        "Clarification (3 May 2026): This story has been changed to show the fund's full name.\n"
        "The morning's top council stories, straight to your inbox every weekday at 7am.\n"
        "Rating: Mostly false\n"
        "Our verdict: Misleading.\n"
        "Any person wishing to object to the licence shall lodge a written objection within 14 days.\n"
        "Dated at Lautoka this 3rd day of May 2026.\n"
        "Actual results may differ materially from those expressed in forward-looking statements.\n"
        "Corrections officers said 12 inmates escaped: all were recaptured by Friday."
    )
    kept = clean_plain(page, learned=False).text.split("\n\n")
    assert kept == [page.split("\n")[0], page.split("\n")[-1]]


NOTICES = (
    "Comments are moderated. Please read our community guidelines before posting.",
    "Our journalism is guided by our ethics code, which readers can find on our website.",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Jane Roe covers health for the Daily Tribune.",
)


def test_furniture_the_line_rules_keep_is_dropped_by_the_learned_classifier():
    page = (
        "The county spent $18.5 million on flood defences in 2023, its auditor said.\n"
        "Floods closed 14 roads in March, the highways department said.\n"
        "Residents filed 320 damage claims by June, the county said.\n" + "\n".join(NOTICES)
    )
    rules_only = clean_plain(page, learned=False)
    cleaned = clean_plain(page)
    for notice in NOTICES:
        assert notice in rules_only.text  # no exact rule knows these lines
        assert notice not in cleaned.text, furniture.explain(notice)
    assert cleaned.text == "\n\n".join(page.split("\n")[:3])


def test_every_line_of_a_page_carries_the_rule_that_decided_it():
    reasons = dict(sort_lines(PAGE).lines)
    assert reasons["Port Authority Approves Harbour Dredging Plan"] == "heading"
    assert reasons["Published: April 2, 2024"] == "date"
    assert reasons["Ten Beaches You Have Never Heard Of"] == "block"
    assert reasons["Yes"] == "poll"
    assert reasons["Tags: port, dredging, harbour"] == "furniture"
    assert reasons[PAGE.split("\n")[5]] == "kept"


def test_a_key_points_bullet_without_a_full_stop_is_kept_as_prose_and_a_headline_list_is_not():
    reasons = dict(
        sort_lines(
            "Council Election Results\n"
            "- Finance Minister Datuk Seri Rahim Osman tabled a RM421 billion budget for 2026\n"
            "• Turnout was 31.4 per cent, down from 34.9 per cent in 2022\n"
            "- Ten Beaches You Have Never Heard Of Before\n"
            "- Sports\n"
        ).lines
    )
    assert reasons["- Finance Minister Datuk Seri Rahim Osman tabled a RM421 billion budget for 2026"] == "kept"
    assert reasons["• Turnout was 31.4 per cent, down from 34.9 per cent in 2022"] == "kept"
    assert reasons["- Ten Beaches You Have Never Heard Of Before"] == "heading"
    assert reasons["- Sports"] == "heading"


def test_a_country_ranked_as_a_producer_is_no_author_box():
    reasons = dict(
        sort_lines(
            "Copper rose 0.4% on Tuesday.\n"
            "Chile is the world's largest copper producer.\n"
            "Ana Ruiz is a senior producer and reporter at the Daily Journal.\n"
        ).lines
    )
    assert reasons["Chile is the world's largest copper producer."] == "kept"
    assert reasons["Ana Ruiz is a senior producer and reporter at the Daily Journal."] == "furniture"


def test_title_and_published_lines_become_metadata():
    cleaned = clean_plain(PAGE)
    assert cleaned.title == "Port Authority Approves Harbour Dredging Plan"
    assert cleaned.published.isoformat() == "2024-04-02"
    assert "Published" not in cleaned.text


def test_byline_becomes_the_author_and_metadata_junk_is_not_an_author():
    from claims.extraction.clean import clean_author

    assert (
        clean_plain("Title Of The Story\nBy Aoife Lindgren, Housing Editor\n\nRents rose 11% in 2024.").author
        == "Aoife Lindgren"
    )
    assert clean_author("Tobias Engel · November 4") == "Tobias Engel"
    assert clean_author("Ines Garrow is the Post's transport correspondent Follow her") == "Ines Garrow"
    assert clean_author("share this story") is None


def test_an_email_address_is_never_claim_text():
    doc = extract(
        "Tips about the 2024 budget, which rose 12%, go to tips@paper.example every day.\n\n"
        "The council spent 4 million dollars on parks in 2023, the city's auditor said."
    )
    assert not any("@" in c.text for c in doc.claims)
    assert any("4 million dollars" in c.text for c in doc.claims)


# --- Sentences -------------------------------------------------------------------------------


def test_sentences_survive_abbreviations_quotes_urls_and_runs_of_punctuation():
    text = (
        'The U.S. Senate voted on Dec. 31 to extend the program. "It is over." Then the clerk left. '
        'See https://example.org/a.b for the text. What?!? "Costs rose 40%. Nobody noticed," she said.'
    )
    got = sentences_of(text)
    assert got[0] == "The U.S. Senate voted on Dec. 31 to extend the program."
    assert '"It is over."' in got
    assert "See https://example.org/a.b for the text." in got
    assert "What?!?" in got
    assert got[-2] == '"Costs rose 40%.'  # the opening quotation mark stays with its sentence


# --- Embedded posts --------------------------------------------------------------------------

FLAT_POST = (
    "The regulator fined the bank 3 million dollars on Friday, according to a filing.\n\n"
    "The bank hid 420 complaints from inspectors between 2019 and 2022. https://t.co/AbC123xyz — "
    "Consumer Watch (@consumerwatch) June 3, 2024\n\n"
    "The bank has said it will appeal."
)


def test_flattened_post_is_attributed_to_its_author_with_the_post_date():
    doc = extract(FLAT_POST, threshold=0.0)  # every sentence: this is about who speaks, not the score
    claim = claim_with(doc, "420 complaints")
    assert claim.speaker == "Consumer Watch (@consumerwatch)"
    assert claim.speaker_kind == "post"
    assert claim.post_date == "2024-06-03"
    assert not any("t.co/" in c.text or "(@" in c.text for c in doc.claims)


def test_html_twitter_embed_becomes_a_post_by_its_author():
    html = (
        "<html><head><title>Bank fined</title></head><body><article><h1>Bank fined</h1>"
        "<p>The regulator fined Coastal Bank 3 million dollars on Friday for hiding complaints.</p>"
        '<blockquote class="twitter-tweet"><p lang="en">Coastal Bank hid 420 complaints from inspectors '
        'between 2019 and 2022. <a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; Consumer Watch '
        '(@consumerwatch) <a href="https://twitter.com/consumerwatch/status/1">June 3, 2024</a></blockquote>'
        "<p>The bank said in a statement on Saturday that it had cooperated fully with the regulator.</p>"
        "</article></body></html>"
    )
    doc = extract(html)
    claim = claim_with(doc, "420 complaints")
    assert claim.speaker_kind == "post" and "@consumerwatch" in claim.speaker
    assert claim.post_date == "2024-06-03"
    assert not any("(@" in c.text for c in doc.claims)


# --- Attribution -----------------------------------------------------------------------------


def test_article_voice_has_no_speaker():
    doc = extract("The city council voted 9 to 2 on Tuesday to close three fire stations by 2026.")
    claim = claim_with(doc, "three fire stations")
    assert claim.speaker is None and claim.speaker_kind == "outlet"


def test_he_said_resolves_to_the_last_named_person_not_an_organisation():
    doc = extract(
        "Fire Chief Maria Lund said the department answered 14,200 calls in 2023.\n\n"
        "The Firefighters Union claimed response times had grown by 90 seconds since 2020.\n\n"
        '"We closed two stations and lost 31 firefighters in three years," she said.'
    )
    assert claim_with(doc, "14,200 calls").speaker == "Maria Lund"
    assert claim_with(doc, "90 seconds").speaker_kind == "organisation"
    quote = claim_with(doc, "31 firefighters")
    assert quote.speaker == "Maria Lund" and quote.speaker_kind == "person"


def test_a_quotation_spanning_sentences_belongs_to_the_speaker_named_at_its_end():
    doc = extract(
        '"Enrolment fell by 1,800 pupils. Four schools lost a third of their classes," '
        "Schools Superintendent Omar Haddad said on Monday."
    )
    assert claim_with(doc, "1,800 pupils").speaker == "Omar Haddad"
    assert claim_with(doc, "Four schools").speaker == "Omar Haddad"


def test_cited_as_saying_names_the_person_quoted():
    doc = extract(
        "A report on the Tidewater Times website cited Deputy Mayor Ines Carvalho as saying "
        "the city had borrowed 45 million dollars to cover the deficit."
    )
    assert claim_with(doc, "45 million").speaker == "Ines Carvalho"


def test_according_to_a_publication_and_the_site_back_reference():
    doc = extract(
        "The dam released 2,000 cubic metres of water per second on Sunday, according to a report in "
        "riverwatch.example.\n\nThe site said the reservoir had reached 97% of its capacity by Saturday."
    )
    first = claim_with(doc, "2,000 cubic metres")
    assert first.speaker == "riverwatch.example" and first.speaker_kind == "publication"
    assert claim_with(doc, "97% of its capacity").speaker == "riverwatch.example"


def test_according_to_reuters_is_a_publication():
    doc = extract("The company laid off 1,100 workers in March, according to Reuters.")
    claim = claim_with(doc, "1,100 workers")
    assert claim.speaker == "Reuters" and claim.speaker_kind == "publication"


def test_the_ministry_said_refers_back_to_the_ministry_named_before():
    doc = extract(
        "The Ministry of Agriculture said wheat output fell 18% in 2023 after the drought.\n\n"
        "The ministry said 3,400 farms had received emergency payments by January."
    )
    assert claim_with(doc, "3,400 farms").speaker == "Ministry of Agriculture"


@pytest.mark.parametrize("verb", ["told reporters", "claimed", "announced", "wrote", "tweeted", "denied"])
def test_reporting_verbs_beyond_said(verb):
    doc = extract(f"Senator Ruth Adeyemi {verb} that the state had cut 2,300 teaching jobs since 2021.")
    assert claim_with(doc, "2,300 teaching jobs").speaker == "Ruth Adeyemi"


def test_said_after_the_quote_with_a_title():
    doc = extract(
        '"The hospital treated 640 patients for burns last year," said Dr. Hana Kowalski, its medical director.'
    )
    assert claim_with(doc, "640 patients").speaker == "Hana Kowalski"


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind"),
    [
        (
            "“We paid 4 million dollars for the study,” said the ministry's spokesman, Juan Perez.",
            "Juan Perez",
            "person",
        ),
        (
            "A spokesperson for Delta Air Lines said 40 flights were cancelled on Sunday.",
            "Delta Air Lines",
            "organisation",
        ),
        ("Police said three people were arrested on Friday after the 2 a.m. raid.", "police", "organisation"),
        (
            "Voters cast 1.2 million ballots before polling day, election officials said Wednesday.",
            "election officials",
            "organisation",
        ),
        (
            "WHO Director-General Tedros Adhanom Ghebreyesus said 2 million doses had been sent in May.",
            "Tedros Adhanom Ghebreyesus",
            "person",
        ),
        (
            "St. Mary's will close its maternity ward on Dec. 1, the hospital's owner, Meridia Health, confirmed.",
            "Meridia Health",
            "organisation",
        ),
        (
            "Dr. Ana Lopes of the University of Lisbon said 62% of the 4,000 pupils slept less than 7 hours.",
            "Ana Lopes",
            "person",
        ),
    ],
)
def test_speaker_phrases(sentence, speaker, kind):
    claim = extract(sentence, threshold=0.0).claims[0]  # who speaks, whatever the sentence scores
    assert (claim.speaker, claim.speaker_kind) == (speaker, kind)


def test_an_act_is_not_speech():
    doc = extract("Mayor Ana Ruiz declared a state of emergency on Wednesday after 300 homes flooded.")
    assert claim_with(doc, "state of emergency").speaker is None


# --- Check-worthiness ------------------------------------------------------------------------


def test_facts_outscore_opinions_predictions_and_questions():
    fact = checkworthiness.score("Unemployment fell to 4.1% in March, the lowest rate since 2019.")
    for weak in (
        "I think this government is the worst we have ever had.",
        "Unemployment is expected to fall below 4% by the end of next year.",
        "Why does nobody talk about the jobs crisis?",
        "We must act now before it is too late.",
    ):
        assert checkworthiness.score(weak) < 0.5 < fact, weak


def test_a_step_on_a_calendar_is_capped_like_a_forecast_but_a_step_taken_is_not():
    for planned in (
        "The full council is due to ratify the decision on 26 November.",
        "The board will consider further enforcement action at its next meeting.",
        "The minister is scheduled to table the 2026 budget at 4pm.",
    ):
        assert checkworthiness.score(planned, checkworthiness.Context(position=0.5)) <= 0.3, planned
    taken = "The full council ratified the decision on 26 November by 31 votes to 12."
    assert checkworthiness.score(taken, checkworthiness.Context(position=0.5)) > 0.5


def test_where_a_sentence_stands_counts_only_on_a_page_long_enough_to_have_a_tail():
    fact = "The ward admitted 35 patients from the surrounding valleys in 2024."
    last_of_one = checkworthiness.score(fact, checkworthiness.Context(position=1.0, sentences=1))
    first_of_one = checkworthiness.score(fact, checkworthiness.Context(position=0.0, sentences=1))
    last_of_thirty = checkworthiness.score(fact, checkworthiness.Context(position=1.0, sentences=30))
    assert last_of_one == first_of_one > last_of_thirty


ON_A_PAGE = checkworthiness.Context(position=0.5, sentences=20)


@pytest.mark.parametrize(
    ("planned", "done"),
    [
        (
            "The state will extend its rural water scheme to 1,800 more villages.",
            "The state extended its rural water scheme to 1,800 more villages last year.",
        ),
        (
            "The health agency will vaccinate 612,000 children from 30 November to 6 December.",
            "The health agency vaccinated 612,000 children between 30 November and 6 December.",
        ),
        (
            "The province would spend $92 million over three years on overnight shifts.",
            "The province spent $92 million over three years on overnight shifts.",
        ),
    ],
)
def test_a_plan_with_figures_is_no_claim_but_the_same_plan_carried_out_is(planned, done):
    assert checkworthiness.score(planned, ON_A_PAGE) < 0.5 < checkworthiness.score(done, ON_A_PAGE)


def test_a_plan_is_read_apart_from_its_figures_only_when_the_sentence_says_nothing_done():
    def plan_inputs(text):
        xs = checkworthiness.evidence(text, ON_A_PAGE)[1]
        return [xs[checkworthiness.NEWS_FEATURES.index(name)] for name in ("plan_figure", "future_date")]

    assert plan_inputs("The trust will open 40 walk-in clinics by March 2027.") == [1.0, 1.0]
    assert plan_inputs("The trust will open 40 walk-in clinics.") == [1.0, 0.0]
    assert plan_inputs("Fares will rise to $112 under the budget the board approved on Tuesday.") == [0.0, 0.0]
    assert plan_inputs("The trust opened 40 walk-in clinics by March 2024.") == [0.0, 0.0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Yes.", True),
        ("Deteriorated stocks.", True),
        ("Not this year.", True),
        ("He has no previous convictions.", False),
        ("The cause was heart failure.", False),
    ],
)
def test_a_short_clause_with_its_verb_is_no_fragment(text, fragment):
    xs = checkworthiness.evidence(text, ON_A_PAGE)[1]
    assert xs[checkworthiness.NEWS_FEATURES.index("too_short")] == float(fragment)


def test_a_premise_put_to_an_answerer_is_not_asserted_by_the_page():
    text = (
        "The briefing began at 10am.\n\n"
        "Q: Thanks. Utilities say shutoffs are up 18 percent from last year. Is the aid really enough?\n\n"
        "A: We released $1.1 billion today."
    )
    flags = {sentence: context.before_question for sentence, _, context in pipeline.page_sentences(text)}
    premise = next(s for s in flags if "shutoffs" in s)
    assert flags[premise] and not any(v for s, v in flags.items() if s != premise)
    base = checkworthiness.Context(position=0.5, sentences=20)
    asked = checkworthiness.Context(position=0.5, sentences=20, before_question=True)
    claim = "Utilities say shutoffs are up 18 percent from last year."
    assert checkworthiness.score(claim, asked) < checkworthiness.score(claim, base)


def test_an_embedded_posts_rhetorical_question_does_not_make_its_claim_a_premise():
    text = (
        "Posts about the deployment spread on Saturday.\n\n"
        "Biden installed a CIA veteran as ambassador and is now sending US troops to the nation. "
        "Coup, CIA, US troops?!? — Amuse (@amuse) May 27, 2023\n\n"
        "The embassy did not reply to a request for comment."
    )
    flags = {
        sentence: (s.post is not None, context.before_question)
        for sentence, s, context in pipeline.page_sentences(text)
    }
    claim = next(s for s in flags if "US troops to the nation" in s)
    assert flags[claim] == (True, False)


def test_threshold_is_configurable():
    text = "The council approved 12 new bus routes on Tuesday. I think buses are wonderful."
    assert len(extract(text, threshold=0.0).claims) == 2
    assert len(extract(text, threshold=1.01).claims) == 0


def test_model_is_shipped_small_and_inspectable():
    path = checkworthiness.MODEL_PATH
    assert path.stat().st_size < 400_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["trained_on"]["commit"] and data["cross_validation"]["debate_by_block"]["f1"] > 0.7
    assert data["cross_validation"]["news_by_article"]["f1"] > 0.8 and data["held_out_debates"]["f1"] > 0.65
    terms = dict(checkworthiness.explain("Prices rose 7% in 2023."))
    assert terms["feature:has_percent"] > 0 and "news:debate_logit" in terms


def test_register_cues_are_read_on_a_page_only():
    notice = "Any person wishing to object shall lodge a written objection by 30 August 2026."
    on_page = dict(
        zip(
            checkworthiness.REGISTER_FEATURES,
            checkworthiness.register_cues(notice, checkworthiness.Context(position=0.5)),
            strict=True,
        )
    )
    assert on_page["cue_legalese"] == 1.0 and on_page["cue_expectation"] == 0.0
    assert not any(checkworthiness.register_cues(notice, checkworthiness.STANDALONE))
    heading = "PUBLIC ACCOUNTS COMMITTEE — VERBATIM RECORD OF PROCEEDINGS on the flood project"
    assert checkworthiness.register_cues(heading, checkworthiness.Context(position=0.0))[-1] == 1.0


def test_the_news_ngram_layer_counts_on_a_page_and_not_for_a_sentence_on_its_own():
    sentence = "The company continues to expect full-year organic revenue growth of 4% to 6%."
    on_page = checkworthiness.Context(position=0.5, sentences=40)
    _, inputs, _ = checkworthiness.evidence(sentence, on_page)
    _, alone, _ = checkworthiness.evidence(sentence)
    i = checkworthiness.NEWS_FEATURES.index("news_ngram_logit")
    assert inputs[i] != 0.0 and alone[i] == 0.0
    assert any(t.startswith("news_ngram:") for t, _ in checkworthiness.explain(sentence, on_page))


def test_a_questioners_turn_is_capped_like_a_question():
    premise = "The Grains Retailers Confederation says retail prices of rice rose 8 percent since September."
    asked = checkworthiness.Context(position=0.5, sentences=40, asked=True)
    assert (
        checkworthiness.score(premise, asked)
        <= 0.3
        < checkworthiness.score(premise, checkworthiness.Context(position=0.5, sentences=40))
    )


def test_extraction_runs_without_scikit_learn():
    code = (
        "import sys; from claims.extraction import extract; extract('The mill closed in 1998 with 400 jobs lost.');"
        " print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Kinds, numbers and dates ----------------------------------------------------------------


def test_numbers_dates_and_kinds_are_normalised():
    doc = extract(
        "The county spent $18.5 million on flood defences between March 2021 and June 30, 2023.\n\n"
        "Seven hundred homes were evacuated, officials said.\n\n"
        "A federal judge ruled on Monday that the levy was unconstitutional and ordered refunds."
    )
    money = claim_with(doc, "$18.5 million")
    assert 18_500_000.0 in money.numbers
    assert "2021-03" in money.dates and "2023-06-30" in money.dates
    assert money.kind == "quantity"
    assert 700.0 in claim_with(doc, "Seven hundred").numbers
    assert claim_with(doc, "unconstitutional").kind == "legal"


# --- Robustness on article-shaped junk ---------------------------------------------------------

FRAGMENTS = [
    "Trending:",
    "Related:",
    "Share",
    "Tags: a, b",
    "date 2023-05-29",
    "Published: May 3, 2024",
    "Should we?",
    "Yes",
    "No",
    "Sign up for our newsletter.",
    "jo@paper.example",
    "Jo Bloggs is a reporter for the Daily Paper.",
    "https://t.co/x — Name (@handle) May 25, 2023",
    "— (@h) Jan 1, 2020",
    "“",
    "”",
    '"',
    "he said.",
    "she said,",
    "according to",
    "cited",
    "as saying",
    "The ministry said",
    "It said",
    "The site said 5%.",
    "U.S.",
    "Dec. 31",
    "…",
    "?!?",
    "\u00a0",
    "\t",
    "The council voted 7 to 2 on Tuesday.",
    "“We spent $4 million,” the mayor said.",
    '<blockquote class="twitter-tweet"><p>Post text 3 jobs</p>&mdash; A (@b) <a>May 1, 2020</a></blockquote>',
    "<p>",
    "</p>",
    "<script>x()</script>",
    "<br>",
    "&amp;",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40),
    st.sampled_from(["\n", " ", "\n\n", ""]),
    st.booleans(),
)
def test_article_shaped_junk_never_raises_and_offsets_always_slice(parts, sep, as_html):
    content = sep.join(parts)
    if as_html:
        content = f"<html><body><article>{content}</article></body></html>"
    doc = extract(content)
    for claim in doc.claims:
        assert doc.text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
        assert not posts.TRAILER_ANY.search(claim.text)  # a post trailer is never claim text


def test_transcript_speaker_labels_credit_each_turn_until_the_next_label():
    doc = extract(
        "MS. REYES: Good morning. The President met 11 farmer groups on Monday.\n\n"
        "SECRETARY HALE: The fund paid out $4.2 million in March.\n\n"
        "It reached 38 states by Friday.\n\n"
        "Q: Is the fund running out?\n\n"
        "SECRETARY HALE: We have spent 61 percent of it so far.\n\n"
        "MS. REYES: Thank you. The briefing ended at 11:40 after 22 questions."
    )
    assert claim_with(doc, "11 farmer groups").speaker == "Reyes"
    assert claim_with(doc, "$4.2 million").speaker == "Hale"
    assert claim_with(doc, "38 states").speaker == "Hale"  # a turn runs over paragraphs
    assert claim_with(doc, "61 percent").speaker == "Hale"


def test_a_single_label_like_line_is_not_a_transcript():
    doc = extract("Update: The council approved 12 new bus routes on Tuesday.\n\nFares rose 5% in 2023.")
    assert all(c.speaker is None for c in doc.claims)


def test_labels_inside_one_long_paragraph_credit_each_turn():
    doc = extract(
        "CHAIR: The committee resumes now. ISMAIL JAAFAR: Phase 2 was approved in 2016 at RM1.2 billion. "
        "CHAIR: And the overrun? ISMAIL JAAFAR: The overrun is RM310 million as of June. "
        "ROSLI GHANI: Two officers certified 14 payments in 2021."
    )
    assert claim_with(doc, "RM1.2 billion").speaker == "Ismail Jaafar"
    assert claim_with(doc, "RM310 million").speaker == "Ismail Jaafar"
    assert claim_with(doc, "14 payments").speaker is None  # a label seen once is not a turn


def test_parliamentary_labels_with_constituency_or_the_member_in_brackets_name_the_member():
    doc = extract(
        "Mr Lim Wee Kiak (Sembawang): Sir, 12,400 couples applied for the grant in 2025.\n\n"
        "The Minister for National Development (Mr Chee Hong Tat): Sir, 1,930 applications were rejected in 2025.\n\n"
        "Tuan Wong Chen [Subang]: The fines totalled RM2.1 million in 2025.\n\n"
        "Mr Chee Hong Tat: The rejection rate rose from 8 per cent to 15.6 per cent."
    )
    assert claim_with(doc, "12,400 couples").speaker == "Lim Wee Kiak"  # a titled label seen once still speaks
    assert claim_with(doc, "1,930 applications").speaker == "Chee Hong Tat"
    assert claim_with(doc, "RM2.1 million").speaker == "Wong Chen"
    assert claim_with(doc, "15.6 per cent").speaker == "Chee Hong Tat"


@pytest.mark.parametrize("mark", [":", "."], ids=["Q: and A:", "Q. and A."])
def test_answers_of_a_q_and_a_belong_to_the_person_the_introduction_names(mark):
    doc = extract(
        "By Aida Rahman\n\n"
        "Dr Siti Hajar Mohd Noor has studied dengue in Selangor for 15 years. Siti Hajar spoke to us on Monday.\n\n"
        f"Q{mark} How bad is this year?\n\n"
        f"A{mark} Selangor recorded 41,200 cases by the end of October, up 38 percent on last year.\n\n"
        f"Q{mark} Why?\n\n"
        f"A{mark} Our traps caught three times as many larvae in June as in June 2024."
    )
    assert claim_with(doc, "41,200 cases").speaker == "Siti Hajar Mohd Noor"
    assert claim_with(doc, "three times").speaker == "Siti Hajar Mohd Noor"


def test_a_transcript_label_is_not_part_of_the_claims_text():
    doc = extract(
        "SECRETARY HALE: The fund paid out $4.2 million in March.\n\n"
        "Q: Is it running out?\n\n"
        "SECRETARY HALE: We have spent 61 percent of it so far.\n\n"
        "Q. And next year?\n\n"
        "A. Congress set aside $9 million for 2027."
    )
    assert claim_with(doc, "$4.2 million").text == "The fund paid out $4.2 million in March."
    assert claim_with(doc, "61 percent").text.startswith("We have spent")
    assert claim_with(doc, "$9 million").text == "Congress set aside $9 million for 2027."
    for claim in doc.claims:
        assert doc.text[claim.start : claim.end] == claim.text


def test_an_owner_named_with_a_possessive_is_credited_without_it():
    doc = extract(
        "Rents kept climbing this autumn.\n\n"
        "The Residential Tenancies Board's latest index showed new rents up 5.3 per cent in the second quarter."
    )
    assert claim_with(doc, "5.3 per cent").speaker == "Residential Tenancies Board"


def test_initials_and_office_labels_name_the_person_introduced_with_them():
    doc = extract(
        "Prime Minister Helen Ward and Ana Santos (AS), who heads the Samar Rebuild Foundation, spoke on Monday.\n\n"
        "PRIME MINISTER: Building consents fell 12 percent in 2025 to 33,500.\n\n"
        "REPORTER: And how far has the rebuilding in Samar got since the typhoon?\n\n"
        "AS: We finished 1,240 houses by November.\n\n"
        "REPORTER: Thank you both for taking our questions this morning."
    )
    assert claim_with(doc, "33,500").speaker == "Helen Ward"
    assert claim_with(doc, "1,240 houses").speaker == "Ana Santos"

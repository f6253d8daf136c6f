"""Queue and claim pages prepare their repeated rows in the view; what users see stays the same."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.dataset import PASSWORD, Size, generate
from claims.models import Article, Claim, Event
from claims.presenters import local_date, truncate

pytestmark = pytest.mark.django_db


def test_templates_are_compiled_once_by_the_cached_loader():
    # template-partials wraps the loaders; its child must be Django's cached loader (in DEBUG too).
    (partials_loader,) = engines["django"].engine.template_loaders
    assert [type(loader) for loader in partials_loader.loaders] == [CachedLoader]


def test_truncate_cuts_like_the_truncatechars_filter():
    long = "word " * 40
    assert truncate(long, 34) == long[:33] + "…" and len(truncate(long, 34)) == 34
    assert truncate("short", 34) == "short"


def test_local_date_formats_like_the_date_filter():
    from datetime import UTC, datetime

    from django.template import Context, Template
    from django.utils import timezone

    when = datetime(2026, 3, 14, 23, 30, 5, tzinfo=UTC)
    with timezone.override("Europe/Berlin"):  # the next day there: the newsroom's own time zone is shown
        for fmt in ("c", "Y-m-d H:i"):
            shown = Template("{{ when|date:fmt }}").render(Context({"when": when, "fmt": fmt}))
            assert local_date(when, fmt) == shown
        assert local_date(when, "Y-m-d H:i") == "2026-03-15 00:30"
        with_microseconds = when.replace(microsecond=123456)
        shown = Template("{{ when|date:'c' }}").render(Context({"when": with_microseconds}))
        assert local_date(with_microseconds, "c") == shown


def test_queue_row_shows_links_short_text_and_the_articles_first_line_when_it_has_no_title(reviewer_client, reviewer):
    article = Article.objects.create(
        raw="x", text="\n  First line of the piece, long enough to be cut short here\nrest"
    )
    claim = Claim.objects.create(article=article, text="The deficit " + "grew " * 40, speaker="", kind="quantity")
    body = reviewer_client.get(reverse("queue")).content.decode()
    row = re.search(rf'<tr id="row-{claim.pk}".*?</tr>', body, re.S).group(0)
    assert f'data-href="/claims/{claim.pk}/"' in row and f'data-assign-url="/claims/{claim.pk}/assign/"' in row
    assert f'<a href="/articles/{article.pk}/">First line of the piece, long eno…</a>' in row
    assert f">{claim.text[:139]}…</a>" in row
    assert (
        '<td class="speaker-cell" data-label="Speaker">Article&#x27;s own voice</td>' in row
        and '<td data-label="Kind">Quantity</td>' in row
    )
    assert '<td class="assignee" data-label="Assignee">—</td>' in row


def test_claim_page_loads_appearances_verdicts_and_links_once(client):
    tiny = generate(size=Size.tiny())
    assert client.login(username=tiny.editor_username, password=PASSWORD)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("claim_detail", args=[tiny.claim_id])).content.decode()
    froms = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries if 'FROM "' in q["sql"]]
    for table in ("claims_appearance", "claims_verdict", "claims_claimlink", "claims_event"):
        assert froms.count(table) == 1, (table, froms)
    # The timeline still lists every entry, oldest first, with who did it.
    events = Event.objects.filter(claim_id=tiny.claim_id).select_related("actor").order_by("created_at", "id")
    shown = re.findall(r'<time datetime="([^"]+)">', body)
    assert len(shown) == len(events) > 0
    assert shown == sorted(shown)


def test_queue_row_escapes_what_people_typed_and_shows_the_desk_marks_and_verdict(reviewer_client):
    from datetime import date

    from claims.models import Tag
    from tests.support.factories import published_claim

    claim, _ = published_claim("False", text='<script>alert("x")</script> & it\'s "quoted"', score=0.125)
    Claim.objects.filter(pk=claim.pk).update(priority=True, due_date=date(2020, 1, 2), appearance_count=3)
    Tag.objects.create(name="<b>Budget</b>", slug="budget").claims.add(claim)
    body = reviewer_client.get(reverse("queue")).content.decode()
    row = re.search(rf'<tr id="row-{claim.pk}".*?</tr>', body, re.S).group(0)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#x27;s &quot;quoted&quot;</a>" in row
    assert "<script>" not in row
    assert '<span class="tag">&lt;b&gt;Budget&lt;/b&gt;</span>' in row
    # Published claims are never overdue, whatever their due date; the date still shows.
    assert 'class="overdue"' not in row and '<small class="due">due 2020-01-02</small>' in row
    assert '<span class="badge priority">Priority</span>' in row
    assert "· 3 appearances</small>" in row
    assert '<td class="num" data-label="Score">0.13</td>' in row  # floatformat rounds half up
    # The rating's colour is a class from /checks/ratings.css (no style attribute under the CSP).
    assert re.search(r'<span class="rating rating-[0-9a-f]{6}">False</span>', row) and "style=" not in row
    assert '<span class="badge status-published">Published</span>' in row


# The evidence loop as templates/claims/partials/claim_evidence.html printed it before
# claims/presenters.py evidence_html took over (kept beside this test; changed once since, on purpose:
# an entry with no recorded user says "added <date>", no longer "added by — <date>").
TEMPLATE_EVIDENCE_LOOP = (Path(__file__).parent / "claim_evidence_loop_before.html").read_text()


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", "", html)


def test_evidence_items_print_what_the_template_printed_in_every_excerpt_state(editor, reviewer):
    from django.db.models import Count, F, OuterRef, Subquery
    from django.template import Context, Template
    from django.utils import timezone

    from claims import presenters, queries
    from claims.models import Citation, Source
    from tests.support.factories import cite, make_claim

    claim = make_claim()
    cite(claim, excerpt="Unemployment fell from 5.0% to 4.6%.")
    elsewhere = Source.objects.create(
        url="https://stats.example.org/other",
        title="Other survey",
        publisher="Office <two>",
        text_snapshot="Nothing of the kind.",
        fetch_status=Source.FetchStatus.READY,
    )
    missing = cite(claim, source=elsewhere, excerpt='Not <b>there</b> & "quoted"', stance="supports")
    cleared = cite(claim, source=elsewhere, excerpt="Also not there.", stance="context")
    Citation.objects.filter(pk=cleared.pk).update(
        excerpt_override_at=timezone.now(), excerpt_override_by=editor, excerpt_override_reason="Quoted <by phone>"
    )
    pending_source = Source.objects.create(
        url="https://slow.example.org/x", title="Slow & steady", publisher="", fetch_status=Source.FetchStatus.FAILED
    )
    pending = Citation.objects.create(
        claim=claim, source=pending_source, stance="refutes", excerpt="Later.", pinpoint="p. 3", note="Ask <them>"
    )
    Citation.objects.filter(pk=pending.pk).update(created_by=reviewer)
    Citation.objects.create(claim=claim, source=pending_source, stance="context", excerpt="")  # no excerpt at all
    citations = presenters.evidence_rows(claim, queries.claim_citations(claim))
    assert {c.excerpt_check for c in citations} >= {"found", "not_found", "pending"}
    # The old template read model instances (choice labels, users): the same citations, loaded as
    # the page loaded them before queries.EvidenceItem, decorated by the same evidence_rows.
    cited_by = (
        Citation.objects.filter(source=OuterRef("source")).values("source").annotate(n=Count("claim", distinct=True))
    )
    as_models = presenters.evidence_rows(
        claim,
        list(
            claim.citations.select_related("source", "created_by", "excerpt_override_by").annotate(
                source_cited_by=Subquery(cited_by.values("n")),
                created_by_name=F("created_by__username"),
                override_by_name=F("excerpt_override_by__username"),
            )
        ),
    )
    assert [c.pk for c in as_models] == [c.pk for c in citations]
    token = "TOKEN"
    csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    for user, editor_view, can_override, error_on in (
        (editor, True, True, missing.pk),
        (reviewer, False, False, None),
    ):
        expected = Template(TEMPLATE_EVIDENCE_LOOP).render(
            Context(
                {
                    "citations": as_models,
                    "csrf_token": token,
                    "user": user,
                    "is_editor": editor_view,
                    "can_override": can_override,
                    "override_citation": error_on,
                    "override_error": "Give a <reason>",
                }
            )
        )
        shown = presenters.evidence_html(
            citations,
            csrf_input=csrf_input,
            user_pk=user.pk,
            is_editor=editor_view,
            can_override=can_override,
            override_citation=error_on,
            override_error="Give a <reason>",
        )
        assert _squeeze(shown) == _squeeze(expected)
    assert "Cleared for publication by" in expected and "&lt;by phone&gt;" in expected  # the states were all there
    assert "Not &lt;b&gt;there&lt;/b&gt; &amp; &quot;quoted&quot;" in shown and "Remove" in shown


def test_evidence_with_no_recorded_user_says_when_it_was_added_and_no_dash(reviewer_client, reviewer):
    from claims.models import Citation
    from tests.support.factories import cite, make_claim

    claim = make_claim()
    anonymous = cite(claim)  # no user recorded (an import, a deleted account)
    mine = cite(claim, url="https://stats.example.org/other", title="Other survey")
    Citation.objects.filter(pk=mine.pk).update(created_by=reviewer)
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    when = local_date(Citation.objects.get(pk=anonymous.pk).created_at, "Y-m-d H:i")
    assert f"<span>added {when}</span>" in body
    assert "added by —" not in body and f"<span>added by {reviewer.get_username()} " in body


# The timeline loop as templates/claims/partials/claim_timeline.html printed it before
# claims/presenters.py timeline_html took over (kept beside this test, unchanged).
TEMPLATE_TIMELINE_LOOP = (Path(__file__).parent / "claim_timeline_loop_before.html").read_text().rstrip("\n")


def test_timeline_entries_print_what_the_template_printed(editor, reviewer, rf):
    from django.template import Context, Template

    from claims import presenters, queries
    from claims.collaboration import comments
    from claims.collaboration.panels import claim_panels
    from claims.events import event_record
    from tests.support.factories import make_claim

    claim = make_claim()
    event_record(
        action="claim_edited",
        actor=editor,
        claim=claim,
        summary="Wording <edited>",
        before={"claim_reviewed": "", "status": "new"},
        after={"claim_reviewed": "Says & <means>"},
    )
    event_record(action="status_changed", claim=claim)  # no summary, no actor
    kept = comments.comment_post(claim=claim, author=reviewer, body="See https://example.org/a <now>")
    gone = comments.comment_post(claim=claim, author=reviewer, body="Typo")
    comments.comment_delete(comment=gone, actor=reviewer)
    event_record(action="comment_posted", actor=reviewer, claim=claim, summary="Comment posted")  # none behind it
    request = rf.get("/")
    request.user = reviewer
    events = presenters.timeline_rows(queries.claim_events(claim))
    claim_panels(request, claim, events)
    assert {e.action for e in events} >= {"claim_edited", "status_changed", "comment_posted"}
    expected = Template(TEMPLATE_TIMELINE_LOOP).render(Context({"events": events}))
    shown = presenters.timeline_html(events)
    assert "    " + shown == expected  # the four spaces before the tag stayed in the template
    assert "comment removed" in shown and kept.body[:3] in shown and "&lt;edited&gt;" in shown
    assert "    " + presenters.timeline_html([]) == Template(TEMPLATE_TIMELINE_LOOP).render(Context({"events": []}))


def test_article_page_lists_its_claims_with_speaker_score_kind_and_status(reviewer_client):
    from tests.support.factories import add_appearance, make_article, make_claim

    article = make_article()
    claim = make_claim(article, text='Taxes "rose" <fast> & ' + "far " * 50, speaker="", score=0.125, kind="quantity")
    other = make_claim(article, text="Crime fell.", speaker="The mayor", position=1, status="in_review")
    add_appearance(other, make_article(url="https://news.example.com/b"))
    body = reviewer_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    items = re.findall(r"<li>\s*<a href=\"/claims/.*?</li>", body, re.S)
    assert len(items) == 2
    first, second = items
    assert f'<a href="/claims/{claim.pk}/">Taxes &quot;rose&quot; &lt;fast&gt; &amp; far' in first
    assert "…</a>" in first and '<span class="speaker">Article\'s own voice</span>' in first
    assert '<span class="score" title="Check-worthiness">0.13</span>' in first  # floatformat rounds half up
    assert '<span class="kind kind-other">Other</span>' in first  # the appearance's kind
    assert '<span class="badge status-new">New</span>' in first
    assert (
        '<span class="speaker">The mayor</span>' in second
        and '<span class="badge status-in_review">In review</span>' in second
    )


def test_form_widgets_print_through_jinja2_and_the_admin_keeps_its_own_widgets(admin_client):
    from django.forms.renderers import get_default_renderer
    from django.template.backends.jinja2 import Template as JinjaTemplate

    renderer = get_default_renderer()
    assert isinstance(renderer.get_template("django/forms/widgets/input.html"), JinjaTemplate)
    assert admin_client.get(reverse("admin:claims_rating_add")).status_code == 200  # admin/widgets/… are Django's


def test_form_widgets_print_what_django_templates_print_escaping_included():
    from django import forms
    from django.forms.renderers import DjangoTemplates

    class Sample(forms.Form):
        rationale = forms.CharField(widget=forms.Textarea)
        title = forms.CharField()
        stance = forms.ChoiceField(choices=[('say "no"', "Ben's <b>pick</b>"), ("other", "Other & more")])
        when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        ok = forms.BooleanField()

    initial = {"rationale": 'Ben\'s "x" <b>', "title": "O'Neil & <i>", "stance": 'say "no"', "ok": True}
    fast, plain = Sample(initial=initial), Sample(initial=initial, renderer=DjangoTemplates())
    for name in initial | {"when": None}:
        assert _squeeze(str(fast[name])) == _squeeze(str(plain[name])), name
    assert "Ben&#x27;s &quot;x&quot; &lt;b&gt;" in str(fast["rationale"])


def test_the_blank_evidence_form_prints_what_the_partial_prints_for_each_claim(rf, reviewer):
    from django.template.backends.utils import csrf_input
    from django.template.loader import render_to_string

    from claims import presenters
    from claims.evidence.forms import EvidenceForm
    from tests.support.factories import make_claim

    for claim in (make_claim(), make_claim()):
        request = rf.get("/")
        request.user = reviewer
        expected = render_to_string(
            "claims/partials/evidence_form.html", {"claim": claim, "evidence_form": EvidenceForm()}, request=request
        )
        shown = presenters.blank_form_html(
            "claims/partials/evidence_form.html",
            name="evidence_form",
            form=EvidenceForm(),
            claim_pk=claim.pk,
            csrf_input=csrf_input(request),
        )
        token = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')
        assert token.sub("", shown) == token.sub("", expected) and f"/claims/{claim.pk}/evidence/" in shown
        assert len(token.findall(shown)) == 1 and token.findall(shown) != [presenters.MARKER_TOKEN]
    with pytest.raises(ValueError):
        presenters.blank_form_html(
            "claims/partials/evidence_form.html", name="evidence_form", form=EvidenceForm({}), claim_pk=1, csrf_input=""
        )


def test_option_lists_print_what_the_queue_loops_printed():
    from django.template import Context, Template

    from claims.presenters import options_html

    choices = [("a&b", "A <and> B"), ("reviewer03", "reviewer03"), (7, "Seven")]
    for selected in ("", "reviewer03", "a&b", 7):
        loop = Template(
            '{% for v, label in choices %}<option value="{{ v }}" {% if v == selected %}selected{% endif %}>'
            "{{ label }}</option>{% endfor %}"
        )
        assert options_html(choices, selected=selected) == loop.render(
            Context({"choices": choices, "selected": selected})
        )
    plain = Template('{% for v, label in choices %}<option value="{{ v }}">{{ label }}</option>{% endfor %}')
    assert options_html(choices) == plain.render(Context({"choices": choices}))


def test_queue_filters_keep_the_chosen_tag_and_assignee_selected(editor_client, reviewer):
    from claims.models import Tag
    from tests.support.factories import make_claim

    Tag.objects.create(name="Health <care>", slug="health")
    body = editor_client.get(reverse("queue"), {"tag": "health", "assignee": "rita"}).content.decode()
    assert '<option value="health" selected>Health &lt;care&gt;</option>' in body
    assert '<option value="rita" selected>rita</option>' in body
    # The bulk form's list of assignees, for an editor, once some claim is there to select.
    make_claim()
    assert f'<option value="{reviewer.pk}">rita</option>' in editor_client.get(reverse("queue")).content.decode()

"""Rows as pages show them: links, labels and shortened text worked out once per row, in Python.

A filter in a `{% for %}` loop runs once per row through the template engine; for the queue
(50 rows) and the claim timeline (dozens of entries) doing the same work here once per value
keeps rendering close to the cost of the SQL. Rows come from claims/queries.py; views call
both and templates only print.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape as html_escape

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst

from .matching import candidates, checked_before, known_reviews, similarity, suggestions
from .models import Appearance, Citation, Claim, ClaimLink, Event, Source, Verdict
from .publishing.rating_styles import colour_class
from .queries import EvidenceItem, QueueRow, TimelineEntry


def truncate(text: str, length: int) -> str:
    """Return text cut like the truncatechars filter, skipping its work when the text already fits."""
    return text if len(text) <= length else Truncator(text).chars(length)


# The formats the pages print, done directly: DateFormat parses its format string on every call
# (the claim page formats ~120 datetimes; local_date was a fifth of its own CPU).
FAST_FORMATS = {"c": datetime.isoformat, "Y-m-d H:i": lambda value: value.strftime("%Y-%m-%d %H:%M")}


def local_date(value: datetime | None, fmt: str) -> str:
    """Return a datetime formatted like the date filter does (in the current time zone)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    fast = FAST_FORMATS.get(fmt)
    if fast is not None and isinstance(value, datetime) and value.year >= 1000:
        return fast(value)
    # What the filter ends in: a literal format string is not looked up among the locale's formats.
    return dateformat.format(value, fmt)


def url_format(name: str, *leading) -> str:
    """Return a URL pattern's path as a format string with one slot for the last argument.

    One reverse() per page instead of one or more per row: a 50-row queue called reverse() 200 times.
    """
    marker = 987654321
    return reverse(name, args=[*leading, marker]).replace(str(marker), "{}")


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    return str(value)


def changes(event: Event | TimelineEntry) -> list[tuple[str, str, str]]:
    """Return an event's changes as (field, before, after) rows for the timeline."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, _show(before.get(key)), _show(after.get(key))) for key in keys]


# --- The queue ----------------------------------------------------------------------


def article_label(*, outlet: str, title: str, head: str, pk: int) -> str:
    """Return what the queue shows for an article: outlet, else title, else the first line of its text."""
    if outlet or title:
        return outlet or title
    first_line = head.strip().split("\n", 1)[0] if head else ""
    return (first_line[:90] + "…") if len(first_line) > 90 else (first_line or f"Article {pk}")


def queue_rows_decorate(rows: list[QueueRow]) -> None:
    """Give each queue row its links, labels and shortened text, worked out once in Python.

    Rendering, not SQL, dominated the queue (about 200 reverse() calls and 150 truncatechars
    per page); the row's HTML (queue_row_html) only prints these attributes.
    """
    claim_url, assign_url, article_url = (url_format(n) for n in ("claim_detail", "claim_assign", "article_detail"))
    kinds, statuses = dict(Claim.Kind.choices), dict(Claim.Status.choices)
    verdict_statuses = dict(Verdict.Status.choices)
    for row in rows:
        row.detail_url = claim_url.format(row.pk)
        row.assign_url = assign_url.format(row.pk)
        row.article_url = article_url.format(row.article_id)
        row.text_short = truncate(row.text, 140)
        row.speaker_short = truncate(row.speaker or "Article's own voice", 40)  # as on the claim page and the ledger
        label = article_label(
            outlet=row.article_outlet, title=row.article_title, head=row.article_head, pk=row.article_id
        )
        row.article_label = truncate(label, 34)
        row.kind_label = kinds.get(row.kind, row.kind)
        row.status_label = statuses.get(row.status, row.status)
        verdict = row.verdict
        row.verdict_note = (
            verdict_statuses.get(verdict["status"], verdict["status"]).lower()
            if verdict and verdict["status"] != Verdict.Status.PUBLISHED
            else ""
        )


QUEUE_CLOSED = (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
HUNDREDTHS = Decimal("0.01")
# One queue row. Built with str.format over escaped values rather than by the template engine:
# a row was ~30 template nodes and an include, 50 rows about half of the page's own time.
QUEUE_ROW = """          <tr id="row-{pk}" {overdue_class}data-href="{detail_url}" data-assign-url="{assign_url}">
            <td class="select-cell"><input type="checkbox" name="ids" value="{pk}" aria-label="Select claim {pk}"></td>
            <td class="claim-cell" data-label="Claim"><a href="{detail_url}">{text}</a>{appearances}{desk}</td>
            <td class="speaker-cell" data-label="Speaker">{speaker}</td>
            <td class="article-cell" data-label="Article"><a href="{article_url}">{article}</a><br>\
<small class="hint">{article_date}</small></td>
            <td data-label="Kind">{kind}</td>
            <td class="num" data-label="Score">{score}</td>
            <td data-label="Status"><span class="badge status-{status}">{status_label}</span></td>
            <td class="assignee" data-label="Assignee">{assignee}</td>
            <td data-label="Verdict">{verdict}</td>
          </tr>
"""


def hundredths(value: float) -> str:
    """Return a float as the floatformat:2 filter prints it (half-up rounding of its shortest repr)."""
    return str(Decimal(repr(value)).quantize(HUNDREDTHS, ROUND_HALF_UP))


def _escape(value) -> str:
    """Return value escaped for HTML exactly as django.utils.html.escape does (which calls html.escape)."""
    return html_escape(str(value))


def queue_row_html(claim: QueueRow, *, today) -> SafeString:
    """Return a queue row (decorated by queue_rows_decorate) as HTML, every value escaped.

    Prints what the template filters printed (html.escape is what django.utils.html.escape
    calls; floatformat's half-up rounding; the date filter's Y-m-d in the current time zone)
    without their per-call overhead.
    """
    overdue = bool(claim.due_date and claim.due_date < today and claim.status not in QUEUE_CLOSED)
    desk = ' <span class="badge priority">Priority</span>' if claim.priority else ""
    if claim.due_date:
        late = " overdue" if overdue else ""
        desk += f' <small class="due{late}">due {claim.due_date.isoformat()}{" · overdue" if overdue else ""}</small>'
    desk += "".join(f' <span class="tag">{_escape(tag)}</span>' for tag in claim.tags)
    if claim.article_published:
        article_date = claim.article_published.isoformat()
    else:
        article_date = "submitted " + timezone.localtime(claim.article_created_at).date().isoformat()
    verdict = claim.verdict
    if verdict:
        # The colour is a class (rules in /checks/ratings.css): the CSP allows no style attribute.
        colour, label = _escape(colour_class(verdict["colour"])), _escape(verdict["label"])
        verdict_html = f'<span class="rating {colour}">{label}</span>'
        if claim.verdict_note:
            verdict_html += f' <small class="hint">{_escape(claim.verdict_note)}</small>'
    else:
        verdict_html = "—"
    appearances = ""
    if claim.appearance_count > 1:
        count = claim.appearance_count
        appearances = f' <small class="appearances" title="Appearances across articles">· {count} appearances</small>'
    return mark_safe(  # noqa: S308 - every value is escaped above or here
        QUEUE_ROW.format(
            pk=claim.pk,
            overdue_class='class="overdue" ' if overdue else "",
            detail_url=_escape(claim.detail_url),
            assign_url=_escape(claim.assign_url),
            text=_escape(claim.text_short),
            appearances=appearances,
            desk=desk,
            speaker=_escape(claim.speaker_short),
            article_url=_escape(claim.article_url),
            article=_escape(claim.article_label),
            article_date=article_date,
            kind=_escape(claim.kind_label),
            score=hundredths(claim.score),
            status=_escape(claim.status),
            status_label=_escape(claim.status_label),
            assignee=_escape(claim.assignee_name or "—"),
            verdict=verdict_html,
        )
    )


def options_html(choices, *, selected=None) -> SafeString:
    """Return (value, label) pairs as <option> elements, the one equal to `selected` marked (as the queue's loops did).

    With `selected` given, each option prints a space before its (possibly empty) mark, as
    `<option value="{{ v }}" {% if v == x %}selected{% endif %}>`; without, none
    (`<option value="{{ v }}">`). The queue prints five such lists, two of every desk member.
    """
    if selected is None:
        return mark_safe("".join(f'<option value="{_escape(v)}">{_escape(label)}</option>' for v, label in choices))  # noqa: S308
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<option value="{_escape(v)}" {"selected" if v == selected else ""}>{_escape(label)}</option>'
            for v, label in choices
        )
    )


# --- The article page -------------------------------------------------------------------

ARTICLE_CLAIM = """          <li>
            <a href="{url}">{text}</a>
            <div class="claim-meta">
              <span class="speaker">{speaker}</span>
              <span class="score" title="Check-worthiness">{score}</span>
              <span class="kind kind-{kind}">{kind_label}</span>
              <span class="badge status-{status}">{status_label}</span>
            </div>
          </li>
"""


def article_claims_html(appearances: list[Appearance]) -> SafeString:
    """Return the article page's list of claims (appearances with their claim loaded) as <li> items.

    Printed here rather than by a template loop: 40 claims were ~320 template nodes (a reversed
    URL, truncatechars, floatformat and two choice labels each), about a third of the page's rendering.
    """
    claim_url = url_format("claim_detail")
    kinds, statuses = dict(Claim.Kind.choices), dict(Claim.Status.choices)
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            ARTICLE_CLAIM.format(
                url=_escape(claim_url.format(a.claim_id)),
                text=_escape(truncate(a.text, 160)),
                speaker=_escape(a.speaker) if a.speaker else "Article's own voice",
                score=hundredths(a.score),
                kind=_escape(a.kind),
                kind_label=_escape(kinds.get(a.kind, a.kind)),
                status=_escape(a.claim.status),
                status_label=_escape(statuses.get(a.claim.status, a.claim.status)),
            )
            for a in appearances
        )
    )


# --- The claim page ---------------------------------------------------------------------


def claim_contexts(appearances: list[Appearance]) -> list[dict]:
    """Return the paragraph around each appearance, split so the claim span can be highlighted."""
    contexts = []
    for appearance in appearances:
        text = appearance.article.text
        para_start = text.rfind("\n", 0, appearance.start) + 1
        para_end = text.find("\n", appearance.end)
        para_end = len(text) if para_end == -1 else para_end
        contexts.append(
            {
                "appearance": appearance,
                "before": text[para_start : appearance.start],
                "span": text[appearance.start : appearance.end],
                "after": text[appearance.end : para_end],
            }
        )
    return contexts


def evidence_rows(claim: Claim, citations: list[EvidenceItem]) -> list[EvidenceItem]:
    """Give each citation its links and labels, worked out once (the claim page shows 20 or more)."""
    source_url, remove_url = url_format("source_detail"), url_format("citation_remove", claim.pk)
    override_url = url_format("citation_override", claim.pk)
    stances = dict(Citation.Stance.choices)
    for citation in citations:
        source = citation.source
        name = str(source)
        citation.source_url = source_url.format(citation.source_id)
        citation.remove_url = remove_url.format(citation.pk)
        citation.override_url = override_url.format(citation.pk)
        citation.source_label = truncate(name, 110)
        citation.source_label_short = truncate(name, 60)
        citation.stance_label = stances.get(citation.stance, citation.stance)
        citation.added_by = citation.created_by_name or ""  # no recorded user: "added <date>"
        citation.added_at = local_date(citation.created_at, "Y-m-d H:i")
    return citations


def evidence_html(
    citations: list[EvidenceItem],
    *,
    csrf_input: str,
    user_pk: int | None,
    is_editor: bool,
    can_override: bool,
    override_citation: int | None = None,
    override_error: str = "",
) -> SafeString:
    """Return the claim page's evidence items (citations decorated by evidence_rows) as <li> HTML.

    Printed here rather than by a template loop: 20 citations were ~600 template nodes, a
    tenth of the claim page's CPU. Every value is escaped as the template's autoescape did.
    """
    source_types, fetch_statuses = dict(Source.Type.choices), dict(Source.FetchStatus.choices)
    items = []
    for c in citations:
        source = c.source
        stance = _escape(c.stance)
        head = f'<span class="badge stance stance-{stance}">{_escape(c.stance_label)}</span>\n'
        head += f'        <a href="{_escape(c.source_url)}">{_escape(c.source_label)}</a>\n        '
        if source.publisher:
            head += f'<span class="hint">· {_escape(source.publisher)}</span>'
        source_type = source_types.get(source.source_type, source.source_type)
        head += f'\n        <span class="hint">· {_escape(source_type)}</span>\n'
        if source.fetch_status != Source.FetchStatus.READY and source.url:
            status = fetch_statuses.get(source.fetch_status, source.fetch_status)
            head += f'        <span class="hint">· {_escape(str(status).lower())}</span>'
        else:
            head += "        "
        body = ""
        if c.excerpt:
            body = f'<blockquote class="excerpt">“{_escape(c.excerpt)}”</blockquote>\n      '
            if c.excerpt_check == Citation.ExcerptCheck.FOUND:
                body += (
                    '<p class="excerpt-check found">✓ Excerpt found in the source '
                    f'<span class="hint">({_escape(c.excerpt_location)})</span></p>'
                )
            elif c.excerpt_check == Citation.ExcerptCheck.NOT_FOUND:
                body += '<p class="excerpt-check not-found" role="status">✗ Excerpt not found in the source'
                if not c.excerpt_override_at:
                    body += ": check the quote, or an editor clears it with a reason before publishing."
                body += "</p>"
            else:
                fetch = " (it is checked when the fetch completes)" if source.url else ""
                body += (
                    '<p class="excerpt-check pending">'
                    f"Excerpt not checked yet: the source's text is not available{fetch}.</p>"
                )
            body += "\n      "
            if c.excerpt_override_at:
                by = c.override_by_name or ""
                by = _escape(by) if by else "an editor"
                body += f'<p class="hint">Cleared for publication by {by}: {_escape(c.excerpt_override_reason)}</p>'
            elif c.excerpt_check != Citation.ExcerptCheck.FOUND and can_override:
                error = (
                    f'<p class="error" role="alert">{_escape(override_error)}</p>' if override_citation == c.pk else ""
                )
                body += (
                    f'\n      <form method="post" action="{_escape(c.override_url)}" hx-boost="true" '
                    f'class="inline-form override-form">{csrf_input}\n'
                    f'        <label for="override-{c.pk}">Reason to publish it anyway</label>\n'
                    f'        <input type="text" id="override-{c.pk}" name="reason" required maxlength="2000">\n'
                    '        <button type="submit">Publish anyway</button>\n'
                    f"        {error}\n      </form>\n      "
                )
        pinpoint = f"<span>{_escape(c.pinpoint)}</span> · " if c.pinpoint else ""
        cited = c.source_cited_by
        note = f'<p class="note">{_escape(c.note)}</p>' if c.note else ""
        remove = ""
        if is_editor or c.created_by_id == user_pk:
            remove = (
                f'\n      <form method="post" action="{_escape(c.remove_url)}" hx-boost="true" class="inline-form">'
                f"{csrf_input}\n"
                '        <button type="submit" class="link-button" '
                f'aria-label="Remove evidence {_escape(c.source_label_short)}">Remove</button>\n      </form>\n      '
            )
        items.append(
            f'    <li class="citation stance-{stance}">\n'
            f'      <div class="citation-head">\n        {head}\n      </div>\n'
            f"      {body}\n"
            '      <p class="citation-meta">\n'
            f"        {pinpoint}\n"
            f"        <span>cited by {_escape(cited)} claim{'' if cited == 1 else 's'}</span> ·\n"
            f"        <span>added{' by ' + _escape(c.added_by) if c.added_by else ''} {_escape(c.added_at)}</span>\n"
            "      </p>\n"
            f"      {note}\n      {remove}\n"
            "    </li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above


# Unbound forms rendered once per process (template name -> HTML with marker claim number and CSRF token).
_BLANK_FORMS: dict[str, str] = {}
MARKER_PK = 987654321
MARKER_TOKEN = "blank-form-csrf-token"  # noqa: S105 - a placeholder replaced by the request's token


def blank_form_html(template_name: str, *, name: str, form, claim_pk: int, csrf_input: str) -> SafeString:
    """Return a partial that prints one unbound form for a claim, rendered once per process.

    An unbound form prints the same HTML on every claim but for the claim's number in its
    URLs and the request's CSRF token: the evidence form's ten widgets were ~2 ms a page. The
    partial is rendered (with `form` as `name`) with a marker number and token, which are then
    replaced. The caller passes only unbound forms whose HTML depends on nothing else.
    """
    if form.is_bound:
        raise ValueError("blank_form_html prints unbound forms only")
    html = _BLANK_FORMS.get(template_name)
    if html is None:
        html = render_to_string(template_name, {"claim": {"pk": MARKER_PK}, "csrf_token": MARKER_TOKEN, name: form})
        _BLANK_FORMS[template_name] = html
    marker_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{MARKER_TOKEN}">'
    return mark_safe(html.replace(marker_input, csrf_input).replace(str(MARKER_PK), str(claim_pk)))  # noqa: S308


def timeline_rows(events: list[TimelineEntry]) -> list[TimelineEntry]:
    """Give each timeline entry its times, actor and changes ready to print (the filters' work, done once)."""
    for event in events:
        event.when_iso = local_date(event.created_at, "c")
        event.when = local_date(event.created_at, "Y-m-d H:i")
        event.actor_name = event.actor_name or "system"
        event.change_rows = [
            (capfirst(key), truncate(before, 160), truncate(after, 160)) for key, before, after in changes(event)
        ]
    return events


TIMELINE_ENTRY = """
    <li class="event-{action}">
      <time datetime="{when_iso}">{when}</time>
      <strong>{actor}</strong> — {summary}
      {comment}
      {changes}
    </li>
    """


def timeline_html(events: list[TimelineEntry]) -> SafeString:
    """Return the claim page's timeline entries (events decorated by timeline_rows) as <li> HTML.

    Printed here rather than by a template loop: 50 entries were ~400 template nodes. A
    comment_posted entry shows its comment's current text (`event.comment`, put there by
    collaboration.panels.claim_panels) or "comment removed". Every value is escaped as the
    template's autoescape did.
    """
    if not events:
        return mark_safe("<li>No changes yet.</li>")
    items = []
    for event in events:
        comment = ""
        if event.action == "comment_posted":
            posted = getattr(event, "comment", None)
            if posted is None or posted.deleted_at:
                comment = '<p class="comment-removed">comment removed</p>'
            else:
                comment = f'<p class="comment-body">{conditional_escape(posted.html)}</p>'
        changes = ""
        if event.change_rows:
            rows = "".join(
                f'<dt>{_escape(key)}</dt><dd><span class="before">{_escape(before)}</span> → '
                f'<span class="after">{_escape(after)}</span></dd>'
                for key, before, after in event.change_rows
            )
            changes = f'\n      <dl class="change">{rows}</dl>\n      '
        items.append(
            TIMELINE_ENTRY.format(
                action=_escape(event.action),
                when_iso=_escape(event.when_iso),
                when=_escape(event.when),
                actor=_escape(event.actor_name),
                summary=_escape(event.summary or event.action),
                comment=comment,
                changes=changes,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above


def matching_panel(claim: Claim, *, appearances: list | None = None, verdicts: list | None = None) -> dict:
    """Return what the matching panel shows for a claim.

    The claim page passes the appearances and verdicts it already loaded, saving two queries;
    the panel's own view (htmx) leaves them out and they are fetched here.
    """
    if appearances is not None:
        appearances = sorted(appearances, key=lambda a: (a.created_at, a.pk))
    else:
        appearances = list(claim.appearances.select_related("article").order_by("created_at", "id"))
    if verdicts is not None:
        published = [v for v in verdicts if v.status == Verdict.Status.PUBLISHED]
        # Same choice as candidates.published_verdict: newest published_at, then highest id (NULLs first when DESC).
        published_verdict = max(
            published, key=lambda v: (v.published_at is None, v.published_at or v.proposed_at, v.pk), default=None
        )
    else:
        published_verdict = candidates.published_verdict(claim)
    links = suggestions.claim_links_by_status(claim, statuses=[ClaimLink.Status.SUGGESTED, ClaimLink.Status.REJECTED])
    # A suggested twin this desk already published is a matching published check: its rating and date show.
    suggested = links[ClaimLink.Status.SUGGESTED]
    # Most claims have no suggestion: building the (empty) verdict query was ~1 ms of CPU for nothing.
    twins = checked_before.published_verdicts(other.pk for _, other in suggested) if suggested else {}
    for _, other in links[ClaimLink.Status.SUGGESTED]:
        other.published_check = twins.get(other.pk)
    return {
        "published": published_verdict,
        "suggestions": judged(claim, links[ClaimLink.Status.SUGGESTED]),
        "rejected": links[ClaimLink.Status.REJECTED],
        "merged": list(claim.merged_claims.order_by("id").only("id")),  # the panel links them by number
        "merged_into": claim.merged_into,
        "known_reviews": known_reviews.claim_known_reviews(claim),
        "appearances": appearances,
        "article_count": len({a.article_id for a in appearances}),
        "can_split": len(appearances) > 1,
    }


def judged(claim: Claim, links: list[tuple[ClaimLink, Claim]]) -> list[tuple[ClaimLink, Claim, similarity.Match]]:
    """Return suggestions with the matcher's judgement, confident ones first.

    Confident suggestions (same facts and close wording, or the same distinctive figure with
    most words shared) are marked but never merged without a reviewer: a merge moves verdicts
    and evidence, and a paraphrase can change who says what or how much.
    """
    rows = []
    for link, other in links:
        match = similarity.compare(claim.text, other.text)
        if match.linked:  # the same words in another story: stored apart, for a reviewer to decide
            match = similarity.Match("similar", 1.0, "same wording in another story (place or speaker differ)")
        elif not match.suggested and not match.conflicting:
            # Suggested with the two articles' story as context, which the wordings alone do not carry.
            match = similarity.Match(
                "similar",
                link.similarity,
                similarity.pair_reason(claim.text, other.text),
                confident=link.similarity >= similarity.STORY_CONFIDENT_AT,
            )
        rows.append((link, other, match))
    return sorted(rows, key=lambda row: not row[2].confident)

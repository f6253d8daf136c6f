"""Access control: every role (anonymous and no role included) × every route × GET and POST.

The expected outcome comes from the roles table (docs/review-workflow.md) written out
below per route, not from the views. Levels: P public, U any signed-in user, R Reviewer,
E Editor, A Admin (staff), T API token only (no session gets in), "author" the comment's
author only, "owner" the saved search's owner only, None the method is not offered.

A refused request is 401, 403, 404 (not yours), 405 or a redirect to a log-in page; an
allowed one is anything else below 500. A request holds when a role below the level is
refused and a role at or above it is not (405 always holds: nothing was served). Every
POST carries a valid CSRF token, so refusals come from the roles, not from CSRF. The
denied passes must change nothing: the timeline's event count is compared around them.
"""

from __future__ import annotations

import re

from .results import Attempt

RANK = {"anonymous": 0, "no role": 1, "Reviewer": 2, "Editor": 3, "Admin": 4}
LEVEL = {"P": 0, "U": 1, "R": 2, "E": 3, "A": 4}

# route name: (GET level, POST level)
TABLE: dict[str, tuple[str | None, str | None]] = {
    "login": ("P", "P"),
    "logout": (None, "U"),
    "index": ("A", "A"),  # the Django admin
    "healthz": ("P", None),
    "home": ("R", "R"),
    "queue": ("R", "R"),
    "article_list": ("R", "R"),
    "article_new": ("R", "R"),
    "article_detail": ("R", "R"),
    "article_retry": (None, "R"),
    "article_metadata": (None, "E"),
    "article_archive": (None, "E"),
    "article_restore": (None, "E"),
    "article_delete": ("E", "E"),  # GET: the confirmation page
    "article_deletions": ("R", None),
    "article_checked_before": ("R", None),
    "draft_check": ("R", "R"),
    "claim_detail": ("R", "R"),
    "claim_matches": ("R", None),
    "claim_link_decide": (None, "R"),
    "claim_merge": (None, "R"),
    "claim_split": (None, "R"),
    "known_review_import": ("E", "E"),
    "claim_wording": (None, "R"),
    "claim_status": (None, "R"),
    "claim_assign": (None, "R"),
    "evidence_add": (None, "R"),
    "citation_remove": (None, "E"),  # someone else's evidence: Editors only
    "citation_override": (None, "E"),
    "verdict_save": (None, "R"),
    "verdict_approve": (None, "E"),
    "verdict_send_back": (None, "E"),
    "verdict_publish": ("E", "E"),
    "queue_bulk": (None, "R"),
    "source_list": ("R", "R"),
    "source_new": ("R", "R"),
    "source_search": ("R", "R"),
    "source_detail": ("R", "R"),
    "source_file": ("R", "R"),
    "source_refetch": (None, "R"),
    "source_edit": ("E", "E"),
    "public_index": ("P", None),
    "public_feed": ("P", None),
    "public_corrections": ("P", None),
    "rating_styles": ("P", None),
    "public_corrections_feed": ("P", None),
    "public_check": ("P", None),
    "article_ledger": ("R", None),
    "article_ledger_md": ("R", None),
    "article_ledger_pdf": ("R", None),
    "queue_export_csv": ("R", None),
    "api_articles": ("T", None),
    "api_article": ("T", None),
    "api_claims": ("T", None),
    "api_claim": ("T", None),
    "api_reviews": ("T", None),
    "api_tokens": ("R", "R"),
    "api_token_revoke": (None, "R"),
    "my_work": ("R", "R"),
    "notifications": ("R", "R"),
    "notifications_read": (None, "R"),
    "notification_open": ("R", "R"),
    "notification_settings": ("U", "U"),  # one's own e-mail preference, as signing out needs no role
    "comment_post": (None, "R"),
    "comment_edit": ("author", "author"),
    "comment_delete": (None, "author"),
    "mention_suggestions": ("R", "R"),
    "claim_follow": (None, "R"),
    "claim_tags": (None, "R"),
    "claim_due": (None, "R"),
    "checklist_tick": (None, "R"),
    "tag_create": (None, "E"),  # Editors create tags, anyone applies them
    "saved_search_create": (None, "R"),
    "saved_searches": ("R", "R"),
    "saved_search_rename": (None, "owner"),
    "saved_search_delete": (None, "owner"),
}


def fresh_comment(people, ids) -> None:
    """Give each role's pass a comment of its own (by the Reviewer) to try to edit and delete."""
    from claims.models import Comment

    ids["comment_pk"] = Comment.objects.create(claim_id=ids["claims"], author=people["Reviewer"], body="A note.").pk


def comment_body(ids) -> str | None:
    from claims.models import Comment

    return Comment.objects.filter(pk=ids["comment_pk"]).values_list("body", flat=True).first()


def comment_deleted(ids) -> bool:
    from claims.models import Comment

    return Comment.objects.filter(pk=ids["comment_pk"], deleted_at__isnull=False).exists()


def tag_made(role) -> bool:
    from claims.models import Tag

    return Tag.objects.filter(name=f"probe tag {role}").exists()


def saved_name(ids) -> str | None:
    from claims.models import SavedSearch

    return SavedSearch.objects.filter(pk=ids["queue"]).values_list("name", flat=True).first()


# Views that refuse with a message and a redirect (the page's usual way of saying no) rather than
# a 403: what is sent, and whether it took effect. A refusal must leave no effect; an allowed
# request must have one.
EFFECTS = {
    ("POST", "tag_create"): (lambda role: {"name": f"probe tag {role}"}, lambda ids, role, r: tag_made(role)),
    ("GET", "comment_edit"): (lambda role: None, lambda ids, role, r: r.status_code == 200),
    ("POST", "comment_edit"): (
        lambda role: {"body": f"edited by {role}"},
        lambda ids, role, r: comment_body(ids) == f"edited by {role}",
    ),
    ("POST", "comment_delete"): (lambda role: {}, lambda ids, role, r: comment_deleted(ids)),
    ("POST", "saved_search_rename"): (
        lambda role: {"name": f"renamed by {role}"},
        lambda ids, role, r: saved_name(ids) == f"renamed by {role}",
    ),
}


def allowed(level: str | None, role: str) -> bool:
    if level is None or level == "T":
        return False
    if level == "author":
        return role == "Reviewer"
    if level == "owner":
        return role == "Editor"
    return RANK[role] >= LEVEL[level]


def refused(response) -> bool:
    location = response.headers.get("location", "")
    to_login = response.status_code == 302 and re.match(r"(https://[^/]+)?/(accounts|admin)/login/", location)
    return response.status_code in (401, 403, 404, 405) or bool(to_login)


def objects(people) -> dict[str, object]:
    """Make one of everything a route can name, and return the ids by the route's segment or argument."""
    from claims.api import tokens
    from claims.models import ChecklistItem, ClaimLink, Comment, Notification, SavedSearch
    from tests.support.factories import cite, make_article, make_claim, propose, published_claim

    article = make_article(title="Access probe", url="https://news.example.com/access")
    claim = make_claim(article, text="Unemployment fell by 40% last year.", claim_reviewed="It fell by 40%")
    other = make_claim(make_article(url="https://news.example.com/access-2"), text="Unemployment fell by 40%.")
    link = ClaimLink.objects.create(
        claim=claim, other=other, claim_fingerprint="a", other_fingerprint="b", similarity=1
    )
    citation = cite(claim, url="https://stats.example.org/access")
    verdict = propose(claim, by=people["Reviewer"])
    comment = Comment.objects.create(claim=claim, author=people["Reviewer"], body="A note.")
    item = ChecklistItem.objects.create(label="Called the source")
    saved = SavedSearch.objects.create(owner=people["Editor"], name="Mine", query="q=x")
    token, _ = tokens.api_token_create(user=people["Editor"], name="CMS")
    notification = Notification.objects.filter(recipient=people["Reviewer"]).first()
    public, _ = published_claim()
    return {
        "articles": article.pk,
        "claims": claim.pk,
        "sources": citation.source_id,
        "link_pk": link.pk,
        "citation_pk": citation.pk,
        "verdict_pk": verdict.pk,
        "comment_pk": comment.pk,
        "item_pk": item.pk,
        "queue": saved.pk,
        "account": token.pk,
        "notifications": notification.pk if notification else 1,
        "slug": public.slug,
    }


def routes() -> list[tuple[str, str]]:
    """Return (route pattern, name) for every route but the admin's inner pages."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.name

    return [(r, name) for r, name in walk(get_resolver().url_patterns) if not r.startswith("admin/") or r == "admin/"]


def concrete(route: str, ids: dict) -> str:
    def fill(match):
        name = match[2]
        key = route.split("/")[0] if name == "pk" else name
        return str(ids.get(key, 1))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def run(stack, people, *, fast: bool = False) -> list[Attempt]:
    from claims.models import Event

    from .people import client_for

    ids = objects(people)
    attempts = []
    found = routes()
    unknown = [name for _, name in found if name not in TABLE]
    for name in unknown:  # a route added after this table: the table must say who may use it
        attempts.append(Attempt("Access control", f"route {name}", False, "not in the probe's roles table"))
    clients = {role: client_for(stack, user) for role, user in people.items()}
    # The fast subset: the two roles most often refused, on the method that changes things.
    roles = list(RANK) if not fast else ["no role", "Reviewer"]
    methods = ("GET", "POST") if not fast else ("POST",)
    events_before = Event.objects.count()
    for role in roles:
        if role == "Reviewer":
            denied_events = Event.objects.count() - events_before
            if denied_events:
                attempts.append(
                    Attempt("Access control", "anonymous and no-role passes", False, f"{denied_events} events")
                )
        fresh_comment(people, ids)
        for route, name in found:
            if name not in TABLE:
                continue
            path = concrete(route, ids)
            for method, level in zip(("GET", "POST"), TABLE[name], strict=True):
                if method not in methods:
                    continue
                client = clients[role]
                if name == "logout" and people[role] is not None:
                    client = client_for(stack, people[role])  # a session of its own to sign out of
                data_for, effect = EFFECTS.get((method, name), (lambda role: {}, None))
                data = data_for(role) if method == "POST" else None
                response = client.request(method, path, data=data)
                expected = allowed(level, role)
                if response.status_code >= 500:
                    held, detail = False, f"HTTP {response.status_code}"
                elif name == "logout" and method == "POST":  # signing out always lands on the log-in page
                    held = refused(response)
                    detail = f"{response.status_code} {response.headers.get('location', '')}"
                elif effect is not None:
                    happened = effect(ids, role, response)
                    held = happened == expected and (expected or response.status_code in (302, 403, 404, 405))
                    detail = f"{response.status_code}, effect {'taken' if happened else 'not taken'}"
                elif expected:
                    held = not refused(response) or response.status_code == 404
                    detail = f"refused with {response.status_code} {response.headers.get('location', '')}"
                else:
                    held = refused(response)
                    detail = f"served {response.status_code} {response.headers.get('location', '')}"
                attempts.append(
                    Attempt("Access control", f"{role}: {method} {path}", held, detail + f" (level {level})")
                )
    return attempts

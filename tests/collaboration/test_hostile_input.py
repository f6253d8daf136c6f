"""No input is ever a server error: every collaboration form fed junk answers with a page or a redirect."""

import pytest
from django.urls import reverse

from claims.collaboration import comments, tags
from claims.models import ChecklistItem, SavedSearch
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db

JUNK = ["", " ", "\x00", "\u200b\u200b", "x" * 20_000, "-1", "99999999999999999999", "<script>", "%00", "@" * 500]
FIELDS = ["body", "due_date", "priority", "tags", "name", "claim", "shared", "query", "id", "page", "email", "done"]


def test_every_collaboration_post_survives_junk_in_every_field(client, make_user):
    editor = make_user("Editor", "eddie")
    claim = make_claim()
    comment = comments.comment_post(claim=claim, author=editor, body="mine")
    item = ChecklistItem.objects.create(label="Call")
    search = SavedSearch.objects.create(owner=editor, name="s", query="")
    tags.tag_create(name="Health", actor=editor)
    client.force_login(editor)
    urls = [
        reverse("comment_post", args=[claim.pk]),
        reverse("comment_edit", args=[claim.pk, comment.pk]),
        reverse("claim_follow", args=[claim.pk]),
        reverse("claim_tags", args=[claim.pk]),
        reverse("claim_due", args=[claim.pk]),
        reverse("checklist_tick", args=[claim.pk, item.pk]),
        reverse("tag_create"),
        reverse("saved_search_create"),
        reverse("saved_search_rename", args=[search.pk]),
        reverse("notifications_read"),
        reverse("notification_settings"),
        reverse("queue_bulk"),
    ]
    errors = []
    for url in urls:
        for value in JUNK:
            data = {field: value for field in FIELDS} | {"ids": [claim.pk, value], "action": "tag"}
            for action in ("tag", "due"):
                data["action"] = action
                status = client.post(url, data).status_code
                if status >= 500:
                    errors.append(f"{url} {value[:20]!r} -> {status}")
    for value in JUNK:
        for url in (reverse("mention_suggestions"), reverse("notifications"), reverse("my_work")):
            if client.get(url, {"body": value, "page": value}).status_code >= 500:
                errors.append(f"GET {url} {value[:20]!r}")
    assert not errors, "\n".join(errors)
    client.post(reverse("comment_delete", args=[claim.pk, comment.pk]), {"x": "\x00"})

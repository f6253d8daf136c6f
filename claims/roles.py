"""The newsroom's roles and what each may do.

Reviewer: work claims, add evidence, propose verdicts.
Editor: also assign, approve, publish, manage sources and articles.
Admin: everything, including the rating scale and users (Django admin).
"""

REVIEWER = "Reviewer"
EDITOR = "Editor"
ADMIN = "Admin"

# Codenames of claims-app permissions given to each group.
REVIEWER_PERMS = [
    "view_article", "add_article",
    "view_claim", "change_claim",
    "view_appearance",
    "view_source", "add_source",
    "view_citation", "add_citation",
    "view_verdict", "add_verdict",
    "view_rating", "view_event",
]
EDITOR_PERMS = REVIEWER_PERMS + [
    "change_article", "delete_article",
    "change_source", "delete_source",
    "change_citation", "delete_citation",
    "change_verdict",
    "assign_claim", "approve_verdict", "publish_verdict",
]
ROLE_PERMS = {REVIEWER: REVIEWER_PERMS, EDITOR: EDITOR_PERMS}


def is_editor(user) -> bool:
    """Return True for users who may assign, approve and publish."""
    return user.is_superuser or user.groups.filter(name__in=[EDITOR, ADMIN]).exists()

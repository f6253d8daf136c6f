"""Create the demo accounts and demo articles for `make run` (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims.intake.articles import article_submit
from claims.models import Article
from claims.roles import EDITOR, REVIEWER

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ACCOUNTS = [
    # username, password, group, superuser
    ("editor", "claimdesk-editor", EDITOR, True),
    ("reviewer", "claimdesk-reviewer", REVIEWER, False),
]


class Command(BaseCommand):
    help = "Create demo accounts (editor, reviewer) and submit the demo articles once."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, password, group, superuser in ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = superuser
                user.is_superuser = superuser
                user.save()
            user.groups.add(Group.objects.get(name=group))
        editor = User.objects.get(username="editor")
        for path in sorted(DEMO_DIR.iterdir()):
            if Article.objects.filter(filename=path.name).exists():
                continue
            article_submit(
                user=editor,
                text=path.read_text(encoding="utf-8"),
                filename=path.name,
                is_html=path.suffix == ".html",
            )
        self.stdout.write(self.style.SUCCESS("Demo accounts:"))
        for username, password, group, _ in ACCOUNTS:
            self.stdout.write(f"  {group:9} username: {username:9} password: {password}")

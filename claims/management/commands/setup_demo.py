"""Create the demo accounts and demo articles for `make run` (idempotent).

The passwords are published in the README, so the command refuses to run on a
production configuration (DEBUG off) unless told `--force`. The demo editor is an
Editor, not a superuser: `manage.py createsuperuser` makes an administrator.
`make run` runs it as `setup_demo --migrate --serve ADDRPORT`: one process migrates, sets up the
demo and serves (runserver without its autoreloader), the demo articles extracted meanwhile.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from claims.intake.articles import article_enqueue, article_submit
from claims.models import Article
from claims.roles import EDITOR, REVIEWER

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ACCOUNTS = [
    # username, password, group
    ("editor", "claimdesk-editor", EDITOR),
    ("reviewer", "claimdesk-reviewer", REVIEWER),
]


class Command(BaseCommand):
    help = "Create demo accounts (editor, reviewer) and submit the demo articles once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (their passwords are public).",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply the migrations first, in the same process (`make run`: one Python start-up fewer).",
        )
        parser.add_argument(
            "--serve",
            metavar="ADDRPORT",
            help="Then serve on ADDRPORT with runserver in the same process, without its autoreloader "
            "(`make run`: one Python start-up in all instead of three).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a production site, and the demo accounts' passwords "
                "are published. Run with --force to create them anyway."
            )
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"], stdout=self.stdout)
        User = get_user_model()
        for username, password, group in ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group))
        self.stdout.write(self.style.SUCCESS("Demo accounts:"))
        for username, password, group in ACCOUNTS:
            self.stdout.write(f"  {group:9} username: {username:9} password: {password}")
        if not options["serve"]:
            submit_demo_articles()
            return
        # runserver's threads open their own connections; this one is done.
        connections.close_all()
        # The demo articles are submitted (and, without a broker, extracted: the first run loads the
        # models, 2-3 s of CPU) while the server already answers; they show as queued until then.
        if demo_articles_to_submit():
            self.stdout.write("The demo articles are being extracted; their claims reach the queue in a few seconds.")
            threading.Thread(target=submit_demo_articles_then_close, name="demo-articles", daemon=True).start()
        # The checks ran when this command started (call_command skips them), and the app and the
        # migrations are loaded already: serving costs no second start-up.
        call_command("runserver", options["serve"], use_reloader=False, stdout=self.stdout)


def demo_articles_to_submit() -> list[tuple[Path, Article | None]]:
    """Return each demo file with its article, for those not submitted yet or left unfinished.

    Unfinished means queued or extracting while tasks run in-process: a `make run` stopped (Ctrl-C)
    mid-extraction left it so, and without a worker no sweep ever picks it up again.
    """
    unfinished = [Article.Status.QUEUED, Article.Status.EXTRACTING] if settings.CELERY_TASK_ALWAYS_EAGER else []
    todo = []
    for path in sorted(DEMO_DIR.iterdir()):
        article = Article.objects.filter(filename=path.name).order_by("pk").first()
        if article is None or article.status in unfinished:
            todo.append((path, article))
    return todo


def submit_demo_articles() -> None:
    """Submit, as the demo editor, each demo article not submitted before; rerun the unfinished ones."""
    editor = get_user_model().objects.get(username="editor")
    for path, article in demo_articles_to_submit():
        if article is not None:
            article_enqueue(article)  # extraction is safe to run twice
            continue
        article_submit(
            user=editor,
            text=path.read_text(encoding="utf-8"),
            filename=path.name,
            is_html=path.suffix == ".html",
        )


def submit_demo_articles_then_close() -> None:
    """Submit the demo articles from a thread of their own, closing its database connections after."""
    try:
        submit_demo_articles()
    finally:
        connections.close_all()

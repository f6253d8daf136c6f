"""setup_demo: refused on a production configuration unless forced; the demo editor is an Editor, not a superuser."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_articles(monkeypatch):
    monkeypatch.setattr("claims.management.commands.setup_demo.article_submit", lambda **kwargs: None)


def test_setup_demo_refuses_to_run_with_debug_off(settings, no_articles):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("setup_demo")
    assert not get_user_model().objects.exists()


def test_setup_demo_runs_with_debug_off_when_forced(settings, no_articles):
    settings.DEBUG = False
    call_command("setup_demo", "--force")
    assert get_user_model().objects.filter(username__in=["editor", "reviewer"]).count() == 2


def test_the_demo_editor_is_an_editor_not_a_superuser(settings, no_articles):
    settings.DEBUG = True
    call_command("setup_demo")
    call_command("setup_demo")  # idempotent
    editor = get_user_model().objects.get(username="editor")
    assert not editor.is_superuser and not editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert editor.has_perm("claims.publish_verdict")


def test_setup_demo_migrates_first_when_asked_in_the_same_process(settings, no_articles):
    settings.DEBUG = True
    out = StringIO()
    call_command("setup_demo", "--migrate", stdout=out)
    assert "No migrations to apply" in out.getvalue() and "Demo accounts:" in out.getvalue()


def test_setup_demo_reruns_a_demo_article_a_stopped_make_run_left_extracting(settings, monkeypatch):
    settings.DEBUG = True
    settings.CELERY_TASK_ALWAYS_EAGER = True  # make run: no worker, so no sweep either
    submitted, rerun = [], []
    monkeypatch.setattr("claims.management.commands.setup_demo.article_submit", lambda **kw: submitted.append(kw))
    monkeypatch.setattr("claims.management.commands.setup_demo.article_enqueue", rerun.append)
    stuck = Article.objects.create(filename="harbour-bridge.txt", raw="text", status=Article.Status.EXTRACTING)
    Article.objects.create(filename="harbour-bridge-rewrite.html", raw="<p>text</p>", status=Article.Status.READY)
    call_command("setup_demo")
    assert rerun == [stuck] and submitted == []

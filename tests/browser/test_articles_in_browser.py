"""An editor archives, restores and deletes articles with the mouse, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Article, Event
from tests.browser.desk import ARGS, CHROMIUM, DESKTOP, PASSWORD, chromium, logged_in, make_newsroom
from tests.support.factories import make_article, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row(page, title: str):
    return page.locator("#article-results tbody tr", has_text=title)


def test_an_editor_archives_restores_and_deletes_from_the_articles_list(live_server, make_user):
    newsroom = make_newsroom(make_user)
    stale = make_article(title="Stale wire copy", url="https://wire.example/stale")
    make_claim(stale, text="The bridge cost $4 million.")
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "eddie")
        page.goto(f"{live_server.url}/articles/")
        row(page, "Stale wire copy").get_by_role("button", name="Archive").click()
        expect(page.locator("#article-results .messages")).to_contain_text("Archived “Stale wire copy”")
        expect(row(page, "Stale wire copy")).to_have_count(0)
        assert page.url == f"{live_server.url}/articles/"  # the list stays, only its rows refreshed
        page.get_by_label("Archived").select_option("Only archived")
        expect(row(page, "Stale wire copy")).to_contain_text("Archived")
        row(page, "Stale wire copy").get_by_role("button", name="Restore").click()
        expect(page.locator("#article-results .messages")).to_contain_text("Restored")
        page.get_by_label("Archived").select_option("Hidden")
        row(page, "Stale wire copy").get_by_role("link", name=re.compile("^Delete")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Delete “Stale wire copy”?")
        expect(page.locator("main")).to_contain_text("with the 1 claim found only in it")
        page.get_by_role("button", name="Delete the article").click()
        page.wait_for_url(f"{live_server.url}/articles/")
        expect(page.locator(".messages")).to_contain_text("Deleted “Stale wire copy” and 1 claim")
        page.get_by_role("link", name="Deleted articles").click()
        expect(page.locator("table.deletions")).to_contain_text("Stale wire copy")
        # The seed article has a published claim: its page offers no Delete, says why, and offers Archive.
        page.goto(f"{live_server.url}/articles/{newsroom.article.pk}/")
        actions = page.locator(".article-actions")
        expect(actions).to_contain_text("Cannot be deleted: 1 claim is published — archive instead.")
        expect(actions.get_by_role("link", name="Delete…")).to_have_count(0)
        actions.get_by_role("button", name="Archive").click()
        expect(page.locator(".archived-notice")).to_contain_text("Archived")
        page.goto(f"{live_server.url}/checks/{newsroom.published.slug}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not Article.objects.filter(pk=stale.pk).exists()
    assert Article.objects.get(pk=newsroom.article.pk).is_archived
    assert Event.objects.filter(action="article_deleted", before__article=stale.pk).exists()


def test_archive_and_delete_work_without_javascript(live_server, make_user):
    make_user("Editor", "eddie", password=PASSWORD)
    article = make_article(title="Stale wire copy")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}/articles/")
        row(page, "Stale wire copy").get_by_role("button", name="Archive").click()
        expect(page.locator(".messages").first).to_contain_text("Archived “Stale wire copy”")
        expect(row(page, "Stale wire copy")).to_have_count(0)
        page.goto(f"{live_server.url}/articles/?archived=only")
        row(page, "Stale wire copy").get_by_role("link", name=re.compile("^Delete")).click()
        page.get_by_role("button", name="Delete the article").click()
        expect(page.locator(".messages").first).to_contain_text("Deleted “Stale wire copy”")
        browser.close()
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_notifications_page_links_to_the_settings_page_by_its_name_and_the_header_marks_it(live_server, make_user):
    make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "rita")
        page.get_by_role("link", name="Notifications", exact=True).click()
        page.get_by_role("main").get_by_role("link", name="Notification settings").click()
        expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()
        expect(page.locator(".who").get_by_role("link", name="Settings")).to_have_attribute("aria-current", "page")
        page.locator(".who").get_by_role("link", name="API tokens").click()
        expect(page.locator(".who").get_by_role("link", name="API tokens")).to_have_attribute("aria-current", "page")
        expect(page.locator(".who").get_by_role("link", name="Settings")).not_to_have_attribute("aria-current", "page")


def test_delete_on_an_article_with_a_published_check_says_it_cannot_rather_than_asking(live_server, make_user):
    newsroom = make_newsroom(make_user)
    with chromium() as browser:
        page = logged_in(browser, live_server.url, "eddie")
        page.goto(f"{live_server.url}/articles/")  # the list still offers Delete… on every row
        link = page.locator(f'a[href="{newsroom.article.get_absolute_url()}"]')
        seed = page.locator("#article-results tbody tr", has=link)
        seed.get_by_role("link", name=re.compile("^Delete")).click()
        title = page.get_by_role("heading", level=1)
        expect(title).to_have_text(re.compile(r"^“.+” cannot be deleted$"))
        expect(page.get_by_role("alert")).to_contain_text("1 claim is published")
        expect(page.get_by_role("button", name="Delete the article")).to_have_count(0)
        page.get_by_role("link", name="Back to the article").click()
        page.wait_for_url(f"**{newsroom.article.get_absolute_url()}")
        expect(page.locator(".article-actions")).to_contain_text("Cannot be deleted: 1 claim is published")
        expect(page.get_by_role("link", name="Delete…")).to_have_count(0)
    assert Article.objects.filter(pk=newsroom.article.pk).exists()

"""What the desk's browser tests share: a small newsroom to look at, Chromium, logging in and clicking.

Every row is made before the browser starts: Django refuses ORM calls inside Playwright's event loop.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from claims.models import Article, Claim, Source
from claims.pipeline.extract import article_extract
from tests.conftest import ROOT, seed_text
from tests.support.factories import cite, correct, propose, publish

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "a-long-test-passphrase"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Files and feeds a link may download rather than show; clicking them is not a page visit.
NOT_A_PAGE = re.compile(r"\.(csv|pdf|md|json|xml)(\?|$)|/file/")


@dataclass
class Newsroom:
    article: Article
    claim: Claim
    published: Claim
    source: Source

    def staff_paths(self) -> dict[str, str]:
        """Return the main staff pages by name."""
        return {
            "queue": "/queue/",
            "articles": "/articles/",
            "delete article": f"/articles/{self.article.pk}/delete/",
            "deleted articles": "/articles/deleted/",
            "new article": "/articles/new/",
            "draft check": "/drafts/check/",
            "article": f"/articles/{self.article.pk}/",
            "claim": f"/claims/{self.claim.pk}/",
            "published claim": f"/claims/{self.published.pk}/",
            "sources": "/sources/",
            "source": f"/sources/{self.source.pk}/",
            "ledger": f"/articles/{self.article.pk}/ledger/",
            "fact-checks": "/fact-checks/import/",
            "api tokens": "/account/api-tokens/",
        }

    def public_paths(self) -> dict[str, str]:
        """Return the public pages by name."""
        return {
            "public index": "/checks/",
            "public check": f"/checks/{self.published.slug}/",
            "corrections": "/checks/corrections/",
        }


def make_newsroom(make_user) -> Newsroom:
    """Create an editor (eddie), a reviewer (rita), a seed article, a cited claim and a published, corrected one."""
    editor = make_user("Editor", "eddie", password=PASSWORD)
    make_user("Reviewer", "rita", password=PASSWORD)
    article = article_extract(Article.objects.create(raw=seed_text(0), submitted_by=editor).pk)
    claims = list(Claim.objects.filter(appearances__article=article).distinct().order_by("-score", "pk"))
    claim, published = claims[0], claims[1]
    citation = cite(claim, title="Arrivals log, June 2023", publisher="Port of Callao")
    published.claim_reviewed = published.text[:120]
    published.save()
    cite(published, source=citation.source)
    correct(publish(propose(published, "False")), "Mostly false")
    published.refresh_from_db()
    return Newsroom(article=article, claim=claim, published=published, source=citation.source)


@contextmanager
def chromium():
    """Yield a headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def logged_in(browser, base_url: str, username: str = "eddie", viewport=DESKTOP, color_scheme="light", axe=False):
    """Return a page logged in through the form, as a person does (with axe-core on every page if asked)."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    if axe:
        with_axe(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/(queue/)?$"))
    return page


def heading(page) -> str:
    """Return the page's first h1 (or its title when it has none)."""
    h1 = page.locator("h1")
    return h1.first.inner_text().strip() if h1.count() else page.title()


def sideways_overflow(page) -> int:
    """Return by how many pixels the page is wider than the viewport (0 when it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


def with_axe(context) -> None:
    """Give every page of a browser context axe-core (vendored by `make test` from package-lock.json).

    An init script, not a <script> tag: it runs under the page's Content-Security-Policy untouched.
    """
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: `make test` installs it (npm ci)")
    context.add_init_script(path=str(AXE))


def serious_violations(page) -> list[str]:
    """Return axe-core's serious and critical violations on the page as readable lines."""
    return page.evaluate(SERIOUS)

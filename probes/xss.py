"""XSS: ~40 payloads in every field a person or an article can fill, on every page that shows them.

Payloads go in through the article form (pasted text and HTML, extracted by the worker)
and, for the fields a form fills only one at a time, straight into the rows: article
metadata, claims, speakers, sources, excerpts, notes, verdicts, comments, tags, saved
searches, API token names, imported fact-checks; and into query strings that pages echo.
A payload holds when no served page carries it as live markup (an event handler, a
javascript: URL, a script, an htmx attribute, a frame...) and headless Chromium, under the
CSP, neither runs it (no dialog) nor reports a blocked inline script for it.
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from urllib.parse import quote

from .results import Attempt

PAYLOADS = [
    "<script>alert('xss{n}')</script>",
    "<img src=x onerror=alert('xss{n}')>",
    "\"><svg onload=alert('xss{n}')>",
    "'><img src=x onerror=alert('xss{n}')>",
    "</textarea><script>alert('xss{n}')</script>",
    "</title><script>alert('xss{n}')</script>",
    "</script><script>alert('xss{n}')</script>",
    "<svg/onload=alert('xss{n}')>",
    "<IMG SRC=JaVaScRiPt:alert('xss{n}')>",
    "<a href=\"javascript:alert('xss{n}')\">xss{n}</a>",
    "javascript:alert('xss{n}')",
    "<details open ontoggle=alert('xss{n}')>",
    "<body onload=alert('xss{n}')>",
    "<input autofocus onfocus=alert('xss{n}')>",
    "<video><source onerror=alert('xss{n}')></video>",
    "<iframe src=\"javascript:alert('xss{n}')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('xss{n}')</script>\"></iframe>",
    "<object data=\"javascript:alert('xss{n}')\"></object>",
    "<embed src=\"javascript:alert('xss{n}')\">",
    "<form action=\"javascript:alert('xss{n}')\"><button>xss{n}</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss{n}\')">',
    "<base href=\"javascript:alert('xss{n}')//\">",
    '<div hx-get="/queue/?xss{n}" hx-trigger="load" hx-swap="outerHTML">xss{n}</div>',
    "<div hx-on:click=\"alert('xss{n}')\">xss{n}</div>",
    '" onmouseover="alert(\'xss{n}\')" x="',
    "' onfocus='alert(\"xss{n}\")' autofocus='",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss{n}')>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss{n}')>",
    "<svg><script>alert('xss{n}')</script></svg>",
    "<scr<script>ipt>alert('xss{n}')</scr</script>ipt>",
    "&lt;script&gt;alert('xss{n}')&lt;/script&gt;",
    "<img src=x onerror=alert&#40;'xss{n}'&#41;>",
    "<a href=&#106;avascript:alert('xss{n}')>xss{n}</a>",
    "<style>@import 'https://evil.example/xss{n}.css';</style>",
    '<link rel=stylesheet href="https://evil.example/xss{n}.css">',
    "<template><img src=x onerror=alert('xss{n}')></template>",
    "{{% csrf_token %}}{{{{ 7|add:'xss{n}' }}}}",
    "\u2028\u2029</script><script>alert('xss{n}')</script>",
    "<x contenteditable onblur=alert('xss{n}')>xss{n}</x>",
    "`${{alert('xss{n}')}}`<img src=x onerror=alert('xss{n}')>",
]
MARK = re.compile(r"xss(\d+)")
URL_ATTRS = {"href", "src", "action", "formaction", "data", "srcdoc", "content", "xlink:href", "poster", "background"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "style", "svg", "math", "template"}


class LiveMarkup(HTMLParser):
    """Collect what a browser would act on: handlers, script URLs, scripts, frames, htmx attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag, attrs):
        text = f"<{tag} " + " ".join(f"{k}={v}" for k, v in attrs) + ">"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(text)
            elif name in URL_ATTRS and value.startswith(("javascript:", "data:text/html", "vbscript:")):
                self.found.append(text)
            elif name.startswith(("hx-", "data-hx-")) and MARK.search(value):
                self.found.append(text)
        a = dict(attrs)
        if tag in DANGEROUS_TAGS:  # none of these is in our pages: one that appears was injected
            self.found.append(text)
        elif tag == "meta" and "http-equiv" in a:
            self.found.append(text)
        elif tag == "link" and a.get("rel") != "canonical" and (a.get("href") or "").startswith(("http", "//")):
            self.found.append(text)
        elif tag == "script" and not (a.get("src") or "").startswith("/static/") and MARK.search(text):
            self.found.append(text)
        self.script = tag == "script" and dict(attrs).get("type") not in ("application/ld+json", "application/json")

    def handle_endtag(self, tag):
        self.script = False

    def handle_data(self, data):
        if self.script and MARK.search(data):
            self.found.append(f"<script>{data[:80]}</script>")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    return parser.found


def payload(n: int) -> str:
    return PAYLOADS[n].format(n=n)


def seed(people, *, count: int) -> dict:
    """Put payloads 0..count-1 in every stored field; return the ids of the pages that show them."""
    from claims.api import tokens
    from claims.models import Comment, KnownReview, SavedSearch, Tag
    from tests.support.factories import cite, make_article, make_claim, propose, publish

    editor, reviewer = people["Editor"], people["Reviewer"]
    ids: dict[str, list] = {"article": [], "claim": [], "source": [], "comment": [], "public": [], "public_claim": []}
    for n in range(count):
        p = payload(n)
        article = make_article(
            title=f"Budget {p}"[:500], outlet=f"Daily {p}"[:200], author=f"Ann {p}"[:300],
            url=f"https://news.example.com/xss/{n}", text=f"Minister defends budget. Unemployment fell by {n}% {p}.",
        )  # fmt: skip
        claim = make_claim(
            article, text=f"Unemployment fell by {n}% {p}", speaker=f"Jane {p}"[:200], claim_reviewed=f"It fell {p}"
        )
        citation = cite(
            claim, title=f"Survey {p}"[:500], publisher=f"Office {p}"[:300], excerpt=f"Fell to {n}% {p}",
            url=f"https://stats.example.org/xss/{n}",
        )  # fmt: skip
        citation.note = f"Note {p}"
        citation.save()
        verdict = propose(claim, rationale=f"The survey shows {n}% {p}", by=reviewer)
        if n % 2 == 0:
            publish(verdict, by=editor)
            claim.refresh_from_db()
            ids["public"].append(claim.slug)
            ids["public_claim"].append(claim.pk)
        comment = Comment.objects.create(claim=claim, author=reviewer, body=f"Look {p}")
        tag, _ = Tag.objects.get_or_create(slug=f"xss-{n}", defaults={"name": f"{p[:50]} xss{n}"})
        claim.tags.add(tag)
        SavedSearch.objects.create(owner=editor, name=f"S {p}"[:80], query="q=" + quote(p[:200]), shared=True)
        tokens.api_token_create(user=editor, name=f"T {p}"[:100])
        KnownReview.objects.create(
            url=f"https://factcheck.example.org/xss/{n}", publisher=f"FC {p}"[:300], claim_reviewed=f"Claimed {p}",
            title=f"Did {p}"[:500], claimant=f"Said {p}"[:300],
        )  # fmt: skip
        ids["article"].append(article.pk)
        ids["claim"].append(claim.pk)
        ids["source"].append(citation.source_id)
        ids["comment"].append((claim.pk, comment.pk))
    return ids


def pasted_articles(client, count: int) -> None:
    """Submit one pasted text and one pasted HTML article carrying the payloads, through the form."""
    text = "\n\n".join(
        f"The council spent ${n} million on 12 bridges in 2024 {payload(n)}, the mayor said on Monday."
        for n in range(count)
    )
    html = "<html><head><title>Bridges " + payload(0) + "</title></head><body><article>" + "".join(
        f"<p>The treasurer said {n} of the 12 bridges were finished in 2023. {payload(n)}</p>" for n in range(count)
    ) + "</article></body></html>"  # fmt: skip
    for body in (text, html):
        client.post("/articles/new/", data={"text": body, "again": "on"})


def pages(ids: dict, count: int, *, fast: bool, pasted: list[int]) -> list[str]:
    """Return every page that shows payload text, the reflected ones included."""
    step = 1 if not fast else 2
    urls = ["/queue/", "/articles/", "/sources/", "/my-work/", "/notifications/", "/fact-checks/import/"]
    urls += ["/account/api-tokens/", "/queue/saved/manage/", "/checks/", "/checks/corrections/", "/checks/feed.json"]
    urls += ["/checks/corrections/feed.xml"]
    for n in range(0, count, step):
        q = quote(payload(n))
        urls += [f"/queue/?q={q}", f"/articles/?q={q}", f"/sources/?q={q}", f"/sources/search/?q={q}"]
        urls += [f"/accounts/login/?next={q}", f"/queue/?speaker={q}", f"/checks/?q={q}"]
    for index in range(0, count, step):
        urls += [f"/claims/{ids['claim'][index]}/", f"/articles/{ids['article'][index]}/"]
        urls += [f"/sources/{ids['source'][index]}/", f"/sources/{ids['source'][index]}/edit/"]
        urls += [f"/articles/{ids['article'][index]}/ledger/", f"/claims/{ids['claim'][index]}/matches/"]
        claim, comment = ids["comment"][index]
        urls += [f"/claims/{claim}/comments/{comment}/edit/"]
    urls += [f"/checks/{slug}/" for slug in ids["public"][::step]]
    urls += [f"/articles/{pk}/" for pk in pasted]
    return urls


def run(stack, people, *, fast: bool = False) -> list[Attempt]:
    from claims.models import Article

    from .people import client_for, session_key

    count = len(PAYLOADS) if not fast else 4
    editor = client_for(stack, people["Editor"])
    pasted_articles(editor, count)
    ids = seed(people, count=count)
    deadline = time.monotonic() + 90
    while Article.objects.filter(status__in=["queued", "extracting"]).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    pasted = list(Article.objects.filter(submitted_by=people["Editor"]).values_list("pk", flat=True))
    urls = pages(ids, count, fast=fast, pasted=pasted)
    live: dict[int, list[str]] = {}
    problems: list[Attempt] = []
    anonymous = client_for(stack)
    for url in urls:
        client = anonymous if url.startswith(("/checks/", "/accounts/")) else editor
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(Attempt("XSS", f"GET {url}", False, f"HTTP {response.status_code}"))
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            if response.headers.get("x-content-type-options") != "nosniff":
                problems.append(Attempt("XSS", f"GET {url}", False, "non-HTML answer without nosniff"))
            continue
        for found in live_markup(response.text):
            marks = {int(m) for m in MARK.findall(found)} or {-1}
            for n in marks:
                live.setdefault(n, []).append(f"{url}: {found[:120]}")
    executed = browser_run(stack, session_key(people["Editor"]), urls if not fast else urls[::15])
    for message, url in executed:
        marks = {int(m) for m in MARK.findall(message)} or {-1}
        for n in marks:
            live.setdefault(n, []).append(f"{url}: ran in Chromium: {message[:120]}")
    attempts = [
        Attempt(
            "XSS", f"payload {n} {payload(n)!r} on {len(urls)} pages", n not in live, "; ".join(live.get(n, [])[:3])
        )
        for n in range(count)
    ]
    if -1 in live:
        attempts.append(Attempt("XSS", "live markup without a payload mark", False, "; ".join(live[-1][:5])))
    return attempts + problems


LISTENER = """
window.__probeViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__probeViolations.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sample || ""}`);
});
"""


def browser_run(stack, session: str, urls: list[str]) -> list[tuple[str, str]]:
    """Open the pages in headless Chromium under the CSP; return (what ran or was blocked, url)."""
    from playwright.sync_api import sync_playwright

    found: list[tuple[str, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(ignore_https_errors=True)
            context.add_cookies([{"name": "sessionid", "value": session, "url": stack.web.base_url}])
            context.add_init_script(LISTENER)
            page = context.new_page()
            page.set_default_timeout(20_000)
            current = {"url": ""}
            page.on("dialog", lambda dialog: (found.append((dialog.message, current["url"])), dialog.dismiss()))
            for url in urls:
                if url.endswith((".json", ".xml")):
                    continue
                current["url"] = url
                page.goto(stack.web.base_url + url, wait_until="load")
                page.wait_for_timeout(150)
                # Blocked inline code is a payload that reached the DOM live, even though the CSP stopped it.
                for violation in page.evaluate("window.__probeViolations || []"):
                    found.append((f"CSP blocked {violation}", url))
        finally:
            browser.close()
    return found

"""Bad input: NUL, control and zero-width characters, huge, binary and badly encoded values.

In every query string the pages and the API read, every text field of the forms, the
uploads and the ClaimReview import, and the path. A request holds when the answer is
below 500 and arrives whole (a CSV stream is never cut); control characters in a query
string must be a 400; a paste of nothing visible must store nothing.
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import httpx

from .results import Attempt

NUL = b"\x00"
VALUES = {
    "NUL": b"Some words \x00 more",
    "control chars": b"\x1b[31mred\x07\x08",
    "zero-width only": "\u200b\u200c\u200d\ufeff".encode(),
    "invalid UTF-8": b"caf\xe9 \xff\xfe",
    "binary": bytes(range(256)),
    "huge (3 MB)": b"The council spent $5 million. " * 100_000,
    "RTL override": "\u202egnp.exe".encode(),
}
QUERY_VALUES = ("NUL", "control chars", "invalid UTF-8", "huge (3 MB)")


def encode(fields: dict[str, bytes]) -> bytes:
    return "&".join(f"{k}={quote_from_bytes(v)}" for k, v in fields.items()).encode()


def run(stack, people, *, fast: bool = False) -> list[Attempt]:
    from claims.api import tokens
    from claims.models import Article
    from tests.support.factories import cite, make_article, make_claim

    from .people import client_for

    editor = client_for(stack, people["Editor"])
    article = make_article(title="Inputs probe", url="https://news.example.com/inputs")
    claim = make_claim(article, text="Unemployment fell by 40% last year.")
    cite(claim, url="https://stats.example.org/inputs")
    _, key = tokens.api_token_create(user=people["Editor"], name="inputs")
    attempts: list[Attempt] = []

    def send(label: str, method: str, path: str, *, must_be_400: bool = False, client=None, **kwargs) -> None:
        client = client or editor
        try:
            response = client.request(method, path, **kwargs)
            response.read()
        except httpx.HTTPError as exc:
            attempts.append(Attempt("Bad input", f"{method} {path[:100]} {label}", False, f"connection: {exc!r}"))
            return
        held = response.status_code < 500 and (response.status_code == 400 or not must_be_400)
        attempts.append(Attempt("Bad input", f"{method} {path[:100]} ({label})", held, f"HTTP {response.status_code}"))

    # Query strings.
    queries = ["/queue/?q=", "/queue/?speaker=", "/queue/?assignee=", "/articles/?q=", "/sources/?q="]
    queries += ["/sources/search/?q=", "/queue/export.csv?q=", "/checks/?q=", "/my-work/?q="]
    for path in queries if not fast else queries[::3]:
        for name in QUERY_VALUES if not fast else QUERY_VALUES[:1]:
            value = VALUES[name][:2000] if name.startswith("huge") else VALUES[name]
            send(name, "GET", path + quote_from_bytes(value), must_be_400=name in ("NUL", "control chars"))
    api = {"headers": {"Authorization": f"Bearer {key}"}, "client": stack.web.client()}
    for path in ("/api/v1/claims/?q=%00", "/api/v1/claims/?cursor=%FF%00junk", "/api/v1/reviews/?since=junk"):
        send("API", "GET", path, must_be_400="%00" in path, **api)
    for path in ("/queue/?min_score=abc", "/queue/?page=-1", "/queue/?sort=%27;DROP", "/checks/?page=zzz"):
        send("junk filter", "GET", path)
    for path in ("/claims/%00/", "/claims/99999999999999999999/", "/articles/%FF/", "/sources/-1/"):
        send("path", "GET", path)
    send("foreign Host header", "GET", "/queue/", headers={"Host": "evil.example"})

    # Every text field of the forms.
    forms = {
        "/articles/new/": ["text", "url", "headline", "outlet", "author", "source_url"],
        "/sources/new/": ["url", "title", "publisher"],
        f"/claims/{claim.pk}/evidence/": ["excerpt", "pinpoint", "note", "url", "title"],
        f"/claims/{claim.pk}/verdict/": ["rationale"],
        f"/claims/{claim.pk}/wording/": ["claim_reviewed"],
        f"/claims/{claim.pk}/comments/": ["body"],
        "/queue/saved/": ["name"],
        "/account/api-tokens/": ["name"],
        "/fact-checks/import/": ["json", "url"],
        "/tags/new/": ["name"],
        f"/articles/{article.pk}/metadata/": ["title", "outlet", "author", "url"],
    }
    names = list(VALUES) if not fast else ["NUL", "invalid UTF-8"]
    for path, fields in forms.items() if not fast else list(forms.items())[::2]:
        for field in fields if not fast else fields[:1]:
            for name in names:
                if name.startswith("huge") and field not in ("text", "json", "rationale", "body"):
                    continue
                body = encode({field: VALUES[name], "stance": b"refutes", "source_type": b"other"})
                send(
                    f"{field}={name}",
                    "POST",
                    path,
                    content=body,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
    before = Article.objects.count()
    for name in ("zero-width only", "NUL"):
        editor.post("/articles/new/", data={"text": "\u200b\ufeff\u200d" if name != "NUL" else "\x00\x00"})
    attempts.append(
        Attempt(
            "Bad input",
            "POST /articles/new/ text of nothing visible (twice)",
            Article.objects.count() == before,
            f"{Article.objects.count() - before} articles stored",
        )
    )

    # Uploads and the import.
    uploads = {
        "invalid UTF-8 .txt": ("a.txt", b"caf\xe9 \xff\xfe bridges", "text/plain"),
        "binary as .html": ("a.html", bytes(range(256)) * 10, "text/html"),
        "PNG as .txt": ("a.txt", b"\x89PNG\r\n\x1a\n" + bytes(500), "text/plain"),
        "empty file": ("a.txt", b"", "text/plain"),
        "UTF-16 with BOM": ("a.txt", "The council spent $5 million.".encode("utf-16"), "text/plain"),
        "zero-width only": ("a.txt", "\ufeff\u200b\u200c".encode(), "text/plain"),
        "over the upload ceiling (26 MB)": ("a.txt", b"a" * 26_000_000, "text/plain"),
        "fake PDF": ("a.pdf", b"%PDF-1.7 not really", "application/pdf"),
    }
    for label, (filename, content, kind) in uploads.items() if not fast else list(uploads.items())[:1]:
        for path in ("/articles/new/", "/sources/new/", "/fact-checks/import/"):
            if label.startswith("over") and path != "/articles/new/":
                continue
            send(
                f"upload {label}",
                "POST",
                path,
                files={"file": (filename, content, kind)},
                data={"source_type": "other"},
            )
    deep = "[" * 100_000 + "]" * 100_000
    imports = {
        "JSON with \\u0000": '{"@type": "ClaimReview", "claimReviewed": "a\\u0000b", "url": "https://fc.example/n"}',
        "invalid JSON": '{"@type": "ClaimReview", ',
        "JSON nested 100,000 deep": deep,
        "JSON of the wrong shape": '[1, "two", null, {"@type": 3}]',
        "HTML without JSON-LD": "<html><body><p>nothing</p></body></html>",
        "huge JSON (3 MB)": '{"@type": "ClaimReview", "claimReviewed": "' + "a" * 3_000_000 + '"}',
    }
    for label, text in imports.items() if not fast else list(imports.items())[:2]:
        send(f"import {label}", "POST", "/fact-checks/import/", data={"json": text})
        send(
            f"import file {label}",
            "POST",
            "/fact-checks/import/",
            files={"file": ("r.json", text.encode(), "application/json")},
        )
    return attempts

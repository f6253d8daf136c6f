"""SSRF: every address the app must never fetch, through each form that makes the worker fetch a URL.

Three doors: an article by URL, a library source by URL, a ClaimReview import by URL. An
attempt holds when the form refuses the address, or the row it made ends failed, and the
worker never opened a connection outside the stack (probes.netguard) nor reached the
canary (an internal service on loopback). Slow and endless answers hold when the row
still ends failed: the fetch budget cut them off.
"""

from __future__ import annotations

import time

from .results import Attempt

# Names the probe worker's DNS answers (probes.netguard); lists are successive answers.
FAKE_DNS = {
    "loop.probe.test": [["127.0.0.1"]],
    "ten.probe.test": [["10.0.0.7"]],
    "metadata.probe.test": [["169.254.169.254"]],
    "v6loop.probe.test": [["::1"]],
    "ula.probe.test": [["fd00::7"]],
    "sitelocal.probe.test": [["fec0::7"]],
    "mapped.probe.test": [["::ffff:10.0.0.7"]],
    "mixed.probe.test": [["93.184.216.34", "10.0.0.7"]],
    "cgnat.probe.test": [["100.64.0.7"]],
    "rebind.probe.test": [["93.184.216.34"], ["127.0.0.1"]],
    "UPPER.probe.test".lower(): [["192.168.1.7"]],
}

IPV4 = [
    "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.254", "100.64.0.1", "100.127.255.254", "127.0.0.1",
    "127.1.2.3", "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.254", "192.0.0.8", "192.0.2.1",
    "192.88.99.1", "192.168.0.1", "192.168.255.254", "198.18.0.1", "198.19.255.254", "198.51.100.1",
    "203.0.113.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
]  # fmt: skip
IPV6 = [
    "::1", "::", "fe80::1", "fe80::1%25eth0", "fc00::1", "fd12:3456::1", "fec0::1", "feff::1", "ff02::1",
    "ff05::2", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:7f00:1", "::127.0.0.1",
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::a00:1", "100::1", "2001::1", "2001:10::1", "2001:db8::1",
    "2002:7f00:1::1", "2002:a00:1::1", "3fff::1", "5f00::1", "4000::1", "::ffff:0:127.0.0.1",
]  # fmt: skip


def loopback_spellings(port: int) -> list[str]:
    """127.0.0.1 (and 10.0.0.1, 169.254.169.254) written as inet_aton and browsers also read them."""
    spellings = [
        "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "0177.0.0.01", "017700000001", "127.1",
        "127.0.1", "0x7f.1", "127.000.000.001", "localhost", "LOCALHOST", "localhost.", "127.0.0.1.",
        "0", "0x0", "167772161", "0xa.0.0.1", "012.0.0.1", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376",
    ]  # fmt: skip
    return [f"http://{host}:{port}/" for host in spellings]


def ssrf_urls(stack, *, fast: bool) -> list[tuple[str, str]]:
    """Return (label, url) pairs; {n} in a url is replaced by the attempt's number."""
    canary, hostile = stack.canary_port, stack.hostile_url
    urls = [(f"IPv4 {ip}", f"http://{ip}:{canary}/p{{n}}") for ip in IPV4]
    urls += [(f"IPv6 {ip}", f"http://[{ip}]:{canary}/p{{n}}") for ip in IPV6]
    urls += [("spelling " + url.split("/")[2], url + "p{n}") for url in loopback_spellings(canary)]
    urls += [(f"DNS {name}", f"http://{name}:{canary}/p{{n}}") for name in FAKE_DNS]
    urls += [("DNS upper-case name", f"http://LOOP.Probe.Test:{canary}/p{{n}}")]
    targets = [
        f"http://127.0.0.1:{canary}/p{{n}}",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]/",
        "http://[fec0::1]/",
        f"http://2130706433:{canary}/p{{n}}",
        f"http://loop.probe.test:{canary}/p{{n}}",
        f"HTTP://127.0.0.1:{canary}/p{{n}}",
        "file:///etc/passwd",
        f"gopher://127.0.0.1:{canary}/_p{{n}}",
        f"ftp://127.0.0.1:{canary}/p{{n}}",
        f"http://user:pw@127.0.0.1:{canary}/p{{n}}",
    ]
    for code in (301, 302, 303, 307, 308):
        urls += [(f"redirect {code} to {target.split('/')[2] or target}", f"{hostile}/go?code={code}&to={target}")
                 for target in (targets if code == 302 else targets[:3])]  # fmt: skip
    urls += [("redirect to a redirect to 10.x", f"{hostile}/go?to={hostile}/go%3Fto%3Dhttp://10.0.0.1/")]
    urls += [("relative redirect to //10.0.0.1", f"{hostile}/go?to=//10.0.0.1/p{{n}}")]
    urls += [
        ("scheme file:", "file:///etc/passwd"),
        ("scheme FILE:", "FILE:///etc/passwd"),
        ("scheme File: with host", "File://localhost/etc/passwd"),
        ("scheme gopher:", f"gopher://127.0.0.1:{canary}/_p{{n}}"),
        ("scheme ftp:", f"ftp://127.0.0.1:{canary}/p{{n}}"),
        ("scheme dict:", f"dict://127.0.0.1:{canary}/p{{n}}"),
        ("scheme ldap:", "ldap://127.0.0.1/p{n}"),
        ("scheme data:", "data:text/html,<p>p{n}</p>"),
        ("scheme javascript:", "javascript:alert(1)//p{n}"),
        ("scheme jar:", "jar:http://127.0.0.1/x.jar!/p{n}"),
        ("upper-case HTTP: to loopback", f"HTTP://127.0.0.1:{canary}/p{{n}}"),
        ("upper-case HTTPS: to loopback", f"HTTPS://127.0.0.1:{canary}/p{{n}}"),
        ("mixed-case hTtP: to 10.x", "hTtP://10.0.0.1/p{n}"),
        ("no slashes http:10.0.0.1", "http:10.0.0.1/p{n}"),
        ("one slash http:/10.0.0.1", "http:/10.0.0.1/p{n}"),
        ("backslashes http:\\\\10.0.0.1", "http:\\\\10.0.0.1\\p{n}"),
        ("scheme-relative //10.0.0.1", "//10.0.0.1/p{n}"),
        ("leading space", f" http://127.0.0.1:{canary}/p{{n}}"),
        ("tab in host", f"http://127.0.0.1\t:{canary}/p{{n}}"),
        ("newline in host", "http://10.0.0.1\n.example.com/p{n}"),
        ("credentials user:pass@", "http://user:pass@example.com/p{n}"),
        ("credentials user@", "http://user@example.com/p{n}"),
        ("credentials hiding 127.0.0.1", f"http://example.com@127.0.0.1:{canary}/p{{n}}"),
        ("credentials two @", f"http://a@b@127.0.0.1:{canary}/p{{n}}"),
        ("fragment trick", f"http://127.0.0.1:{canary}#@example.com/p{{n}}"),
        ("port 0", "http://10.0.0.1:0/p{n}"),
        ("port out of range", "http://example.com:99999/p{n}"),
        ("IDN dot U+3002 to 10.x", "http://10\u30020\u30020\u30021/p{n}"),
        ("fullwidth digits", "http://\uff11\uff10.0.0.1/p{n}"),
    ]
    slow = [
        ("slow drip past the budget", f"{hostile}/drip?n={{n}}"),
        ("endless body", f"{hostile}/endless?n={{n}}"),
        ("headers never sent", f"{hostile}/silent?n={{n}}"),
        ("declared 1 TB", f"{hostile}/huge?n={{n}}"),
    ]
    if fast:  # one of each kind
        kinds = ("IPv4 10.", "IPv4 169.254.169.254", "IPv6 fec0::1", "IPv6 ::ffff:127", "spelling 2130706433")
        kinds += ("DNS ten.", "DNS rebind", "redirect 302 to 169", "redirect 307 to 10.", "scheme FILE:")
        kinds += ("scheme gopher:",)
        kinds += ("upper-case HTTP:", "credentials hiding", "declared 1 TB")
        return [next(u for u in urls + slow if u[0].startswith(kind)) for kind in kinds]
    return urls + slow


DOORS = ("article", "source", "import")


def submit(client, door: str, url: str):
    """Post url through one door; return the response."""
    if door == "article":
        return client.post("/articles/new/", data={"url": url})
    if door == "source":
        return client.post("/sources/new/", data={"url": url, "title": "", "source_type": "other"})
    return client.post("/fact-checks/import/", data={"url": url})


def made_row(door: str, url: str):
    from claims.models import Article, ReviewImport, Source

    model, field = {"article": (Article, "url"), "source": (Source, "url"), "import": (ReviewImport, "url")}[door]
    candidates = {url, url.strip(), url.strip().replace("HTTP://", "http://").replace("HTTPS://", "https://")}
    return model.objects.filter(**{f"{field}__in": candidates}).order_by("-pk").first() or (
        model.objects.order_by("-pk").first() if door == "import" else None
    )


def row_state(door: str, row) -> str:
    row.refresh_from_db()
    return row.fetch_status if door == "source" else row.status


TASKS = {"article": "claims.tasks.extract_article", "source": "claims.tasks.fetch_source"}
TASKS["import"] = "claims.tasks.import_known_reviews"


def internal(address: str) -> bool:
    """Return True for a connection the fetcher must never open (the guard stops public ones too, for safety).

    A public address is where a DNS-rebinding name's first, checked answer points: connecting
    there is the fetcher pinning the checked address, as it should.
    """
    from claims.fetching import check_address

    host, _, port = address.rpartition(":")
    return check_address(host.strip("[]"), int(port)) is not None


def run(stack, people, *, fast: bool = False) -> list[Attempt]:
    """Send every SSRF attempt through every door, wait for the worker, and judge each."""
    from .people import client_for

    editor = client_for(stack, people["Editor"])
    pending = []
    n = 0
    for index, (label, template) in enumerate(ssrf_urls(stack, fast=fast)):
        # Every address through the article door; every third also through the source and import doors.
        for door in DOORS if index % 3 == 0 and not fast else DOORS[:1]:
            n += 1
            url = template.replace("{n}", str(n))
            before = made_row(door, url)
            try:
                response = submit(editor, door, url)
            except Exception as exc:  # noqa: BLE001 - a dropped connection is a finding
                pending.append((n, door, label, url, None, f"request failed: {exc!r}"))
                continue
            if response.status_code >= 500:
                pending.append((n, door, label, url, None, f"HTTP {response.status_code}"))
                continue
            row = made_row(door, url)
            if row is not None and before is not None and row.pk == before.pk:
                row = None
            pending.append((n, door, label, url, row, ""))
    deadline = time.monotonic() + (150 if not fast else 60)
    terminal = {"failed", "ready", "done"}
    while time.monotonic() < deadline:
        if all(row is None or row_state(door, row) in terminal for _, door, _, _, row, _ in pending):
            break
        time.sleep(1)
    from .stack import Canary

    records = stack.guard_records()
    attempts = []
    for n, door, label, url, row, problem in pending:
        request = f"{door} door: {url!r} ({label})"
        if problem:
            attempts.append(Attempt("SSRF", request, False, problem))
            continue
        reached = [hit for hit in Canary.hits if hit.lstrip("/_").split("?")[0] in (f"p{n}",)]
        opened = [
            r
            for r in records
            if r["task"] == TASKS[door] and row is not None and r["args"] == f"[{row.pk}]" and internal(r["address"])
        ]
        state = row_state(door, row) if row is not None else "refused at the form"
        held = not reached and not opened and state in ("failed", "refused at the form")
        detail = f"state {state}" + (f", canary reached {reached}" if reached else "")
        detail += f", connections {[r['address'] for r in opened]}" if opened else ""
        if row is not None and state != "failed":
            detail += f", error {getattr(row, 'error', '') or getattr(row, 'fetch_error', '')!r}"
        attempts.append(Attempt("SSRF", request, held, detail))
    return attempts

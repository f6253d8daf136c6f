"""Fetch a web page safely: http(s) only, public addresses only, bounded in time and size."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "Claimdesk/1.0 (fact-check workbench)"


class FetchError(Exception):
    """A fetch that failed for a reason the user should read."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    body: str
    content_type: str


def check_url(url: str) -> str:
    """Return the URL if it is one we may fetch, or raise FetchError saying why not."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        raise FetchError("The address has no host name.")
    if parts.username or parts.password:
        raise FetchError("Addresses with a user name or password are not fetched.")
    return url.strip()


def check_host(host: str, port: int) -> list[str]:
    """Resolve host and return its addresses, refusing any that is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"The host {host!r} could not be found.") from exc
    addresses = sorted({info[4][0] for info in infos})
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.is_loopback and settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK:
            continue
        if not ip.is_global or ip.is_multicast:
            raise FetchError(f"The address {host} points to a private or reserved network ({ip}); it is not fetched.")
    return addresses


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None,
          allowed_types: tuple[str, ...] = ALLOWED_TYPES) -> Fetched:
    """Return the body of a public web page, following a bounded number of checked redirects."""
    timeout = timeout or settings.CLAIMDESK_FETCH_TIMEOUT
    max_bytes = max_bytes or settings.CLAIMDESK_MAX_ARTICLE_BYTES
    deadline = time.monotonic() + timeout * 3
    http = urllib3.PoolManager(headers={"User-Agent": USER_AGENT}, retries=False)
    current = check_url(url)
    for _hop in range(settings.CLAIMDESK_FETCH_MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        try:
            response = http.request(
                "GET", current, redirect=False, preload_content=False,
                timeout=urllib3.Timeout(connect=timeout, read=timeout),
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"The page could not be reached: {exc.__class__.__name__}.", transient=True) from exc
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError("The page redirected without saying where to.")
                current = check_url(urljoin(current, location))
                continue
            if response.status >= 500:
                raise FetchError(f"The site answered with an error ({response.status}).", transient=True)
            if response.status >= 400:
                raise FetchError(f"The site answered {response.status}; the page could not be fetched.")
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type and content_type not in allowed_types:
                raise FetchError(f"The address gives {content_type}, not a web page or text.")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1_000_000} MB limit.")
            chunks, size = [], 0
            for chunk in response.stream(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"The page is larger than the {max_bytes // 1_000_000} MB limit.")
                if time.monotonic() > deadline:
                    raise FetchError("The site sent the page too slowly; gave up.", transient=True)
                chunks.append(chunk)
            raw = b"".join(chunks)
            charset = response.headers.get("Content-Type", "").partition("charset=")[2].strip() or "utf-8"
            try:
                body = raw.decode(charset, errors="replace")
            except LookupError:
                body = raw.decode("utf-8", errors="replace")
            return Fetched(url=current, body=body, content_type=content_type or "text/html")
        finally:
            response.release_conn()
    raise FetchError("The page redirected too many times.")

"""Fetch a web page safely: http(s) only, public addresses only, bounded in time and size.

Every hop (the first request and each redirect) resolves the host name once,
checks every address it resolves to, and then connects to the checked address
itself, sending the original name as Host header and TLS server name. A second
DNS lookup between the check and the connection (DNS rebinding) cannot move the
request onto an internal address.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util.ssl_match_hostname import CertificateError

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "Claimdesk/1.0 (fact-check workbench)"
REDIRECTS = (301, 302, 303, 307, 308)
# NAT64 prefix (RFC 6052): the last 32 bits are an IPv4 address.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOOPBACK_REASON = "the local machine"
LINK_LOCAL_REASON = "a link-local address (cloud metadata lives there)"
MULTICAST_REASON = "a multicast address"
RESERVED_REASON = "a private or reserved network"

# Explicit deny lists, from the IANA special-purpose registries, rather than Python's
# is_global (which, for one, calls the deprecated site-local fec0::/10 global).
IPV4_DENIED = [
    (ipaddress.ip_network(net), reason)
    for net, reason in [
        ("0.0.0.0/8", RESERVED_REASON),  # "this network"
        ("10.0.0.0/8", RESERVED_REASON),
        ("100.64.0.0/10", RESERVED_REASON),  # carrier-grade NAT
        ("127.0.0.0/8", LOOPBACK_REASON),
        ("169.254.0.0/16", LINK_LOCAL_REASON),
        ("172.16.0.0/12", RESERVED_REASON),
        ("192.0.0.0/24", RESERVED_REASON),  # IETF protocol assignments
        ("192.0.2.0/24", RESERVED_REASON),  # documentation
        ("192.88.99.0/24", RESERVED_REASON),  # 6to4 relay anycast, deprecated
        ("192.168.0.0/16", RESERVED_REASON),
        ("198.18.0.0/15", RESERVED_REASON),  # benchmarking
        ("198.51.100.0/24", RESERVED_REASON),  # documentation
        ("203.0.113.0/24", RESERVED_REASON),  # documentation
        ("224.0.0.0/4", MULTICAST_REASON),
        ("240.0.0.0/4", RESERVED_REASON),  # reserved, and the broadcast address
    ]
]
# IPv6: only global unicast (2000::/3) is fetched at all, and not these parts of it.
IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
IPV6_DENIED = [
    (ipaddress.ip_network(net), reason)
    for net, reason in [
        ("2001::/23", RESERVED_REASON),  # IETF protocol assignments: Teredo, benchmarking, ORCHID
        ("2001:db8::/32", RESERVED_REASON),  # documentation
        ("2002::/16", RESERVED_REASON),  # 6to4, deprecated
        ("3fff::/20", RESERVED_REASON),  # documentation
        ("5f00::/16", RESERVED_REASON),  # SRv6 segment identifiers
    ]
]


class FetchError(Exception):
    """A fetch that failed for a reason the user should read."""

    transient = False


class TransientFetchError(FetchError):
    """A fetch that failed for a reason that may pass (a timeout, no connection, a 5xx): worth retrying."""

    transient = True


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    body: str
    content_type: str


def check_url(url: str) -> str:
    """Return the URL, its scheme in lower case, if we may fetch it; or raise FetchError saying why not."""
    url = url.strip()
    # Before parsing: urlsplit silently drops tabs and newlines, so what it checked
    # would not be what we send.
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise FetchError("The address contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is not a number, a broken IPv6 literal
        raise FetchError("The address is not a valid web address.") from exc
    if parts.scheme not in ("http", "https"):  # urlsplit lower-cases the scheme
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    if not hostname:
        raise FetchError("The address has no host name.")
    if parts.username or parts.password:
        raise FetchError("Addresses with a user name or password are not fetched.")
    # The scheme in lower case, so that no later test of the string (startswith("http"))
    # can disagree with this one.
    return parts.scheme + url[len(parts.scheme) :]


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv4-mapped or NAT64 address stands for, if it is one.

    6to4 and Teredo addresses also carry an IPv4 address, but both tunnels are
    refused outright (see IPV6_DENIED).
    """
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def loopback_allowed(port: int) -> bool:
    """Return True when the test-only allowance lets us reach a loopback server on this port.

    CLAIMDESK_FETCH_ALLOW_LOOPBACK is False in production. Tests set it to True
    (any loopback port) or to a collection of ports (only those servers).
    """
    allowance = settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK
    if isinstance(allowance, (list, tuple, set, frozenset)):
        return port in allowance
    return bool(allowance)


def check_address(address: str, port: int) -> str | None:
    """Return why an address may not be fetched, or None when it is a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        ip = embedded_ipv4(ip) or ip
    if ip.is_loopback and loopback_allowed(port):
        return None
    if isinstance(ip, ipaddress.IPv4Address):
        denied = IPV4_DENIED
    elif ip not in IPV6_GLOBAL_UNICAST:
        if ip.is_loopback:
            return LOOPBACK_REASON
        if ip.is_link_local:
            return LINK_LOCAL_REASON
        if ip.is_multicast:
            return MULTICAST_REASON
        return RESERVED_REASON
    else:
        denied = IPV6_DENIED
    for network, reason in denied:
        if ip in network:
            return reason
    return None


def ascii_host(host: str) -> str:
    """Return the host name in its ASCII (IDNA) form, as DNS, the Host header and TLS want it."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(f"The host name {host!r} is not valid.") from exc


def resolve(host: str, port: int) -> list[str]:
    """Resolve host once and return its addresses, refusing all of them if any is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host!r} could not be found.") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"The host {host!r} could not be found.")
    for address in addresses:
        reason = check_address(address, port)
        if reason:
            raise FetchError(
                f"The address {host} points to {reason} ({address}); it is not fetched (a private or reserved network)."
            )
    return addresses


def check_host(host: str, port: int) -> list[str]:
    """Resolve host and return its addresses, refusing any that is not public (kept for callers)."""
    return resolve(host, port)


class Deadline:
    """Shut a connection's socket when the overall time budget runs out, even mid-read."""

    def __init__(self, seconds: float):
        self.expires = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return self.expires - time.monotonic()

    def guard(self, conn: HTTPConnection) -> None:
        """Arm a timer that cuts conn off at the deadline."""
        self.cancel()

        def cut() -> None:
            self.expired = True
            sock = getattr(conn, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        self._timer = threading.Timer(max(self.remaining(), 0.0), cut)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def open_pinned(scheme: str, host: str, address: str, port: int, timeout: float) -> HTTPConnection:
    """Return a connection to the already-checked address, presenting host as Host and TLS name."""
    tm = float(timeout)  # the socket timeout: for the connect, then for each read
    if scheme == "https":
        return HTTPSConnection(
            address,
            port,
            timeout=tm,
            server_hostname=host,
            assert_hostname=host,
            # The system's trust store (honours SSL_CERT_FILE) unless a bundle is configured.
            cert_reqs="CERT_REQUIRED",
            ca_certs=settings.CLAIMDESK_FETCH_CA_BUNDLE or None,
        )
    return HTTPConnection(address, port, timeout=tm)


def too_large(max_bytes: int) -> FetchError:
    return FetchError(f"The page is larger than the {max_bytes / 1_000_000:g} MB limit.")


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    total_timeout: float | None = None,
    allowed_types: tuple[str, ...] = ALLOWED_TYPES,
) -> Fetched:
    """Return the body of a public web page, following a bounded number of checked redirects."""
    timeout = timeout or settings.CLAIMDESK_FETCH_TIMEOUT
    max_bytes = max_bytes or settings.CLAIMDESK_MAX_ARTICLE_BYTES
    deadline = Deadline(total_timeout or settings.CLAIMDESK_FETCH_TOTAL_TIMEOUT)
    current = check_url(url)
    try:
        for _hop in range(settings.CLAIMDESK_FETCH_MAX_REDIRECTS + 1):
            location = fetch_one(
                current, timeout=timeout, max_bytes=max_bytes, deadline=deadline, allowed_types=allowed_types
            )
            if isinstance(location, Fetched):
                return location
            current = check_url(urljoin(current, location))
    finally:
        deadline.cancel()
    raise FetchError(f"The page redirected more than {settings.CLAIMDESK_FETCH_MAX_REDIRECTS} times; gave up.")


def fetch_one(
    url: str, *, timeout: float, max_bytes: int, deadline: Deadline, allowed_types: tuple[str, ...] = ALLOWED_TYPES
) -> Fetched | str:
    """Fetch one hop: return the page, or the Location it redirects to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    hostname = ascii_host(parts.hostname)
    addresses = resolve(hostname, port)
    host_header = f"[{hostname}]" if ":" in hostname else hostname
    if parts.port:
        host_header += f":{parts.port}"
    # Non-ASCII paths and queries are sent percent-encoded, as a browser does.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=?~-._")
    last_error: Exception | None = None
    for address in addresses:
        if deadline.remaining() <= 0:
            break
        conn = open_pinned(parts.scheme, hostname, address, port, min(timeout, deadline.remaining()))
        try:
            conn.connect()
        except (OSError, urllib3.exceptions.HTTPError, CertificateError) as exc:
            conn.close()
            last_error = exc
            if isinstance(exc, (ssl.SSLError, urllib3.exceptions.SSLError, CertificateError)):
                raise FetchError("The site's secure connection (TLS certificate) could not be verified.") from exc
            continue  # try the host's next checked address
        deadline.guard(conn)
        try:
            return read_response(
                conn, url, path, host_header, max_bytes=max_bytes, deadline=deadline, allowed_types=allowed_types
            )
        finally:
            deadline.cancel()
            conn.close()
    if deadline.remaining() <= 0 or deadline.expired:
        raise TransientFetchError("The site took too long to answer; gave up.")
    name = last_error.__class__.__name__ if last_error else "no address"
    raise TransientFetchError(f"The page could not be reached ({name}).")


def read_response(
    conn: HTTPConnection,
    url: str,
    path: str,
    host_header: str,
    *,
    max_bytes: int,
    deadline: Deadline,
    allowed_types: tuple[str, ...] = ALLOWED_TYPES,
) -> Fetched | str:
    """Send the request on conn and read a bounded response."""
    try:
        conn.request(
            "GET",
            path,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                "Accept-Encoding": "identity",
            },
            preload_content=False,
        )
        response = conn.getresponse()
    except (OSError, urllib3.exceptions.HTTPError) as exc:
        if deadline.expired:
            raise TransientFetchError("The site took too long to answer; gave up.") from exc
        raise TransientFetchError(f"The page could not be reached ({exc.__class__.__name__}).") from exc
    if response.status in REDIRECTS:
        location = response.headers.get("Location")
        if not location:
            raise FetchError("The page redirected without saying where to.")
        return location
    if response.status >= 500:
        raise TransientFetchError(f"The site answered with an error ({response.status}).")
    if response.status >= 400:
        raise FetchError(f"The site answered {response.status}; the page could not be fetched.")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type and content_type not in allowed_types:
        raise FetchError(f"The address gives {content_type}, not a web page or text.")
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes)
    chunks, size = [], 0
    try:
        while True:
            chunk = response.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise too_large(max_bytes)
            if deadline.remaining() <= 0:
                raise TransientFetchError("The site sent the page too slowly; gave up.")
            chunks.append(chunk)
    except (OSError, urllib3.exceptions.HTTPError) as exc:
        if deadline.expired or deadline.remaining() <= 0:
            raise TransientFetchError("The site sent the page too slowly; gave up.") from exc
        raise TransientFetchError(f"The page could not be read ({exc.__class__.__name__}).") from exc
    if deadline.expired:
        raise TransientFetchError("The site sent the page too slowly; gave up.")
    raw = b"".join(chunks)
    charset = response.headers.get("Content-Type", "").partition("charset=")[2].strip().strip('"') or "utf-8"
    try:
        body = raw.decode(charset, errors="replace")
    except LookupError:
        body = raw.decode("utf-8", errors="replace")
    return Fetched(url=url, body=body, content_type=content_type or "text/html")

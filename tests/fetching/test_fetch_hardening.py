"""Fetching URLs safely: a hostile loopback server tries every trick; each one is refused.

The loopback servers are reached through the test-only allowance
CLAIMDESK_FETCH_ALLOW_LOOPBACK, set to the hostile server's port only, so a
redirect or a DNS answer pointing at any other local service is still refused.
"""

import socket

import pytest
from django.urls import reverse

from claims import fetching, tasks
from claims.fetching import FetchError, check_address, check_url, fetch
from claims.models import Article, Source
from claims.pipeline.extract import article_extract
from tests.support.hostile_server import HostileHandler, InternalHandler, serve


@pytest.fixture
def hostile(settings):
    internal = serve(InternalHandler)
    HostileHandler.internal_url = f"http://127.0.0.1:{internal.server_port}/secret"
    HostileHandler.hits = {}
    server = serve(HostileHandler)
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = {server.server_port}
    settings.CLAIMDESK_FETCH_TIMEOUT = 3
    settings.CLAIMDESK_FETCH_TOTAL_TIMEOUT = 5
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    internal.shutdown()


def test_a_normal_page_is_fetched_through_a_checked_redirect(hostile):
    fetched = fetch(f"{hostile}/hop")
    assert "$5 million on 12 bridges" in fetched.body
    assert fetched.url == f"{hostile}/ok" and fetched.content_type == "text/html"


def test_the_host_header_names_the_site_not_the_address(hostile, monkeypatch):
    port = int(hostile.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, *a, **k: real("127.0.0.1" if host == "news.example" else host, *a, **k)
    )
    assert f"Host was news.example:{port}" in fetch(f"http://news.example:{port}/host").body


def test_dns_rebinding_cannot_move_the_connection_to_an_internal_address(hostile, monkeypatch):
    """The name resolves to the checked address first and to an internal one afterwards."""
    port = int(hostile.rsplit(":", 1)[1])
    try:
        internal = serve(InternalHandler, host="127.0.0.2", port=port)  # same port, other loopback address
    except OSError:
        pytest.fail("could not bind 127.0.0.2 for the rebinding test")
    real = socket.getaddrinfo
    answers = []

    def rebinding_dns(host, *args, **kwargs):
        if host == "rebind.example":
            answers.append(host)
            return real("127.0.0.1" if len(answers) == 1 else "127.0.0.2", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    try:
        body = fetch(f"http://rebind.example:{port}/ok").body
    finally:
        internal.shutdown()
    assert "SECRET" not in body and "$5 million" in body
    assert len(answers) == 1  # resolved once, connected to what was checked


@pytest.mark.parametrize(
    "path, message",
    [
        ("/to-internal", "local machine"),
        ("/to-metadata", "link-local"),
        ("/to-private", "private or reserved"),
        ("/to-file", "Only http:// and https://"),
    ],
)
def test_redirects_to_internal_addresses_are_refused(hostile, path, message):
    with pytest.raises(FetchError, match=message) as refused:
        fetch(hostile + path)
    assert not refused.value.transient
    assert "SECRET" not in str(refused.value)


def test_a_redirect_loop_stops_after_the_configured_number_of_hops(hostile, settings):
    settings.CLAIMDESK_FETCH_MAX_REDIRECTS = 4
    with pytest.raises(FetchError, match="redirected more than 4 times"):
        fetch(f"{hostile}/loop")
    assert HostileHandler.hits["/loop"] == 5


def test_an_endless_body_is_cut_off_at_the_size_cap(hostile):
    with pytest.raises(FetchError, match="larger than the 0.5 MB limit"):
        fetch(f"{hostile}/endless", max_bytes=500_000)


def test_a_huge_content_length_is_refused_before_reading(hostile):
    with pytest.raises(FetchError, match="larger than the 2 MB limit"):
        fetch(f"{hostile}/huge", max_bytes=2_000_000)


def test_a_slow_drip_is_cut_off_by_the_overall_deadline(hostile):
    # Each byte arrives well within the 3 s read timeout; only the overall deadline stops it.
    with pytest.raises(FetchError, match="too slowly|too long"):
        fetch(f"{hostile}/drip", timeout=3, total_timeout=1)


def test_a_non_page_content_type_is_refused(hostile):
    with pytest.raises(FetchError, match="application/pdf, not a web page"):
        fetch(f"{hostile}/pdf")


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.org/file", "Only http:// and https://"),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("javascript:alert(1)", "Only http:// and https://"),
        ("https://user:secret@example.org/", "user name or password"),
        ("https://:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host name"),
        ("http://example.org:99999/", "not a valid web address"),
        ("http://example.org/a b", "spaces or control characters"),
    ],
)
def test_urls_that_are_not_public_web_pages_are_refused(url, message):
    with pytest.raises(FetchError, match=message):
        check_url(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
    ],
)
def test_non_public_addresses_are_refused_ipv4_and_ipv6(address, settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    assert check_address(address, 80) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])
def test_public_addresses_are_allowed(address, settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    assert check_address(address, 443) is None


def test_the_loopback_allowance_is_off_by_default():
    from django.conf import settings as django_settings

    assert django_settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK is False
    assert check_address("127.0.0.1", 8000) is not None


def test_a_host_resolving_to_any_private_address_is_refused(monkeypatch, settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80)),
        ],
    )
    with pytest.raises(FetchError, match="private or reserved"):
        fetching.resolve("mixed.example", 80)


@pytest.mark.django_db
def test_a_failed_url_article_shows_a_clear_message_and_a_retry_button(hostile, reviewer_client, reviewer):
    article = Article.objects.create(origin=Article.Origin.URL, url=f"{hostile}/pdf", submitted_by=reviewer)
    assert tasks.extract_article.apply(args=[article.pk]).failed()  # a permanent error: no retry
    article.refresh_from_db()
    assert HostileHandler.hits["/pdf"] == 1
    assert article.status == Article.Status.FAILED
    page = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "Extraction failed: The address gives application/pdf, not a web page or text." in page
    assert f'action="{reverse("article_retry", args=[article.pk])}"' in page and ">Retry</button>" in page


@pytest.mark.django_db
def test_a_url_that_keeps_failing_stops_after_bounded_retries_with_the_error_stored(hostile):
    article = Article.objects.create(origin=Article.Origin.URL, url=f"{hostile}/down")
    tasks.extract_article.apply(args=[article.pk])  # eager: retries run at once, without the backoff
    article.refresh_from_db()
    assert HostileHandler.hits["/down"] == tasks.MAX_RETRIES + 1
    assert article.status == Article.Status.FAILED and "error (503)" in article.error
    assert article.attempts == tasks.MAX_RETRIES + 1


@pytest.mark.django_db
def test_a_source_that_keeps_failing_stops_after_bounded_retries(hostile):
    source = Source.objects.create(url=f"{hostile}/down", fetch_status=Source.FetchStatus.QUEUED)
    tasks.fetch_source.apply(args=[source.pk])
    source.refresh_from_db()
    assert HostileHandler.hits["/down"] == tasks.MAX_RETRIES + 1
    assert source.fetch_status == Source.FetchStatus.FAILED and "error (503)" in source.fetch_error


@pytest.mark.django_db
def test_an_article_whose_runs_keep_dying_is_failed_after_the_attempt_limit(settings, reviewer):
    settings.CLAIMDESK_MAX_ATTEMPTS = 3
    article = Article.objects.create(
        raw="The council spent $5 million.", submitted_by=reviewer, status=Article.Status.EXTRACTING, attempts=3
    )
    assert article_extract(article.pk) is None
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and "Gave up after 3 attempts" in article.error


@pytest.fixture
def tls_server(tmp_path, settings, monkeypatch):
    """An https server on loopback with a throw-away certificate for news.example."""
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=news.example",
            "-addext",
            "subjectAltName=DNS:news.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    server = serve(HostileHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = {server.server_port}
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1" if host in ("news.example", "other.example") else host, *a, **k),
    )
    yield server.server_port, str(cert)
    server.shutdown()


def test_https_to_the_pinned_address_verifies_the_certificate_for_the_site_name(tls_server, settings):
    port, cert = tls_server
    with pytest.raises(FetchError, match="TLS certificate") as untrusted:
        fetch(f"https://news.example:{port}/ok")  # self-signed: not in the trust store
    assert not untrusted.value.transient
    settings.CLAIMDESK_FETCH_CA_BUNDLE = cert
    assert "$5 million" in fetch(f"https://news.example:{port}/ok").body
    with pytest.raises(FetchError, match="TLS certificate"):
        fetch(f"https://other.example:{port}/ok")  # same address, a name the certificate is not for


def test_international_host_names_and_paths_are_sent_encoded(hostile, monkeypatch):
    port = int(hostile.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1" if host == "xn--bcher-kva.example" else host, *a, **k),
    )
    assert f"Host was xn--bcher-kva.example:{port}" in fetch(f"http://bücher.example:{port}/host?q=é").body

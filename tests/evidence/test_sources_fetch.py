"""Fetching URL sources into text snapshots (a loopback server stands in for the web)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.models import Citation, Event, Source
from claims.pipeline.sources import source_fetch

pytestmark = pytest.mark.django_db

PAGES = {
    "body": "<html><head><title>Resolution 12</title></head><body><article><h1>Resolution 12</h1>"
    "<p>The legislature authorised the entry of foreign troops from June 1 to December 31.</p>"
    "<p>It was adopted with 70 votes in favour and 38 against on the same day.</p>"
    "</article></body></html>"
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = PAGES["body"].encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def page_server(settings):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = True  # test-only allowance for the loopback server
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/resolution"
    server.shutdown()


def test_url_source_is_snapshotted_with_its_hash(page_server):
    source = Source.objects.create(url=page_server, fetch_status=Source.FetchStatus.QUEUED)
    fetched = source_fetch(source.pk)
    assert fetched.fetch_status == Source.FetchStatus.READY
    assert "70 votes in favour" in fetched.text_snapshot
    assert len(fetched.sha256) == 64
    assert fetched.title == "Resolution 12"


def test_a_changed_origin_is_recorded_on_citing_claims(page_server, ready_article):
    claim = ready_article.appearances.first().claim
    source = Source.objects.create(url=page_server, fetch_status=Source.FetchStatus.QUEUED)
    Citation.objects.create(claim=claim, source=source, excerpt="70 votes in favour", stance="context")
    first = source_fetch(source.pk).sha256
    PAGES["body"] = PAGES["body"].replace("70 votes", "71 votes")
    try:
        Source.objects.filter(pk=source.pk).update(fetch_status=Source.FetchStatus.QUEUED)
        second = source_fetch(source.pk).sha256
    finally:
        PAGES["body"] = PAGES["body"].replace("71 votes", "70 votes")
    assert first != second
    assert Event.objects.filter(claim=claim, action="source_changed").count() == 1


def test_loopback_sources_are_refused_without_the_test_allowance(settings):
    from claims.fetching import FetchError

    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = False
    source = Source.objects.create(url="http://127.0.0.1:9/x", fetch_status=Source.FetchStatus.QUEUED)
    with pytest.raises(FetchError, match="private or reserved"):
        source_fetch(source.pk)

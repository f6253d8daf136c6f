"""A hostile HTTP server on loopback for the fetch tests: every way a page can misbehave."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = (
    "<html><head><title>Council budget</title></head><body><article><h1>Council budget</h1>"
    "<p>The council spent $5 million on 12 bridges in 2024, the mayor said on Monday.</p>"
    "<p>Officials said the bridges carry 40,000 cars a day.</p></article></body></html>"
)


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}
    internal_url = ""  # set by the fixture: a loopback server the fetcher must never reach

    def log_message(self, *args):
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        HostileHandler.hits[path] = HostileHandler.hits.get(path, 0) + 1
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher hung up on us, as it should

    def route(self, path: str):
        if path == "/ok":
            self.send(200, PAGE.encode())
        elif path == "/host":
            self.send(200, f"<html><body><p>Host was {self.headers['Host']}</p></body></html>".encode())
        elif path == "/endless":  # no Content-Length, never ends
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"spam " * 2000 + b"</p>\n"
            for _ in range(100_000):
                self.wfile.write(chunk)
        elif path == "/drip":  # a byte at a time, each well inside the read timeout
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/huge":
            self.send(200, b"", length=str(10**12))
        elif path == "/pdf":
            self.send(200, b"%PDF-1.7 ...", content_type="application/pdf")
        elif path == "/down":
            self.send(503, b"busy")
        elif path == "/gone":
            self.send(404, b"not here")
        elif path == "/loop":
            self.send(302, Location="/loop")
        elif path == "/hop":
            self.send(302, Location="/ok")
        elif path == "/to-internal":
            self.send(302, Location=HostileHandler.internal_url)
        elif path == "/to-metadata":
            self.send(302, Location="http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        elif path == "/to-private":
            self.send(302, Location="http://10.0.0.1/admin")
        elif path == "/to-file":
            self.send(302, Location="file:///etc/passwd")
        else:
            self.send(404, b"")


class InternalHandler(BaseHTTPRequestHandler):
    """Stands for an internal service (an admin panel, a metadata endpoint)."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        body = b"<html><body><p>SECRET internal data: the database password is hunter2.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(handler, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Start a threaded server in the background and return it (call .shutdown())."""
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server

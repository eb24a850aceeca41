"""Conditional GET against a local HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from newsreader.features.fetch import FetchError, fetch
from newsreader.parse.feed import parse_feed

BODY = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>本地</title>'
    "<item><title>条目一</title><guid>l-1</guid><description>正文。</description></item>"
    "</channel></rss>"
).encode()
ETAG = '"v1-abc"'
MODIFIED = "Fri, 03 Jan 2025 08:00:00 GMT"


class Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, str]]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        Handler.requests.append({k.lower(): v for k, v in self.headers.items()})
        if self.path == "/missing":
            self.send_error(404, "Not Found")
            return
        if self.path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/etag")
            self.end_headers()
            return
        if self.path == "/slow":
            self.server.release.wait(5)  # type: ignore[attr-defined]
            return
        body = BODY
        if self.path == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            validators = {"ETag": ETAG}
        elif self.path == "/modified":
            if self.headers.get("If-Modified-Since") == MODIFIED:
                self.send_response(304)
                self.end_headers()
                return
            validators = {"Last-Modified": MODIFIED}
        else:
            validators = {}
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if self.path == "/gzip":
            body = gzip.compress(BODY)
            self.send_header("Content-Encoding", "gzip")
        for key, value in validators.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.release.set()  # type: ignore[attr-defined]
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_etag_round_trip(server: str) -> None:
    first = fetch(server + "/etag", timeout=5)
    assert first.status == 200 and not first.not_modified
    assert first.etag == ETAG and first.data == BODY
    assert "if-none-match" not in Handler.requests[0]
    second = fetch(server + "/etag", etag=first.etag, modified=first.modified, timeout=5)
    assert second.not_modified and second.data == b"" and second.etag == ETAG
    assert Handler.requests[1]["if-none-match"] == ETAG
    changed = fetch(server + "/etag", etag='"old"', timeout=5)
    assert changed.status == 200 and changed.data == BODY


def test_last_modified_round_trip(server: str) -> None:
    first = fetch(server + "/modified", timeout=5)
    assert first.status == 200 and first.modified == MODIFIED and first.etag is None
    second = fetch(server + "/modified", modified=first.modified, timeout=5)
    assert second.not_modified and second.modified == MODIFIED
    assert Handler.requests[1]["if-modified-since"] == MODIFIED


def test_gzip_body_is_decompressed_and_parses(server: str) -> None:
    result = fetch(server + "/gzip", timeout=5)
    assert result.data == BODY
    assert [a.title for a in parse_feed(result.data, result.url).articles] == ["条目一"]


def test_redirect_reports_final_url(server: str) -> None:
    result = fetch(server + "/redirect", timeout=5)
    assert result.url.endswith("/etag") and result.etag == ETAG


def test_http_error_is_one_line(server: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(server + "/missing", timeout=5)
    message = str(info.value)
    assert "HTTP 404" in message and "\n" not in message and "/missing" in message


def test_too_large_body_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        fetch(server + "/plain", timeout=5, max_bytes=10)


def test_timeout_is_one_line(server: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(server + "/slow", timeout=0.3)
    assert "timed out" in str(info.value) and "\n" not in str(info.value)


def test_unreachable_host_is_one_line() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/feed.xml", timeout=2)
    message = str(info.value)
    assert message.startswith(f"http://127.0.0.1:{port}/feed.xml: ") and "\n" not in message


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "not a url"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)

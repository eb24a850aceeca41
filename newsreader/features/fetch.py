"""HTTP GET for feeds, with conditional requests (ETag / Last-Modified).

``feeds refresh`` must not download or re-import a feed that has not
changed, so the validators from the last fetch are sent back and a 304
comes back as ``FetchResult.not_modified``. Every failure (no network, DNS,
timeout, HTTP error, oversized body) becomes one ``FetchError`` whose
message is a single line fit for the CLI: never a traceback.

``timeout`` is one deadline for the whole fetch (connect, TLS, headers,
body, redirects): a server that sends a byte every second cannot hold a
refresh for minutes, because a watchdog shuts the connection's socket when
the time is up. Redirects are followed only to http(s) URLs (urllib would
follow one to ``ftp://``). Name resolution is the one step not bounded
(the system resolver cannot be interrupted).
"""

from __future__ import annotations

import gzip
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["MAX_BYTES", "USER_AGENT", "FetchError", "FetchResult", "fetch"]

MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "newsreader/0.1 (+terminal feed reader)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
    "*/*;q=0.5"
)


class FetchError(Exception):
    """A fetch failed; ``str()`` is one line naming the URL and the reason."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """``status`` 200 with ``data``, or 304 with empty ``data``.

    ``etag`` and ``modified`` are the validators to store for the next
    request (on 304 the ones sent, unless the server sent fresh ones);
    ``url`` is the final URL after redirects.
    """

    status: int
    data: bytes
    etag: str | None
    modified: str | None
    url: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _reason(exc: BaseException) -> str:
    """A short human reason for a network exception, on one line."""
    inner = getattr(exc, "reason", exc)
    if isinstance(inner, socket.gaierror):
        return f"cannot resolve host (no network?): {inner.strerror or inner}"
    if isinstance(inner, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, ssl.SSLError):
        return f"TLS error: {getattr(inner, 'reason', None) or inner}"
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    return " ".join(str(inner).split()) or type(inner).__name__


def _read_limited(response: object, limit: int) -> bytes:
    data = response.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise FetchError(f"response larger than {limit // (1024 * 1024)} MB")
    return data


def _decompress(data: bytes, encoding: str, limit: int) -> bytes:
    """Undo Content-Encoding (urllib does not), guarding against bombs."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding in ("gzip", "x-gzip"):
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decomp = zlib.decompressobj()
    else:
        raise FetchError(f"unsupported content encoding {encoding!r}")
    try:
        out = decomp.decompress(data, limit + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise FetchError(f"corrupt {encoding} body: {exc}") from None
    if len(out) > limit:
        raise FetchError(f"response larger than {limit // (1024 * 1024)} MB once decompressed")
    return out


class _Deadline:
    """The end of one fetch: sockets opened before it are shut when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shut(sock)
        return sock

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        # A blocked recv in the fetching thread returns at once.
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _bounded(base: type[http.client.HTTPConnection], deadline: _Deadline) -> Any:
    """``base`` whose sockets (made before any TLS handshake) the deadline can shut."""

    class Bounded(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            given: float | None = getattr(self, "timeout", None)
            self.timeout = min(given or deadline.seconds, deadline.remaining())
            create: Callable[..., socket.socket] = socket.create_connection
            self._create_connection = lambda *a, **k: deadline.watch(create(*a, **k))
            super().connect()

    return Bounded


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_bounded(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(
            _bounded(http.client.HTTPSConnection, self.deadline),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: never to ftp:// (or file:, data:)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            raise FetchError(f"redirect to {newurl} refused: only http and https are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _HttpOnlyRedirects(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
    ):
        opener.add_handler(handler)
    return opener


def _seconds(value: float) -> str:
    return f"{value:g} s"


def fetch(
    url: str,
    etag: str | None = None,
    modified: str | None = None,
    timeout: float = 10,
    *,
    max_bytes: int = MAX_BYTES,
) -> FetchResult:
    """GET ``url`` conditionally within ``timeout`` seconds in all; ``FetchError`` otherwise."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers, method="GET")
    timed_out = FetchError(f"{url}: timed out (no complete answer within {_seconds(timeout)})")
    with _Deadline(timeout) as deadline:
        try:
            with _opener(deadline).open(request, timeout=timeout) as response:
                raw = _read_limited(response, max_bytes)
                if deadline.expired:  # the watchdog cut the body short
                    raise timed_out
                data = _decompress(raw, response.headers.get("Content-Encoding", ""), max_bytes)
                return FetchResult(
                    status=response.status,
                    data=data,
                    etag=response.headers.get("ETag"),
                    modified=response.headers.get("Last-Modified"),
                    url=response.geturl(),
                )
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return FetchResult(
                    status=304,
                    data=b"",
                    etag=exc.headers.get("ETag") or etag,
                    modified=exc.headers.get("Last-Modified") or modified,
                    url=exc.geturl() or url,
                )
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except FetchError as exc:
            if exc is timed_out:
                raise
            raise FetchError(f"{url}: {exc}") from None
        except Exception as exc:  # URLError, OSError, http.client oddities
            if deadline.expired:
                raise timed_out from None
            if isinstance(exc, (urllib.error.URLError, OSError, ValueError)):
                raise FetchError(f"{url}: {_reason(exc)}") from None
            detail = " ".join(str(exc).split())
            raise FetchError(f"{url}: {type(exc).__name__}: {detail}") from None

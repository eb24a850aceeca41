"""HTTP GET for feeds, with conditional requests (ETag / Last-Modified).

``feeds refresh`` must not download or re-import a feed that has not
changed, so the validators from the last fetch are sent back and a 304
comes back as ``FetchResult.not_modified``. Every failure (no network, DNS,
timeout, HTTP error, oversized body) becomes one ``FetchError`` whose
message is a single line fit for the CLI: never a traceback.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
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


def fetch(
    url: str,
    etag: str | None = None,
    modified: str | None = None,
    timeout: float = 10,
    *,
    max_bytes: int = MAX_BYTES,
) -> FetchResult:
    """GET ``url`` conditionally; raises ``FetchError`` with a one-line reason."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = _read_limited(response, max_bytes)
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
        raise FetchError(f"{url}: {exc}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(f"{url}: {_reason(exc)}") from None
    except Exception as exc:  # http.client oddities (bad status line, ...)
        raise FetchError(f"{url}: {type(exc).__name__}: {' '.join(str(exc).split())}") from None

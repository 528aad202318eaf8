"""A loopback HTTP server for feed tests: routes set up by the test, every request recorded.

Usage (the ``feed_server`` fixture is available to every test module through ``conftest.py``)::

    def test_something(feed_server):
        feed_server.add("/feed.xml", body=b"<rss ...>", etag='"v1"')
        feed_server.redirect("/old", "/feed.xml")
        feed_server.add_chunked("/slow", [b"<rss>", b"..."], delay=0.5)
        url = feed_server.url("/old")
        ...
        assert feed_server.last_request("/feed.xml").headers["user-agent"].startswith("briefbot")

It listens on 127.0.0.1 on a free port, in a daemon thread (``http.server.ThreadingHTTPServer``),
speaks HTTP/1.1 (keep-alive, chunked bodies) and answers 404 to unknown paths. Routes with an
``etag`` or ``last_modified`` honour ``If-None-Match`` / ``If-Modified-Since`` with a 304.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received; header names are lower case."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] | None = None  # sent with Transfer-Encoding: chunked, no Content-Length
    delay: float = 0.0  # seconds to wait before each chunk
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable[[RecordedRequest], Route] | None = None  # computes the answer per request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence the log
        pass

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        request = RecordedRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(request)
        route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            route = Route(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if route.handler is not None:
            route = route.handler(request)
        try:
            self._write(route, request, send_body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _write(self, route: Route, request: RecordedRequest, send_body: bool) -> None:
        validators = {}
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        inm = request.headers.get("if-none-match")
        ims = request.headers.get("if-modified-since")
        if (route.etag and inm and (inm.strip() == "*" or route.etag in inm)) or (
            route.last_modified and ims == route.last_modified and not inm
        ):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        for name, value in {**validators, **route.headers}.items():
            self.send_header(name, value)
        if route.chunks is not None:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if not send_body:
                return
            for chunk in route.chunks:
                if route.delay:
                    time.sleep(route.delay)
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            return
        if "Content-Length" not in route.headers:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if send_body and route.body:
            self.wfile.write(route.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FeedServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client drops a connection (timeouts, caps); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FeedServer:
    """The server; start it with :meth:`start` (the fixture does) and add routes at any time."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- routes ---------------------------------------------------------------------------------

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "application/rss+xml; charset=utf-8",
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Route:
        """Answer ``path`` with a fixed body (``Content-Length`` is set unless given in ``headers``)."""
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(status=status, body=data, headers=all_headers, etag=etag, last_modified=last_modified)
        self.routes[path] = route
        return route

    def add_file(self, path: str, file: Path, *, content_type: str | None = "application/xml") -> Route:
        """Serve a file's bytes on ``path``."""
        return self.add(path, file.read_bytes(), content_type=content_type)

    def add_chunked(
        self,
        path: str,
        chunks: list[bytes],
        *,
        delay: float = 0.0,
        status: int = 200,
        content_type: str | None = "application/rss+xml",
        headers: dict[str, str] | None = None,
    ) -> Route:
        """Answer with a chunked body (no length), waiting ``delay`` seconds before each chunk."""
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        route = Route(status=status, headers=all_headers, chunks=list(chunks), delay=delay)
        self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, *, status: int = 302) -> Route:
        """Redirect ``path`` to ``to`` (a path on this server, or any absolute URL)."""
        location = to if "://" in to else self.url(to)
        route = Route(status=status, headers={"Location": location, "Content-Length": "0"})
        self.routes[path] = route
        return route

    def add_handler(self, path: str, handler: Callable[[RecordedRequest], Route]) -> None:
        """Compute the answer for each request to ``path``."""
        self.routes[path] = Route(handler=handler)

    # -- what was received ----------------------------------------------------------------------

    def requests_for(self, path: str) -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path == path or r.path.split("?", 1)[0] == path]

    def last_request(self, path: str) -> RecordedRequest:
        found = self.requests_for(path)
        assert found, f"no request for {path}; got {[r.path for r in self.requests]}"
        return found[-1]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started :class:`FeedServer` on 127.0.0.1, stopped after the test."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()

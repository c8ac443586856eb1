"""A real HTTP proxy on loopback that injects network faults in front of the central service.

Faults are real: the desk's requests go over TCP to this proxy, which forwards them to the
real central service (or does not), then answers, stalls, resets or truncates as scripted.
Nothing in the desk is replaced.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from tests.central_auth import PROXIES


@dataclass(frozen=True)
class Fault:
    """What to do with one request. ``forward`` decides whether the central sees it."""

    kind: str  # "pass", "status", "stall", "reset", "truncate"
    status: int = 0
    retry_after: str | None = None
    seconds: float = 0.0
    forward: bool = True


PASS = Fault("pass")


def status(code: int, retry_after: str | None = None) -> Fault:
    """Answer ``code`` without forwarding: the central never sees the request."""
    return Fault("status", status=code, retry_after=retry_after, forward=False)


def stall(seconds: float) -> Fault:
    """Forward (the central stores it), then hold the answer past the client's timeout."""
    return Fault("stall", seconds=seconds)


def reset(*, forward: bool) -> Fault:
    """Close the connection with a TCP RST instead of answering."""
    return Fault("reset", forward=forward)


def truncate() -> Fault:
    """Forward, then send the status line and half the body and hang up."""
    return Fault("truncate")


class FaultProxy:
    def __init__(self, upstream: str, delay: float = 0.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.delay = delay
        self.faults: deque[Fault] = deque()
        self.seen: list[str] = []
        # (method, path) of every request, in order; ``seen`` keeps the paths alone.
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # Connections a client holds open (HTTP keep-alive): a centre that goes down drops
        # them too, or a desk that enrolled through the proxy would keep talking to it.
        self._connections: set[socket.socket] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def next_fault(self, path: str, method: str = "GET") -> Fault:
        with self._lock:
            self.seen.append(path)
            self.requests.append((method, path))
            return self.faults.popleft() if self.faults else PASS

    def count(self, method: str, path_part: str = "") -> int:
        """How many ``method`` requests reached the proxy with ``path_part`` in the path."""
        with self._lock:
            return sum(1 for m, p in self.requests if m == method and path_part in p)

    def start(self) -> None:
        """Listen (again, on the same port after ``stop``: the centre "comes back")."""
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        PROXIES[self.url.rstrip("/")] = self.upstream  # a desk behind it can be provisioned

    def stop(self) -> None:
        """Stop listening: connections are refused, as when the centre is down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                connection.close()

    @contextlib.contextmanager
    def running(self) -> Iterator[FaultProxy]:
        self.start()
        try:
            yield self
        finally:
            self.stop()


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    session = requests.Session()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with proxy._lock:
                proxy._connections.add(self.connection)

        def finish(self) -> None:
            with proxy._lock:
                proxy._connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # request lines carry ID numbers in some paths; never print them

        def do_GET(self) -> None:
            self._handle(None)

        def do_HEAD(self) -> None:
            self._handle(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._handle(self.rfile.read(length))

        def do_PUT(self) -> None:
            self.do_POST()

        def do_DELETE(self) -> None:
            self._handle(None)

        def _handle(self, body: bytes | None) -> None:
            fault = proxy.next_fault(self.path, self.command)
            if proxy.delay:
                time.sleep(proxy.delay)
            upstream = None
            if fault.forward:
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() in ("content-type", "idempotency-key", "if-none-match",
                                            "authorization", "x-bimer-desk",
                                            "x-bimer-enrollment-code")}
                try:
                    upstream = session.request(self.command, proxy.upstream + self.path,
                                               data=body, headers=headers, timeout=30)
                except requests.ConnectionError:
                    # The centre is down behind the proxy: the desk's connection drops, as
                    # it would through a gateway whose upstream vanished (and the proxy's
                    # thread prints no traceback for it).
                    self._reset()
                    return
            if fault.kind == "reset":
                self._reset()
                return
            if fault.kind == "status":
                payload = b'{"detail": "injected"}'
                self.send_response(fault.status)
                if fault.retry_after is not None:
                    self.send_header("Retry-After", fault.retry_after)
                self._send_body(payload)
                return
            assert upstream is not None
            if fault.kind == "stall":
                time.sleep(fault.seconds)
            content = upstream.content
            self.send_response(upstream.status_code)
            if fault.kind == "truncate":
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content[: len(content) // 2])
                self.wfile.flush()
                self._reset()
                return
            for name in ("Idempotent-Replayed", "ETag", "Retry-After"):
                if name in upstream.headers:
                    self.send_header(name, upstream.headers[name])
            self._send_body(content, upstream.headers.get("Content-Type", "application/json"))

        def _send_body(self, payload: bytes, content_type: str = "application/json") -> None:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            # The client may have given up (its read timeout, or killed): exactly the cases
            # under test, so the headers may find the connection gone as well as the body.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.end_headers()
                if self.command != "HEAD":  # a HEAD answer has headers only
                    self.wfile.write(payload)

        def _reset(self) -> None:
            # SO_LINGER with a zero timeout turns close() into a TCP RST.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

    return Handler

"""Read timeouts uvicorn itself lacks: a client that sends its request headers, or its body,
too slowly is disconnected, so that a handful of slow connections cannot hold the service.

uvicorn closes an *idle* keep-alive connection (``timeout_keep_alive``) but waits forever
for a request that is arriving a byte at a time. ``GuardedH11Protocol`` is uvicorn's own
HTTP/1.1 protocol with two more timers (the same ones nginx has as
``client_header_timeout`` and ``client_body_timeout``):

- **headers**: from the first byte of a request (or the connection) until its headers are
  complete: ``header_timeout`` seconds;
- **body**: at most ``body_idle_timeout`` seconds between two pieces of the body, and after
  the first ``body_grace`` seconds at least ``body_min_rate`` bytes a second on average
  (so one byte every few seconds is not enough either).

Time the service itself spends not reading (flow control while a route is busy with what
it has) is never counted against the client.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_IDLE_TIMEOUT = 15.0
DEFAULT_BODY_GRACE = 20.0
DEFAULT_BODY_MIN_RATE = 1024.0  # bytes a second: a 20 MB scan over a 1 Mbit/s line passes


class GuardedH11Protocol(H11Protocol):
    header_timeout = DEFAULT_HEADER_TIMEOUT
    body_idle_timeout = DEFAULT_BODY_IDLE_TIMEOUT
    body_grace = DEFAULT_BODY_GRACE
    body_min_rate = DEFAULT_BODY_MIN_RATE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timer: asyncio.TimerHandle | None = None
        self._body_started = 0.0
        self._body_bytes = 0
        self._phase = ""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.IDLE and self.conn.our_state is h11.IDLE:
            if self._phase != "headers":
                self._arm_headers()  # the first bytes of the next request
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._phase = "body"
                self._body_started = time.monotonic()
                self._body_bytes = 0
            self._body_bytes += len(data)
            if self._too_slow():
                self._close()
                return
            self._arm(self.body_idle_timeout)
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        self._disarm()  # idle between requests: uvicorn's keep-alive timeout rules
        super().on_response_complete()

    def _too_slow(self) -> bool:
        elapsed = time.monotonic() - self._body_started
        return elapsed > self.body_grace and self._body_bytes / elapsed < self.body_min_rate

    def _arm_headers(self) -> None:
        self._phase = "headers"
        self._arm(self.header_timeout)

    def _arm(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None
        self._phase = ""

    def _expired(self) -> None:
        self._timer = None
        if self.flow.read_paused:
            self._arm(self.body_idle_timeout)  # we are not reading; not the client's fault
            return
        if self._phase == "headers" and self.conn.their_state is not h11.IDLE:
            return
        self._close()

    def _close(self) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.logger.info("closing a connection that sent its request too slowly")
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True
                self.cycle.message_event.set()
            self.transport.close()


def guarded_protocol(header_timeout: float, body_idle_timeout: float,
                     body_min_rate: float = DEFAULT_BODY_MIN_RATE,
                     body_grace: float = DEFAULT_BODY_GRACE) -> type[GuardedH11Protocol]:
    """The protocol class for ``uvicorn.Config(http=...)`` with these timeouts."""
    return type("GuardedH11ProtocolWithTimeouts", (GuardedH11Protocol,), {
        "header_timeout": header_timeout, "body_idle_timeout": body_idle_timeout,
        "body_min_rate": body_min_rate, "body_grace": body_grace,
    })


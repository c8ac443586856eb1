"""Rate limits the service keeps in memory (per process): login and "Şifremi unuttum" per
source address, enrollment per source address, evveliyat per session. A token bucket per
key: ``burst`` requests at once, then ``per_minute``. Past it: 429 with Retry-After."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bimer_central.logins import Refusal
from models.auth_reasons import AuthReason

MAX_KEYS = 10_000  # buckets of idle keys are dropped past this many


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    def __init__(self, burst: int, per_minute: float, what: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.per_second = per_minute / 60.0
        self.what = what
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """One request of ``key``, or ``Refusal`` 429 when it has to wait."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= MAX_KEYS:
                    self._buckets = {k: b for k, b in self._buckets.items()
                                     if b.tokens + (now - b.at) * self.per_second < self.burst}
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst),
                                bucket.tokens + (now - bucket.at) * self.per_second)
            bucket.at = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return
            wait = math.ceil((1.0 - bucket.tokens) / self.per_second)
        raise Refusal(429, AuthReason.RATE_LIMITED,
                      f"Çok sık {self.what} isteği; {wait} saniye sonra yeniden deneyin.",
                      retry_after=wait)


@dataclass(frozen=True)
class RateLimits:
    login: RateLimit
    password_reset: RateLimit
    enrollment: RateLimit
    history: RateLimit

    @classmethod
    def default(cls, clock: Callable[[], float] = time.monotonic) -> RateLimits:
        return cls(
            login=RateLimit(10, 10, "giriş", clock),
            password_reset=RateLimit(3, 2, "şifre yenileme", clock),
            enrollment=RateLimit(5, 5, "masa kaydı", clock),
            # A counter clerk types an ID number a minute at most; a burst for corrections.
            history=RateLimit(20, 30, "evveliyat", clock),
        )

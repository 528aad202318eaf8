"""Per-person question limits (``limits.questions_per_user_per_minute``), shared by every front-end.

A sliding window of one minute per asker (a platform-qualified user id, e.g. ``discord:1234``): the
next question beyond the limit raises :class:`~briefings.errors.RateLimited` with the seconds until a
slot frees. Memory stays bounded: idle askers are forgotten.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable

from briefings.errors import RateLimited

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0
MAX_ASKERS = 100_000


class RateLimiter:
    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def check(self, asker: str) -> None:
        """Count one question by ``asker``, or raise RateLimited when the window is full."""
        now = self.clock()
        times = self._seen.setdefault(asker, deque())
        while times and now - times[0] >= WINDOW_SECONDS:
            times.popleft()
        if len(times) >= self.per_minute:
            raise RateLimited(WINDOW_SECONDS - (now - times[0]))
        times.append(now)
        if len(self._seen) > MAX_ASKERS:
            self._forget(now)

    def _forget(self, now: float) -> None:
        for key in [k for k, t in self._seen.items() if not t or now - t[-1] >= WINDOW_SECONDS]:
            del self._seen[key]

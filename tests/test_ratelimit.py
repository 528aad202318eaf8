"""The per-person question limit."""

from __future__ import annotations

import pytest

from briefings.errors import RateLimited, UsageError
from briefings.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_holds_per_person_and_frees_with_time():
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    for _ in range(3):
        limiter.check("discord:1")
        clock.now += 1
    with pytest.raises(RateLimited) as e:
        limiter.check("discord:1")
    assert e.value.retry_after == 57 and "try again in 57 s" in str(e.value)
    assert isinstance(e.value, UsageError)
    limiter.check("discord:2")  # someone else is not held back
    clock.now += 57
    limiter.check("discord:1")  # the first question left the window


def test_idle_askers_are_forgotten(monkeypatch):
    import briefings.ratelimit as rl

    monkeypatch.setattr(rl, "MAX_ASKERS", 10)
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    for i in range(10):
        limiter.check(f"u{i}")
    clock.now += 61
    limiter.check("late")
    assert len(limiter._seen) <= 2

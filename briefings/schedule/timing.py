"""When a subscription's digest is due: its cron trigger, its latest slot and its period key.

The trigger is APScheduler's :class:`~apscheduler.triggers.cron.CronTrigger` at the local HH:MM in
the subscription's zone, so it follows daylight saving time. On the night the clocks go back an
hour, a time inside the repeated hour fires twice; on the night they go forward, a time inside the
missing hour fires once, an hour "late" by the wall clock. Either way every fire of one local day
shares one period key (the local date), so the ledger posts once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from briefings.errors import UsageError

_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[:h.]([0-5]\d)\s*$")


def parse_clock(value: str) -> str:
    """``"8:00"``, ``"08:00"``, ``"8h30"`` -> ``"HH:MM"``; a :class:`UsageError` otherwise."""
    m = _CLOCK.match(value or "")
    if not m:
        raise UsageError(f"A time of day is HH:MM on a 24-hour clock, such as 08:00 (got {value!r}).")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def parse_zone(value: str) -> str:
    """An IANA time zone name as given (``"Europe/Paris"``); a :class:`UsageError` otherwise."""
    name = (value or "").strip()
    try:
        if not name or name.startswith("/") or ".." in name:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"A time zone is an IANA name such as Europe/Paris or UTC (got {value!r}).") from None
    return name


def digest_trigger(time: str, timezone: str) -> CronTrigger:
    """The daily trigger at local ``time`` (HH:MM) in ``timezone``."""
    hour, minute = (int(p) for p in time.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=ZoneInfo(timezone))


def next_slots(time: str, timezone: str, after: datetime, count: int = 1) -> list[datetime]:
    """The next ``count`` fire times strictly after ``after`` (aware datetimes in the zone)."""
    trigger = digest_trigger(time, timezone)
    out: list[datetime] = []
    fire = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    while fire is not None and len(out) < count:
        out.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return out


def last_slot(time: str, timezone: str, now: datetime) -> datetime:
    """The latest fire time at or before ``now`` (a local day lasts at most 25 hours)."""
    trigger = digest_trigger(time, timezone)
    fire = trigger.get_next_fire_time(None, now - timedelta(hours=26))
    last = fire
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire)
    assert last is not None and last <= now
    return last


def period_of(slot: datetime, timezone: str) -> str:
    """The period key of a scheduled digest: the slot's local date, e.g. ``"2026-12-02"``."""
    return slot.astimezone(ZoneInfo(timezone)).date().isoformat()


def iso(dt: datetime) -> str:
    """UTC ISO 8601 with a ``Z``, as digests print their window."""
    return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def manual_period(since: datetime, until: datetime) -> str:
    """The period key of a digest asked for by hand: its explicit window ``since..until``."""
    return f"{iso(since)}..{iso(until)}"

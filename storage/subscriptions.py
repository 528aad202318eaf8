"""Typed queries on digest subscriptions, per-server settings and feed-failure notices.

A subscription is one channel of one platform (``"discord"`` or ``"slack"``) that gets the daily
digest at a local HH:MM in an IANA time zone; there is at most one per (platform, channel).
Settings are text key/values per (platform, guild or team). Values are validated by the caller
(the domain); this module only stores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from storage.db import write_transaction

# Setting keys the front-ends share (the values are text; "1"/"0" for flags).
MENTIONS = "mentions"  # whether (or where) mentions of the bot are answered
MENTIONS_CHANNEL = "mentions_channel"  # answer mentions only in this channel
PRIVATE_ANSWERS = "private_answers"  # "1": /ask answers are ephemeral
NOTICES_CHANNEL = "notices_channel"  # where feed-failure notices go (default: the digest channels)


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    platform: str
    guild_id: str
    channel_id: str
    time: str  # local "HH:MM"
    timezone: str  # IANA zone
    only_when_changed: bool
    created_by: str | None
    created_at: str | None

    @property
    def destination(self) -> str:
        """The ledger's key for this channel, e.g. ``"discord:1234"``."""
        return f"{self.platform}:{self.channel_id}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sub(r: dict[str, Any]) -> Subscription:
    return Subscription(
        id=r["id"], platform=r["platform"], guild_id=r["guild_id"], channel_id=r["channel_id"], time=r["time"],
        timezone=r["timezone"], only_when_changed=bool(r["only_when_changed"]), created_by=r["created_by"],
        created_at=r["created_at"],
    )


def get_subscription(db: Database, platform: str, channel_id: str) -> Subscription | None:
    rows = list(db.table("subscriptions").rows_where("platform = ? AND channel_id = ?", [platform, channel_id], limit=1))
    return _sub(rows[0]) if rows else None


def add_subscription(
    db: Database,
    *,
    platform: str,
    guild_id: str,
    channel_id: str,
    time: str,
    timezone: str,
    only_when_changed: bool = True,
    created_by: str | None = None,
) -> Subscription:
    """Subscribe a channel, or update its time, zone and flag if it already is (creator kept)."""
    now = _now()
    with write_transaction(db):
        db.execute(
            "INSERT INTO subscriptions (platform, guild_id, channel_id, time, timezone, only_when_changed, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, channel_id) DO UPDATE SET guild_id = excluded.guild_id, time = excluded.time, "
            "timezone = excluded.timezone, only_when_changed = excluded.only_when_changed, "
            "updated_at = excluded.updated_at",
            [platform, str(guild_id), str(channel_id), time, timezone, int(only_when_changed), created_by, now, now],
        )
        sub = get_subscription(db, platform, str(channel_id))
    assert sub is not None
    return sub


def remove_subscription(db: Database, platform: str, channel_id: str) -> Subscription | None:
    """Unsubscribe a channel; returns what was removed, or None if it was not subscribed."""
    with write_transaction(db):
        sub = get_subscription(db, platform, str(channel_id))
        if sub is not None:
            db.execute("DELETE FROM subscriptions WHERE id = ?", [sub.id])
        return sub


def list_subscriptions(db: Database, *, platform: str | None = None, guild_id: str | None = None) -> list[Subscription]:
    """Subscriptions (all, or of one platform, or of one guild of a platform), oldest first."""
    where, params = [], []
    if platform:
        where.append("platform = ?")
        params.append(platform)
    if guild_id is not None:
        where.append("guild_id = ?")
        params.append(str(guild_id))
    sql = "SELECT * FROM subscriptions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [_sub(dict(r)) for r in db.query(sql, params)]


# -- per-guild settings ----------------------------------------------------------------------------


def guild_settings(db: Database, platform: str, guild_id: str) -> dict[str, str]:
    """Every setting of one guild (or Slack team) as key -> value."""
    rows = db.execute("SELECT key, value FROM guild_settings WHERE platform = ? AND guild_id = ?",
                      [platform, str(guild_id)]).fetchall()
    return {k: v for k, v in rows}


def get_setting(db: Database, platform: str, guild_id: str, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM guild_settings WHERE platform = ? AND guild_id = ? AND key = ?",
                     [platform, str(guild_id), key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, platform: str, guild_id: str, key: str, value: str | None) -> None:
    """Set one setting; ``None`` removes it (back to the default)."""
    with write_transaction(db):
        if value is None:
            db.execute("DELETE FROM guild_settings WHERE platform = ? AND guild_id = ? AND key = ?",
                       [platform, str(guild_id), key])
        else:
            db.execute(
                "INSERT INTO guild_settings (platform, guild_id, key, value, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (platform, guild_id, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [platform, str(guild_id), key, value, _now()],
            )


def notice_destinations(db: Database) -> list[tuple[str, str, str]]:
    """(platform, guild id, channel id) that get feed notices: one per guild with a notices channel,
    else every digest channel of the guild."""
    chosen = {(p, g): c for p, g, c in db.execute(
        "SELECT platform, guild_id, value FROM guild_settings WHERE key = ?", [NOTICES_CHANNEL])}
    out: list[tuple[str, str, str]] = [(p, g, c) for (p, g), c in sorted(chosen.items())]
    for s in list_subscriptions(db):
        if (s.platform, s.guild_id) not in chosen and (s.platform, s.guild_id, s.channel_id) not in out:
            out.append((s.platform, s.guild_id, s.channel_id))
    return out


# -- feed-failure notices --------------------------------------------------------------------------


def claim_failure_notices(db: Database, feed_id: int, destinations: Iterable[str], *, failures: int) -> list[str]:
    """Record that ``destinations`` are told feed ``feed_id`` fails; returns those not told before.

    Recorded before the notice is sent, so a crash or a second process never notifies twice.
    """
    fresh: list[str] = []
    now = _now()
    with write_transaction(db):
        for dest in dict.fromkeys(destinations):
            cur = db.execute(
                "INSERT OR IGNORE INTO feed_notices (feed_id, destination, failures, notified_at) VALUES (?, ?, ?, ?)",
                [feed_id, dest, failures, now],
            )
            if cur.rowcount == 1:
                fresh.append(dest)
    return fresh


def claim_recovery_notices(db: Database, feed_id: int) -> list[str]:
    """Forget that feed ``feed_id`` fails; returns the destinations that were told it did."""
    with write_transaction(db):
        told = [r[0] for r in db.execute(
            "SELECT destination FROM feed_notices WHERE feed_id = ? ORDER BY destination", [feed_id])]
        db.execute("DELETE FROM feed_notices WHERE feed_id = ?", [feed_id])
    return told


def notified_feeds(db: Database) -> dict[int, list[str]]:
    """Feed id -> destinations told that it fails."""
    out: dict[int, list[str]] = {}
    for feed_id, dest in db.execute("SELECT feed_id, destination FROM feed_notices ORDER BY feed_id, destination"):
        out.setdefault(feed_id, []).append(dest)
    return out


def forget_feed_notices(db: Database, keep: Iterable[int]) -> int:
    """Drop the notices of feeds that no longer exist; returns how many rows went."""
    ids = list(keep)
    with write_transaction(db):
        if not ids:
            return db.execute("DELETE FROM feed_notices").rowcount
        marks = ", ".join("?" for _ in ids)
        return db.execute(f"DELETE FROM feed_notices WHERE feed_id NOT IN ({marks})", ids).rowcount

"""The digest ledger: a (destination, period) is claimed before its digest is built and sent.

One row per (destination, period) in ``digests`` (unique index). The life of a row::

    claim()  ->  claimed  --mark_sent()-->    sent     (final: never claimed again)
                          --mark_skipped()--> skipped  (final: nothing to say, or missed)
                          --mark_failed()-->  failed   (may be claimed again)

A ``claimed`` row older than ``stale_after`` belongs to a process that died between claiming and
recording the outcome, so it may be claimed again; a younger one is another process at work, and
the claim is refused. Every claim is made in a ``BEGIN IMMEDIATE`` transaction, so two processes
never both see "free" and both post. Each claim bumps ``attempts``, which fences late writers: a
process whose claim was taken over cannot mark the row any more.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlite_utils import Database

from storage.db import write_transaction

Status = Literal["claimed", "sent", "failed", "skipped"]
FINAL: frozenset[str] = frozenset({"sent", "skipped"})
DEFAULT_STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Claim:
    """A granted claim: the holder may build and send, then must mark the outcome."""

    id: int
    destination: str
    period: str
    since: str | None
    until: str | None
    attempt: int


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    destination: str
    period: str
    since: str | None
    until: str | None
    status: Status
    claimed_at: str | None
    sent_at: str | None
    items: int | None
    attempts: int
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


def _iso(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _entry(r: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        id=r["id"], destination=r["destination"], period=r["period"], since=r["since"], until=r["until"],
        status=r["status"], claimed_at=r["claimed_at"], sent_at=r["sent_at"], items=r["items"],
        attempts=r["attempts"] or 1, error=r["error"],
    )


def _get(db: Database, destination: str, period: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM digests WHERE destination = ? AND period = ?", [destination, period]))
    return dict(rows[0]) if rows else None


def claim(
    db: Database,
    destination: str,
    period: str,
    *,
    since: str | None = None,
    until: str | None = None,
    now: datetime | None = None,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> Claim | None:
    """Claim (destination, period); ``None`` when it was sent, skipped, or is being sent right now."""
    at = now or datetime.now(UTC)
    with write_transaction(db):
        row = _get(db, destination, period)
        if row is None:
            try:
                cur = db.execute(
                    "INSERT INTO digests (destination, period, since, until, status, claimed_at, attempts) "
                    "VALUES (?, ?, ?, ?, 'claimed', ?, 1)",
                    [destination, period, since, until, _iso(at)],
                )
            except sqlite3.IntegrityError:  # only reachable if a writer bypassed BEGIN IMMEDIATE
                return None
            return Claim(int(cur.lastrowid or 0), destination, period, since, until, 1)
        if row["status"] in FINAL:
            return None
        if row["status"] == "claimed":
            claimed_at = _parse(row["claimed_at"])
            if claimed_at is not None and at - claimed_at < stale_after:
                return None
        attempt = (row["attempts"] or 1) + 1
        db.execute(
            "UPDATE digests SET status = 'claimed', claimed_at = ?, since = ?, until = ?, attempts = ?, "
            "error = NULL WHERE id = ?",
            [_iso(at), since, until, attempt, row["id"]],
        )
        return Claim(row["id"], destination, period, since, until, attempt)


def _finish(db: Database, c: Claim, changes: dict[str, Any]) -> bool:
    sets = ", ".join(f"{k} = ?" for k in changes)
    with write_transaction(db):
        cur = db.execute(
            f"UPDATE digests SET {sets} WHERE id = ? AND attempts = ? AND status = 'claimed'",
            [*changes.values(), c.id, c.attempt],
        )
        return cur.rowcount == 1


def mark_sent(db: Database, c: Claim, *, items: int, now: datetime | None = None) -> bool:
    """Record a successful send; False when the claim was taken over meanwhile (nothing written)."""
    return _finish(db, c, {"status": "sent", "sent_at": _iso(now), "items": items, "error": None})


def mark_failed(db: Database, c: Claim, *, error: str) -> bool:
    """Record a failed send: the period may be claimed again."""
    return _finish(db, c, {"status": "failed", "error": error[:500]})


def mark_skipped(db: Database, c: Claim, *, reason: str, items: int = 0) -> bool:
    """Record that nothing is posted for this period (nothing changed, or the grace window passed)."""
    return _finish(db, c, {"status": "skipped", "error": reason[:500], "items": items})


def record_sent(
    db: Database, destination: str, period: str, *, since: str, until: str, items: int, now: datetime | None = None
) -> bool:
    """Claim and mark sent in one step (a digest shown at once, e.g. on the command line)."""
    with write_transaction(db):
        c = claim(db, destination, period, since=since, until=until, now=now)
        return c is not None and mark_sent(db, c, items=items, now=now)


def entry(db: Database, destination: str, period: str) -> LedgerEntry | None:
    row = _get(db, destination, period)
    return _entry(row) if row else None


def last_sent(db: Database, destination: str) -> LedgerEntry | None:
    """The sent digest of ``destination`` whose window ends last."""
    rows = list(db.query(
        "SELECT * FROM digests WHERE destination = ? AND status = 'sent' ORDER BY until DESC, id DESC LIMIT 1",
        [destination],
    ))
    return _entry(dict(rows[0])) if rows else None


def entries(db: Database, destination: str | None = None) -> list[LedgerEntry]:
    """Ledger rows, oldest first (all destinations unless one is named)."""
    where, params = ("WHERE destination = ?", [destination]) if destination else ("", [])
    return [_entry(dict(r)) for r in db.query(f"SELECT * FROM digests {where} ORDER BY id", params)]

"""Reply references (what a button refers to) and answer feedback: typed queries.

A posted reply's buttons carry a short custom id naming a row here: the command and its arguments.
Feedback is one vote per person per reply (a second click changes the vote), stored with the
question, the answer and its sources so a maintainer can see what went wrong.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from storage.db import write_transaction


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def save_ref(db: Database, kind: str, args: dict[str, Any], platform: str = "") -> int:
    with write_transaction(db):
        cur = db.execute("INSERT INTO reply_refs (kind, args, platform, created_at) VALUES (?, ?, ?, ?)",
                         [kind, json.dumps(args, ensure_ascii=False, sort_keys=True), platform, _now()])
        return int(cur.lastrowid or 0)


def get_ref(db: Database, ref_id: int) -> tuple[str, dict[str, Any]] | None:
    row = db.execute("SELECT kind, args FROM reply_refs WHERE id = ?", [ref_id]).fetchone()
    if not row:
        return None
    args: dict[str, Any] = json.loads(row[1])
    return str(row[0]), args


def user_hash(platform: str, user_id: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{platform}:{user_id}".encode()).hexdigest()[:32]


def record_feedback(db: Database, *, ref_id: int, platform: str, user: str, vote: int, reason: str = "",
                    question: str = "", answer: str = "", sources: list[dict[str, Any]] | None = None,
                    engine: str = "") -> None:
    """One vote per person per reply: a later vote (or a reason from the modal) replaces the earlier."""
    if vote not in (1, -1):
        raise ValueError("vote must be +1 or -1")
    with write_transaction(db):
        db.execute(
            "INSERT INTO feedback (ref_id, platform, user_hash, vote, reason, question, answer, sources, engine, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref_id, user_hash) DO UPDATE SET "
            "vote = excluded.vote, reason = CASE WHEN excluded.reason != '' THEN excluded.reason ELSE reason END, "
            "created_at = excluded.created_at",
            [ref_id, platform, user, vote, reason, question, answer, json.dumps(sources or [], ensure_ascii=False),
             engine, _now()],
        )


def feedback_counts(db: Database) -> dict[str, int]:
    row = db.execute("SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback").fetchone()
    return {"helpful": int(row[0]), "not_helpful": int(row[1])}


def export_feedback(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT id, platform, vote, reason, question, answer, sources, engine, created_at FROM feedback ORDER BY id"
    ).fetchall()
    keys = ("id", "platform", "vote", "reason", "question", "answer", "sources", "engine", "created_at")
    out = []
    for r in rows:
        item = dict(zip(keys, r, strict=True))
        item["sources"] = json.loads(item["sources"] or "[]")
        out.append(item)
    return out

"""``briefbot check``: is the database file sound? ``PRAGMA integrity_check`` and ``foreign_key_check``.

The check opens an existing file without creating, migrating or writing anything (a damaged file
must not be written to), and reads it through a ``query_only`` connection. A file SQLite cannot
read at all ("file is not a database") is reported as a problem, not raised.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.db import BUSY_TIMEOUT_MS, DatabaseBusy, DatabaseMissing, storage_failure

MAX_PROBLEMS = 100  # integrity_check stops after this many; enough to see what is wrong


@dataclass(frozen=True, slots=True)
class CheckReport:
    path: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "path": self.path, "problems": list(self.problems)}


def check_database(path: str | Path) -> CheckReport:
    """Check the database at ``path``; raises :class:`DatabaseMissing` when there is no such file."""
    p = Path(path)
    if not p.is_file():
        raise DatabaseMissing(path)
    problems: list[str] = []
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as e:
        return CheckReport(str(path), [f"cannot open: {e}"])
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = 1")
        rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
        problems += [str(r[0]) for r in rows if r[0] != "ok"]
        if not problems:  # foreign keys are only worth reading on a file whose pages are sound
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:MAX_PROBLEMS]:
                problems.append(f"foreign key: {table} row {rowid} points at a missing row of {parent}")
    except sqlite3.Error as e:
        failure = storage_failure(e)
        if isinstance(failure, DatabaseBusy):  # locked is not damaged: say so, and find nothing
            raise failure from e
        if not isinstance(e, sqlite3.DatabaseError):
            raise
        problems.append(str(e))
    finally:
        conn.close()
    return CheckReport(str(path), problems)

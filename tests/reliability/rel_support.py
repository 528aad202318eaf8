"""Helpers of the reliability suite: running briefbot as a process, reading a database's state."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
sys.path.insert(0, str(ROOT / "tests"))  # feedgen and feedserver, shared with the other tests

from feedgen import make_feed  # noqa: E402

__all__ = ["ROOT", "SAMPLE", "briefbot", "clean_env", "make_feed", "partial_rows", "percentile", "state", "wait_for",
           "write_config"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    env.update(extra, PYTHONPATH=str(ROOT))
    return env


def briefbot(*args: str, db: Path, cwd: Path, timeout: float = 120, **popen: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], capture_output=True, text=True,
                          env=clean_env(), cwd=cwd, timeout=timeout, **popen)


def write_config(path: Path, *, feeds: list[str] = (), extra: str = "") -> Path:  # type: ignore[assignment]
    text = ("[demo]\nsample_feed = false\n[limits]\nallow_private_feed_addresses = true\nanalysis_workers = 1\n"
            "fetch_article_pages = false\n"
            + extra + "".join(f'[[feeds.sources]]\nurl = "{u}"\n' for u in feeds))
    path.write_text(text)
    return path


def state(db: Path) -> dict[str, Any]:
    """What must hold after any crash: no partial rows, each article once, a sound file."""
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as conn:  # closed here, not whenever it is collected
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        if not q("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'articles'"):  # killed before its first migration
            return {"integrity": q("PRAGMA integrity_check"), "articles": 0, "distinct_guids": 0, "facts": 0,
                    "orphan_facts": 0, "orphan_sentences": 0, "relevant_without_sentences": 0,
                    "fts_matches_sentences": 1}
        return {
            "integrity": q("PRAGMA integrity_check"),
            "articles": q("SELECT COUNT(*) FROM articles"),
            "distinct_guids": q("SELECT COUNT(DISTINCT guid) FROM articles"),
            "facts": q("SELECT COUNT(*) FROM facts"),
            "orphan_facts": q("SELECT COUNT(*) FROM facts WHERE article_id NOT IN (SELECT id FROM articles)"),
            "orphan_sentences": q("SELECT COUNT(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)"),
            "relevant_without_sentences": q("SELECT COUNT(*) FROM articles a WHERE a.relevant = 1 AND NOT EXISTS "
                                            "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)"),
            "fts_matches_sentences": q("SELECT (SELECT COUNT(*) FROM sentences) = (SELECT COUNT(*) FROM sentences_fts)"),
        }


def partial_rows(s: dict[str, Any]) -> int:
    return (s["orphan_facts"] + s["orphan_sentences"] + (0 if s["fts_matches_sentences"] else 1)
            + (s["articles"] - s["distinct_guids"]))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_for(predicate: Any, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except sqlite3.Error:
            pass
        time.sleep(step)
    return False

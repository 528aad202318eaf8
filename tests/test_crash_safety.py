"""Killing an ingest with SIGKILL at any moment loses no article and duplicates none."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feedgen import make_feed

ROOT = Path(__file__).resolve().parents[1]


def ingest_cmd(db: Path, feed: Path) -> list[str]:
    return [sys.executable, "-m", "bot", "--db", str(db), "ingest", str(feed), "--json"]


def articles(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def summary(db: Path) -> dict[str, object]:
    with sqlite3.connect(db, timeout=30) as conn:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        return {
            "articles": q("SELECT COUNT(*), COUNT(DISTINCT guid) FROM articles")[0],
            "relevant": q("SELECT COUNT(*) FROM articles WHERE relevant = 1")[0][0],
            "facts": q("SELECT COUNT(*) FROM facts")[0][0],
            "sentences": q("SELECT COUNT(*) FROM sentences")[0][0],
            "fts": q("SELECT COUNT(*) FROM sentences_fts")[0][0],
            "orphans": q("SELECT COUNT(*) FROM facts WHERE article_id NOT IN (SELECT id FROM articles)")[0][0],
            "integrity": q("PRAGMA integrity_check")[0][0],
        }


@pytest.mark.slow
def test_sigkill_during_a_large_ingest_then_resume(tmp_path):
    feed = tmp_path / "big.xml"
    feed.write_bytes(make_feed(2500))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    reference = tmp_path / "reference.db"
    subprocess.run(ingest_cmd(reference, feed), check=True, capture_output=True, env=env, cwd=ROOT, timeout=300)
    expected = summary(reference)
    assert expected["articles"] == (2500, 2500)

    db = tmp_path / "killed.db"
    kills = 0
    for _attempt in range(3):  # kill it mid-way a few times, at different points
        proc = subprocess.Popen(ingest_cmd(db, feed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        deadline = time.monotonic() + 120
        target = (kills + 1) * 400
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if db.exists() and articles(db) >= target:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.05)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
    assert kills >= 1, "the ingest finished before it could be killed"
    assert articles(db) < 2500 or kills == 3

    subprocess.run(ingest_cmd(db, feed), check=True, capture_output=True, env=env, cwd=ROOT, timeout=300)
    assert summary(db) == expected


def _forkservers() -> set[int]:
    out = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"multiprocessing.forkserver" in cmd and b"briefings.ingest.prepare" in cmd:
                out.add(int(proc.name))
    return out


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
def test_killed_ingest_leaves_no_worker_processes(tmp_path):
    feed = tmp_path / "big.xml"
    feed.write_bytes(make_feed(1500))
    before = _forkservers()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(ingest_cmd(tmp_path / "k.db", feed), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (_forkservers() - before):
        time.sleep(0.05)
    assert _forkservers() - before, "the ingest never started worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (_forkservers() - before):
        time.sleep(0.2)
    assert not (_forkservers() - before), "worker processes outlived the killed ingest"

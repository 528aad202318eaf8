"""SIGTERM during an ingest: ``briefbot run`` exits 0 within 10 s, every saved batch is whole.

The bot runs with the console front-end on an open pipe and one configured feed of 1,200 entries on
a loopback server; its poller starts at once. When the first batches are committed, SIGTERM. The
transaction in progress (a batch of about 200 articles with their facts and sentences) commits or
rolls back whole: no partial rows. Twice, then a last poll completes, and the result equals a run
that was never stopped.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from rel_support import clean_env, make_feed, partial_rows, state, wait_for, write_config

ENTRIES = 1200
ROUNDS = 2


def articles(db) -> int:
    with contextlib.closing(sqlite3.connect(db, timeout=5)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


@pytest.mark.timeout(600)
def test_sigterm_during_an_ingest(tmp_path, feed_server, figure):
    feed_server.add("/big.xml", make_feed(ENTRIES, seed=5))
    config = write_config(tmp_path / "config.toml", feeds=[feed_server.url("/big.xml")])
    reference = tmp_path / "reference.db"
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "--db", str(reference), "ingest",
                           "--json"], capture_output=True, text=True, env=clean_env(), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = state(reference)

    db = tmp_path / "bot.db"
    exits: list[float] = []
    counts: list[int] = []
    for _ in range(ROUNDS):
        before = articles(db) if db.exists() else 0
        proc = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "--db", str(db), "-v", "run"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=clean_env(), cwd=tmp_path)
        assert wait_for(lambda b=before: db.exists() and articles(db) > b, 120), "no batch was ever saved"
        begun = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
        exits.append(time.monotonic() - begun)
        assert proc.returncode == 0, err.decode()
        counts.append(articles(db))
        s = state(db)
        assert s["integrity"] == "ok" and partial_rows(s) == 0
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "--db", str(db), "ingest", "--json"],
                          capture_output=True, text=True, env=clean_env(), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    final = state(db)

    figure("exit after SIGTERM mid-ingest (worst of rounds)", max(exits), "s", "exit 0 within 10 s")
    figure("articles saved at each stop", ", ".join(map(str, counts)), "", "no partial rows")
    figure("after a restart", f"{final['articles']} articles, {final['facts']} facts", "", "equal to an unstopped run")
    assert max(exits) < 10
    assert final == expected

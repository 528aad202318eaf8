"""Crash safety: SIGKILL at random points of an ingest, each followed by a restart.

Each ingest is a child process forked from a server that has already imported the bot (so a
restart costs milliseconds, not an interpreter start), killed after a random delay drawn over the
length of a whole ingest. After every kill: ``PRAGMA integrity_check`` is ok, no fact or sentence
lacks its article, the full-text index matches its table, no article is stored twice. At the end a
last ingest runs to completion and the database equals one ingested once without any kill.

A restart that completes the ingest is checked against that reference too, and the next kills
start again from an empty file. ``BRIEFBOT_RELIABILITY_KILLS`` sets the number of kills: 25 in CI
(about half a minute on two quiet cores), 200 for the documented long run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

import pytest
from rel_support import make_feed, partial_rows, state, write_config

KILLS = int(os.environ.get("BRIEFBOT_RELIABILITY_KILLS", "25"))
ENTRIES = 220  # two save batches (200 + 20)


def _ingest(db: str, config: str, feed: str) -> None:
    """A child: ``briefbot ingest FEED`` with its output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "BRIEFBOT_DB", "BRIEFBOT_CONFIG"):
        os.environ.pop(name, None)
    from bot.cli import main

    os._exit(main(["--config", config, "--db", db, "ingest", feed, "--json"]))


@pytest.mark.timeout(600)
def test_sigkill_at_random_points_then_restart(tmp_path, figure):
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["bot.cli", "bot.launcher", "briefings.ingest", "briefings.extract"])
    feed = tmp_path / "feed.xml"
    feed.write_bytes(make_feed(ENTRIES, seed=11))
    config = write_config(tmp_path / "config.toml")

    def run(db: Path) -> mp.Process:
        p = ctx.Process(target=_ingest, args=(str(db), str(config), str(feed)))
        p.start()
        return p

    reference = tmp_path / "reference.db"
    started = time.monotonic()
    p = run(reference)
    p.join(300)
    full = time.monotonic() - started
    assert p.exitcode == 0
    expected = state(reference)
    assert expected["articles"] == ENTRIES and partial_rows(expected) == 0

    db = tmp_path / "killed.db"
    rng = random.Random(2024)
    killed = completed = worst = integrity_failures = mismatched = 0
    begun = time.monotonic()
    while killed < KILLS:
        p = run(db)
        time.sleep(rng.uniform(0, full))
        if p.is_alive():
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
        p.join(60)
        s = state(db) if db.exists() else None
        if s is not None:
            integrity_failures += s["integrity"] != "ok"
            worst = max(worst, partial_rows(s))
        if p.exitcode == 0:  # the restart finished the ingest: check it, then start again from nothing
            completed += 1
            mismatched += s != expected
            for f in tmp_path.glob("killed.db*"):
                f.unlink(missing_ok=True)
    kill_seconds = time.monotonic() - begun
    p = run(db)
    p.join(300)
    assert p.exitcode == 0
    final = state(db)

    figure("kills (SIGKILL mid-ingest, each followed by a restart)", killed)
    figure("length of one whole ingest (the kill delay is drawn from 0 to this)", full, "s")
    figure("ingests completed by a restart (each then equal to the no-kill run)", completed, "", f"{mismatched} differ")
    figure("time for the kills and restarts", kill_seconds, "s")
    figure("integrity_check failures after a kill", integrity_failures, "", "0")
    figure("partial rows after any kill (orphans, index gaps, duplicates)", worst, "", "0")
    figure("articles after the last restart", f"{final['articles']} of {ENTRIES}, each once", "", "equal to no-kill run")
    assert integrity_failures == 0 and worst == 0 and mismatched == 0
    assert final == expected

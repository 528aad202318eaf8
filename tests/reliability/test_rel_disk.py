"""A full disk: a clear error, no damage, and recovery when space returns.

Two ways to run out of room, each under a real ``briefbot ingest`` of 400 entries into a database
that already holds the sample:

* ``tmpfs``: the database on a 1 MiB tmpfs mounted in a private mount namespace (``unshare -m``,
  root only; skipped elsewhere), grown to 256 MiB afterwards: a real ENOSPC;
* ``rlimit``: ``RLIMIT_FSIZE`` a little above the database's size (SIGXFSZ ignored), so a write past
  it fails, as under a file-size quota; the next run has no limit.

Pass: exit status 1 with a one-line reason that names space, no traceback, ``integrity_check`` ok
and no partial rows after the failure; the next run completes and equals a run that had room.
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rel_support import ROOT, SAMPLE, briefbot, clean_env, make_feed, partial_rows, state

ENTRIES = 400


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, Path, dict[str, object]]:
    """A database holding the sample, the feed to add, and the state of sample + feed with room."""
    base = tmp_path_factory.mktemp("disk")
    feed = base / "feed.xml"
    feed.write_bytes(make_feed(ENTRIES, seed=21))
    db = base / "seed.db"
    assert briefbot("ingest", str(SAMPLE), "--json", db=db, cwd=base).returncode == 0
    ref = base / "ref.db"
    shutil.copyfile(db, ref)
    assert briefbot("ingest", str(feed), "--json", db=ref, cwd=base, timeout=300).returncode == 0
    return db, feed, state(ref)


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def _ingest_cmd(db: Path, feed: Path) -> str:
    return f"{sys.executable} -m bot --db {db} ingest {feed} --json"


def run_on_tmpfs(tmp: Path, seed_db: Path, feed: Path) -> dict[str, object]:
    mnt, full, after = tmp / "mnt", tmp / "full", tmp / "after"
    for d in (mnt, full, after):
        d.mkdir()
    db = mnt / "bot.db"
    script = f"""
set -u
mount -t tmpfs -o size=1m tmpfs {mnt} || exit 99
cp {seed_db} {db}
start=$(date +%s.%N)
{_ingest_cmd(db, feed)} >{tmp}/out1 2>{tmp}/err1; echo $? >{tmp}/rc1
echo "$start $(date +%s.%N)" >{tmp}/t1
df -k {mnt} | tail -1 >{tmp}/df
cp {db}* {full}/
mount -o remount,size=256m {mnt}
{_ingest_cmd(db, feed)} >{tmp}/out2 2>{tmp}/err2; echo $? >{tmp}/rc2
cp {db}* {after}/
"""
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], env=clean_env(), cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    t0, t1 = (float(x) for x in (tmp / "t1").read_text().split())
    return {"rc": int((tmp / "rc1").read_text()), "err": (tmp / "err1").read_text(), "seconds": t1 - t0,
            "full_db": full / "bot.db", "rc2": int((tmp / "rc2").read_text()), "err2": (tmp / "err2").read_text(),
            "after_db": after / "bot.db", "room": (tmp / "df").read_text().split()[1] + " KiB filesystem"}


def run_with_rlimit(tmp: Path, seed_db: Path, feed: Path) -> dict[str, object]:
    db = tmp / "bot.db"
    shutil.copyfile(seed_db, db)
    limit = db.stat().st_size + 256 * 1024 + 1234  # not on a page boundary: the write that crosses it is short

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    begun = time.monotonic()
    first = subprocess.run(_ingest_cmd(db, feed).split(), capture_output=True, text=True, env=clean_env(), cwd=tmp,
                           timeout=300, preexec_fn=limited)
    seconds = time.monotonic() - begun
    full = tmp / "full.db"
    shutil.copyfile(db, full)
    if (tmp / "bot.db-wal").exists():
        shutil.copyfile(tmp / "bot.db-wal", tmp / "full.db-wal")
    second = subprocess.run(_ingest_cmd(db, feed).split(), capture_output=True, text=True, env=clean_env(), cwd=tmp,
                            timeout=300)
    return {"rc": first.returncode, "err": first.stderr, "seconds": seconds, "full_db": full, "rc2": second.returncode,
            "err2": second.stderr, "after_db": db, "room": f"{limit:,} B file-size limit"}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("how", ["tmpfs", "rlimit"])
def test_disk_full_then_space_returns(tmp_path, seed, figure, how):
    seed_db, feed, expected = seed
    if how == "tmpfs" and not _can_mount():
        pytest.skip("no private mount namespace here (needs root and unshare)")
    result = run_on_tmpfs(tmp_path, seed_db, feed) if how == "tmpfs" else run_with_rlimit(tmp_path, seed_db, feed)
    err = str(result["err"])
    at_full = state(Path(str(result["full_db"])))
    after = state(Path(str(result["after_db"])))
    check = briefbot("check", db=Path(str(result["full_db"])), cwd=tmp_path)
    figure("room", result["room"])
    figure("ingest fails after", result["seconds"], "s", "exit 1, one line")
    figure("its message", err.strip().splitlines()[-1][:100] if err.strip() else "(none)")
    figure("articles kept when it failed", at_full["articles"], "", "whole batches, integrity ok")
    figure("after space returned", f"exit {result['rc2']}, {after['articles']} articles", "",
           f"= {expected['articles']} with room")
    assert result["rc"] == 1, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "no space left" in err or "disk full" in err or "could not be written" in err, err
    assert at_full["integrity"] == "ok" and partial_rows(at_full) == 0
    assert check.returncode == 0 and check.stdout.strip() == "ok"
    assert result["rc2"] == 0, result["err2"]
    assert after == expected

"""A damaged database file: found by ``briefbot check``, reported in one line, fixed by a restore.

A database of the sample plus 600 generated entries is backed up, then damaged: eight pages in the
second half of the file overwritten with random bytes (a bad sector, a torn copy), or the header
overwritten (the file is no longer a database). Every command then either works (it never touched a
bad page) or exits 1 with one line that says the database is damaged: never a traceback, never
another status. ``briefbot restore`` brings back the backup and ``briefbot check`` says ok.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest
from rel_support import briefbot

PAGE = 4096
COMMANDS = (("pledges", "--json"), ("ask", "Will Poland send troops?", "--json"), ("sources", "--json"),
            ("about", "--json"))


def damage(db: Path, how: str) -> int:
    data = bytearray(db.read_bytes())
    rng = random.Random(99)
    if how == "header":
        data[0:100] = bytes(rng.randrange(256) for _ in range(100))
        db.write_bytes(bytes(data))
        return 1
    pages = len(data) // PAGE
    chosen = rng.sample(range(pages // 2, pages), 8)
    for p in chosen:
        data[p * PAGE:(p + 1) * PAGE] = bytes(rng.randrange(256) for _ in range(PAGE))
    db.write_bytes(bytes(data))
    return len(chosen)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("how", ["pages", "header"])
def test_damage_is_found_reported_and_restored(tmp_path, corpus, figure, how):
    db = tmp_path / "bot.db"
    shutil.copyfile(corpus, db)
    backup = briefbot("backup", str(tmp_path / "saved.db"), db=db, cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    hit = damage(db, how)
    begun = time.monotonic()
    check = briefbot("check", db=db, cwd=tmp_path)
    check_seconds = time.monotonic() - begun
    outcomes = {}
    for args in COMMANDS:
        out = briefbot(*args, db=db, cwd=tmp_path)
        lines = out.stderr.strip().splitlines()
        assert "Traceback" not in out.stderr, out.stderr
        assert out.returncode in (0, 1), (args, out.returncode, out.stderr)
        if out.returncode == 1:
            assert len(lines) == 1 and "damaged" in lines[0], (args, out.stderr)
        outcomes[args[0]] = "ok" if out.returncode == 0 else "exit 1: damaged"
    begun = time.monotonic()
    restored = briefbot("restore", str(tmp_path / "saved.db"), "--json", db=db, cwd=tmp_path)
    restore_seconds = time.monotonic() - begun
    after = briefbot("check", db=db, cwd=tmp_path)
    figure("pages overwritten", hit)
    figure("briefbot check", f"exit {check.returncode}, {len(check.stdout.strip().splitlines())} problem(s) "
           f"in {check_seconds:.2f} s", "", "exit 1")
    figure("commands on the damaged file", ", ".join(f"{k} {v}" for k, v in outcomes.items()), "",
           "ok or one line, never a traceback")
    figure("restore, then check", f"{after.stdout.strip()} ({restore_seconds:.2f} s)", "", "ok")
    assert check.returncode == 1 and check.stdout.strip()
    assert any(v != "ok" for v in outcomes.values())
    assert restored.returncode == 0, restored.stderr
    assert after.returncode == 0 and after.stdout.strip() == "ok"

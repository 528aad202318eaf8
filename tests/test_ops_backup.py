"""``briefbot backup`` and ``briefbot restore``: consistent copies while the bot writes, and a tested restore."""

from __future__ import annotations

import json
import multiprocessing as mp
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from storage import open_database, write_transaction
from storage.backup import BackupError, DatabaseInUse, backup_database, in_use, restore_database

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
SPAWN = mp.get_context("spawn")


def keep_writing(path: str, started: Any, stop: Any) -> None:
    """Write pairs of rows, each pair in one transaction, until told to stop (another process)."""
    db = open_database(path)
    i = 0
    while not stop.is_set():
        with write_transaction(db):
            db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"a:{i}", "x" * 200))
            db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"b:{i}", "y" * 200))
        i += 1
        if i == 20:
            started.set()
    db.close()


def hold_open(path: str, ready: Any, release: Any) -> None:
    conn = sqlite3.connect(path)
    conn.execute("SELECT COUNT(*) FROM meta").fetchone()
    ready.set()
    release.wait(30)
    conn.close()


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "BRIEFBOT_HEALTH_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bk") / "sample.db"
    assert main(["--db", str(path), "ingest", str(SAMPLE), "--json"]) == 0
    return path


def pairs(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as conn:
        a = conn.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'a:%'").fetchone()[0]
        b = conn.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'b:%'").fetchone()[0]
    return a, b


def test_backups_are_consistent_while_another_process_writes(tmp_path, sample):
    db = tmp_path / "live.db"
    db.write_bytes(sample.read_bytes())
    started, stop = SPAWN.Event(), SPAWN.Event()
    writer = SPAWN.Process(target=keep_writing, args=(str(db), started, stop))
    writer.start()
    try:
        assert started.wait(60)
        reports = [backup_database(db, tmp_path / f"b{i}.db") for i in range(5)]
    finally:
        stop.set()
        writer.join(30)
    counts = [pairs(Path(r.path)) for r in reports]
    assert all(r.integrity == "ok" and r.articles == 12 for r in reports)
    assert all(a == b for a, b in counts), counts  # never half a transaction
    assert counts[-1][0] > counts[0][0] > 0  # the writer kept going meanwhile
    assert not list(tmp_path.glob(".*partial*"))


def test_backup_refuses_to_overwrite_and_names_a_directory_target(tmp_path, sample):
    first = backup_database(sample, tmp_path / "one.db")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(sample, tmp_path / "one.db")
    assert backup_database(sample, tmp_path / "one.db", overwrite=True).integrity == "ok"
    folder = tmp_path / "backups"
    folder.mkdir()
    named = backup_database(sample, folder)
    assert Path(named.path).parent == folder and Path(named.path).name.startswith("briefbot-")
    assert first.bytes > 0


def test_backup_and_restore_through_the_command_line(tmp_path, sample, capsys):
    db = tmp_path / "bot.db"
    db.write_bytes(sample.read_bytes())
    assert main(["--db", str(db), "pledges", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["pledges"]
    assert main(["--db", str(db), "backup", str(tmp_path / "saved.db"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == "ok" and report["articles"] == 12
    # the database is then damaged: a page in the middle of the file overwritten
    with db.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xde\xad" * 2048)
    assert main(["--db", str(db), "check"]) == 1
    capsys.readouterr()
    assert main(["--db", str(db), "restore", str(tmp_path / "saved.db"), "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)
    assert restored["integrity"] == "ok" and restored["previous"]
    assert Path(restored["previous"]).exists()  # the damaged file is kept, not thrown away
    assert main(["--db", str(db), "check"]) == 0
    assert main(["--db", str(db), "pledges", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["pledges"] == before


def test_restore_into_an_empty_place(tmp_path, sample):
    report = restore_database(sample, tmp_path / "new" / "bot.db")
    assert report.previous is None and report.integrity == "ok" and report.articles == 12
    with sqlite3.connect(tmp_path / "new" / "bot.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_refuses_while_another_process_has_the_database_open(tmp_path, sample):
    db = tmp_path / "busy.db"
    restore_database(sample, db)
    ready, release = SPAWN.Event(), SPAWN.Event()
    holder = SPAWN.Process(target=hold_open, args=(str(db), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        assert in_use(db)
        with pytest.raises(DatabaseInUse, match="stop the bot"):
            restore_database(sample, db)
    finally:
        release.set()
        holder.join(30)
    deadline = time.monotonic() + 10
    while in_use(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not in_use(db)
    assert restore_database(sample, db).integrity == "ok"


def test_restore_refuses_what_is_not_a_sound_briefbot_backup(tmp_path, sample, capsys):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(sample.read_bytes())
    with damaged.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\x00\xff" * 2048)
    target = tmp_path / "keep.db"
    restore_database(sample, target)
    for bad, reason in ((junk, "not a sound SQLite database"), (other, "not a briefbot database"),
                        (damaged, "integrity|malformed"), (tmp_path / "absent.db", "no backup")):
        with pytest.raises(BackupError, match=reason):
            restore_database(bad, target)
    assert main(["--db", str(target), "restore", str(junk)]) == 1
    assert "not a sound SQLite database" in capsys.readouterr().err
    assert main(["--db", str(target), "check"]) == 0  # untouched by the refused restores

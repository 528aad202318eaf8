"""Several connections and processes on one real SQLite file: locks, migrations, readers beside the writer.

* a read-only command finishes while another process holds ``BEGIN IMMEDIATE`` (it takes no lock);
* processes that open a fresh file at the same moment all succeed and apply each migration once;
* :class:`~storage.DatabaseRunner` reads on ``query_only`` connections beside the writer thread.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from briefings.knowledge import STALE_KEY, ensure_pledges
from storage import DatabaseMissing, DatabaseRunner, ReadOnlyViolation, open_database, write_transaction
from storage import knowledge as kq
from storage.migrations import migrations

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
SPAWN = mp.get_context("spawn")  # a clean interpreter per process: no threads or locks copied by fork
HOLD_SECONDS = 14.0


# -- helpers run in other processes (module level, so "spawn" can import them) --------------------

def hold_write_lock(path: str, ready: Any, release: Any, seconds: float) -> None:
    """Take the write lock, write a row, and keep the transaction open until told (or ``seconds``)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', '1')")
    ready.set()
    release.wait(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def open_at_once(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        open_database(path).close()
        results.put(("ok", ""))
    except Exception as e:  # noqa: BLE001 - reported to the test, which shows it
        results.put(("error", f"{type(e).__name__}: {e}"))


# -- fixtures --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conc") / "sample.db"
    assert main(["--db", str(path), "ingest", str(SAMPLE), "--json"]) == 0
    return path


@pytest.fixture
def db_path(sample_db, tmp_path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copyfile(sample_db, path)
    return path


@pytest.fixture
def writer_holding_lock(db_path):
    ready, release = SPAWN.Event(), SPAWN.Event()
    proc = SPAWN.Process(target=hold_write_lock, args=(str(db_path), ready, release, HOLD_SECONDS))
    proc.start()
    assert ready.wait(30), "the lock holder did not start"
    yield db_path
    release.set()
    proc.join(30)
    assert proc.exitcode == 0


# -- 2. readers are not blocked by a writer in another process -------------------------------------

@pytest.mark.parametrize("args", [["about", "--json"], ["pledges", "--json"], ["ask", "Will Poland send troops?"],
                                  ["sources", "--json"], ["timeline", "--json"]], ids=lambda a: a[0])
def test_a_read_command_finishes_while_another_process_holds_the_write_lock(capsys, writer_holding_lock, args):
    t0 = time.monotonic()
    code = main(["--db", str(writer_holding_lock), *args])
    elapsed = time.monotonic() - t0
    out = capsys.readouterr()
    assert code == 0, out.err
    assert elapsed < 2.0, f"{args[0]} took {elapsed:.1f} s behind the lock"
    assert "locked" not in out.err


def test_opening_an_up_to_date_database_takes_no_lock(writer_holding_lock):
    t0 = time.monotonic()
    with DatabaseRunner(writer_holding_lock) as runner:
        assert runner.read_sync(kq.get_meta, "held") is None  # the holder's write is not committed
    assert time.monotonic() - t0 < 2.0


# -- 3. migrations serialised between processes -----------------------------------------------------

def test_processes_opening_a_fresh_database_together_apply_each_migration_once(tmp_path):
    path = tmp_path / "fresh" / "race.db"
    n = 6
    barrier, results = SPAWN.Barrier(n), SPAWN.Queue()
    procs = [SPAWN.Process(target=open_at_once, args=(str(path), barrier, results)) for _ in range(n)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    assert outcomes == [("ok", "")] * n
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert names == [m.name for m in migrations.pending(open_database(":memory:", migrate=False))]


# -- 5. the runner's readers ------------------------------------------------------------------------

def test_a_read_does_not_wait_behind_a_long_write(db_path):
    with DatabaseRunner(db_path) as runner:
        writing = threading.Event()

        def slow_write(db):
            with write_transaction(db):
                kq.set_meta(db, "slow", "1")
                writing.set()
                time.sleep(1.5)

        async def go() -> tuple[float, str | None]:
            write = asyncio.create_task(runner.call(slow_write))
            await asyncio.to_thread(writing.wait, 5)
            t0 = time.monotonic()
            seen = await runner.read(kq.get_meta, "slow")
            took = time.monotonic() - t0
            await write
            return took, seen

        took, seen = asyncio.run(go())
        assert took < 0.5 and seen is None  # not yet committed: the reader saw the last commit
        assert runner.read_sync(kq.get_meta, "slow") == "1"


def test_read_connections_are_query_only_and_a_write_there_fails_clearly(db_path):
    with DatabaseRunner(db_path) as runner:
        assert runner.readers == 4
        assert runner.read_sync(lambda db: db.execute("PRAGMA query_only").fetchone()[0]) == 1
        assert runner.call_sync(lambda db: db.execute("PRAGMA query_only").fetchone()[0]) == 0
        with pytest.raises(ReadOnlyViolation, match="runner.call"):
            runner.read_sync(kq.set_meta, "x", "1")
        runner.call_sync(kq.set_meta, STALE_KEY, "1")
        with pytest.raises(ReadOnlyViolation):
            runner.read_sync(ensure_pledges)  # the stale table is rebuilt on the writer only
        runner.call_sync(ensure_pledges)
        assert runner.read_sync(kq.get_meta, STALE_KEY) is None and runner.read_sync(kq.get_meta, "x") is None


def test_a_read_sees_one_snapshot_from_start_to_end(db_path):
    with DatabaseRunner(db_path) as runner:
        started, committed = threading.Event(), threading.Event()

        def two_counts(db):
            first = db.execute("SELECT COUNT(*) FROM meta").fetchone()[0]
            started.set()
            committed.wait(5)
            return first, db.execute("SELECT COUNT(*) FROM meta").fetchone()[0]

        async def go():
            read = asyncio.create_task(runner.read(two_counts))
            await asyncio.to_thread(started.wait, 5)
            await runner.call(kq.set_meta, "new", "1")
            committed.set()
            return await read

        first, second = asyncio.run(go())
        assert first == second
        assert runner.read_sync(lambda db: db.execute("SELECT COUNT(*) FROM meta").fetchone()[0]) == first + 1


def test_reads_run_in_parallel(db_path):
    with DatabaseRunner(db_path) as runner:
        def slow_read(db):
            time.sleep(0.4)
            return threading.current_thread().name

        async def go():
            return await asyncio.gather(*(runner.read(slow_read) for _ in range(4)))

        t0 = time.monotonic()
        names = asyncio.run(go())
        assert time.monotonic() - t0 < 1.2
        assert len(set(names)) == 4 and all(n.startswith("briefbot-db-read") for n in names)


def test_memory_database_reads_on_the_writer():
    with DatabaseRunner(":memory:") as runner:
        assert runner.readers == 0
        runner.call_sync(kq.set_meta, "k", "v")
        assert runner.read_sync(kq.get_meta, "k") == "v"
        writer = runner.call_sync(lambda db: threading.current_thread().name)
        assert asyncio.run(runner.read(lambda db: threading.current_thread().name)) == writer


def test_closed_runner_refuses_reads(db_path):
    runner = DatabaseRunner(db_path)
    runner.close()
    with pytest.raises(RuntimeError):
        runner.read_sync(kq.get_meta, "k")
    with pytest.raises(RuntimeError):
        asyncio.run(runner.read(kq.get_meta, "k"))


def test_runner_on_a_missing_file_with_create_false_creates_nothing(tmp_path):
    with pytest.raises(DatabaseMissing):
        DatabaseRunner(tmp_path / "no" / "x.db", create=False)
    assert not (tmp_path / "no").exists()

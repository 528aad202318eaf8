"""A damaged or missing database is said so, by every command, and ``briefbot check`` tells which.

The database is built by the real ``briefbot ingest`` of the bundled sample, then really damaged:
garbage is written over the pages of its content tables (found with SQLite's ``dbstat``), or over
the file header. The command line runs in-process through ``bot.cli.main``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
DAMAGED = "the database is damaged: run briefbot check"
GARBAGE = b"\xde\xad\xbe\xef"
# Left intact so the database still opens (schema, migrations, the launcher's meta read).
KEEP = ("sqlite_schema", "sqlite_master", "_sqlite_migrations", "meta", "feeds")

READ_COMMANDS = [
    ["sources", "--json"],
    ["pledges", "--json"],
    ["country", "Italy", "--json"],
    ["ask", "Will Poland send troops?", "--json"],
    ["digest", "--since", "2020-01-01T00:00:00Z", "--json"],
    ["timeline", "--json"],
    ["about", "--json"],
]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
                 "SLACK_SIGNING_SECRET", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # no ./config.toml: the defaults


def cli(capsys, db: Path | str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("check") / "healthy.db"
    assert main(["--db", str(path), "ingest", str(SAMPLE), "--json"]) == 0
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0  # checkpointed on close
    return path


def copy_of(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


def damage_pages(path: Path) -> int:
    """Write garbage over every page of the content tables and indexes; the number of pages hit."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        marks = ",".join("?" * len(KEEP))
        keep_idx = [r[0] for r in conn.execute(
            f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks})", KEEP)]
        keep = [*KEEP, *keep_idx]
        pages = sorted({r[0] for r in conn.execute(
            f"SELECT pageno FROM dbstat WHERE name NOT IN ({','.join('?' * len(keep))})", keep)})
    finally:
        conn.close()
    with open(path, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * size)
            f.write(GARBAGE * (size // len(GARBAGE)))
    return len(pages)


def damage_header(path: Path) -> None:
    with open(path, "r+b") as f:
        f.write(GARBAGE * 25)  # the 100-byte header: no longer "SQLite format 3"


def test_check_says_ok_on_a_healthy_database(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "ok.db")
    code, out, err = cli(capsys, db, "check")
    assert code == 0 and out.strip() == "ok", err
    code, out, _ = cli(capsys, db, "check", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "path": str(db), "problems": []}


def test_a_damaged_answer_is_not_a_confident_not_found(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "pages.db")
    assert damage_pages(db) > 5
    code, out, err = cli(capsys, db, "ask", "Will Poland send troops?", "--json")
    assert '"found": false' not in out
    assert code == 1 and err.strip() == f"briefbot: {DAMAGED}"


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_every_command_on_damaged_pages_exits_1_saying_so(capsys, healthy, tmp_path, args):
    db = copy_of(healthy, tmp_path / "pages.db")
    damage_pages(db)
    code, out, err = cli(capsys, db, *args)
    assert code == 1, out
    assert err.strip() == f"briefbot: {DAMAGED}" and out == ""


@pytest.mark.parametrize("args", [*READ_COMMANDS, ["ingest", str(SAMPLE), "--json"]], ids=lambda a: a[0])
def test_every_command_on_a_file_that_is_not_a_database_exits_1_saying_so(capsys, healthy, tmp_path, args):
    db = copy_of(healthy, tmp_path / "header.db")
    damage_header(db)
    code, out, err = cli(capsys, db, *args)
    assert code == 1 and err.strip() == f"briefbot: {DAMAGED}" and out == ""


def test_ingest_into_damaged_pages_exits_1_saying_so(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "pages.db")
    damage_pages(db)
    code, _, err = cli(capsys, db, "ingest", str(SAMPLE), "--json")
    assert code == 1 and err.strip().endswith(DAMAGED)


def test_check_reports_damaged_pages(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "pages.db")
    damage_pages(db)
    code, out, err = cli(capsys, db, "check")
    assert code == 1 and out.strip() and out.strip() != "ok"
    code, out, _ = cli(capsys, db, "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["problems"]
    assert all(isinstance(p, str) and p for p in report["problems"])


def test_check_reports_a_file_that_is_not_a_database(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "header.db")
    damage_header(db)
    code, out, _ = cli(capsys, db, "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert any("not a database" in p for p in report["problems"])


def test_check_reports_a_broken_foreign_key(capsys, healthy, tmp_path):
    db = copy_of(healthy, tmp_path / "fk.db")
    conn = sqlite3.connect(db)  # foreign keys off, as any other tool would write
    conn.execute("UPDATE articles SET story_id = 999999 WHERE id = (SELECT MIN(id) FROM articles)")
    conn.commit()
    conn.close()
    code, out, _ = cli(capsys, db, "check")
    assert code == 1 and "articles" in out and "stories" in out


@pytest.mark.parametrize("args", [*READ_COMMANDS, ["feedback", "--json"], ["check"]], ids=lambda a: a[0])
@pytest.mark.parametrize("where", ["no/such/dir/x.db", "missing.db"])
def test_read_commands_on_a_missing_database_create_nothing(capsys, tmp_path, args, where):
    cwd = Path.cwd()
    before = sorted(cwd.rglob("*"))
    code, out, err = cli(capsys, where, *args)
    assert code == 1 and out == ""
    assert err.strip() == f"briefbot: no database at {where}: run briefbot ingest first"
    assert sorted(cwd.rglob("*")) == before == []


def test_ingest_still_creates_the_database_and_its_directory(capsys, tmp_path):
    code, out, err = cli(capsys, "new/dir/x.db", "ingest", str(SAMPLE), "--json")
    assert code == 0, err
    assert json.loads(out)["new"] == 12 and (Path.cwd() / "new" / "dir" / "x.db").is_file()
    code, out, _ = cli(capsys, "new/dir/x.db", "pledges", "--json")
    assert code == 0 and json.loads(out)["pledges"]

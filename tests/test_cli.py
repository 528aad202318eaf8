"""The command-line contract of SPEC §5, run as a real process on the bundled sample feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"


def briefbot(*args: str, db: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None,
             cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    full_env.update(env or {})
    full_env["PYTHONPATH"] = str(ROOT)
    cmd = [sys.executable, "-m", "bot", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    out = briefbot("ingest", str(SAMPLE), "--json", db=path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"fetched", "new", "updated", "duplicates", "irrelevant", "facts", "errors"}
    assert report["fetched"] == 12 and report["new"] == 12 and report["errors"] == []
    return path


def test_sources_json(db):
    out = briefbot("sources", "--json", db=db)
    rows = json.loads(out.stdout)
    assert len(rows) == 12
    assert set(rows[0]) == {"id", "url", "title", "outlet", "published", "story_id"}
    assert rows[0]["id"] == "briefbot-sample-01"


@pytest.mark.parametrize("query", ['troops"', "Italy AND", "NEAR(", "poland*", "a:b"])
def test_sources_query_with_search_syntax_is_taken_as_words(db, query):
    out = briefbot("sources", query, "--json", db=db)
    assert out.returncode == 0, out.stderr
    assert isinstance(json.loads(out.stdout), list)


def test_pledges_json_shape_and_filters(db):
    table = json.loads(briefbot("pledges", "--json", db=db).stdout)
    assert table["as_of"] and table["pledges"]
    row = table["pledges"][0]
    assert {"country", "country_code", "category", "status", "size", "date", "summary", "sources"} <= set(row)
    assert {"url", "title", "quote"} == set(row["sources"][0])
    italy = json.loads(briefbot("pledges", "--country", "Italy", "--json", db=db).stdout)["pledges"]
    assert [(p["country_code"], p["category"], p["status"]) for p in italy] == [("IT", "ground_troops", "declined")]
    troops = json.loads(briefbot("pledges", "--category", "troops", "--json", db=db).stdout)["pledges"]
    assert troops and all(p["category"] == "ground_troops" for p in troops)


def test_pledges_csv(db):
    out = briefbot("pledges", "--csv", db=db)
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("country,country_code,category,status")
    assert any(",PL,ground_troops,declined," in line for line in lines)


def test_ask_reads_one_question_per_line(db):
    out = briefbot("ask", "--json", "-", db=db, stdin="Will Poland send troops?\n\nWhat has Brazil pledged?\n")
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == 2
    assert set(answers[0]) == {"question", "answer", "found", "sources", "engine"}
    assert answers[0]["found"] and answers[0]["sources"] and answers[0]["engine"] == "offline"
    assert "Poland" in answers[0]["answer"]
    assert answers[1]["found"] is False and answers[1]["sources"] == []


def test_digest_window_and_empty_window(db):
    d = json.loads(briefbot("digest", "--since", "2026-01-01T00:00:00Z", "--json", db=db).stdout)
    assert set(d) == {"since", "until", "text", "items"}
    assert "Norway" in d["text"] and "Lancaster" not in d["text"]
    assert all(i["url"] for i in d["items"])
    empty = json.loads(briefbot("digest", "--since", "1h", "--json", db=db).stdout)
    assert empty["items"] == [] and empty["text"].startswith("Nothing new since")


def test_timeline_in_date_order(db):
    events = json.loads(briefbot("timeline", "--json", db=db).stdout)
    dates = [e["date"] for e in events]
    assert dates == sorted(dates) and "2025-03-02" in dates


def test_people_output_is_not_json(db):
    out = briefbot("pledges", db=db)
    assert out.returncode == 0 and "Italy" in out.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.stdout)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["digest", "--since", "last tuesday"], "--since"),
        (["pledges", "--country", "Atlantis"], "Atlantis"),
        (["pledges", "--category", "snacks"], "category"),
        (["nonsense"], "invalid choice"),
        (["sources", "***"], "no words"),
    ],
)
def test_bad_usage_exits_2_with_a_reason(db, args, words):
    out = briefbot(*args, db=db)
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr


def test_bad_config_exits_2_naming_the_key(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[limits]\nmax_redirects = 'many'\n")
    out = briefbot("--config", str(cfg), "sources", "--json", db=tmp_path / "x.db")
    assert out.returncode == 2 and "limits.max_redirects" in out.stderr
    out = briefbot("sources", env={"BRIEFBOT_CONFIG": str(tmp_path / "absent.toml")}, db=tmp_path / "x.db")
    assert out.returncode == 2 and "not found" in out.stderr


def test_runtime_failure_exits_1(tmp_path):
    (tmp_path / "adir").mkdir()
    out = briefbot("sources", "--json", db=tmp_path / "adir")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_many_sources_with_bad_ones_exit_0(tmp_path):
    bad = tmp_path / "page.html"
    bad.write_text("<html><body><p>not a feed</p></body></html>")
    out = briefbot("ingest", str(SAMPLE), str(bad), str(tmp_path / "missing.xml"), "--json", db=tmp_path / "m.db")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["new"] == 12 and len(report["errors"]) == 2
    assert {e["source"] for e in report["errors"]} == {str(bad), str(tmp_path / "missing.xml")}


def test_progress_bar_for_people_on_many_sources(tmp_path):
    copy = tmp_path / "copy.xml"
    copy.write_bytes(SAMPLE.read_bytes())
    out = briefbot("ingest", str(SAMPLE), str(copy), db=tmp_path / "p.db")
    assert out.returncode == 0 and "Ingesting" in out.stdout and "fetched 24" in out.stdout


def test_tokens_for_an_unbuilt_front_end_are_a_config_error(tmp_path):
    out = briefbot("run", db=tmp_path / "r.db", env={"SLACK_BOT_TOKEN": "xoxb-abc"}, stdin="")
    assert out.returncode == 2 and "xoxb-abc" not in out.stderr


def test_chat_serves_commands_from_standard_input(tmp_path):
    out = briefbot("chat", db=tmp_path / "c.db", stdin="/pledges\n/country Italy\nWill Poland send troops?\n/nonsense\n",
                   env={"COLUMNS": "160"})
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Pledges" in text and "Italy: stance by category" in text
    assert "Will Poland send troops?" in text and "Tusk" in text
    assert "Unknown command /nonsense" in text


def test_check_on_a_sound_database_says_ok(db):
    out = briefbot("check", db=db)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    report = json.loads(briefbot("check", "--json", db=db).stdout)
    assert report["ok"] is True and report["problems"] == []


def test_a_read_command_on_a_missing_database_says_so_and_creates_nothing(tmp_path):
    missing = tmp_path / "no" / "such.db"
    out = briefbot("pledges", "--json", db=missing)
    assert out.returncode == 1 and out.stderr.strip() == f"briefbot: no database at {missing}: run briefbot ingest first"
    assert not (tmp_path / "no").exists()

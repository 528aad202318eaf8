"""The LLM engine through the ``briefbot`` command line, against the fake server (separate processes)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes.openai import Behaviour, FakeOpenAI
from fakes.openai.articles import feed
from fakes.openai.harness import KEY, env_for, write_config

ROOT = Path(__file__).resolve().parents[1]
IMPORT = 2.0  # seconds: importing the openai SDK in a fresh process, on a busy machine


def briefbot(tmp: Path, fake: FakeOpenAI, *args: str, key: str = KEY) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp / "config.toml"), *args],
                          capture_output=True, text=True, env=env_for(fake, key), cwd=ROOT, timeout=120)
    return done, time.monotonic() - started


@pytest.fixture
def fake():
    with FakeOpenAI(api_key=KEY) as server:
        yield server


def test_answers_say_llm_repeat_from_the_cache_and_reextract_duplicates_nothing(tmp_path, fake):
    write_config(tmp_path, model="fake-1")
    done, _ = briefbot(tmp_path, fake, "ingest", str(feed(tmp_path)), "--json")
    assert done.returncode == 0, done.stderr
    assert len(fake.calls("extract")) == 3
    first, _ = briefbot(tmp_path, fake, "ask", "--json", "What will Denmark send?")
    again, _ = briefbot(tmp_path, fake, "ask", "--json", "What will Denmark send?")
    assert json.loads(first.stdout)["engine"] == json.loads(again.stdout)["engine"] == "llm"
    assert len(fake.calls("answer")) == 1 and len(fake.calls("extract")) == 3  # no call per question
    rerun, _ = briefbot(tmp_path, fake, "reextract", "--json")
    report = json.loads(rerun.stdout)
    assert rerun.returncode == 0 and report["articles"] == 0 and report["unchanged"] == 3
    about = json.loads(briefbot(tmp_path, fake, "about", "--json")[0].stdout)
    assert about["engine"] == "llm" and about["llm"]["model"] == "fake-1" and about["llm"]["tokens_today"] > 0


def _ask_lines(tmp: Path, fake: FakeOpenAI, questions: list[str]) -> tuple[list[dict[str, object]], float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp / "config.toml"), "ask", "--json", "-"],
                          input="\n".join(questions) + "\n", capture_output=True, text=True, env=env_for(fake),
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()], time.monotonic() - started


def test_with_a_server_that_always_fails_every_answer_is_offline_and_quick(tmp_path, fake):
    questions = ["What will Denmark send?", "Will France send troops?", "Who hosts the logistics hub?"]
    offline = tmp_path / "offline"
    offline.mkdir()
    write_config(offline, enabled=False)  # the same commands with no engine: the time a command takes anyway
    _, base_ingest = briefbot(offline, fake, "ingest", str(feed(offline)), "--json")
    _, base_ask = _ask_lines(offline, fake, questions)

    fake.default = Behaviour("error", status=500)
    write_config(tmp_path, timeout_seconds=2)
    done, took = briefbot(tmp_path, fake, "ingest", str(feed(tmp_path)), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["new"] == 3
    assert took < base_ingest + 2 + 1 + IMPORT  # the call's timeout, a second, and importing the SDK
    answers, took = _ask_lines(tmp_path, fake, questions)
    assert len(answers) == 3 and {a["engine"] for a in answers} == {"offline"}
    assert took < base_ask + 2 + 1 + IMPORT  # one failed call (then the client cools down), not one per question
    pledges = json.loads(briefbot(tmp_path, fake, "pledges", "--json")[0].stdout)["pledges"]
    assert ("DK", "maritime") in {(p["country_code"], p["category"]) for p in pledges}


def test_reextract_needs_the_engine(tmp_path, fake):
    write_config(tmp_path, enabled=False)
    done, _ = briefbot(tmp_path, fake, "reextract")
    assert done.returncode == 2 and "needs the LLM engine" in done.stderr

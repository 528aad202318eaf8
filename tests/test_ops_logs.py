"""Logging: one handler configured once, text or JSON lines, and no secret in any line (bot.logs)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import SecretFilter, log_format, scrub, secret_values, setup_logging
from briefings.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

# Shaped like the real thing, made up for these tests.
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"
OPENAI = "sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe"
SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
ENV = {"DISCORD_TOKEN": DISCORD, "OPENAI_API_KEY": OPENAI, "SLACK_BOT_TOKEN": SLACK,
       "SLACK_SIGNING_SECRET": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "HOME": "/home/briefbot"}
SECRETS = [DISCORD, OPENAI, SLACK, "a1b2c3d4e5f60718293a4b5c6d7e8f90", "hunter2-pass", "q9-secret-key"]


@pytest.fixture
def capture():
    """The root logger set up as ``briefbot`` sets it up, writing into a buffer."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))

    def make(fmt: str = "text", env: dict[str, str] | None = None) -> io.StringIO:
        stream = io.StringIO()
        setup_logging(1, fmt, stream=stream, env=ENV if env is None else env)
        return stream

    yield make
    for h in [h for h in root.handlers if h.get_name() == "briefbot"]:
        root.removeHandler(h)
    root.setLevel(saved[0])
    for h in saved[1]:
        if h not in root.handlers:
            root.addHandler(h)


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_secret_values_come_from_secret_variables_only():
    values = secret_values({**ENV, "BRIEFBOT_DB": "/data/briefbot.db", "MY_SERVICE_PASSWORD": "p4ssw0rd!",
                            "SHORT_TOKEN": "abc"})
    assert DISCORD in values and OPENAI in values and "p4ssw0rd!" in values
    assert "/data/briefbot.db" not in values and "/home/briefbot" not in values and "abc" not in values


def test_scrub_masks_env_values_token_shapes_and_url_credentials():
    text = (f"login with {DISCORD}; key={OPENAI}; slack {SLACK}; Authorization: Bearer abcdefghijklmnop1234 "
            "feed https://alice:hunter2-pass@feeds.test/rss?api_key=q9-secret-key&page=2")
    cleaned = scrub(text, [])  # no known values: the shapes and URL rules alone
    assert leaks(cleaned) == [] and "abcdefghijklmnop1234" not in cleaned
    assert "https://***@feeds.test/rss?api_key=***&page=2" in cleaned
    assert "login with ***" in cleaned
    assert scrub("an ordinary line about 12 countries", []) == "an ordinary line about 12 countries"


def test_an_unshaped_secret_is_masked_by_its_value():
    odd = "plain-words-as-a-token"
    assert scrub(f"token={odd} and again {odd}", [odd]).count(odd) == 0


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_reaches_a_log_line(capture, fmt):
    stream = capture(fmt)
    log = logging.getLogger("briefings.test_ops_logs")
    log.warning("connecting with token %s", DISCORD)
    log.info("client options: %r", {"api_key": OPENAI, "slack": SLACK})
    log.error("feed https://alice:hunter2-pass@feeds.test/rss?api_key=q9-secret-key failed")
    try:
        raise RuntimeError(f"the server refused {OPENAI} and {ENV['SLACK_SIGNING_SECRET']}")
    except RuntimeError:
        log.exception("request failed")
    log.warning("with a stack", stack_info=True)
    out = stream.getvalue()
    assert leaks(out) == [], out
    assert "connecting with token ***" in out and "request failed" in out and "RuntimeError" in out
    if fmt == "json":
        lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        assert [r["level"] for r in lines][:3] == ["warning", "info", "error"]
        assert {"time", "level", "logger", "message"} <= set(lines[0])
        assert lines[0]["logger"] == "briefings.test_ops_logs"
        assert "exception" in lines[3] and "RuntimeError" in lines[3]["exception"]


def test_setup_twice_keeps_one_handler(capture):
    capture()
    capture("json")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "briefbot"]
    assert len(ours) == 1 and any(isinstance(f, SecretFilter) for f in ours[0].filters)


def test_log_format_choice():
    assert log_format(None, {}) == "text"
    assert log_format(None, {"BRIEFBOT_LOG_FORMAT": "JSON"}) == "json"
    assert log_format("text", {"BRIEFBOT_LOG_FORMAT": "json"}) == "text"  # the option wins
    with pytest.raises(ConfigError, match="BRIEFBOT_LOG_FORMAT"):
        log_format(None, {"BRIEFBOT_LOG_FORMAT": "xml"})


def _briefbot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    full.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=full,
                          cwd=cwd, timeout=120)


def test_the_command_line_logs_json_and_leaks_nothing(tmp_path):
    # A feed whose URL carries credentials, on a port where nothing listens: it fails and is logged.
    url = "http://alice:hunter2-pass@127.0.0.1:9/feed.xml?api_key=q9-secret-key"
    out = _briefbot("-vv", "--db", str(tmp_path / "l.db"), "ingest", url, "--json",
                    env={**ENV, "BRIEFBOT_LOG_FORMAT": "json"}, cwd=tmp_path)
    assert out.returncode == 1
    assert leaks(out.stdout + out.stderr) == [], out.stderr
    lines = [json.loads(line) for line in out.stderr.splitlines() if line.startswith("{")]
    assert lines and all({"time", "level", "logger", "message"} <= set(r) for r in lines)
    failure = [r for r in lines if "127.0.0.1:9" in r["message"]]
    assert failure and "***@127.0.0.1:9" in failure[0]["message"]


def test_a_bad_log_format_in_the_environment_is_exit_2(tmp_path):
    out = _briefbot("about", env={"BRIEFBOT_LOG_FORMAT": "yaml"}, cwd=tmp_path)
    assert out.returncode == 2 and "BRIEFBOT_LOG_FORMAT" in out.stderr

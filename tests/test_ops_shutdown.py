"""SIGTERM stops ``briefbot run`` and ``briefbot chat`` cleanly: exit 0 within 10 s, the database sound.

The bot runs as a real process with the console front-end on a pipe that stays open (as under
``docker run`` with ``-i``), so the chat is waiting for input when the signal comes.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    full.update(env or {}, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "bot", "--db", str(tmp_path / "bot.db"), "-v", *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full,
                            cwd=tmp_path)


def ask_and_wait(proc: subprocess.Popen[bytes], question: str = "Will Poland send troops?") -> bytes:
    """Send a question and read until the answer has arrived (the bot is up and serving)."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(question.encode() + b"\n")
    proc.stdin.flush()
    os.set_blocking(proc.stdout.fileno(), False)
    got = b""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and b"Poland" not in got:
        try:
            chunk = os.read(proc.stdout.fileno(), 65536)
        except BlockingIOError:
            time.sleep(0.05)
            continue
        if not chunk:
            break
        got += chunk
    assert b"Poland" in got, got
    return got


def terminate(proc: subprocess.Popen[bytes]) -> tuple[int, float, str]:
    begun = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    return proc.returncode, time.monotonic() - begun, err.decode(errors="replace")


@pytest.mark.parametrize("command", ["chat", "run"])
def test_sigterm_while_the_chat_waits_for_input(tmp_path, command):
    proc = start([command], tmp_path)
    ask_and_wait(proc)
    code, seconds, err = terminate(proc)
    assert code == 0, err
    assert seconds < LIMIT, f"{seconds:.2f} s"
    assert "SIGTERM received" in err and "stopped cleanly" in err
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigterm_with_the_health_listener_and_a_feed_being_fetched(tmp_path, feed_server):
    # The feed answers slowly (a chunk every half second), so the poll is mid-fetch at the signal.
    feed_server.add_chunked("/slow.xml", [b"<?xml version='1.0'?><rss version='2.0'><channel>"] + [b" "] * 60,
                            delay=0.5)
    (tmp_path / "config.toml").write_text(
        '[demo]\nsample_feed = true\n[limits]\nallow_private_feed_addresses = true\ntotal_timeout_seconds = 60\n'
        f'[[feeds.sources]]\nurl = "{feed_server.url("/slow.xml")}"\n'
    )
    port = free_port()
    proc = start(["--config", str(tmp_path / "config.toml"), "run"], tmp_path, env={"BRIEFBOT_HEALTH_PORT": str(port)})
    ask_and_wait(proc)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
        health = json.loads(resp.read())
    assert resp.status == 200 and health["frontends"] == {"console": {"connected": True}}
    assert health["poll"]["enabled"] is True
    deadline = time.monotonic() + 20
    while not feed_server.requests_for("/slow.xml") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert feed_server.requests_for("/slow.xml"), "the poller never fetched the feed"
    code, seconds, err = terminate(proc)
    assert code == 0, err
    assert seconds < LIMIT, f"{seconds:.2f} s"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

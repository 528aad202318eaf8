"""``briefbot ingest`` as a real process: exit statuses, failures listed once, single-article options, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from feedserver import FeedServer, Route

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _command(tmp: Path, args: tuple[str, ...], config: Path | None) -> list[str]:
    cfg = ["--config", str(config)] if config else []
    return [sys.executable, "-m", "bot", *cfg, "--db", str(tmp / "ingest.db"), *args]


def briefbot(tmp: Path, *args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(tmp, args, config), capture_output=True, text=True, env=_env(), cwd=tmp,
                          timeout=120)


def stored(tmp: Path) -> list[dict[str, object]]:
    out = briefbot(tmp, "sources", "--json")
    assert out.returncode == 0, out.stderr
    rows: list[dict[str, object]] = json.loads(out.stdout)
    return rows


def private_ok(tmp: Path) -> Path:
    """A configuration that lets fetches reach the loopback test server."""
    cfg = tmp / "private.toml"
    cfg.write_text("[limits]\nallow_private_feed_addresses = true\ntotal_timeout_seconds = 3\n")
    return cfg


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- exit statuses -----------------------------------------------------------------------------


def test_a_missing_file_exits_1_and_says_so_once(tmp_path: Path) -> None:
    out = briefbot(tmp_path, "ingest", "missing.xml")
    assert out.returncode == 1
    assert out.stderr.count("missing.xml") == 1 and "no such file" in out.stderr
    assert "nothing ingested: the source failed" in out.stderr and "Traceback" not in out.stderr


def test_every_named_source_failing_exits_1_listing_each(tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    out = briefbot(tmp_path, "ingest", "missing.xml", "adir", url, config=private_ok(tmp_path))
    assert out.returncode == 1
    for source, reason in (("missing.xml", "no such file"), ("adir", "is a directory"), (url, "ConnectError")):
        assert out.stderr.count(f"{source}: {reason}") == 1, out.stderr
    assert "all 3 sources failed" in out.stderr


def test_every_source_failing_exits_1_with_json_too(tmp_path: Path) -> None:
    out = briefbot(tmp_path, "ingest", "missing.xml", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert [e["source"] for e in report["errors"]] == ["missing.xml"] and report["new"] == 0


def test_one_good_source_exits_0_and_still_lists_the_failures(tmp_path: Path) -> None:
    out = briefbot(tmp_path, "ingest", str(SAMPLE), "missing.xml")
    assert out.returncode == 0, out.stderr
    assert "new 12" in out.stdout
    assert out.stderr.count("missing.xml") == 1 and "1 of 2 sources failed" in out.stderr


def test_a_loopback_feed_needs_the_operators_setting(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.add_file("/feed.xml", SAMPLE)
    refused = briefbot(tmp_path, "ingest", feed_server.url("/feed.xml"))
    assert refused.returncode == 1 and "allow_private_feed_addresses" in refused.stderr
    assert feed_server.requests == []
    allowed = briefbot(tmp_path, "ingest", feed_server.url("/feed.xml"), "--json", config=private_ok(tmp_path))
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["new"] == 12


def test_a_config_file_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "latin1.toml"
    cfg.write_bytes('[relevance]\nkeywords = ["Zürich"]\n'.encode("latin-1"))
    out = briefbot(tmp_path, "ingest", str(SAMPLE), config=cfg)
    assert out.returncode == 2 and "UTF-8" in out.stderr and "Traceback" not in out.stderr


# -- single articles ---------------------------------------------------------------------------


def test_binary_input_is_refused_as_not_text(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(PNG)
    (tmp_path / "noise.bin").write_bytes(os.urandom(5000))
    out = briefbot(tmp_path, "ingest", "--article", "photo.png", "noise.bin")
    assert out.returncode == 1 and out.stderr.count("not text") == 2
    assert stored(tmp_path) == []


def test_a_local_page_without_article_is_told_to_use_it(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text("<html><body><p>Norway is ready to send troops to Ukraine.</p></body></html>")
    (tmp_path / "note.txt").write_text("Norway is ready to send troops to Ukraine.\n")
    out = briefbot(tmp_path, "ingest", "story.html", "note.txt")
    assert out.returncode == 1 and out.stderr.count("use --article") == 2


def test_article_options_are_stored(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(
        "draft\n\nItaly said on Tuesday it will not send troops to Ukraine as part of the coalition of the willing, "
        "the prime minister told parliament in Rome.\n")
    out = briefbot(tmp_path, "ingest", "--article", "note.txt", "--published", "2025-03-04", "--title",
                   "Italy rules out troops", "--outlet", "Rome Desk", "--url", "https://rome.test/italy", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["new"] == 1
    [row] = stored(tmp_path)
    assert (row["title"], row["outlet"], row["url"], row["id"]) == (
        "Italy rules out troops", "Rome Desk", "https://rome.test/italy", "https://rome.test/italy")
    assert str(row["published"]).startswith("2025-03-04")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--article", "note.txt", "--published", "last tuesday"], "--published"),
        (["--article", "note.txt", "--published", "2025-13-45"], "ISO date"),
        (["note.txt", "--title", "T"], "add --article"),
        (["--article", "note.txt", "--url", "javascript:alert(1)"], "http(s) URL"),
        (["--article", "note.txt", "other.txt", "--title", "T"], "exactly one SOURCE"),
    ],
)
def test_bad_article_options_exit_2(tmp_path: Path, args: list[str], words: str) -> None:
    (tmp_path / "note.txt").write_text("Title\n\nBody.\n")
    out = briefbot(tmp_path, "ingest", *args)
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr


# -- Ctrl-C ------------------------------------------------------------------------------------


def test_ctrl_c_says_how_many_articles_were_saved(tmp_path: Path, feed_server: FeedServer) -> None:
    release = threading.Event()

    def hang(_request: object) -> Route:
        release.wait(30)
        return Route(status=404)

    feed_server.add_handler("/hang.xml", hang)
    proc = subprocess.Popen(_command(tmp_path, ("ingest", str(SAMPLE), feed_server.url("/hang.xml")),
                                     private_ok(tmp_path)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not feed_server.requests_for("/hang.xml"):  # the sample is in; the second source hangs
            assert time.monotonic() < deadline and proc.poll() is None, "the hanging source was never asked"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted; 12 new articles saved" in err and "Traceback" not in err
    assert len(stored(tmp_path)) == 12

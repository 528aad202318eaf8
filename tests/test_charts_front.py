"""Where the pictures appear: ``briefbot chart``, the console's ``/chart`` and Discord's "Show chart" button."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from discord_harness import config, custom_ids, media_urls, running
from fakes.discord import FakeDiscord
from render_db import build
from test_charts import png_info

from bot.console import dispatch
from briefings.commands import Briefings
from briefings.errors import UsageError
from storage import DatabaseRunner

pytest_plugins = ["fakes.discord.fixtures"]

ROOT = Path(__file__).resolve().parents[1]
EPHEMERAL = 1 << 6


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    build(tmp_path / "bot.db").close()
    return tmp_path / "bot.db"


def briefbot(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_briefbot_chart_writes_the_file_and_exits_0(db_path, tmp_path):
    out = tmp_path / "matrix.png"
    done = briefbot("chart", "pledges", "--out", str(out), db=db_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert png_info(out.read_bytes())[0] == 800
    assert done.stdout.startswith(f"{out}: Pledge matrix as of 2 Apr 2025")
    done = briefbot("chart", "country", "United", "Kingdom", "--json", db=db_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["path"] == "stance-gb.png" and "United Kingdom" in info["alt"]
    assert (tmp_path / "stance-gb.png").read_bytes()[:4] == b"\x89PNG"
    done = briefbot("chart", "country", db=db_path, cwd=tmp_path)
    assert done.returncode == 2 and "Name a country" in done.stderr
    done = briefbot("chart", "sizes", "--out", str(tmp_path / "missing" / "x.png"), db=db_path, cwd=tmp_path)
    assert done.returncode == 1 and "cannot write" in done.stderr


def test_console_chart_saves_the_png_and_says_where(db_path, tmp_path):
    async def scenario() -> None:
        runner = DatabaseRunner(db_path)
        try:
            b = Briefings(runner)
            reply = await dispatch(b, "/chart country Denmark", chart_dir=tmp_path / "pics")
            assert reply is not None and reply.title == "Chart saved"
            saved = tmp_path / "pics" / "stance-dk.png"
            assert f"Saved to {saved}" in reply.text and "Stance timeline for Denmark" in reply.text
            assert saved.read_bytes()[:4] == b"\x89PNG"
            with pytest.raises(UsageError, match="Chart one of"):
                await dispatch(b, "/chart", chart_dir=tmp_path)
        finally:
            runner.close()

    asyncio.run(scenario())


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("command", "options", "filename", "alt"), [
    ("pledges", {}, "pledge-matrix.png", "Pledge matrix as of 2 Apr 2025"),
    ("country", {"name": "Denmark"}, "stance-dk.png", "Stance timeline for Denmark"),
])
def test_show_chart_button_attaches_the_picture(fake_discord_run, db_path, command, options, filename, alt):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command(command) is not None)
            ix = await fake.send_slash_command(command, options)
            cb = await fake.wait_for_callback(ix)
            chart_id = next(i for i in custom_ids(cb.json) if i.startswith("bb:ch:"))
            await fake.settle()
            click = await fake.click_button(ix, chart_id)
            deferred = await fake.wait_for_callback(click)
            assert deferred.json["type"] == 5 and deferred.json["data"]["flags"] & EPHEMERAL
            followup = await fake.wait_for_followup(click)
            assert [f.filename for f in followup.files] == [filename] and followup.files[0].size > 1000
            assert int(followup.json.get("flags") or 0) & EPHEMERAL
            assert media_urls(followup.json) == [f"attachment://{filename}"]
            described = json.dumps(followup.json, ensure_ascii=False)
            assert alt in described  # the alt text travels as the picture's description
            assert fake.check_no_mentions() == []

    fake_discord_run(scenario)

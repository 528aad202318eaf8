"""Golden files: every command's reply through every renderer, on a small fixed database.

Run with ``UPDATE_GOLDEN=1`` to rewrite the files after a deliberate change, then read the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from render_db import build
from rich.console import Console

from bot.render import render, render_plain, reply_to_dict
from briefings.commands import views
from briefings.engines.offline import OfflineAnswerer
from briefings.replies import Reply

GOLDEN = Path(__file__).parent / "golden"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = build(tmp_path_factory.mktemp("render") / "r.db")
    yield database
    database.close()


def _answer(db, question: str) -> Reply:
    from briefings.answers import answer_question

    return views.answer_reply(answer_question(db, question), question=question)


COMMANDS = {
    "pledges": lambda db: views.pledges(db),
    "pledges_gb": lambda db: views.pledges(db, "GB"),
    "pledges_empty": lambda db: views.pledges(db, "FR"),
    "country": lambda db: views.country(db, "DK"),
    "timeline": lambda db: views.timeline(db),
    "answer": lambda db: _answer(db, "Will Denmark send troops?"),
    "answer_none": lambda db: _answer(db, "Will Portugal send submarines?"),
    "digest": lambda db: views.digest(db, datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)),
    "sources": lambda db: views.sources(db),
    "about": lambda db: views.about(db, "offline"),
    "help": lambda db: views.help_reply(),
}


def _console(reply: Reply) -> str:
    out = io.StringIO()
    render(reply, Console(file=out, width=60, color_system=None, legacy_windows=False))
    return out.getvalue()


RENDERERS = {
    "plain": render_plain,
    "console": _console,
    "json": lambda r: json.dumps(reply_to_dict(r), indent=1, ensure_ascii=False) + "\n",
    "payload": lambda r: json.dumps(r.to_json(), indent=1, ensure_ascii=False, default=str) + "\n",
}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_golden(db, command, renderer):
    text = STAMP.sub("<time>", RENDERERS[renderer](COMMANDS[command](db)))
    path = GOLDEN / renderer / f"{command}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_nothing_hostile_reaches_a_terminal(db, command):
    for renderer in ("plain", "console"):
        text = RENDERERS[renderer](COMMANDS[command](db))
        assert "\x1b" not in text and "javascript:" not in text


def test_console_keeps_dates_and_statuses_whole_at_60_columns(db):
    text = _console(views.pledges(db))
    assert all(len(line) <= 60 for line in text.splitlines())
    for word in ("2025-03-20", "2025-04-02", "committed", "declined"):
        assert word in text


def test_offline_answerer_is_an_answerer(db):
    from briefings.engines import Answerer

    assert isinstance(OfflineAnswerer(runner=None), Answerer)  # type: ignore[arg-type]

"""Replies that outlive their message: stored references, replay, and feedback on answers."""

from __future__ import annotations

import asyncio
import json

import pytest
from render_db import build

from bot.cli import main
from briefings.commands import Briefings
from briefings.errors import UsageError
from storage import DatabaseRunner


@pytest.fixture
def runner(tmp_path):
    build(tmp_path / "r.db").close()
    r = DatabaseRunner(tmp_path / "r.db")
    yield r
    r.close()


def test_an_answer_replays_as_it_was_and_takes_one_vote_per_person(runner):
    async def go():
        b = Briefings(runner)
        reply = await b.ask("Will Denmark send troops?")
        ref = await b.remember(reply, "discord")
        again = await b.replay(ref)
        await b.feedback(ref, platform="discord", user="42", vote=1)
        await b.feedback(ref, platform="discord", user="42", vote=-1, reason="old source")  # changes the vote
        await b.feedback(ref, platform="discord", user="43", vote=1)
        return reply, again, await b.export_feedback(), await b.about()

    reply, again, rows, about = asyncio.run(go())
    assert again.to_json() == reply.to_json() and again.text == reply.text
    assert [(r["vote"], r["reason"]) for r in rows] == [(-1, "old source"), (1, "")]
    assert rows[0]["question"] == "Will Denmark send troops?" and rows[0]["sources"]
    assert "42" not in json.dumps(rows)  # user ids are stored hashed
    assert about.to_json()["feedback"] == {"helpful": 1, "not_helpful": 1}


def test_a_table_replays_from_its_arguments(runner):
    async def go():
        b = Briefings(runner)
        reply = await b.pledges("DK")
        ref = await b.remember(reply, "discord", country="DK", category=None)
        return reply, await b.replay(ref)

    reply, again = asyncio.run(go())
    assert again.to_json() == reply.to_json()


def test_unknown_refs_and_feedback_on_tables_are_refused(runner):
    async def go():
        b = Briefings(runner)
        with pytest.raises(UsageError):
            await b.replay(999)
        ref = await b.remember(await b.pledges(), "discord")
        with pytest.raises(UsageError):
            await b.feedback(ref, platform="discord", user="1", vote=1)

    asyncio.run(go())


def test_feedback_export_on_the_command_line(runner, tmp_path, capsys):
    async def go():
        b = Briefings(runner)
        ref = await b.remember(await b.ask("Will Denmark send troops?"), "slack")
        await b.feedback(ref, platform="slack", user="U1", vote=-1, reason="missed a country")

    asyncio.run(go())
    runner.close()
    assert main(["--db", str(tmp_path / "r.db"), "feedback", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["reason"] == "missed a country" and rows[0]["platform"] == "slack"

"""Block Kit rendering: Slack's escaping, Slack's limits, paging without loss, and one reply drawn the same
way (the same facts and sources) on Discord and on Slack."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from fakes.slack import all_text, offences, validate_blocks
from fakes.slack.harness import SLACK_HOSTILE, add_slack_hostile
from render_db import build

from bot.slack import render
from bot.slack.escape import slack_link, slack_text, slack_url
from bot.slack.render import build_message, fits, pages, sources_messages
from briefings.commands import Briefings
from briefings.replies import (
    Action,
    Actions,
    Cell,
    Column,
    Field,
    Fields,
    Heading,
    Notice,
    Paragraph,
    Reply,
    Row,
    Source,
    SourceList,
    Span,
    Table,
)
from storage import DatabaseRunner

HOSTS = ("north.test", "south.test")


@pytest.fixture
def briefings(tmp_path: Path) -> Any:
    build(tmp_path / "r.db").close()
    add_slack_hostile(tmp_path / "r.db")
    runner = DatabaseRunner(tmp_path / "r.db")
    yield Briefings(runner)
    runner.close()


def every_button(a: Action) -> tuple[str, str]:
    return f"bb:{a.kind}:{a.value or 0}", "v"


@pytest.mark.parametrize("text", [SLACK_HOSTILE, "<https://evil.test|x>", "a & b < c > d", "@here and @Everyone"])
def test_escaped_text_holds_no_control_sequence(text):
    out = slack_text(text)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\u200b)@(everyone|channel|here)\b", out, re.I)
    assert out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("\u200b", "") == text


def test_links_only_for_http_urls_and_never_escaping_their_brackets():
    assert slack_link("Report", "https://north.test/a?x=1&y=2") == "<https://north.test/a?x=1&amp;y=2|Report>"
    assert slack_link("x|<y>", "https://north.test/a|b>c") == "<https://north.test/a%7Cb%3Ec|x\u2223&lt;y&gt;>"
    assert slack_link("click", "javascript:alert(1)") == "click"
    assert slack_url("data:text/html,x") == ""
    assert slack_text("\x1b[31mred\x1b[0m\u202e") == "red"


@pytest.mark.parametrize("command", ["pledges", "country", "answer", "digest", "sources", "timeline"])
def test_hostile_articles_render_into_valid_messages_that_ping_no_one(briefings, command):
    async def reply() -> Reply:
        b = briefings
        if command == "pledges":
            return await b.pledges()
        if command == "country":
            return await b.country("Estonia")
        if command == "answer":
            return await b.ask("Will Estonia send engineers?")
        if command == "digest":
            return await b.digest("3650d")
        if command == "sources":
            return await b.sources()
        return await b.timeline()

    got = asyncio.run(reply())
    assert any("Estonia" in s.quote or "Report" in s.title for s in got.sources) or command == "timeline"
    for page in pages(got):
        message = build_message(page, every_button)
        validate_blocks(message.blocks)
        body = {"text": message.text, "blocks": message.blocks}
        assert offences(body, HOSTS, command) == []
        text = all_text(body)
        assert "<https://evil" not in text and "<!" not in text and "<@" not in text and "<#" not in text
    for blocks in sources_messages(got):
        validate_blocks(blocks)
        assert offences({"blocks": blocks}, HOSTS, "sources") == []


def test_the_same_reply_shows_the_same_facts_and_sources_on_discord_and_slack(briefings):
    from discord_harness import contents

    from bot.discord.render import build_view
    from bot.discord.render import pages as discord_pages

    reply = asyncio.run(briefings.ask("Will Denmark send troops?"))
    assert reply.sources

    on_discord = "\n".join(contents(build_view(p).view.to_components()) for p in discord_pages(reply))
    on_slack = "\n".join(all_text({"blocks": build_message(p).blocks}) for p in pages(reply))
    for n, s in enumerate(reply.sources, 1):
        assert f"[{n}]" in on_discord and f"[{n}]" in on_slack
        assert s.url in on_discord and s.url in on_slack
    words = [w for w in re.findall(r"[A-Za-z]{4,}", reply.text)]
    assert words and all(w in on_slack and w in on_discord for w in words)


def long_reply(rows: int = 150, paragraph_words: int = 1200) -> Reply:
    sources = [Source(f"https://north.test/{i}", f"Article {i}", f"Quote number {i} says a country will help.",
                      outlet="North", published="2025-03-01") for i in range(rows)]
    cols = (Column("country", "Country", "country"), Column("status", "Status", "status"),
            Column("note", "Note", "text", wrap=True))
    table = Table(cols, tuple(Row((Cell("country", f"C{i}", f"Country {i}"), Cell("status", "committed", "committed"),
                                   Cell("text", "n", f"note {i} " * 8)), (i + 1,)) for i in range(rows)))
    words = " ".join(f"word{i}." if i % 15 == 14 else f"word{i}" for i in range(paragraph_words))
    blocks = [Heading("Long"), Paragraph((Span(words), Span.source(1))), table,
              Fields(tuple(Field(f"Label {i}", (Span(f"value {i}"),)) for i in range(25))),
              Notice("info", "A notice."), SourceList(), Actions((Action("sources", "Sources"),))]
    return Reply(kind="pledges", title="A long reply", blocks=blocks, sources=sources)


def test_a_long_reply_pages_within_slacks_limits_and_loses_nothing():
    reply = long_reply()
    got = pages(reply)
    assert len(got) > 2
    texts = []
    for i, page in enumerate(got, 1):
        message = build_message(page, every_button)
        assert fits(message) and len(message.blocks) <= 50
        validate_blocks(message.blocks)
        assert all(len(b["text"]["text"]) <= 3000 for b in message.blocks if b["type"] == "section" and "text" in b)
        ids = [el["action_id"] for b in message.blocks if b["type"] == "actions" for el in b["elements"]]
        assert len(ids) == len(set(ids))
        text = all_text({"blocks": message.blocks})
        assert f"Page {i} of {len(got)}" in text
        texts.append(text)
    whole = "\n".join(texts)
    for i in range(1200):
        assert f"word{i}" in whole  # the long paragraph was split, never cut
    for i in range(150):
        assert f"Country {i}" in whole and f"<https://north.test/{i}|Article {i}>" in whole
    for i in range(25):
        assert f"Label {i}" in whole


def test_without_the_table_block_a_table_is_one_line_per_row(monkeypatch):
    reply = long_reply(rows=5, paragraph_words=10)
    monkeypatch.setattr(render, "HAS_TABLE_BLOCK", False)
    message = build_message(pages(reply)[0])
    assert "table" not in [b["type"] for b in message.blocks]
    assert "*Country 0* · committed · note 0" in all_text({"blocks": message.blocks})


def test_one_table_block_per_message_and_long_titles_are_not_cut():
    t = long_reply(rows=3, paragraph_words=5).table
    assert t is not None
    title = "Q" * 200
    reply = Reply(kind="answer", title=title, blocks=[t, Paragraph.of("between"), t])
    message = build_message(reply)
    validate_blocks(message.blocks)
    assert [b["type"] for b in message.blocks].count("table") == 1
    assert "header" not in [b["type"] for b in message.blocks] and title in all_text({"blocks": message.blocks})


def test_fields_are_section_fields_ten_at_a_time():
    reply = Reply(kind="help", title="Commands",
                  blocks=[Fields(tuple(Field(f"/brief c{i}", (Span(f"does {i}"),)) for i in range(12)))])
    message = build_message(reply)
    sections = [b for b in message.blocks if b["type"] == "section" and "fields" in b]
    assert [len(s["fields"]) for s in sections] == [10, 2]
    assert sections[0]["fields"][0]["text"] == "*/brief c0*\ndoes 0"

"""The Slack front-end end to end: the real bolt app, built as ``briefbot run`` builds it, in HTTP mode,
against the fake Slack on loopback, over a real database with a hostile article in it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes.slack import ADMIN, GENERAL, NEWS, TEAM, FakeSlack, Message, all_text
from fakes.slack.harness import button_ids, config, created, reply_to, run, running_bot
from render_db import build

from briefings.schedule.digests import Destination

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    build(tmp_path / "bot.db").close()
    return tmp_path / "bot.db"


def test_pledges_answer_in_channel_with_a_table_sources_and_no_pings(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            body = await reply_to(fake, "pledges UK")
            assert body["response_type"] == "in_channel" and body["unfurl_links"] is False
            text = all_text(body)
            assert "United Kingdom" in text and "air support" in text and "Denmark" not in text
            assert "<https://north.test/two|Report two>" in text and "[1]" in text
            assert [b["type"] for b in body["blocks"]].count("table") == 1
            body = await reply_to(fake, "pledges")
            text = all_text(body)
            # the hostile article: no broadcast, no mention, no link to it or from its text
            assert "@everyone" not in text and "<@&123456>" not in text and "&lt;@&amp;123456&gt;" in text
            assert "javascript:" not in text and "<https://evil" not in text and "\x1b" not in text
            assert fake.check_no_mentions() == []

    run(scenario)


def test_every_read_subcommand_answers(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            assert "maritime support" in all_text(await reply_to(fake, "pledges Denmark maritime"))
            assert "ground troops" in all_text(await reply_to(fake, "pledges ground troops"))
            country = all_text(await reply_to(fake, "country Denmark"))
            assert "Denmark" in country and "committed" in country
            assert "Copenhagen" in all_text(await reply_to(fake, "timeline"))
            assert "Copenhagen" in all_text(await reply_to(fake, "timeline 3650"))
            sources = all_text(await reply_to(fake, "sources"))
            assert "Report one" in sources and "Report two" in sources
            found = all_text(await reply_to(fake, "sources two"))
            assert "1 article matching" in found and "Report two" in found
            assert "About" in all_text(await reply_to(fake, "about"))
            help_text = all_text(await reply_to(fake, "help"))
            for sub in ("/brief pledges", "/brief country", "/brief timeline", "/brief ask", "/brief digest",
                        "/brief feeds", "/brief sources", "/brief about", "/brief settings"):
                assert sub in help_text, sub
            assert "Commands" in all_text(await reply_to(fake, ""))  # no subcommand: the help
            digest = await reply_to(fake, "digest now")
            assert "Digest" in all_text(digest)
            feeds = await reply_to(fake, "feeds list")
            assert "No feeds yet" in all_text(feeds) and feeds["response_type"] == "ephemeral"
            assert fake.check_no_mentions() == []

    run(scenario)


def test_bad_arguments_are_ephemeral_errors_that_say_why(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            sent = await fake.command("pledgs UK")  # caught in the acknowledgement itself
            assert sent.status == 200 and sent.json["response_type"] == "ephemeral"
            assert "Did you mean /brief pledges?" in sent.json["text"]
            sent = await fake.command("country Denmrk")
            assert "Did you mean Denmark?" in sent.json["text"]
            sent = await fake.command("timeline soon")
            assert "number of days" in sent.json["text"]
            sent = await fake.command("ask <!everyone>")  # a question is not checked in the ack
            assert sent.body == ""
            await fake.responses(sent.response_url)
            sent = await fake.command("digest subscribe")
            assert "Usage" in sent.json["text"]
            body = await reply_to(fake, "sources ???")  # the core refuses it: answered through response_url
            assert body["response_type"] == "ephemeral" and "no words" in all_text(body)
            assert fake.check_no_mentions() == []

    run(scenario)


def test_ask_is_acknowledged_at_once_and_answered_after_with_feedback_buttons(db_path):
    def slow(app: Any) -> None:
        real = app.briefings.answerer.answer

        async def answer(question: str) -> Any:
            await asyncio.sleep(0.8)
            return await real(question)

        app.briefings.answerer.answer = answer

    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path), prepare=slow):
            start = time.monotonic()
            sent = await fake.command("ask Will Denmark send troops?")
            assert sent.status == 200 and sent.body == "" and sent.elapsed < 0.5  # ack first
            [body] = await fake.responses(sent.response_url)
            assert time.monotonic() - start >= 0.8  # the slow work came after the ack
            assert "Denmark" in all_text(body) and "[1]" in all_text(body)
            answer = created(fake, sent.response_url)
            assert {"bb:up:0", "bb:dn:0", "bb:src:0"} <= set(button_ids(answer))
            click = await fake.click(answer, "bb:up:0")
            assert click.status == 200
            [thanks] = await fake.responses(click.response_url)
            assert thanks["text"] == "Thanks, noted." and thanks["response_type"] == "ephemeral"
            click = await fake.click(answer, "bb:dn:0", user=ADMIN)
            await fake.wait_for(lambda: fake.views)
            [view_id] = fake.views
            assert fake.views[view_id]["callback_id"] == "bb_feedback"
            submitted = await fake.submit_view(view_id, {"reason": {"reason": "It missed the frigates."}}, user=ADMIN)
            assert submitted.status == 200 and submitted.body == ""  # the form closes
            await asyncio.sleep(0.2)
            about = all_text(await reply_to(fake, "about"))
            assert "1 helpful, 1 not helpful" in about

    run(scenario)


def test_feedback_is_stored_with_the_reason_in_the_shared_table(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)) as bot:
            sent = await fake.command("ask Will Denmark send troops?")
            await fake.responses(sent.response_url)
            answer = created(fake, sent.response_url)
            await fake.click(answer, "bb:dn:0")
            await fake.wait_for(lambda: fake.views)
            [view_id] = fake.views
            await fake.submit_view(view_id, {"reason": {"reason": "Old source <!channel>"}})
            export = await wait_feedback(bot)
            assert export[0]["platform"] == "slack" and export[0]["reason"] == "Old source <!channel>"
            assert export[0]["vote"] == -1 and "Denmark" in export[0]["question"]

    async def wait_feedback(bot: Any) -> list[dict[str, Any]]:
        for _ in range(50):
            rows = await bot.services.briefings.export_feedback()
            if rows:
                return rows
            await asyncio.sleep(0.05)
        raise AssertionError("no feedback stored")

    run(scenario)


def test_sources_button_and_paging_through_a_long_table(tmp_path):
    from render_db import fact

    from briefings.knowledge import refresh_pledges
    from storage import open_database
    from storage.articles import ArticleRecord, Knowledge, save_article

    db = open_database(tmp_path / "many.db")
    codes = ["DK", "SE", "NO", "FI", "EE", "LV", "LT", "PL", "DE", "FR", "NL", "BE"]
    cats = ["ground_troops", "air", "maritime", "logistics", "training"]
    for i in range(60):
        rec = ArticleRecord(guid=f"g{i}", url=f"https://north.test/{i}", canonical_url=f"https://north.test/{i}",
                            title=f"Item {i}", outlet="Many", published=f"2025-03-{1 + i % 28:02d}T09:00:00Z",
                            updated=None, text="t", content_hash=f"h{i}", relevance=9.0, relevant=True)
        quote = f"{codes[i % 12]} says it will help with {cats[i // 12]} in a sentence long enough to take room, no {i}."
        save_article(db, rec, Knowledge(facts=[fact(codes[i % 12], "committed", "2025-03-01", quote, cat=cats[i // 12])]),
                     lambda _c: None, facts_changed=refresh_pledges)
    db.close()

    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(tmp_path / "many.db")):
            sent = await fake.command("pledges")
            [first] = await fake.responses(sent.response_url)
            assert "Page 1 of" in all_text(first) and len(first["blocks"]) <= 50
            total = int(all_text(first).split("Page 1 of ")[1].split()[0])
            assert total >= 2
            message = created(fake, sent.response_url)
            seen_rows = 0
            for page in range(2, total + 1):
                click = await fake.click(message, f"bb:pg:{page}")
                [edit] = await fake.responses(click.response_url)
                assert edit["replace_original"] is True and f"Page {page} of {total}" in all_text(edit)
                assert message.blocks == edit["blocks"]  # the message itself was replaced
                seen_rows += sum(len(b["rows"]) - 1 for b in edit["blocks"] if b["type"] == "table")
            first_rows = sum(len(b["rows"]) - 1 for b in first["blocks"] if b["type"] == "table")
            assert first_rows + seen_rows == 60  # every row on some page, none cut
            click = await fake.click(message, f"bb:pg:{total - 1}")  # the last page's Previous
            [back] = await fake.responses(click.response_url)
            assert f"Page {total - 1} of" in all_text(back)
            click = await fake.click(message, "bb:src:0")
            posts = await fake.responses(click.response_url)
            text = all_text(posts[0])
            assert posts[0]["response_type"] == "ephemeral" and "<https://north.test/" in text
            assert fake.check_no_mentions() == []

    run(scenario)


def test_a_mention_is_answered_in_its_thread_unless_the_workspace_said_nowhere(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            sent, question = await fake.mention("Will Denmark send troops?")
            assert sent.status == 200
            [answer] = await fake.thread_replies(GENERAL, question.ts)
            assert answer.via == "chat.postMessage" and "Denmark" in all_text(answer.body)
            assert answer.body["unfurl_links"] is False
            sent, inner = await fake.mention("And Hungary?", thread_ts="1700000000.000100")
            [reply] = await fake.thread_replies(GENERAL, "1700000000.000100")
            assert "Hungary" in all_text(reply.body)
            await reply_to(fake, "settings mentions nowhere", user=ADMIN)
            _, ignored = await fake.mention("Will Latvia send troops?")
            with pytest.raises(TimeoutError):
                await fake.thread_replies(GENERAL, ignored.ts, timeout=0.5)
            assert fake.check_no_mentions() == []

    run(scenario)


def test_direct_messages_and_the_assistant_pane(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            sent, channel, thread = await fake.assistant_thread_started()
            assert sent.status == 200
            [prompts] = await fake.wait_for(lambda: fake.calls_to("assistant.threads.setSuggestedPrompts"))
            assert prompts.ok and prompts.args["thread_ts"] == thread
            assert "Who refused to send troops?" in [p["title"] for p in prompts.args["prompts"]]
            await fake.dm("Will Denmark send troops?", thread_ts=thread)
            [answer] = await fake.thread_replies(channel, thread)
            assert "Denmark" in all_text(answer.body)
            [status] = fake.calls_to("assistant.threads.setStatus")
            assert status.args["status"] and status.args["thread_ts"] == thread
            await fake.dm("Will Hungary send troops?")  # a plain DM, outside a thread
            plain = await one_top_level(fake, channel)
            assert "Hungary" in all_text(plain.body)

    async def one_top_level(fake: FakeSlack, channel: str) -> Message:
        got = await fake.wait_for(lambda: [m for m in fake.messages if m.channel == channel
                                           and m.via == "chat.postMessage" and m.thread_ts is None])
        return got[0]

    run(scenario)


def test_a_digest_is_posted_through_the_hub_once(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)) as bot:
            await reply_to(fake, "digest subscribe <#C0NEWS|news> "
                                 f"{datetime.now(UTC).strftime('%H:%M')} UTC", user=ADMIN)
            scheduler = bot.services.scheduler
            first = await scheduler.run_digest("slack", NEWS)  # the job's own coroutine: nothing new today
            assert first is not None and first.outcome == "skipped"
            dest = Destination("slack", NEWS, TEAM)
            since, until = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
            sent = await bot.services.hub.digests.deliver_manual(dest, since, until)
            assert sent.outcome == "sent"
            [posted] = await fake.posted(NEWS)
            assert "Digest" in all_text(posted.body) and "Copenhagen" in all_text(posted.body)
            assert (await bot.services.hub.digests.deliver_manual(dest, since, until)).outcome == "refused"
            with pytest.raises(TimeoutError):
                await fake.posted(NEWS, n=2, timeout=0.3)
            assert fake.check_no_mentions() == []

    run(scenario)


@pytest.mark.parametrize("how", ["unsigned", "forged", "stale", "wrong secret"])
def test_requests_without_a_good_signature_are_refused(db_path, how):
    signing = {"unsigned": {"secret": None}, "forged": {"signature": "v0=" + "0" * 64},
               "stale": {"timestamp": int(time.time()) - 600}, "wrong secret": {"secret": "not-the-secret"}}[how]

    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            sent = await fake.command("pledges", **signing)
            assert sent.status == 401
            event, _ = fake.mention_event("Will Denmark send troops?")
            assert (await fake.event(event, **signing)).status == 401
            await asyncio.sleep(0.3)
            assert not fake.response(sent.response_url).posts
            assert not [m for m in fake.messages if m.via != "user"]
            assert (await fake.command("about")).status == 200  # a signed one still works

    run(scenario)


def test_an_article_written_to_ping_a_workspace_pings_no_one_anywhere(tmp_path):
    from fakes.slack.harness import add_slack_hostile

    build(tmp_path / "h.db").close()
    add_slack_hostile(tmp_path / "h.db")

    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(tmp_path / "h.db")) as bot:
            texts = [all_text(await reply_to(fake, t)) for t in
                     ("pledges", "country Estonia", "ask Will Estonia send engineers?", "sources", "digest now")]
            assert any("Estonia" in t for t in texts)
            _, msg = await fake.mention("Will Estonia send engineers?")
            [answer] = await fake.thread_replies(GENERAL, msg.ts)
            texts.append(all_text(answer.body))
            dest = Destination("slack", NEWS, TEAM)
            await bot.services.hub.digests.deliver_manual(dest, datetime(2025, 3, 1, tzinfo=UTC),
                                                         datetime(2025, 5, 1, tzinfo=UTC))
            [digest] = await fake.posted(NEWS)
            texts.append(all_text(digest.body))
            for text in texts:
                assert "<!everyone>" not in text and "<!channel>" not in text and "<!here>" not in text
                assert "<@U123>" not in text and "<#C999" not in text and "<https://evil" not in text
            assert "&lt;!everyone&gt;" in "\n".join(texts)  # shown, as text
            assert fake.check_no_mentions() == []

    run(scenario)


def test_the_chart_button_uploads_the_picture_as_a_file(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            sent = await fake.command("pledges")
            await fake.responses(sent.response_url)
            message = created(fake, sent.response_url)
            assert "bb:ch:0" in button_ids(message)
            await fake.click(message, "bb:ch:0")
            [upload] = await fake.wait_for(lambda: [m for m in fake.messages if m.via == "files"], timeout=20)
            assert upload.channel == GENERAL and upload.files[0]["data"].startswith(b"\x89PNG")
            assert upload.files[0]["alt_txt"]

    run(scenario)

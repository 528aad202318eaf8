"""The Discord front-end end to end: the real discord.py client, built as ``briefbot run`` builds it,
against the fake Discord on loopback, over a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from discord_harness import TOKEN, config, contents, custom_ids, running
from fakes.discord import DEFAULT_MEMBER_PERMISSIONS, MANAGER_PERMISSIONS, ROUTE_CALLBACK, FakeDiscord
from render_db import build

from bot.launcher import open_app
from briefings.schedule.digests import Destination

pytest_plugins = ["fakes.discord.fixtures"]
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    build(tmp_path / "bot.db").close()
    return tmp_path / "bot.db"


def flags(cb: Any) -> int:
    return int((cb.json.get("data") or {}).get("flags") or 0)


EPHEMERAL = 1 << 6


def test_commands_register_with_descriptions_and_admin_permissions(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("pledges") is not None)
            names = {"pledges", "country", "timeline", "ask", "digest", "feeds", "sources", "about", "settings"}
            for name in names:
                command = fake.find_command(name)
                assert command is not None, name
                assert command["description"]

                def described(options: list[dict[str, Any]], where: str) -> None:
                    for o in options:
                        assert o.get("description"), (where, o.get("name"))
                        described(o.get("options") or [], where)

                described(command.get("options") or [], name)
            digest = fake.find_command("digest")
            assert {o["name"] for o in digest["options"]} == {"now", "subscribe", "unsubscribe", "list"}
            sub = next(o for o in digest["options"] if o["name"] == "subscribe")
            assert [o["name"] for o in sub["options"]] == ["channel", "time", "timezone"]
            assert {o["name"] for o in fake.find_command("feeds")["options"]} == {"add", "remove", "list"}
            pledges = fake.find_command("pledges")
            assert [o["name"] for o in pledges["options"]] == ["country", "category"]
            assert pledges["options"][0].get("autocomplete") is True
            assert {c["value"] for c in pledges["options"][1]["choices"]} >= {"ground_troops", "air", "maritime"}
            for admin in ("digest", "feeds", "settings"):
                assert not fake.can_invoke(admin, DEFAULT_MEMBER_PERMISSIONS)
                assert fake.can_invoke(admin, MANAGER_PERMISSIONS)
            assert fake.can_invoke("pledges", DEFAULT_MEMBER_PERMISSIONS)

    fake_discord_run(scenario)


def test_pledges_uk_with_sources_and_no_pings(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("pledges") is not None)
            ix = await fake.send_slash_command("pledges", {"country": "UK"})
            cb = await fake.wait_for_callback(ix)
            text = contents(cb.json)
            assert "United Kingdom" in text and "air support" in text and "Denmark" not in text
            assert "[1]" in text and "north.test/two" in text
            ix = await fake.send_slash_command("pledges", {})
            text = contents((await fake.wait_for_callback(ix)).json)
            # the hostile article pings no one and hides no link
            assert "@everyone" not in text and "<@&123456>" not in text and "[the plan](https" not in text
            assert "javascript:" not in text
            assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


def test_a_misspelt_country_is_an_ephemeral_error_with_a_suggestion(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("country") is not None)
            ix = await fake.send_slash_command("country", {"name": "Denmrk"})
            cb = await fake.wait_for_callback(ix)
            assert flags(cb) & EPHEMERAL and "Did you mean Denmark?" in contents(cb.json)

    fake_discord_run(scenario)


def test_autocomplete_offers_countries_on_record_best_first(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("pledges") is not None)
            ix = await fake.send_autocomplete("pledges", {"country": "den"}, focused="country")
            cb = await fake.wait_for_callback(ix)
            choices = cb.json["data"]["choices"]
            assert choices[0]["name"] == "Denmark" and len(choices) <= 25
            ix = await fake.send_autocomplete("pledges", {"country": ""}, focused="country")
            names = [c["name"] for c in (await fake.wait_for_callback(ix)).json["data"]["choices"]]
            assert set(names) == {"Denmark", "Hungary", "Latvia", "United Kingdom"}

    fake_discord_run(scenario)


def test_ask_defers_then_answers_with_feedback_buttons(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("ask") is not None)
            ix = await fake.send_slash_command("ask", {"question": "Will Denmark send troops?"})
            cb = await fake.wait_for_callback(ix)
            assert cb.json["type"] == 5  # deferred: "thinking"
            followup = await fake.wait_for_followup(ix)
            assert "Denmark" in contents(followup.json) and "[1]" in contents(followup.json)
            ids = custom_ids(followup.json)
            up = next(i for i in ids if i.startswith("bb:up:"))
            down = next(i for i in ids if i.startswith("bb:dn:"))
            await fake.settle()
            click = await fake.click_button(followup, up)
            assert "Thanks" in contents((await fake.wait_for_callback(click)).json)
            click = await fake.click_button(followup, down, user=fake.admin)
            modal = await fake.wait_for_callback(click)
            assert modal.json["type"] == 9
            await fake.settle()
            submitted = await fake.submit_modal(modal, {"reason": "It missed the frigates."}, user=fake.admin)
            await fake.wait_for_callback(submitted)
            ix = await fake.send_slash_command("about", {})
            assert "1 helpful, 1 not helpful" in contents((await fake.wait_for_callback(ix)).json)
            assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


def test_admin_commands_are_checked_in_code_too(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("feeds") is not None)
            # a server that overrode the declaration still cannot let a plain member add a feed
            ix = await fake.send_slash_command("feeds add", {"url": "https://example.test/feed.xml"},
                                               permissions=DEFAULT_MEMBER_PERMISSIONS, strict=False)
            cb = await fake.wait_for_callback(ix)
            assert flags(cb) & EPHEMERAL and "Manage Server" in contents(cb.json)
            # an admin is refused the metadata address, whatever it is spelt like
            for url in ("http://169.254.169.254/latest/meta-data/", "http://127.1/feed", "http://2130706433/"):
                ix = await fake.send_slash_command("feeds add", {"url": url}, permissions=MANAGER_PERMISSIONS)
                await fake.wait_for_callback(ix)
                followup = await fake.wait_for_followup(ix)
                assert "private" in contents(followup.json), url
            ix = await fake.send_slash_command("feeds list", {}, permissions=MANAGER_PERMISSIONS)
            assert "No feeds yet" in contents((await fake.wait_for_callback(ix)).json)

    fake_discord_run(scenario)


def test_subscribe_list_unsubscribe_and_settings(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)) as client:
            await fake.wait_until(lambda: fake.find_command("digest") is not None)
            ix = await fake.send_slash_command(
                "digest subscribe", {"channel": fake.other_channel, "time": "7:30", "timezone": "europe/paris"},
                permissions=MANAGER_PERMISSIONS)
            text = contents((await fake.wait_for_callback(ix)).json)
            assert "07:30" in text and "Europe/Paris" in text
            assert f"digest:discord:{fake.other_channel.id}" in client.services.scheduler.job_ids()
            ix = await fake.send_slash_command("digest subscribe", {"channel": fake.other_channel, "time": "25:00",
                                                                    "timezone": "Europe/Paris"},
                                               permissions=MANAGER_PERMISSIONS)
            assert "HH:MM" in contents((await fake.wait_for_callback(ix)).json)
            ix = await fake.send_autocomplete("digest subscribe", {"channel": fake.other_channel, "time": "08:00",
                                                                   "timezone": "Europe/Pa"}, focused="timezone",
                                              permissions=MANAGER_PERMISSIONS)
            assert (await fake.wait_for_callback(ix)).json["data"]["choices"][0]["value"] == "Europe/Paris"
            ix = await fake.send_slash_command("digest list", {}, permissions=MANAGER_PERMISSIONS)
            assert "07:30" in contents((await fake.wait_for_callback(ix)).json)
            ix = await fake.send_slash_command("digest unsubscribe", {"channel": fake.other_channel},
                                               permissions=MANAGER_PERMISSIONS)
            assert "no longer" in contents((await fake.wait_for_callback(ix)).json)
            assert client.services.scheduler.job_ids() == ["feeds:poll"] or all(
                not j.startswith("digest:") for j in client.services.scheduler.job_ids())
            ix = await fake.send_slash_command("settings", {"mentions": "nowhere", "private_answers": True},
                                               permissions=MANAGER_PERMISSIONS)
            text = contents((await fake.wait_for_callback(ix)).json)
            assert "nowhere" in text and "private" in text
            ix = await fake.send_slash_command("ask", {"question": "Will Denmark send troops?"})
            cb = await fake.wait_for_callback(ix)
            assert flags(cb) & EPHEMERAL
            followup = await fake.wait_for_followup(ix)
            assert any(i.startswith("bb:sh:") for i in custom_ids(followup.json))

    fake_discord_run(scenario)


def test_a_mention_is_answered_as_a_reply_unless_the_server_said_nowhere(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.push_message("Will Denmark send troops?", mention_bot=True)
            answer = await fake.wait_for_message(fake.channel)
            assert "Denmark" in contents(answer.json) and answer.json.get("message_reference")
            assert answer.json["allowed_mentions"]["parse"] == [] and fake.check_no_mentions() == []
            await fake.wait_until(lambda: fake.find_command("settings") is not None)
            ix = await fake.send_slash_command("settings", {"mentions": "nowhere"}, permissions=MANAGER_PERMISSIONS)
            await fake.wait_for_callback(ix)
            await fake.push_message("Will Hungary send troops?", mention_bot=True)
            with pytest.raises(TimeoutError):
                await fake.wait_for_message(fake.channel, timeout=0.5)

    fake_discord_run(scenario)


def test_long_tables_page_with_buttons_and_a_restart_keeps_them(fake_discord_run, tmp_path):
    from render_db import fact

    from briefings.knowledge import refresh_pledges
    from storage import open_database
    from storage.articles import ArticleRecord, Knowledge, save_article

    db = open_database(tmp_path / "many.db")
    for i in range(60):
        rec = ArticleRecord(guid=f"g{i}", url=f"https://many.test/{i}", canonical_url=f"https://many.test/{i}",
                            title=f"Item {i}", outlet="Many", published=f"2025-03-{1 + i % 28:02d}T09:00:00Z",
                            updated=None, text="t", content_hash=f"h{i}", relevance=9.0, relevant=True)
        code = ["DK", "SE", "NO", "FI", "EE", "LV", "LT", "PL", "DE", "FR", "NL", "BE"][i % 12]
        cat = ["ground_troops", "air", "maritime", "logistics", "training"][i // 12]
        quote = f"{code} says it will help with {cat} in a sentence long enough to take room, number {i}."
        save_article(db, rec, Knowledge(facts=[fact(code, "committed", "2025-03-01", quote, cat=cat)]),
                     lambda _c: None, facts_changed=refresh_pledges)
    db.close()
    cfg = config(tmp_path / "many.db")

    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, cfg):
            await fake.wait_until(lambda: fake.find_command("pledges") is not None)
            ix = await fake.send_slash_command("pledges", {})
            cb = await fake.wait_for_callback(ix)
            text = contents(cb.json)
            assert "Page 1 of" in text and len(text) <= 4000
            next_id = next(i for i in custom_ids(cb.json) if i.startswith("bb:pg:2:"))
        # a new process: the button on the old message still works
        async with running(fake, cfg):
            await fake.settle()
            click = await fake.click_button(ix, next_id, strict=False)
            edit = await fake.wait_for_callback(click)
            assert edit.json["type"] == 7 and "Page 2 of" in contents(edit.json)
        syncs = [r for r in fake.requests if r.method == "PUT" and "commands" in r.path]
        assert len(syncs) == 1  # the second start found the same definitions and did not sync again
        assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


def test_a_429_is_waited_out_and_a_resume_keeps_the_bot_answering(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)):
            await fake.wait_until(lambda: fake.find_command("pledges") is not None)
            fake.inject_429(ROUTE_CALLBACK, retry_after=0.3)
            ix = await fake.send_slash_command("about", {})
            cb = await fake.wait_for_callback(ix)
            assert cb.status == 200 and "About" in contents(cb.json)
            assert fake.rate_limited_count >= 1
            await fake.disconnect(code=4000)
            ix = await fake.send_slash_command("timeline", {})
            assert "Copenhagen" in contents((await fake.wait_for_callback(ix)).json)
            assert fake.resumes >= 1

    fake_discord_run(scenario)


def test_a_wrong_token_is_a_clear_failure(fake_discord_run, db_path):
    import asyncio

    from bot.discord.app import run_discord
    from briefings.errors import PlatformError

    async def scenario(fake: FakeDiscord) -> None:
        async with open_app(config(db_path)) as app:
            with pytest.raises(PlatformError, match="refused the token"):
                await asyncio.wait_for(run_discord(app, "wrong"), 10)

    fake_discord_run(scenario, token=TOKEN)


def test_a_digest_fires_into_its_channel_once(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path)) as client:
            await fake.wait_until(lambda: fake.find_command("digest") is not None)
            ix = await fake.send_slash_command(
                "digest subscribe", {"channel": fake.other_channel, "time": datetime.now(UTC).strftime("%H:%M"),
                                     "timezone": "UTC"},
                permissions=MANAGER_PERMISSIONS)
            await fake.wait_for_callback(ix)
            scheduler = client.services.scheduler
            # the job's own coroutine, as APScheduler runs it at the subscribed minute: nothing was published
            # in the last 24 hours, and the channel only wants a digest when something changed
            first = await scheduler.run_digest("discord", str(fake.other_channel.id))
            assert first is not None and first.outcome == "skipped"
            again = await scheduler.run_digest("discord", str(fake.other_channel.id))
            assert again is not None and again.outcome == "refused"  # one period is decided once
            # a window with news in it is posted, once
            dest = Destination("discord", str(fake.other_channel.id), str(fake.guild.id))
            since, until = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
            sent = await client.services.digests.deliver_manual(dest, since, until)
            assert sent.outcome == "sent"
            posted = await fake.wait_for_message(fake.other_channel)
            assert "Digest" in contents(posted.json) and "Copenhagen" in contents(posted.json)
            assert (await client.services.digests.deliver_manual(dest, since, until)).outcome == "refused"
            with pytest.raises(TimeoutError):
                await fake.wait_for_message(fake.other_channel, timeout=0.3)
            assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


def test_the_question_limit_says_when_to_come_back(fake_discord_run, db_path):
    async def scenario(fake: FakeDiscord) -> None:
        async with running(fake, config(db_path, limits={"questions_per_user_per_minute": 2})):
            await fake.wait_until(lambda: fake.find_command("ask") is not None)
            for _ in range(2):
                ix = await fake.send_slash_command("ask", {"question": "Will Denmark send troops?"})
                await fake.wait_for_callback(ix)
                await fake.wait_for_followup(ix)
            ix = await fake.send_slash_command("ask", {"question": "Will Hungary send troops?"})
            cb = await fake.wait_for_callback(ix)
            assert flags(cb) & EPHEMERAL and "try again in" in contents(cb.json)
            ix = await fake.send_slash_command("ask", {"question": "Will Hungary send troops?"}, user=fake.admin)
            assert (await fake.wait_for_callback(ix)).json["type"] == 5  # someone else still gets an answer

    fake_discord_run(scenario)

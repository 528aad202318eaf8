"""The Slack front-end's admin side and its limits, end to end against the fake Slack: admin checks both
ways, digest subscriptions, feeds through the fetch guards, settings, private answers, the question limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes.slack import ADMIN, GENERAL, MEMBER, NEWS, OWNER, FakeSlack, all_text
from fakes.slack.harness import button_ids, config, created, reply_to, run, running_bot
from render_db import build

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    build(tmp_path / "bot.db").close()
    return tmp_path / "bot.db"


def test_admin_subcommands_are_refused_to_members_and_allowed_to_admins_and_owners(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path, slack={"admin_user_ids": ["U0FRIEND"]})) as bot:
            for text in ("digest subscribe <#C0NEWS|news> 07:30 Europe/Paris", "digest unsubscribe <#C0NEWS|news>",
                         "feeds add https://example.test/feed.xml", "feeds remove https://example.test/feed.xml",
                         "settings", "settings mentions nowhere"):
                body = await reply_to(fake, text, user=MEMBER)
                assert body["response_type"] == "ephemeral", text
                assert "workspace admins and owners" in all_text(body), text
            assert not [j for j in bot.services.scheduler.job_ids() if j.startswith("digest:")]
            assert [c.args["user"] for c in fake.calls_to("users.info")][:1] == [MEMBER]
            body = await reply_to(fake, "digest subscribe <#C0NEWS|news> 7:30 europe/paris", user=ADMIN)
            text = all_text(body)
            assert "07:30" in text and "Europe/Paris" in text and "#news" in text
            assert f"digest:slack:{NEWS}" in bot.services.scheduler.job_ids()
            assert "07:30" in all_text(await reply_to(fake, "digest list", user=MEMBER))
            body = await reply_to(fake, "digest subscribe #news 25:00 Europe/Paris", user=OWNER)
            assert "HH:MM" in all_text(body)
            body = await reply_to(fake, "digest subscribe #nowhere 08:00 UTC", user=OWNER)
            assert "no public channel #nowhere" in all_text(body)
            body = await reply_to(fake, "digest unsubscribe #news", user=OWNER)  # looked up by name
            assert "no longer" in all_text(body)
            assert not [j for j in bot.services.scheduler.job_ids() if j.startswith("digest:")]
            body = await reply_to(fake, "settings mentions listed channel <#C0NEWS|news> private_answers on",
                                  user="U0FRIEND")  # the allowlist, without users.info saying admin
            assert "only in" in all_text(body) and "private" in all_text(body)

    run(scenario)


def test_feeds_added_from_slack_go_through_the_fetch_guards(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            for url in ("http://169.254.169.254/latest/meta-data/", "<http://127.1/feed|127.1/feed>",
                        "http://2130706433/"):
                body = await reply_to(fake, f"feeds add {url}", user=ADMIN)
                assert body["response_type"] == "ephemeral" and "private" in all_text(body), url
            body = await reply_to(fake, "feeds add ftp://example.test/feed", user=ADMIN)
            assert "http:// or https://" in all_text(body)
            body = await reply_to(fake, "feeds remove https://nothing.test/feed", user=ADMIN)
            assert "No feed with the URL" in all_text(body)
            assert "No feeds yet" in all_text(await reply_to(fake, "feeds list"))

    run(scenario)


def test_questions_are_rate_limited_per_user(db_path):
    async def scenario(fake: FakeSlack) -> None:
        cfg = config(db_path, limits={"questions_per_user_per_minute": 2})
        async with running_bot(fake, cfg):
            for _ in range(2):
                assert "Denmark" in all_text(await reply_to(fake, "ask Will Denmark send troops?"))
            body = await reply_to(fake, "ask Will Denmark send troops?")
            assert body["response_type"] == "ephemeral" and "try again in" in all_text(body)
            assert "Denmark" in all_text(await reply_to(fake, "ask Will Denmark send troops?", user=ADMIN))
            _, msg = await fake.mention("Will Denmark send troops?")  # the same limit for mentions
            [refusal] = await fake.wait_for(lambda: [m for m in fake.messages if m.via == "chat.postEphemeral"])
            assert refusal.user == MEMBER and refusal.thread_ts == msg.ts and "try again" in all_text(refusal.body)

    run(scenario)


def test_private_answers_are_ephemeral_with_a_share_button(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path)):
            await reply_to(fake, "settings private_answers on", user=ADMIN)
            sent = await fake.command("ask Will Denmark send troops?")
            [body] = await fake.responses(sent.response_url)
            assert body["response_type"] == "ephemeral"
            answer = created(fake, sent.response_url)
            assert "bb:sh:0" in button_ids(answer)
            click = await fake.click(answer, "bb:sh:0")
            [shared] = await fake.posted(GENERAL)
            assert "Denmark" in all_text(shared.body) and "bb:sh:0" not in button_ids(shared)
            [note] = await fake.responses(click.response_url)
            assert "Shared" in note["text"]

    run(scenario)

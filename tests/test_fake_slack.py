"""The fake Slack (tests/fakes/slack) against the real slack-sdk and slack-bolt: one test per feature."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest
from fakes.slack import ADMIN, GENERAL, MEMBER, FakeSlack, offences, sign
from fakes.slack.harness import run
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

pytestmark = pytest.mark.timeout(30)


def client(fake: FakeSlack, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(token=token or fake.bot_token, base_url=fake.api_url)


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def test_tokens_are_checked_per_method():
    async def scenario(fake: FakeSlack) -> None:
        who = await client(fake).auth_test()
        assert who["team_id"] == "T0FAKE" and who["user_id"] == "U0BOT"
        with pytest.raises(SlackApiError) as e:
            await client(fake, "xoxb-nope").auth_test()
        assert e.value.response["error"] == "invalid_auth"
        with pytest.raises(SlackApiError):
            await client(fake).apps_connections_open(app_token=fake.bot_token)
        opened = await client(fake).apps_connections_open(app_token=fake.app_token)
        assert opened["url"].startswith(f"ws://127.0.0.1:{fake.port}/socket")
        assert [c.ok for c in fake.calls] == [True, False, False, True]

    run(scenario)


@pytest.mark.parametrize(("blocks", "error"), [
    ([section("x")] * 51, "invalid_blocks"),
    ([section("x" * 3001)], "invalid_blocks"),
    ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "invalid_blocks"),
    ([{"type": "table", "rows": [[{"type": "raw_text", "text": "a"}]]}] * 2, "only_one_table_allowed"),
    ([{"type": "table", "rows": [[{"type": "raw_text", "text": ""}]]}], "invalid_blocks"),
    ([{"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "a"},
                                        "action_id": "same"}] * 2}], "invalid_blocks"),
    ([{"type": "sparkle"}], "invalid_blocks"),
])
def test_messages_outside_block_kits_limits_are_refused(blocks, error):
    async def scenario(fake: FakeSlack) -> None:
        with pytest.raises(SlackApiError) as e:
            await client(fake).chat_postMessage(channel=GENERAL, text="t", blocks=blocks)
        assert e.value.response["error"] == error
        assert fake.messages == []

    run(scenario)


def test_messages_are_recorded_and_updated_and_channels_checked():
    async def scenario(fake: FakeSlack) -> None:
        web = client(fake)
        posted = await web.chat_postMessage(channel=GENERAL, text="hi", blocks=[section("hello")], thread_ts="1.2")
        [msg] = fake.messages
        assert (msg.channel, msg.ts, msg.thread_ts, msg.via) == (GENERAL, posted["ts"], "1.2", "chat.postMessage")
        await web.chat_update(channel=GENERAL, ts=posted["ts"], text="hi", blocks=[section("edited")])
        assert msg.blocks[0]["text"]["text"] == "edited" and msg.versions[0]["blocks"][0]["text"]["text"] == "hello"
        fake.channels[GENERAL]["is_member"] = False
        with pytest.raises(SlackApiError, match="not_in_channel"):
            await web.chat_postMessage(channel=GENERAL, text="again")
        with pytest.raises(SlackApiError, match="channel_not_found"):
            await web.chat_postMessage(channel="C0MISSING", text="x")
        await web.chat_postEphemeral(channel=fake.dm_channel(MEMBER), user=MEMBER, text="psst")
        assert fake.messages[-1].ephemeral and fake.messages[-1].user == MEMBER
        fake.fail_next("chat.postMessage", "ratelimited")
        with pytest.raises(SlackApiError, match="ratelimited"):
            await web.chat_postMessage(channel=fake.dm_channel(MEMBER), text="x")

    run(scenario)


def test_users_info_channels_and_assistant_methods():
    async def scenario(fake: FakeSlack) -> None:
        web = client(fake)
        assert (await web.users_info(user=ADMIN))["user"]["is_admin"] is True
        assert (await web.users_info(user=MEMBER))["user"]["is_admin"] is False
        with pytest.raises(SlackApiError, match="user_not_found"):
            await web.users_info(user="U0GHOST")
        names = [c["name"] for c in (await web.conversations_list())["channels"]]
        assert names == ["general", "news"]
        await web.assistant_threads_setSuggestedPrompts(channel_id="D1", thread_ts="1.1",
                                                         prompts=[{"title": "a", "message": "b"}])
        with pytest.raises(SlackApiError, match="invalid_arguments"):
            await web.assistant_threads_setSuggestedPrompts(channel_id="D1", thread_ts="1.1",
                                                             prompts=[{"title": "a", "message": "b"}] * 5)
        await web.assistant_threads_setStatus(channel_id="D1", thread_ts="1.1", status="is thinking")
        assert fake.calls_to("assistant.threads.setStatus")[0].args["status"] == "is thinking"

    run(scenario)


def test_response_urls_post_ephemeral_or_in_channel_replace_a_clicked_message_and_wear_out():
    async def scenario(fake: FakeSlack) -> None:
        assert fake.session is not None
        url = fake.new_response_url(GENERAL, MEMBER)
        async with fake.session.post(url, json={"text": "only you"}) as r:
            assert r.status == 200
        async with fake.session.post(url, json={"text": "all", "response_type": "in_channel"}) as r:
            assert r.status == 200
        first, second = fake.response(url).created
        assert first.ephemeral and first.user == MEMBER and not second.ephemeral
        click_url = fake.new_response_url(GENERAL, MEMBER, second)
        async with fake.session.post(click_url, json={"text": "new", "replace_original": True}) as r:
            assert r.status == 200
        assert second.text == "new" and len(fake.response(click_url).created) == 0
        async with fake.session.post(url, json={"text": "x", "blocks": [section("y" * 3001)]}) as r:
            assert r.status == 400 and await r.text() == "invalid_blocks"
        for _ in range(2):
            async with fake.session.post(url, json={"text": "more"}) as r:
                assert r.status == 200
        async with fake.session.post(url, json={"text": "sixth"}) as r:
            assert r.status == 404  # five uses per response URL

    run(scenario)


def test_trigger_ids_expire_and_views_are_kept():
    async def scenario(fake: FakeSlack) -> None:
        web = client(fake)
        view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": []}
        opened = await web.views_open(trigger_id=fake.new_trigger(), view=view)
        assert opened["view"]["id"] in fake.views
        stale = fake.new_trigger()
        await asyncio.sleep(0.15)
        with pytest.raises(SlackApiError, match="expired_trigger_id"):
            await web.views_open(trigger_id=stale, view=view)
        with pytest.raises(SlackApiError, match="invalid_trigger_id"):
            await web.views_open(trigger_id="made-up", view=view)

    run(scenario, trigger_ttl=0.1)


def test_files_upload_v2_goes_through_all_three_steps():
    async def scenario(fake: FakeSlack) -> None:
        done = await client(fake).files_upload_v2(channel=GENERAL, file=b"\x89PNG fake", filename="chart.png",
                                                  title="A chart", alt_txt="bars")
        assert done["file"]["title"] == "A chart"
        assert [c.method for c in fake.calls][:2] == ["files.getUploadURLExternal", "files.completeUploadExternal"]
        [msg] = [m for m in fake.messages if m.via == "files"]
        assert msg.files[0]["data"] == b"\x89PNG fake" and msg.files[0]["alt_txt"] == "bars"

    run(scenario)


def test_signatures_are_slacks_v0_scheme():
    body, stamp = "token=x&text=hello", str(int(time.time()))
    signature = sign("secret", stamp, body)
    verifier = SignatureVerifier("secret")
    assert verifier.is_valid(body, stamp, signature)
    assert not verifier.is_valid(body, stamp, sign("other", stamp, body))


def test_offences_find_broadcasts_mentions_foreign_links_and_unverbatim_text():
    hosts = ("north.test",)
    bad = {"text": "<!channel> hi", "blocks": [
        section("<@U123> see <https://evil.test/x|this> and <javascript:alert(1)|x> @here"),
        {"type": "section", "text": {"type": "mrkdwn", "text": "auto-linked"}}]}
    reasons = " | ".join(str(o) for o in offences(bad, hosts, "m"))
    for expected in ("<!channel>", "<@U123>", "evil.test", "javascript", "bare @here", "verbatim"):
        assert expected in reasons
    good = {"text": "&lt;!channel&gt;", "blocks": [section("&lt;@U1&gt; <https://north.test/a|ok> @\u200bhere")]}
    assert offences(good, hosts, "m") == []


def test_a_plain_bolt_app_reads_the_drivers_signed_requests():
    from slack_bolt.async_app import AsyncApp

    async def scenario(fake: FakeSlack) -> None:
        bolt = AsyncApp(client=client(fake), signing_secret=fake.signing_secret)
        seen: list[dict[str, Any]] = []

        @bolt.command("/brief")
        async def brief(ack: Any, command: dict[str, Any], respond: Any) -> None:
            await ack("got it")
            seen.append(command)
            await respond("done", response_type="in_channel")

        runner = aiohttp.web.AppRunner(bolt.web_app(path="/slack/events"))
        await runner.setup()
        site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        fake.bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
        try:
            sent = await fake.command("pledges & more", user=ADMIN)
            assert sent.status == 200 and sent.body == "got it"
            [posted] = await fake.responses(sent.response_url)
            assert posted["text"] == "done" and seen[0]["text"] == "pledges & more" and seen[0]["user_id"] == ADMIN
            assert (await fake.command("x", secret=None)).status == 401
            assert (await fake.command("x", timestamp=int(time.time()) - 600)).status == 401
        finally:
            await runner.cleanup()

    run(scenario)


def test_socket_mode_says_hello_sends_envelopes_and_collects_acks():
    from slack_sdk.socket_mode.aiohttp import SocketModeClient
    from slack_sdk.socket_mode.response import SocketModeResponse

    async def scenario(fake: FakeSlack) -> None:
        sm = SocketModeClient(app_token=fake.app_token, web_client=client(fake))
        got: list[Any] = []

        async def listener(c: SocketModeClient, req: Any) -> None:
            got.append(req)
            await c.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload={"text": "ok"}))

        sm.socket_mode_request_listeners.append(listener)
        await sm.connect()
        try:
            envelope = await fake.socket_send("slash_commands", {"command": "/brief", "text": "about"})
            ack = await fake.wait_for(lambda: fake.socket_acks.get(envelope))
            assert ack == {"envelope_id": envelope, "payload": {"text": "ok"}}
            assert got[0].type == "slash_commands" and got[0].payload["text"] == "about"
        finally:
            await sm.close()

    run(scenario)


def test_waiting_for_something_that_never_happens_times_out():
    async def scenario(fake: FakeSlack) -> None:
        with pytest.raises(TimeoutError):
            await fake.wait_for(lambda: fake.messages, timeout=0.2)

    run(scenario)

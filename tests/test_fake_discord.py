"""The fake Discord (tests/fakes/discord) driving the real discord.py client: one test per feature."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
import discord.gateway
import discord.http
import pytest
from discord import app_commands
from fakes.discord import (
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGER_PERMISSIONS,
    ROUTE_CALLBACK,
    ROUTE_GLOBAL_COMMANDS_PUT,
    ROUTE_GUILD_COMMANDS_PUT,
    ROUTE_MESSAGE_CREATE,
    ROUTE_MESSAGE_EDIT,
    FakeDiscord,
    InvalidInteraction,
    RecordedRequest,
    check_no_mentions,
)
from fakes.discord.state import (
    ROUTE_APPLICATION,
    ROUTE_CURRENT_USER,
    ROUTE_GATEWAY_BOT,
    ROUTE_WEBHOOK_MESSAGE_EDIT,
)

pytest_plugins = ["fakes.discord.fixtures"]

pytestmark = pytest.mark.timeout(30)


def text_channel(client: discord.Client, channel_id: int) -> discord.TextChannel:
    channel = client.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


def make_client(*, intents: discord.Intents | None = None, cls: type[discord.Client] = discord.Client,
                **options: Any) -> discord.Client:
    options.setdefault("allowed_mentions", discord.AllowedMentions.none())
    return cls(intents=intents or discord.Intents.default(), guild_ready_timeout=0.05, **options)


# ---------------------------------------------------------------------------------------------- start, login, READY


def test_start_patch_login_and_ready(fake_discord_run):
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY

    async def scenario(fake: FakeDiscord) -> None:
        assert fake.port > 0
        assert fake.base_url == f"http://127.0.0.1:{fake.port}/api/v10"
        assert discord.http.Route.BASE == fake.base_url
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == fake.gateway_url
        client = make_client()
        async with fake.run_client(client, token="secret-token"):
            assert client.user is not None and client.user.id == fake.bot_user.id
            assert client.application_id == fake.application_id
            guild = client.get_guild(fake.guild.id)
            assert guild is not None and guild.name == "Fake Guild"
            assert {c.name for c in guild.text_channels} == {"general", "briefings"}
            assert guild.me is not None
        routes = [r.route for r in fake.requests]
        assert routes[:2] == [ROUTE_CURRENT_USER, ROUTE_APPLICATION]
        login = fake.requests.items[0]
        assert login.headers["authorization"] == "Bot secret-token"
        assert login.headers["user-agent"].startswith("DiscordBot")
        # discord.py asked for zlib-stream and got compressed frames; it sent IDENTIFY with its intents.
        connection = fake.connections[0]
        assert connection.query["compress"] == "zlib-stream" and connection.compressor is not None
        assert connection.heartbeats >= 1
        identify = next(f for f in fake.gateway_frames if f.direction == "in" and f.op == 2)
        assert identify.data["intents"] == discord.Intents.default().value
        sent = [f.event for f in fake.gateway_frames if f.direction == "out" and f.op == 0]
        assert sent[:2] == ["READY", "GUILD_CREATE"]
        # Quirk: Client.close() closes the gateway with 4000, not 1000 (its poll loop's own close wins), so on
        # Discord as here the session stays resumable.
        assert connection.closed and connection.close_code == 4000 and len(fake.sessions) == 1

    fake_discord_run(scenario)
    assert (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == (old_base, old_gateway)


def test_raw_rest_answers_have_exact_json_type_and_rate_limit_headers():
    async def main() -> None:
        async with FakeDiscord() as fake, aiohttp.ClientSession() as http:
            async with http.get(fake.base_url + "/users/@me", headers={"Authorization": "Bot x"}) as response:
                assert response.status == 200
                assert response.headers["Content-Type"] == "application/json"
                for header in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset-After",
                               "X-RateLimit-Bucket", "X-RateLimit-Reset"):
                    assert header in response.headers
                assert (await response.json())["id"] == str(fake.bot_user.id)
            async with http.get(fake.base_url + "/nowhere") as response:
                assert response.status == 404
            async with http.get(fake.base_url + "/gateway/bot", headers={"Authorization": "Bot x"}) as response:
                body = await response.json()
                assert body["url"] == fake.gateway_url and body["shards"] == 1
                assert body["session_start_limit"]["max_concurrency"] == 1
            # An interaction the fake never sent is unknown.
            async with http.post(fake.base_url + "/interactions/1/abc/callback", json={"type": 1}) as response:
                assert response.status == 404 and (await response.json())["code"] == 10062

    asyncio.run(main())


def test_invalid_token_makes_start_raise_login_failure(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        fake.invalid_token = True
        with pytest.raises(discord.LoginFailure):
            async with fake.run_client(make_client()):
                pass
        first = fake.requests.items[0]
        assert first.route == ROUTE_CURRENT_USER and first.status == 401
        assert first.response == {"message": "401: Unauthorized", "code": 0}
        assert fake.connections == []

    fake_discord_run(scenario)


def test_only_the_configured_token_is_accepted(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        with pytest.raises(discord.LoginFailure):
            async with fake.run_client(make_client(), token="wrong"):
                pass
        async with fake.run_client(make_client(), token="right") as client:
            assert client.is_ready()

    fake_discord_run(scenario, token="right")


def test_privileged_intents_not_enabled_in_the_portal_close_with_4014(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with fake.run_client(make_client(intents=intents)):
                pass
        assert fake.connections[0].close_code == 4014

    fake_discord_run(scenario, privileged_intents=0)


def test_auto_sharded_client_asks_gateway_bot(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client(cls=discord.AutoShardedClient)
        tree = app_commands.CommandTree(client)

        @tree.command(name="ping", description="Pong")
        async def ping(interaction: discord.Interaction) -> None:
            assert interaction.guild is not None
            await interaction.response.send_message(f"pong from shard {interaction.guild.shard_id}")

        async with fake.run_client(client):
            assert ROUTE_GATEWAY_BOT in [r.route for r in fake.requests]
            session = next(iter(fake.sessions.values()))
            assert session.shard == (0, 1)
            await tree.sync()
            callback = await fake.wait_for_callback(await fake.send_slash_command("ping"))
            assert callback.json["data"]["content"] == "pong from shard 0"

    fake_discord_run(scenario)


# ---------------------------------------------------------------------------------------------- slash commands


def digest_tree(client: discord.Client, seen: list[dict[str, Any]]) -> app_commands.CommandTree:
    """/digest subscribe channel time timezone (autocompleted), /digest settings show, /digest stop (checks
    Manage Server), /purge (registered for Manage Server only)."""
    tree = app_commands.CommandTree(client)
    digest = app_commands.Group(name="digest", description="Daily digests")
    settings = app_commands.Group(name="settings", description="Digest settings", parent=digest)

    @digest.command(name="subscribe", description="Post the digest daily")
    @app_commands.describe(channel="Where", time="HH:MM", timezone="IANA zone")
    async def subscribe(interaction: discord.Interaction, channel: discord.TextChannel, time: str,
                        timezone: str) -> None:
        assert interaction.data is not None
        seen.append({"channel": channel, "time": time, "timezone": timezone,
                     "manage_guild": interaction.permissions.manage_guild,
                     "command_id": interaction.data.get("id")})
        await interaction.response.send_message(f"{channel.mention} at {time} {timezone}", ephemeral=True)

    @subscribe.autocomplete("timezone")
    async def timezone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        zones = ["Europe/Kyiv", "Europe/Paris", "Europe/Warsaw", "America/New_York"]
        return [app_commands.Choice(name=z, value=z) for z in zones if z.lower().startswith(current.lower())]

    @settings.command(name="show", description="Show the settings")
    async def show(interaction: discord.Interaction, verbose: bool = False) -> None:
        await interaction.response.send_message(f"settings verbose={verbose}")

    @digest.command(name="stop", description="Stop the digest")
    @app_commands.checks.has_permissions(manage_guild=True)  # the bot's own check on member.permissions
    async def stop(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("stopped")

    @tree.command(name="purge", description="Forget every subscription")
    @app_commands.default_permissions(manage_guild=True)  # Discord hides it from members without it
    async def purge(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("purged")

    @tree.error
    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await interaction.response.send_message(f"refused: {type(error).__name__}", ephemeral=True)

    tree.add_command(digest)
    return tree


def test_slash_command_with_subcommands_and_typed_options(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        seen: list[dict[str, Any]] = []
        tree = digest_tree(client, seen)
        async with fake.run_client(client):
            synced = await tree.sync()
            put = fake.requests_to(ROUTE_GLOBAL_COMMANDS_PUT)[0]
            assert sorted(c["name"] for c in put.json) == ["digest", "purge"]
            registered = fake.find_command("digest")
            assert registered is not None
            assert int(registered["id"]) in {c.id for c in synced}

            ix = await fake.send_slash_command("digest subscribe", {"channel": fake.other_channel, "time": "08:00",
                                                                    "timezone": "Europe/Paris"})
            sub = ix.payload["data"]["options"][0]
            assert sub["type"] == 1 and sub["name"] == "subscribe"
            assert [o["type"] for o in sub["options"]] == [7, 3, 3]  # types from the registration
            callback = await fake.wait_for_callback(ix)
            assert callback.status == 200 and callback.json["type"] == 4
            assert callback.json["data"]["content"] == f"<#{fake.other_channel.id}> at 08:00 Europe/Paris"
            assert callback.json["data"]["flags"] == 64
            assert callback.response["interaction"]["response_message_ephemeral"] is True
            assert seen[0]["channel"].id == fake.other_channel.id and seen[0]["manage_guild"] is False
            assert seen[0]["command_id"] == registered["id"]

            # three words: a subcommand in a group
            ix = await fake.send_slash_command("digest settings show", {"verbose": True})
            assert ix.payload["data"]["options"][0]["type"] == 2
            assert (await fake.wait_for_callback(ix)).json["data"]["content"] == "settings verbose=True"

            # what the Discord client would not let a person send
            with pytest.raises(InvalidInteraction):
                await fake.send_slash_command("digest subscribe", {"channel": fake.channel, "time": "08:00"})
            with pytest.raises(InvalidInteraction):
                await fake.send_slash_command("digest subscribe", {"channel": fake.channel, "time": "8",
                                                                   "timezone": "UTC", "colour": "red"})
            with pytest.raises(InvalidInteraction):
                await fake.send_slash_command("digest nothing")

    fake_discord_run(scenario)


def test_member_permissions_with_and_without_manage_server(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = digest_tree(client, [])
        async with fake.run_client(client):
            await tree.sync()
            purge = fake.find_command("purge")
            assert purge is not None and purge["default_member_permissions"] == "32"
            assert fake.can_invoke("digest", DEFAULT_MEMBER_PERMISSIONS)
            assert not fake.can_invoke("purge", DEFAULT_MEMBER_PERMISSIONS)
            assert fake.can_invoke("purge", MANAGER_PERMISSIONS)

            denied = await fake.send_slash_command("digest stop", permissions=DEFAULT_MEMBER_PERMISSIONS)
            allowed = await fake.send_slash_command("digest stop", permissions=MANAGER_PERMISSIONS)
            by_admin = await fake.send_slash_command("digest stop", user=fake.admin)  # the owner's own permissions
            assert denied.payload["member"]["permissions"] == str(DEFAULT_MEMBER_PERMISSIONS)
            assert (await fake.wait_for_callback(denied)).json["data"]["content"] == "refused: MissingPermissions"
            assert (await fake.wait_for_callback(allowed)).json["data"]["content"] == "stopped"
            assert (await fake.wait_for_callback(by_admin)).json["data"]["content"] == "stopped"

    fake_discord_run(scenario)


def test_guild_command_sync_and_fetch(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)
        guild = discord.Object(id=fake.guild.id)

        @tree.command(name="hello", description="Say hello", guild=guild)
        async def hello(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("hello")

        async with fake.run_client(client):
            first = await tree.sync(guild=guild)
            again = await tree.sync(guild=guild)
            assert first[0].id == again[0].id  # same name, same id
            assert first[0].guild_id == fake.guild.id
            fetched = await tree.fetch_commands(guild=guild)
            assert [c.name for c in fetched] == ["hello"]
            assert fake.requests_to(ROUTE_GUILD_COMMANDS_PUT)[0].params["guild_id"] == str(fake.guild.id)
            ix = await fake.send_slash_command("hello")
            assert ix.payload["data"]["guild_id"] == str(fake.guild.id)  # what the tree needs to find it
            assert (await fake.wait_for_callback(ix)).json["data"]["content"] == "hello"
            # Discord's checks on what is registered
            with pytest.raises(discord.HTTPException) as caught:
                await client.http.bulk_upsert_global_commands(fake.application_id, [
                    {"name": "Bad Name", "description": "x", "type": 1},
                    {"name": "ok", "description": "", "type": 1}])
            assert caught.value.status == 400 and caught.value.code == 50035
            with pytest.raises(discord.Forbidden):
                await client.http.bulk_upsert_guild_commands(fake.application_id, 12345, [])

    fake_discord_run(scenario)


def test_autocomplete(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = digest_tree(client, [])
        async with fake.run_client(client):
            await tree.sync()
            ix = await fake.send_autocomplete("digest subscribe", {"channel": fake.channel, "timezone": "eur"},
                                              focused="timezone")
            focused = ix.payload["data"]["options"][0]["options"][1]
            assert focused == {"name": "timezone", "type": 3, "value": "eur", "focused": True}
            callback = await fake.wait_for_callback(ix)
            assert callback.json["type"] == 8
            assert [c["value"] for c in callback.json["data"]["choices"]] == ["Europe/Kyiv", "Europe/Paris",
                                                                             "Europe/Warsaw"]

    fake_discord_run(scenario)


def test_interaction_unanswered_past_the_deadline_is_unknown(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)
        outcome: list[str] = []

        @tree.command(name="slow", description="Too slow")
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.15)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound as error:
                outcome.append(f"{error.code}")

        async with fake.run_client(client):
            await tree.sync()
            ix = await fake.send_slash_command("slow")
            callback = await fake.wait_for_callback(ix)
            assert callback.status == 404 and ix.callback is None
            await fake.wait_until(lambda: bool(outcome), what="the command's NotFound")
            assert outcome == ["10062"]

    fake_discord_run(scenario, interaction_deadline=0.1)


def test_callback_rules_checked_like_discord(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="quiet", description="Answers nothing; the test answers by hand")
        async def quiet(interaction: discord.Interaction) -> None:
            return None

        async with fake.run_client(client), aiohttp.ClientSession() as http:
            await tree.sync()
            ix = await fake.send_slash_command("quiet")
            callback_url = f"{fake.base_url}/interactions/{ix.id}/{ix.token}/callback?with_response=true"
            followup_url = f"{fake.base_url}/webhooks/{fake.application_id}/{ix.token}?wait=true"

            async def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
                async with http.post(url, json=body) as response:
                    return response.status, (await response.json() if response.status != 204 else None)

            status, body = await post(followup_url, {"content": "too early"})
            assert (status, body["code"]) == (404, 10015)  # no webhook before the interaction is acknowledged
            status, body = await post(callback_url, {"type": 8, "data": {"choices": []}})
            assert (status, body["code"]) == (400, 50035)  # autocomplete results answer no slash command
            status, body = await post(callback_url, {"type": 4, "data": {}})
            assert (status, body["code"]) == (400, 50006)  # empty message
            status, body = await post(callback_url, {"type": 4, "data": {"content": "by hand"}})
            assert status == 200 and body["resource"]["message"]["content"] == "by hand"
            status, body = await post(callback_url, {"type": 4, "data": {"content": "again"}})
            assert (status, body["code"]) == (400, 40060)  # already acknowledged
            status, body = await post(followup_url, {"content": "later"})
            assert status == 200 and body["content"] == "later"
            assert ix.callback is not None and ix.callback.json["data"]["content"] == "by hand"

    fake_discord_run(scenario)


# ---------------------------------------------------------------------------------------------- components, modals


class Confirm(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Confirm", custom_id="confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"confirmed by {interaction.user.name}", view=None)

    @discord.ui.select(custom_id="zone", options=[discord.SelectOption(label="Kyiv", value="Europe/Kyiv"),
                                                  discord.SelectOption(label="Paris", value="Europe/Paris")])
    async def zone(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"zone {select.values[0]}", ephemeral=True)


def test_button_click_and_select_on_a_response_and_on_a_channel_message(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="ask", description="Ask")
        async def ask(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Sure?", view=Confirm())

        async with fake.run_client(client):
            await tree.sync()
            ix = await fake.send_slash_command("ask")
            callback = await fake.wait_for_callback(ix)
            assert callback.json["data"]["components"][0]["components"][0]["custom_id"] == "confirm"
            await fake.settle()  # discord.py stores the view after reading the callback's answer
            with pytest.raises(InvalidInteraction):
                await fake.click_button(ix, "nope")
            click = await fake.click_button(ix, "confirm", user=fake.admin)
            assert click.payload["message"]["id"] == str(ix.original_message_id)
            assert click.payload["data"] == {"custom_id": "confirm", "component_type": 2}
            update = await fake.wait_for_callback(click)
            assert update.json["type"] == 7 and update.json["data"]["content"] == "confirmed by alice"
            assert ix.original_message_id is not None
            stored = fake.messages[ix.original_message_id]
            assert stored["content"] == "confirmed by alice" and stored["components"] == []

            # a view on an ordinary channel message
            channel = text_channel(client, fake.channel.id)
            sent = await channel.send("Pick a zone", view=Confirm())
            request = await fake.wait_for_message(fake.channel)
            assert request.message is not None and int(request.message["id"]) == sent.id
            pick = await fake.choose(request, "zone", ["Europe/Paris"])
            assert pick.payload["data"]["component_type"] == 3
            answer = await fake.wait_for_callback(pick)
            assert answer.json["data"]["content"] == "zone Europe/Paris"

    fake_discord_run(scenario)


class NoteModal(discord.ui.Modal, title="Add a note"):
    note: discord.ui.TextInput = discord.ui.TextInput(label="Note", custom_id="note")
    extra: discord.ui.TextInput = discord.ui.TextInput(label="Extra", custom_id="extra", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"noted {self.note.value!r} {self.extra.value!r}")


def test_modal_submit(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="note", description="Note")
        async def note(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(NoteModal())

        async with fake.run_client(client):
            await tree.sync()
            ix = await fake.send_slash_command("note")
            callback = await fake.wait_for_callback(ix)
            assert callback.json["type"] == 9 and callback.json["data"]["title"] == "Add a note"
            await fake.settle()  # discord.py stores the modal after reading the callback's answer
            with pytest.raises(InvalidInteraction):
                await fake.submit_modal(callback, {"nothing": "x"})
            submit = await fake.submit_modal(callback, {"note": "buy milk"})
            assert submit.payload["type"] == 5
            assert submit.payload["data"]["custom_id"] == callback.json["data"]["custom_id"]
            answer = await fake.wait_for_callback(submit)
            assert answer.json["data"]["content"] == "noted 'buy milk' ''"

    fake_discord_run(scenario)


def test_defer_then_followups_and_edits(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)
        results: dict[str, Any] = {}

        @tree.command(name="brief", description="Brief")
        async def brief(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            first = await interaction.followup.send("first", wait=True)
            await interaction.edit_original_response(content="edited")
            second = await interaction.followup.send("second", wait=True)
            original = await interaction.original_response()
            results.update(first=first.id, second=second.id, original=original.id, content=original.content)

        async with fake.run_client(client):
            await tree.sync()
            ix = await fake.send_slash_command("brief")
            callback = await fake.wait_for_callback(ix)
            assert callback.json == {"type": 5, "data": {"flags": 64}}
            assert callback.response["interaction"]["response_message_loading"] is True
            first = await fake.wait_for_followup(ix)
            edit = await fake.wait_for_edit(ix)
            second = await fake.wait_for_followup(ix)
            assert first.json["content"] == "first" and second.json["content"] == "second"
            assert edit.params["message_id"] == "@original" and edit.json["content"] == "edited"
            await fake.wait_until(lambda: bool(results), what="the command to finish")
            # the first follow-up filled the "thinking" message; the second is a message of its own
            assert results["first"] == results["original"] == ix.original_message_id
            assert results["second"] != results["first"] and results["content"] == "edited"
            assert ix.original_message_id is not None
            assert fake.messages[ix.original_message_id]["flags"] == 64  # ephemeral, no longer loading
            assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


# ---------------------------------------------------------------------------------------------- messages, mentions


def test_channel_messages_create_edit_delete_and_limits(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        async with fake.run_client(client):
            channel = text_channel(client, fake.channel.id)
            message = await channel.send("hello", embed=discord.Embed(title="T", description="D"))
            request = await fake.wait_for_message(channel.id)
            assert request.message is not None
            assert request.json["content"] == "hello" and message.id == int(request.message["id"])
            assert message.embeds[0].title == "T" and message.author.id == fake.bot_user.id
            edited = await message.edit(content="hello again")
            assert edited.content == "hello again" and edited.edited_at is not None
            assert fake.requests_to(ROUTE_MESSAGE_EDIT)[0].json["content"] == "hello again"
            fetched = await channel.fetch_message(message.id)
            assert fetched.content == "hello again"
            await message.delete()
            assert message.id not in fake.messages
            with pytest.raises(discord.NotFound):
                await channel.fetch_message(message.id)
            with pytest.raises(discord.HTTPException) as too_long:
                await channel.send("x" * 2001)
            assert too_long.value.code == 50035 and "2000 or fewer" in str(too_long.value)
            with pytest.raises(discord.HTTPException) as big_embed:
                await channel.send(embed=discord.Embed(description="y" * 4097))
            assert big_embed.value.code == 50035
            fetched_channel = await client.fetch_channel(fake.other_channel.id)
            assert isinstance(fetched_channel, discord.TextChannel) and fetched_channel.name == "briefings"
            user = await client.fetch_user(fake.user.id)  # without the members intent it is not cached
            dm = await user.send("psst")
            assert dm.content == "psst" and fake.channels[dm.channel.id].recipients[0].id == fake.user.id

    fake_discord_run(scenario)


def test_rest_odds_and_ends(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)
        done: dict[str, Any] = {}

        @tree.command(name="work", description="Follow-ups: edit, fetch, delete")
        async def work(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("one")
            followup = await interaction.followup.send("two", wait=True)
            await followup.edit(content="two edited")
            done["fetched"] = (await interaction.followup.fetch_message(followup.id)).content
            await followup.delete()
            await interaction.delete_original_response()

        async with fake.run_client(client):
            await tree.sync()
            http = client.http
            payload: Any = {"name": "extra", "description": "d", "type": 1}
            extra = await http.upsert_global_command(fake.application_id, payload)
            assert len(await http.get_global_commands(fake.application_id)) == 2
            edited = await http.edit_global_command(fake.application_id, extra["id"], {"description": "new"})
            assert edited["description"] == "new" and edited["id"] == extra["id"]
            await http.delete_global_command(fake.application_id, extra["id"])
            assert [c.name for c in await tree.fetch_commands()] == ["work"]

            await fake.send_slash_command("work")
            await fake.wait_until(lambda: "fetched" in done and not fake.messages, what="the follow-up dance")
            assert done["fetched"] == "two edited"

            channel = text_channel(client, fake.channel.id)
            for i in range(3):
                await channel.send(f"m{i}")
            assert [m.content async for m in channel.history(limit=10)] == ["m2", "m1", "m0"]
            pushed = await fake.push_message("hi bot", mention_bot=True)
            original = await channel.fetch_message(int(pushed["id"]))
            with pytest.raises(discord.Forbidden):
                await original.edit(content="not mine")
            reply = await original.reply("reply!", mention_author=False)
            assert reply.type is discord.MessageType.reply and reply.reference is not None
            assert reply.reference.message_id == original.id
            await reply.add_reaction("\N{THUMBS UP SIGN}")
            async with channel.typing():
                pass
            guild = await client.fetch_guild(fake.guild.id)
            assert [c.name for c in await guild.fetch_channels()] == ["general", "briefings"]
            assert (await guild.fetch_member(fake.user.id)).name == "bob"
        assert fake.check_no_mentions() == []

    fake_discord_run(scenario)


def test_check_no_mentions_finds_the_offenders(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client(allowed_mentions=None)  # no default: discord.py then sends no allowed_mentions
        async with fake.run_client(client):
            channel = text_channel(client, fake.channel.id)
            safe = await channel.send("quiet", allowed_mentions=discord.AllowedMentions.none())
            await channel.send(f"hi {fake.user.mention}")  # no allowed_mentions at all
            await channel.send("users", allowed_mentions=discord.AllowedMentions(users=True, everyone=False,
                                                                                  roles=False))
            await safe.reply("reply", mention_author=True, allowed_mentions=discord.AllowedMentions.none())
            await safe.reply("quiet reply", mention_author=False, allowed_mentions=discord.AllowedMentions.none())
        offenders = fake.check_no_mentions()
        assert [o.request.json["content"] for o in offenders] == [f"hi {fake.user.mention}", "users", "reply"]
        assert "no allowed_mentions" in offenders[0].reason
        assert "parses ['users']" in offenders[1].reason
        assert "replied-to" in offenders[2].reason

    fake_discord_run(scenario)


def test_check_no_mentions_on_synthetic_requests():
    def request(route: str, body: Any) -> RecordedRequest:
        return RecordedRequest(index=0, method=route.split()[0], path="/x", route=route, params={}, query={},
                               headers={}, json=body, files=[], received_at=0.0, status=200)

    quiet: dict[str, Any] = {"parse": []}
    requests = [
        request(ROUTE_MESSAGE_CREATE, {"content": "a", "allowed_mentions": quiet}),
        request(ROUTE_CALLBACK, {"type": 5, "data": {"flags": 64}}),  # a defer carries no message
        request(ROUTE_CALLBACK, {"type": 8, "data": {"choices": []}}),
        request(ROUTE_CALLBACK, {"type": 4, "data": {"content": "b"}}),
        request(ROUTE_CALLBACK, {"type": 7, "data": {"content": "c", "allowed_mentions": {"parse": [], "roles": ["1"]}}}),
        request(ROUTE_WEBHOOK_MESSAGE_EDIT, {"content": "d", "allowed_mentions": {"parse": [], "replied_user": False}}),
        request(ROUTE_MESSAGE_EDIT, {"content": "e", "allowed_mentions": {"users": []}}),
        request("GET /channels/{channel_id}", None),
    ]
    offenders = check_no_mentions(requests)
    assert [o.request.json.get("data", o.request.json).get("content") for o in offenders] == ["b", "c", "e"]


def test_message_mentioning_the_bot_and_the_message_content_intent(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        received: list[discord.Message] = []

        @client.event
        async def on_message(message: discord.Message) -> None:
            if message.author.id != fake.bot_user.id:
                received.append(message)

        async with fake.run_client(client):
            await fake.push_message("what's new?", mention_bot=True)
            await fake.push_message("chatter among people")
            await fake.push_message("in private", channel=fake.dm_channel(fake.user))
            await fake.wait_until(lambda: len(received) == 3, what="three messages")
            mention, chatter, private = received
            assert client.user in mention.mentions and mention.content.endswith("what's new?")
            assert mention.guild is not None and mention.guild.id == fake.guild.id
            assert chatter.content == ""  # no message-content intent: Discord blanks it
            assert private.content == "in private" and private.guild is None

    fake_discord_run(scenario)


def test_own_messages_come_back_over_the_gateway(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        client = make_client(intents=intents)
        own: list[str] = []

        @client.event
        async def on_message(message: discord.Message) -> None:
            if message.author == client.user:
                own.append(message.content)

        async with fake.run_client(client):
            await text_channel(client, fake.channel.id).send("echo me")
            await fake.wait_until(lambda: own == ["echo me"], what="the bot's own MESSAGE_CREATE")

    fake_discord_run(scenario)


# ---------------------------------------------------------------------------------------------- rate limits


def test_bucket_headers_make_discord_py_wait_instead_of_hitting_429(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        fake.set_rate_limit(ROUTE_MESSAGE_CREATE, limit=2, window=0.4)
        client = make_client()
        async with fake.run_client(client):
            channel = text_channel(client, fake.channel.id)
            other = text_channel(client, fake.other_channel.id)
            started = time.perf_counter()
            await channel.send("1")
            assert time.perf_counter() - started < 0.2

            async def timed(coro: Any) -> float:
                await coro
                return time.perf_counter() - started

            # "2" empties the bucket: discord.py sleeps in that request until the window resets. Another
            # channel is another bucket and does not wait.
            second, elsewhere = await asyncio.gather(timed(channel.send("2")), timed(other.send("elsewhere")))
            assert second >= 0.3 and elsewhere < 0.2
            await channel.send("3")
            assert time.perf_counter() - started < 0.65
        assert fake.rate_limited_count == 0
        answers = fake.requests_to(ROUTE_MESSAGE_CREATE)
        assert [r.status for r in answers] == [200, 200, 200, 200]
        assert [r.response["content"] for r in answers if r.params["channel_id"] == str(fake.channel.id)] == [
            "1", "2", "3"]

    fake_discord_run(scenario)


def test_unannounced_bucket_answers_429_and_client_retries(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        fake.set_rate_limit(ROUTE_MESSAGE_CREATE, limit=1, window=0.3, advertise=False)
        client = make_client()
        async with fake.run_client(client):
            channel = text_channel(client, fake.channel.id)
            await channel.send("1")
            await channel.send("2")
        statuses = [r.status for r in fake.requests_to(ROUTE_MESSAGE_CREATE)]
        assert statuses.count(200) == 2 and statuses.count(429) >= 1
        assert fake.rate_limited_count == statuses.count(429)
        limited = next(r for r in fake.requests_to(ROUTE_MESSAGE_CREATE) if r.status == 429)
        assert limited.response["global"] is False and 0 < limited.response["retry_after"] <= 0.3
        assert limited.response["message"] == "You are being rate limited."

    fake_discord_run(scenario)


def test_429_headers_on_the_wire():
    async def main() -> None:
        async with FakeDiscord() as fake, aiohttp.ClientSession() as http:
            fake.set_rate_limit(ROUTE_MESSAGE_CREATE, limit=1, window=5)
            url = f"{fake.base_url}/channels/{fake.channel.id}/messages"
            auth = {"Authorization": "Bot x"}
            async with http.post(url, json={"content": "a"}, headers=auth) as response:
                assert response.status == 200 and response.headers["X-RateLimit-Remaining"] == "0"
            async with http.post(url, json={"content": "b"}, headers=auth) as response:
                assert response.status == 429
                assert response.headers["Retry-After"] == "5"
                assert response.headers["X-RateLimit-Limit"] == "1"
                assert response.headers["X-RateLimit-Remaining"] == "0"
                assert float(response.headers["X-RateLimit-Reset-After"]) > 4
                assert response.headers["X-RateLimit-Bucket"]
                assert response.headers["Via"]  # without it discord.py takes a 429 for a Cloudflare ban
                body = await response.json()
                assert body["global"] is False and body["retry_after"] > 4
            assert fake.rate_limited_count == 1

    asyncio.run(main())


def test_injected_429_on_a_message_and_on_an_interaction_callback(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="ping", description="Pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        async with fake.run_client(client):
            await tree.sync()
            fake.inject_429(ROUTE_MESSAGE_CREATE, retry_after=0.5, channel_id=fake.channel)
            started = time.perf_counter()
            await text_channel(client, fake.channel.id).send("after a wait")
            assert time.perf_counter() - started >= 0.5
            assert [r.status for r in fake.requests_to(ROUTE_MESSAGE_CREATE)] == [429, 200]

            fake.inject_429(ROUTE_CALLBACK, retry_after=0.2)
            ix = await fake.send_slash_command("ping")
            callback = await fake.wait_for_callback(ix)  # the retried one (429s are skipped)
            assert callback.status == 200 and callback.json["data"]["content"] == "pong"
            assert [r.status for r in fake.requests_to(ROUTE_CALLBACK)] == [429, 200]
        assert fake.rate_limited_count == 2

    fake_discord_run(scenario)


def test_injected_error_is_raised_to_the_bot(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        async with fake.run_client(client):
            fake.inject_error(ROUTE_MESSAGE_CREATE, 403, {"message": "Missing Permissions", "code": 50013})
            with pytest.raises(discord.Forbidden) as caught:
                await text_channel(client, fake.channel.id).send("nope")
            assert caught.value.code == 50013
            await text_channel(client, fake.channel.id).send("fine now")

    fake_discord_run(scenario)


# ---------------------------------------------------------------------------------------------- gateway trouble


def test_disconnect_with_4000_then_resume_and_later_events_arrive(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        resumed: list[bool] = []
        contents: list[str] = []
        client.event(_on_resumed(resumed))
        client.event(_on_message(contents))
        async with fake.run_client(client):
            await fake.disconnect(code=4000)
            await fake.wait_until(lambda: bool(resumed), what="on_resumed")
            assert fake.identifies == 1 and fake.resumes == 1
            resume_connection = fake.connections[-1]
            assert resume_connection.path == "/resume"  # discord.py resumes on READY's resume_gateway_url
            resume = next(f for f in fake.gateway_frames if f.direction == "in" and f.op == 6)
            session = next(iter(fake.sessions.values()))
            assert resume.data["session_id"] == session.session_id
            await fake.push_message("after the reconnect", mention_bot=True)
            await fake.wait_until(lambda: len(contents) == 1, what="the message after resuming")
            assert contents[0].endswith("after the reconnect")

    fake_discord_run(scenario)


def test_events_missed_while_disconnected_are_replayed_on_resume(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        contents: list[str] = []
        client.event(_on_message(contents))
        async with fake.run_client(client):
            await fake.disconnect(code=4000, wait_resumed=False)
            await fake.wait_until(lambda: all(s.connection is None for s in fake.sessions.values()),
                                  what="the connection to drop")
            await fake.push_message("sent while away", mention_bot=True)
            await fake.wait_until(lambda: fake.resumes == 1, what="RESUME")
            await fake.wait_until(lambda: len(contents) == 1, what="the replayed message")
            await fake.settle(0.05)
            assert len(contents) == 1 and contents[0].endswith("sent while away")  # once, not twice
            replay = [f for f in fake.gateway_frames if f.direction == "out" and f.event == "MESSAGE_CREATE"]
            assert len(replay) == 1
            resumed_on = fake.connections[-1].number
            events = [f.event for f in fake.gateway_frames
                      if f.direction == "out" and f.op == 0 and f.connection == resumed_on]
            assert events == ["MESSAGE_CREATE", "RESUMED"]  # only what the client had missed, then RESUMED

    fake_discord_run(scenario)


def test_op7_reconnect_then_resume_and_slash_command_still_works(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="ping", description="Pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        async with fake.run_client(client):
            await tree.sync()
            await fake.disconnect(reconnect_op=True)
            assert fake.resumes == 1 and len(fake.connections) == 2
            ix = await fake.send_slash_command("ping")
            assert (await fake.wait_for_callback(ix)).json["data"]["content"] == "pong"

    fake_discord_run(scenario)


class QuickIdentifyClient(discord.Client):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before identifying again; not in a test


def test_invalid_session_makes_the_client_identify_again(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client(cls=QuickIdentifyClient)
        async with fake.run_client(client):
            first = next(iter(fake.sessions))
            await fake.invalidate_session(resumable=False)
            await fake.wait_until(lambda: fake.identifies == 2 and bool(fake.sessions), what="a new IDENTIFY")
            assert next(iter(fake.sessions)) != first and fake.resumes == 0
            await fake.wait_until(client.is_ready, what="ready again")

    fake_discord_run(scenario)


def _on_resumed(flags: list[bool]) -> Callable[[], Coroutine[Any, Any, None]]:
    async def on_resumed() -> None:
        flags.append(True)

    return on_resumed


def _on_message(contents: list[str]) -> Callable[[discord.Message], Coroutine[Any, Any, None]]:
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            contents.append(message.content)

    return on_message


# ---------------------------------------------------------------------------------------------- latency


def test_interaction_to_callback_latency_is_recorded_and_small(fake_discord_run):
    async def scenario(fake: FakeDiscord) -> None:
        client = make_client()
        tree = app_commands.CommandTree(client)

        @tree.command(name="ping", description="Pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        async with fake.run_client(client):
            await tree.sync()
            sent = []
            for _ in range(20):
                ix = await fake.send_slash_command("ping")
                await fake.wait_for_callback(ix)
                sent.append(ix)
            latencies = fake.interaction_latencies()
            assert latencies == [ix.latency for ix in sent]
            assert all(0 < latency < 0.25 for latency in latencies)
            assert sorted(latencies)[len(latencies) // 2] < 0.05  # the median, on loopback
            assert all(ix.callback_at is not None and ix.callback_at > ix.sent_at for ix in sent)

    fake_discord_run(scenario, interaction_deadline=None)

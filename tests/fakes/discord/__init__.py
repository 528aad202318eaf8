"""A fake Discord on loopback (gateway websocket + REST API) that drives the real discord.py client.

Typical use in a test (no pytest-asyncio here: the test runs its own loop)::

    def test_ping():
        async def main():
            async with FakeDiscord() as fake:
                with fake.patch_discord():
                    client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05,
                                            allowed_mentions=discord.AllowedMentions.none())
                    tree = app_commands.CommandTree(client)

                    @tree.command(name="ping", description="Pong")
                    async def ping(interaction: discord.Interaction) -> None:
                        await interaction.response.send_message("pong")

                    async with fake.run_client(client):
                        await tree.sync()
                        ix = await fake.send_slash_command("ping")
                        callback = await fake.wait_for_callback(ix)
                        assert callback.json["data"]["content"] == "pong"
                    assert fake.check_no_mentions() == []
        asyncio.run(main())

or with the ``fake_discord_run`` fixture from ``fakes.discord.fixtures``.
"""

from .checks import MentionOffence, check_no_mentions, mention_problem
from .payloads import InvalidInteraction
from .server import ApiError, FakeDiscord, GatewayConnection, GatewaySession
from .state import (
    ADMINISTRATOR,
    BOT_PERMISSIONS,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    MANAGER_PERMISSIONS,
    ROUTE_CALLBACK,
    ROUTE_FOLLOWUP,
    ROUTE_GLOBAL_COMMANDS_PUT,
    ROUTE_GUILD_COMMANDS_PUT,
    ROUTE_MESSAGE_CREATE,
    ROUTE_MESSAGE_EDIT,
    ROUTE_WEBHOOK_MESSAGE_EDIT,
    BucketConfig,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    RecordedRequest,
    SentInteraction,
)

__all__ = [
    "ADMINISTRATOR",
    "BOT_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "MANAGER_PERMISSIONS",
    "MANAGE_GUILD",
    "ROUTE_CALLBACK",
    "ROUTE_FOLLOWUP",
    "ROUTE_GLOBAL_COMMANDS_PUT",
    "ROUTE_GUILD_COMMANDS_PUT",
    "ROUTE_MESSAGE_CREATE",
    "ROUTE_MESSAGE_EDIT",
    "ROUTE_WEBHOOK_MESSAGE_EDIT",
    "ApiError",
    "BucketConfig",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "GatewayConnection",
    "GatewaySession",
    "InvalidInteraction",
    "MentionOffence",
    "RecordedRequest",
    "SentInteraction",
    "check_no_mentions",
    "mention_problem",
]

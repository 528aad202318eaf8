"""A fake Slack on loopback: the Web API, response URLs, uploads and Socket Mode, and signed requests into a bot.

Typical use (no pytest-asyncio here: a test runs its own loop)::

    async def main():
        async with FakeSlack() as fake:
            client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
            ...  # start the bot's HTTP endpoint, then
            fake.bot_url = "http://127.0.0.1:PORT/slack/events"
            sent = await fake.command("pledges UK")        # a signed slash command
            [reply] = await fake.responses(sent.response_url)
            assert fake.check_no_mentions() == []
    asyncio.run(main())
"""

from .blocks import InvalidBlocks, Offence, all_text, offences, validate_blocks, validate_message
from .driver import Sent
from .payloads import ADMIN, APP_ID, BOT_USER, GENERAL, MEMBER, NEWS, OWNER, TEAM, sign
from .server import Call, FakeSlack, Message, ResponseUrl

__all__ = [
    "ADMIN", "APP_ID", "BOT_USER", "GENERAL", "MEMBER", "NEWS", "OWNER", "TEAM", "Call", "FakeSlack", "InvalidBlocks",
    "Message", "Offence", "ResponseUrl", "Sent", "all_text", "offences", "sign", "validate_blocks",
    "validate_message",
]

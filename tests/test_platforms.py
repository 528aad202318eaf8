"""The process-wide hub: one digest build per window, posts routed to the right platform."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from render_db import build

from bot.launcher import open_app
from bot.platforms import Hub
from briefings.config import Config, Secrets, Settings
from briefings.errors import PlatformError
from briefings.schedule.digests import Destination


def test_channels_sharing_a_window_share_one_build_and_posts_go_to_their_platform(tmp_path):
    build(tmp_path / "h.db").close()
    cfg = Config(settings=Settings.model_validate({"demo": {"sample_feed": False}}), secrets=Secrets(), path=None,
                 db_path=tmp_path / "h.db")
    posted: list[tuple[str, str]] = []

    async def go() -> None:
        async with open_app(cfg) as app:
            hub = Hub(app)
            calls = 0
            real = app.briefings.digest_between

            async def counting(since, until):
                nonlocal calls
                calls += 1
                return await real(since, until)

            app.briefings.digest_between = counting  # type: ignore[method-assign]

            async def discord_post(dest, reply):
                posted.append(("discord", dest.channel_id))

            hub.register("discord", discord_post)
            since, until = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
            outcomes = await asyncio.gather(*(hub.digests.deliver_manual(Destination("discord", f"c{i}"), since, until)
                                              for i in range(20)))
            assert {o.outcome for o in outcomes} == {"sent"} and calls == 1
            with pytest.raises(PlatformError):
                await hub.post(Destination("slack", "C1"), outcomes[0].reply)  # type: ignore[arg-type]

    asyncio.run(go())
    assert sorted(posted) == sorted(("discord", f"c{i}") for i in range(20))

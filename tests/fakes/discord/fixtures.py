"""pytest fixtures for the fake Discord. Import them into a test module (or a conftest) to use them::

    from fakes.discord.fixtures import fake_discord_run  # noqa: F401 - a fixture

    def test_something(fake_discord_run):
        async def scenario(fake):
            ...  # discord.py already points at ``fake``
        fake_discord_run(scenario, interaction_deadline=None)

There is no pytest-asyncio in this project, so the fixture hands out a runner: it starts a fresh event loop
(``asyncio.run``), a ``FakeDiscord`` with the given options, patches discord.py to point at it, awaits the
scenario and stops everything, whatever the scenario raised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from .server import FakeDiscord

T = TypeVar("T")
Runner = Callable[..., Any]


async def run_with_fake(scenario: Callable[[FakeDiscord], Awaitable[T]], **options: Any) -> T:
    async with FakeDiscord(**options) as fake:
        with fake.patch_discord():
            return await scenario(fake)


@pytest.fixture
def fake_discord_run() -> Runner:
    """``fake_discord_run(scenario, **FakeDiscord options)``: run ``await scenario(fake)`` in a new loop."""

    def run(scenario: Callable[[FakeDiscord], Awaitable[T]], **options: Any) -> T:
        return asyncio.run(run_with_fake(scenario, **options))

    return run

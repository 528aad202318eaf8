"""Slash-command options read through the core's parsers, with autocompletion from the data."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

import discord
from discord import app_commands

from briefings.commands import parse_category, parse_country
from briefings.commands.parse import suggest
from briefings.knowledge import CATEGORY_LABELS

if TYPE_CHECKING:
    from bot.discord.client import BriefBot

MAX_CHOICES = 25
CATEGORY_CHOICES = [app_commands.Choice(name=label, value=cat) for cat, label in CATEGORY_LABELS.items()]
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _bot(interaction: discord.Interaction[Any]) -> BriefBot:
    from bot.discord.client import BriefBot

    client = interaction.client
    assert isinstance(client, BriefBot)
    return client


class CountryTransformer(app_commands.Transformer[Any]):
    """A country as typed ("UK", "Italy", "Britain") -> its code; suggestions from the countries on record."""

    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> str:
        return parse_country(value)

    async def autocomplete(self, interaction: discord.Interaction[Any], value: str, /  # type: ignore[override]
                           ) -> list[app_commands.Choice[str]]:
        found = await _bot(interaction).services.briefings.countries_on_record(value, limit=MAX_CHOICES)
        return [app_commands.Choice(name=name, value=name) for name, _code in found][:MAX_CHOICES]


class CategoryTransformer(app_commands.Transformer[Any]):
    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> str:
        return parse_category(value)

    @property
    def choices(self) -> list[app_commands.Choice[str]]:  # type: ignore[override]
        return CATEGORY_CHOICES


class ClockTransformer(app_commands.Transformer[Any]):
    """HH:MM, 24-hour."""

    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> str:
        from briefings.errors import UsageError

        m = _CLOCK.match(value.strip())
        if not m:
            raise UsageError(f"A time is HH:MM on a 24-hour clock, e.g. 08:00 (got “{value}”).")
        return f"{int(m.group(1)):02d}:{m.group(2)}"


_ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


class TimezoneTransformer(app_commands.Transformer[Any]):
    """An IANA time zone name, autocompleted."""

    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> str:
        from briefings.errors import UsageError

        zones = {z.casefold(): z for z in [*_ZONES, "UTC"]}
        zone = zones.get(value.strip().casefold())
        if zone is None:
            hint = suggest(value, _ZONES)
            raise UsageError(f"Unknown time zone “{value}”." + (f" Did you mean {hint[0]}?" if hint else "")
                             + " Use an IANA name such as Europe/Paris.")
        return zone

    async def autocomplete(self, interaction: discord.Interaction[Any], value: str, /  # type: ignore[override]
                           ) -> list[app_commands.Choice[str]]:
        typed = value.strip().casefold()
        starts = [z for z in _ZONES if typed and (z.casefold().startswith(typed) or
                                                  z.split("/")[-1].casefold().startswith(typed))]
        rest = suggest(value, _ZONES, limit=MAX_CHOICES, cutoff=60.0) if typed else ["UTC", "Europe/London",
                                                                                      "Europe/Paris", "Europe/Kyiv"]
        names = list(dict.fromkeys([*starts, *rest]))[:MAX_CHOICES]
        return [app_commands.Choice(name=z, value=z) for z in names]


Country = app_commands.Transform[str, CountryTransformer]
Category = app_commands.Transform[str, CategoryTransformer]
Clock = app_commands.Transform[str, ClockTransformer]
Timezone = app_commands.Transform[str, TimezoneTransformer]

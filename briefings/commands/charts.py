"""The pictures as commands: read the typed data on a database thread, draw it on a worker thread.

``chart("pledges")`` is the pledge matrix, ``chart("country", "Italy")`` one country's stance
timeline, ``chart("sizes")`` the force sizes proposed. ``chart_of(reply)`` draws the picture of a
reply already built (a "Show chart" button on ``/pledges`` or ``/country``) from its typed payload.
Drawing never runs on the event loop, and a picture of unchanged data comes from the cache.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from briefings import charts
from briefings.commands import views
from briefings.commands.parse import parse_country
from briefings.errors import UsageError
from briefings.knowledge import category_label
from briefings.replies import Image, Paragraph, Reply
from briefings.replies.payloads import CountryPayload, PledgesPayload

if TYPE_CHECKING:
    from briefings.commands import Briefings

log = logging.getLogger(__name__)

USAGE = "Chart one of: pledges, country NAME (e.g. country Italy), sizes."
KIND_NAMES = {"pledges": "pledges", "matrix": "pledges", "country": "country", "sizes": "sizes",
              "force": "sizes", "forces": "sizes", "force_sizes": "sizes"}
TITLES = {"pledges": "Pledge matrix", "country": "Stance over time", "sizes": "Force sizes"}


def parse_kind(kind: str) -> str:
    found = KIND_NAMES.get(kind.strip().lower().replace("-", "_"))
    if found is None:
        raise UsageError(f"There is no “{kind.strip()}” chart. {USAGE}")
    return found


def _scope(payload: PledgesPayload) -> str | None:
    """A table that holds one country or one category names it in the picture's title."""
    countries = {p.country for p in payload.pledges}
    categories = {p.category for p in payload.pledges}
    parts = [*countries] if len(countries) == 1 else []
    parts += [category_label(c) for c in categories] if len(categories) == 1 and len(payload.pledges) > 1 else []
    return ", ".join(parts) or None


async def chart_of(reply: Reply) -> Image | None:
    """The picture of ``reply`` (a ``/pledges`` or ``/country`` reply), or None if it has none."""
    payload = reply.payload
    if isinstance(payload, PledgesPayload):
        return await asyncio.to_thread(charts.pledge_matrix, payload, scope=_scope(payload))
    if isinstance(payload, CountryPayload):
        return await asyncio.to_thread(charts.stance_timeline, payload)
    return None


async def chart(b: Briefings, kind: str, name: str | None = None) -> Image:
    which = parse_kind(kind)
    if which == "sizes":
        data = await b._read(charts.sizes_data)
        return await asyncio.to_thread(charts.force_sizes, data)
    if which == "country":
        if not (name or "").strip():
            raise UsageError("Name a country, e.g. chart country Italy.")
        reply = await b._read(views.country, parse_country(name or ""))
    else:
        reply = await b._read(views.pledges, parse_country(name) if name else None, None)
    image = await chart_of(reply)
    assert image is not None
    return image


def image_reply(image: Image, *, kind: str, title: str) -> Reply:
    """A reply that is one picture (and its alt text, for renderers that cannot show pictures)."""
    return Reply(kind=kind, title=title, blocks=[image], ephemeral=True)


def described(image: Image, path: str) -> Reply:
    """The console's answer to ``/chart``: where the picture was saved and what it shows."""
    return Reply(kind="chart", title="Chart saved", blocks=[Paragraph.of(f"Saved to {path}"), Paragraph.of(image.alt)])


__all__ = ["KIND_NAMES", "TITLES", "USAGE", "chart", "chart_of", "described", "image_reply", "parse_kind"]

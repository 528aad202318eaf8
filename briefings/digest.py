"""Digests: what changed in a window of article publication times.

A digest lists, each with its source: new pledges and stance changes (before → after, where the
"before" is the latest claim published before the window), new events, new force-size figures and
what third parties (Russia, the United States...) said. Claims that merely repeat a stance already
on record are counted, not listed. An empty window says "Nothing new since ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from briefings.answers.model import long_date
from briefings.errors import UsageError
from briefings.extract import name_of
from briefings.knowledge import Claim, category_label, claims_from_rows, fmt_int
from storage import knowledge as kq

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, *, now: datetime | None = None) -> datetime:
    """``24h``, ``7d``, ``90m``, ``2w`` (before now), or an ISO 8601 date or time (UTC if naive)."""
    now = now or datetime.now(UTC)
    m = _RELATIVE.match(value)
    if m:
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"A start time is an ISO 8601 date or time, or a span such as 24h or 7d (got {value!r}).") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _human(day: str | None) -> str:
    return long_date(day) or "undated"


@dataclass(slots=True)
class Digest:
    since: str
    until: str
    text: str
    items: list[dict[str, Any]] = field(default_factory=list)
    repeated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "text": self.text, "items": self.items}


def _latest(claims: list[Claim]) -> dict[tuple[str, str], Claim]:
    """The table's claim per (country, category): the last by date (claims come sorted)."""
    out: dict[tuple[str, str], Claim] = {}
    for c in claims:
        out[(c.country_code, c.category)] = c
    return out


def _pledge_items(db: Database, since: str, until: str) -> tuple[list[dict[str, Any]], int]:
    """Stances that the window's articles changed or added, judged on the table (latest by date).

    A claim published in the window but dated before the stance already on record (a commentary
    recalling February) changes nothing, and is counted as a repeat, not listed.
    """
    before = _latest(claims_from_rows(kq.facts(db, until=since)))
    after = _latest(claims_from_rows(kq.facts(db, until=until)))
    in_window = claims_from_rows(kq.facts(db, since=since, until=until))
    items = []
    for key, c in after.items():
        prior = before.get(key)
        if c.published < since or (prior is not None and prior.status == c.status):
            continue
        src = c.sources[0]
        items.append(
            {
                "kind": "pledge" if prior is None else "change",
                "country": name_of(c.country_code),
                "country_code": c.country_code,
                "category": c.category,
                "status": c.status,
                "before": prior.status if prior else None,
                "size": c.size,
                "amount": c.amount,
                "date": c.date,
                "quote": src.quote,
                "url": src.url,
                "title": src.title,
            }
        )
    items.sort(key=lambda i: (i["date"], i["country"]))
    return items, max(0, len(in_window) - len(items))


def _row_item(kind: str, r: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "date": r.get("date"), "quote": r.get("quote"), "url": r.get("url"),
            "title": r.get("title"), **extra}


def item_head(item: dict[str, Any]) -> str:
    """What a digest item says, before its quote: "Italy, ground troops: considering → declined"."""
    kind = item["kind"]
    if kind in ("pledge", "change"):
        what = category_label(item["category"])
        extra = f" ({fmt_int(item['size'])} personnel)" if item.get("size") else ""
        extra += f" — {item['amount']}" if item.get("amount") else ""
        if kind == "change":
            head = f"{item['country']}, {what}: {item['before']} → {item['status']}{extra}"
        else:
            head = f"{item['country']}, {what}: {item['status']}{extra} (new)"
    elif kind == "event":
        head = f"{item.get('label') or 'Event'} ({_human(item.get('date'))})"
    elif kind == "figure":
        qualifier = f"{item['qualifier']} " if item.get("qualifier") else ""
        head = f"Force size: {qualifier}{fmt_int(item['value'])}"
    else:
        head = f"{item.get('speaker')} said"
    return head


def _line(item: dict[str, Any]) -> str:
    head = item_head(item)
    return f"• {head}: “{item.get('quote')}” — {item.get('title')} <{item.get('url')}>"


GROUP_KINDS = (("pledge", "change"), ("event",), ("figure",), ("statement",))
GROUP_LABELS = ("Pledges and stance changes", "Events", "Force sizes", "Statements")


def _distinct(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items once each: two copies of one story give the same item (same kind, subject and quote)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for i in items:
        key = (i["kind"], i.get("country_code"), i.get("category"), i.get("label"), i.get("value"),
               " ".join((i.get("quote") or "").split()).casefold())
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def build_digest(db: Database, since: datetime, until: datetime | None = None) -> Digest:
    """The digest of articles published in [since, until)."""
    until = until or datetime.now(UTC)
    s, u = _iso(since), _iso(until)
    pledges, repeated = _pledge_items(db, s, u)

    def fresh(r: dict[str, Any]) -> bool:  # an old event recalled by a new article is not news
        return not r.get("date") or r["date"] >= s[:10]

    events = [
        _row_item("event", {**r, "title": r.get("article_title")}, label=r.get("title") or r.get("kind", "event").title(),
                  place=r.get("place"), participants=r.get("participants"))
        for r in kq.events(db, since=s, until=u)
        if fresh(r)
    ]
    figures = [
        _row_item("figure", r, value=r["value"], qualifier=r.get("qualifier"), proposer=r.get("proposer_code"))
        for r in kq.figures(db, since=s, until=u)
        if r.get("kind") == "force_size" and fresh(r)
    ]
    said = [
        _row_item("statement", r, speaker=name_of(r["speaker_code"]), speaker_code=r["speaker_code"])
        for r in kq.statements(db, since=s, until=u)
        if fresh(r)
    ]
    items = _distinct(pledges + events + figures + said)
    pledges, events, figures, said = ([i for i in items if i["kind"] in kinds] for kinds in GROUP_KINDS)
    if not items:
        note = f" ({repeated} repeated stance{'s' if repeated != 1 else ''} already on record)" if repeated else ""
        text = f"Nothing new since {_human(s)}{note}."
        return Digest(since=s, until=u, text=text, items=[], repeated=repeated)
    parts = [f"What changed between {_human(s)} and {_human(u)}:"]
    for label, group in zip(GROUP_LABELS, (pledges, events, figures, said), strict=True):
        if group:
            parts.append(f"\n{label}")
            parts.extend(_line(i) for i in group)
    if repeated:
        parts.append(f"\n{repeated} further report{'s' if repeated != 1 else ''} repeated stances already on record.")
    return Digest(since=s, until=u, text="\n".join(parts), items=items, repeated=repeated)

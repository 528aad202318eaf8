"""``/timeline``: summits, meetings and declarations in date order, copies of one event folded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from briefings.commands.parse import plural
from briefings.commands.views.common import date_cell, source_from, text_cell
from briefings.replies import Block, Column, Paragraph, Reply, Row, SourceBook, SourceList, Table
from briefings.replies.payloads import TimelineEvent, TimelinePayload
from storage import knowledge as kq

COLUMNS = (
    Column("date", "Date", "date"),
    Column("event", "Event", "text", wrap=True),
    Column("place", "Place", "text", wrap=True),
    Column("host", "Host", "text", wrap=True),
    Column("participants", "Participants", "text"),
)


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two reports of one event: same date, and places that agree (or one report names none)."""
    if not a.get("date") or a.get("date") != b.get("date"):
        return False
    pa, pb = (a.get("place") or "").lower(), (b.get("place") or "").lower()
    if not pa or not pb:
        return True
    return bool(set(pa.replace(",", " ").split()) & set(pb.replace(",", " ").split()))


def merge_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold reports of one event (copies, recaps) into one entry with every source."""
    merged: list[dict[str, Any]] = []
    for e in events:
        for m in merged:
            if _same_event(m, e):
                for key in ("place", "host", "participants", "outcome"):
                    if not m.get(key) and e.get(key):
                        m[key] = e[key]
                if len(e.get("title") or "") > len(m.get("title") or "") and e.get("place"):
                    m["title"] = e["title"]
                m["reports"].append(e)
                break
        else:
            merged.append({k: e.get(k) for k in ("date", "kind", "title", "place", "host", "participants",
                                                 "outcome", "quote")} | {"reports": [e]})
    return merged


def timeline(db: Database, days: int | None = None, *, now: datetime | None = None) -> Reply:
    since = ((now or datetime.now(UTC)) - timedelta(days=days)).date().isoformat() if days else None
    merged = merge_events([e for e in kq.events(db) if not since or (e.get("date") or "") >= since])
    events = tuple(
        TimelineEvent(date=m.get("date"), kind=m.get("kind"), title=m.get("title"), place=m.get("place"),
                      host=m.get("host"), participants=m.get("participants"), outcome=m.get("outcome"),
                      quote=m.get("quote"), sources=tuple(source_from(r) for r in m["reports"]))
        for m in merged
    )
    payload = TimelinePayload(events)
    if not events:
        span = f" in the last {plural(days, 'day')}" if days else ""
        return Reply(kind="timeline", title="Timeline", blocks=[Paragraph.of(f"No events on record{span}.")],
                     payload=payload)
    book = SourceBook()
    rows = tuple(
        Row((date_cell(e.date), text_cell(e.title or (e.kind or "").title()), text_cell(e.place),
             text_cell(e.host), text_cell(str(e.participants) if e.participants else "")),
            book.cite_all(e.sources[:2]))
        for e in events
    )
    blocks: list[Block] = [Paragraph.of(f"{plural(len(events), 'event')} in date order."), Table(COLUMNS, rows), SourceList()]
    return Reply(kind="timeline", title="Timeline", blocks=blocks, sources=book.sources, payload=payload)

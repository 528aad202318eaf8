"""Synchronous builders of each command's reply; they run on the database thread.

Each takes the database and the parsed arguments and returns a :class:`~briefings.replies.Reply`
whose ``data`` holds the machine-readable payload of SPEC §5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from briefings.answers import answer_question
from briefings.digest import build_digest
from briefings.extract import name_of
from briefings.knowledge import (
    STATUS_LABELS,
    build_table,
    category_label,
    ensure_pledges,
    fmt_int,
    history,
    stance_changes,
    stored_table,
)
from briefings.replies import Reply, Source
from storage import articles as aq
from storage import knowledge as kq


def _unique_sources(sources: Iterable[Source]) -> list[Source]:
    """Sources in order, each URL once."""
    seen: set[str] = set()
    out = []
    for s in sources:
        if s.url not in seen:
            seen.add(s.url)
            out.append(s)
    return out


def _as_of(db: Database) -> str | None:
    return kq.newest_article(db)


def _size_text(row: dict[str, Any]) -> str:
    if row.get("size_range"):
        lo, hi = row["size_range"]
        return f"{fmt_int(lo)}–{fmt_int(hi)} (sources differ)"
    if row.get("size"):
        return fmt_int(row["size"])
    return str(row.get("amount") or "")


def pledges(db: Database, country_code: str | None = None, category: str | None = None) -> Reply:
    ensure_pledges(db)  # one lookup; rebuilds only after a migration marked the table stale
    table = stored_table(db, country_code=country_code, category=category)
    as_of = _as_of(db)
    data = {"as_of": as_of, "pledges": table}
    scope = " ".join(x for x in (name_of(country_code) if country_code else "", category_label(category) if category else "") if x)
    title = f"Pledges{': ' + scope if scope else ''}"
    if not table:
        return Reply(title=title, text="No pledges or refusals on record" + (f" for {scope}." if scope else "."), data=data)
    rows = [[r["country"], category_label(r["category"]), STATUS_LABELS[r["status"]], _size_text(r), r["date"]]
            for r in table]
    sources = _unique_sources(Source(url=s["url"], title=s["title"], quote=s["quote"])
                              for r in table for s in r["sources"][:1])
    counts = {s: sum(1 for r in table if r["status"] == s) for s in STATUS_LABELS}
    text = (f"{len(table)} stances of {len({r['country_code'] for r in table})} actors: "
            f"{counts['committed']} committed, {counts['considering']} considering, {counts['declined']} declined.")
    return Reply(title=title, text=text, columns=["Country", "Category", "Status", "Size / amount", "Date"],
                 rows=rows, sources=sources, data=data, footer=f"Latest article: {as_of}" if as_of else None)


def country(db: Database, code: str) -> Reply:
    rows = kq.facts(db, country_code=code)
    name = name_of(code)
    table = build_table(rows)
    if not table:
        return Reply(title=name, text=f"Nothing on record about {name}'s contribution yet.",
                     data={"country_code": code, "pledges": [], "history": {}})
    fields = []
    hist = history(rows)
    for p in table:
        moves = stance_changes(hist.get(p.category, []))
        path = " → ".join(f"{c.status} ({c.date})" for _, c in moves)
        size = f", {fmt_int(p.size)} personnel" if p.size else ""
        fields.append((category_label(p.category), f"**{p.status}**{size} since {p.date}. History: {path}"))
    sources = _unique_sources(s for p in table for s in p.sources[:2])
    data = {
        "country_code": code,
        "pledges": [p.as_dict() for p in table],
        "history": {cat: [{"status": c.status, "date": c.date, "quote": c.sources[0].quote,
                           "url": c.sources[0].url} for c in claims] for cat, claims in hist.items()},
    }
    return Reply(title=f"{name}: stance by category", text=" ".join(p.summary + "." for p in table),
                 fields=fields, sources=sources, data=data)


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two reports of one event: same date, and places that agree (or one report names none)."""
    if not a.get("date") or a.get("date") != b.get("date"):
        return False
    pa, pb = (a.get("place") or "").lower(), (b.get("place") or "").lower()
    if not pa or not pb:
        return True
    return bool(set(pa.replace(",", " ").split()) & set(pb.replace(",", " ").split()))


def _merge_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold reports of one event (copies, recaps) into one entry with every source."""
    merged: list[dict[str, Any]] = []
    for e in events:
        src = {"url": e.get("url"), "title": e.get("article_title"), "quote": e.get("quote")}
        for m in merged:
            if _same_event(m, e):
                for key in ("place", "host", "participants", "outcome"):
                    if not m.get(key) and e.get(key):
                        m[key] = e[key]
                if len(e.get("title") or "") > len(m.get("title") or "") and e.get("place"):
                    m["title"] = e["title"]
                if all(s["url"] != src["url"] for s in m["sources"]):
                    m["sources"].append(src)
                break
        else:
            merged.append({k: e.get(k) for k in ("date", "kind", "title", "place", "host", "participants",
                                                 "outcome", "quote")} | {"sources": [src]})
    return merged


def timeline(db: Database, days: int | None = None, *, now: datetime | None = None) -> Reply:
    since = None
    if days:
        since = ((now or datetime.now(UTC)) - timedelta(days=days)).date().isoformat()
    items = _merge_events([e for e in kq.events(db) if not since or (e.get("date") or "") >= since])
    if not items:
        span = f" in the last {days} days" if days else ""
        return Reply(title="Timeline", text=f"No events on record{span}.", data={"events": []})
    rows = [[e.get("date") or "?", e.get("title") or (e.get("kind") or "").title(), e.get("place") or "",
             e.get("host") or "", str(e.get("participants") or "")] for e in items]
    sources = _unique_sources(Source(url=s["url"] or "", title=s["title"] or "", quote=s["quote"] or "")
                              for e in items for s in e["sources"][:1])
    return Reply(title="Timeline", text=f"{len(items)} events in date order.",
                 columns=["Date", "Event", "Place", "Host", "Participants"], rows=rows,
                 sources=sources, data={"events": items})


def ask(db: Database, question: str) -> Reply:
    ans = answer_question(db, question)
    return Reply(title=question, text=ans.answer, sources=list(ans.sources), data=ans.as_dict())


def digest(db: Database, since: datetime, until: datetime | None = None) -> Reply:
    d = build_digest(db, since, until)
    sources = [Source(url=i.get("url") or "", title=i.get("title") or "", quote=i.get("quote") or "")
               for i in d.items]
    return Reply(title="Digest", text=d.text, sources=sources, data=d.as_dict())


def fts_match(text: str) -> str | None:
    """Words typed by a person as an FTS5 query: every word must appear (quoted, so no syntax)."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words) or None


def sources(db: Database, query: str | None = None, limit: int = 200) -> Reply:
    match = fts_match(query) if query else None
    rows = aq.list_sources(db, query=match, limit=limit)
    data = [{"id": r["guid"], "url": r["url"], "title": r["title"], "outlet": r["outlet"],
             "published": r["published"], "story_id": r["story_id"]} for r in rows]
    table = [[(r["published"] or "")[:10], r["outlet"] or "", r["title"] or "", str(r["story_id"])] for r in rows]
    text = f"{len(rows)} article{'s' if len(rows) != 1 else ''}" + (f" matching “{query}”." if query else " on record.")
    return Reply(title="Sources", text=text, columns=["Published", "Outlet", "Title", "Story"], rows=table,
                 sources=[Source(url=r["url"] or "", title=r["title"] or "") for r in rows[:10]],
                 data={"sources": data})


def about(db: Database, engine: str = "offline") -> Reply:
    f = kq.freshness(db)
    fields = [
        ("Articles", f"{f['relevant']} relevant of {f['articles']} seen, in {f['stories']} stories"),
        ("Facts", f"{f['facts']} facts, {f['events']} events, {f['figures']} figures"),
        ("Freshness", f"newest article {f['newest_article'] or 'none'}; last fetch {f['last_fetch'] or 'never'}"),
        ("Feeds", str(f["feeds"])),
        ("Engine", engine),
    ]
    text = ("I follow the European coalition of the willing for Ukraine: who pledges troops, air, sea, "
            "logistics, training or money, who refuses, and what summits decide. Every fact has a quote and a source.")
    return Reply(title="About this bot", text=text, fields=fields, data={**f, "engine": engine})


HELP = [
    ("/pledges [country] [category]", "the current table of pledges and refusals"),
    ("/country NAME", "one country's stance per category, and how it moved"),
    ("/timeline [days]", "summits, meetings and declarations in date order"),
    ("/ask QUESTION", "a question answered from the articles, with sources (or just type the question)"),
    ("/digest [since]", "what changed since a time (24h, 7d or an ISO date)"),
    ("/sources [query]", "the articles on record"),
    ("/about", "data freshness, counts and the engine"),
    ("/help", "this list"),
]


def help_reply() -> Reply:
    return Reply(title="Commands", text="\n".join(f"{c} — {d}" for c, d in HELP), fields=list(HELP),
                 data={"commands": [{"command": c, "description": d} for c, d in HELP]})

"""``briefbot explain COUNTRY CATEGORY``: why a table row says what it says.

Every fact on record for the (country, category), newest first (the first is the one the table row
shows), each with its quote, source, date, status and the rules that produced it (the trace stored
with the fact: :mod:`briefings.extract.trace`), read in one line::

    declined ← `rules out` (status.decline.rule_out) scoped over `troops` (category.ground.troops),
    actor `Meloni` (leader → IT) via `Meloni` (actor.subject); said by `Meloni` (attribution.speaker)

A fact stored before traces were kept, or by an engine that keeps none, says so instead of a line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from briefings.commands.views.common import date_text, source_from
from briefings.extract import name_of
from briefings.knowledge import category_label
from briefings.replies import Notice, Paragraph, Reply, SourceBook, SourceList, Span
from storage import knowledge as kq

NO_TRACE = "no trace kept (stored before traces, or by an engine that keeps none)"
_STATUS_RULES = ("status.", "change.", "negation.")
_CATEGORY_RULES = ("category.", "context.")


@dataclass(frozen=True, slots=True)
class ExplainedFact:
    quote: str
    url: str
    date: str | None
    status: str
    rules: tuple[tuple[str, str], ...]  # (id, matched)

    def to_json(self) -> dict[str, Any]:
        return {"quote": self.quote, "url": self.url, "date": self.date, "status": self.status,
                "rules": [{"id": i, "matched": m} for i, m in self.rules]}


@dataclass(frozen=True, slots=True)
class ExplainPayload:
    country_code: str
    category: str
    facts: tuple[ExplainedFact, ...]

    def to_json(self) -> dict[str, Any]:
        return {"country_code": self.country_code, "category": self.category,
                "facts": [f.to_json() for f in self.facts]}


def trace_of(row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The (id, matched) pairs of a stored fact's trace column (none when absent or unreadable)."""
    try:
        hits = json.loads(row.get("trace") or "[]")
    except ValueError:
        return ()
    if not isinstance(hits, list):
        return ()
    return tuple((str(h.get("id", "")), str(h.get("matched", ""))) for h in hits if isinstance(h, dict) and h.get("id"))


def _cited(hits: list[tuple[str, str]]) -> str:
    return " and ".join(f"`{m}` ({i})" if m else f"({i})" for i, m in hits)


def why_line(status: str, code: str, rules: tuple[tuple[str, str], ...]) -> str:
    """One fact's trace as one line (see the module docstring)."""
    if not rules:
        return f"{status}: {NO_TRACE}"
    decided = [(i, m) for i, m in rules if i.startswith(_STATUS_RULES)]
    scoped = [(i, m) for i, m in rules if i.startswith(_CATEGORY_RULES)]
    names = [(i, m) for i, m in rules if i.startswith("actor.name.")]
    how = [(i, m) for i, m in rules if i.startswith("actor.") and not i.startswith("actor.name.")]
    said = [(i, m) for i, m in rules if i.startswith("attribution.")]
    line = f"{status} ← {_cited(decided) or '(no status rule)'}"
    if scoped:
        line += f" scoped over {_cited(scoped)}"
    if names:
        line += ", actor " + " and ".join(f"`{m}` ({i.rsplit('.', 1)[1]} → {code})" for i, m in names)
    shown = {m for _, m in names}
    how = [(i, m) for i, m in how if m not in shown or i != "actor.subject"]  # "via `Italy` (actor.subject)" says nothing new
    if how:
        line += f" via {_cited(how)}"
    if said:
        line += f"; said by {_cited(said)}"
    return line


def explain(db: Database, code: str, category: str) -> Reply:
    rows = kq.facts(db, country_code=code, category=category)[::-1]  # newest first: the table row's first
    facts = tuple(ExplainedFact(quote=(r.get("quote") or "").strip(), url=r.get("url") or "", date=r.get("date"),
                                status=r["status"], rules=trace_of(r)) for r in rows)
    payload = ExplainPayload(country_code=code, category=category, facts=facts)
    title = f"Why: {name_of(code)}, {category_label(category)}"
    if not rows:
        text = f"Nothing on record about {name_of(code)} and {category_label(category)}, so nothing to explain."
        return Reply(kind="explain", title=title, blocks=[Paragraph.of(text)], payload=payload)
    book = SourceBook()
    lines: dict[tuple[str, str], list[int]] = {}  # one line per (line, quote): copies of a story add a source
    for row, fact in zip(rows, facts, strict=True):
        refs = lines.setdefault((f"{date_text(fact.date)} · {why_line(fact.status, code, fact.rules)}", fact.quote), [])
        n = book.cite(source_from(row))
        if n not in refs:
            refs.append(n)
    blocks: list[Any] = [Paragraph.of(line, *(x for n in refs for x in (Span(" "), Span.source(n))))
                         for (line, _quote), refs in lines.items()]
    blocks.append(SourceList())
    if len(lines) > 1:
        blocks.append(Notice("info", "Newest first: the first line is the latest fact, the one the table row shows."))
    return Reply(kind="explain", title=title, blocks=blocks, sources=book.sources, payload=payload)


__all__ = ["ExplainPayload", "ExplainedFact", "explain", "trace_of", "why_line"]

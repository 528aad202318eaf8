"""The force-size figures on record, typed: who proposed what, when, and where sources differ.

Read on a database thread (:func:`sizes_data`) from the typed storage queries: the extracted
figures (``force_size``: the whole force; ``contribution_size``: one country's own contingent), the
ground-troop facts that give a size (a country's offer, on the day it was made) and the current
table's ``size_range`` (a country whose sources give different sizes). One figure reported by
several articles is one point with several sources. Whole-force figures of one day that disagree,
and a country's differing sizes, are a :class:`Disagreement` (drawn as a range).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from briefings.charts.style import fmt_int
from briefings.extract import name_of
from briefings.knowledge import stored_table
from storage import knowledge as kq

log = logging.getLogger(__name__)

FIGURE_KINDS = {"force_size": "force", "contribution_size": "contribution"}


@dataclass(frozen=True, slots=True)
class SizePoint:
    date: str  # YYYY-MM-DD, the day the figure refers to
    kind: str  # "force" (the whole force) or "contribution" (one country's own)
    who: str  # the proposer's name; "" when no one is named ("according to a newspaper")
    who_code: str | None
    low: int
    high: int  # equal to low unless a range was stated ("between 2,000 and 3,000")
    qualifier: str | None = None  # "up to", "about", "no less than"...
    sources: int = 1

    def amount_text(self) -> str:
        if self.high != self.low:
            return f"{fmt_int(self.low)}–{fmt_int(self.high)}"
        return f"{self.qualifier + ' ' if self.qualifier else ''}{fmt_int(self.low)}"


@dataclass(frozen=True, slots=True)
class Disagreement:
    date: str
    low: int
    high: int
    who: str = ""  # the country whose sources differ on its own size; "" for the whole force


@dataclass(frozen=True, slots=True)
class SizesData:
    as_of: str | None
    points: tuple[SizePoint, ...]
    disagreements: tuple[Disagreement, ...] = ()


def _point(kind: str, date: str | None, code: str | None, low: int, high: int | None, qualifier: str | None,
           urls: Iterable[str]) -> tuple[tuple[Any, ...], SizePoint, set[str]] | None:
    if not date or not low or low <= 0:
        return None
    high = high if high and high > low else low
    day = date[:10]
    point = SizePoint(day, kind, name_of(code) if code else "", code, int(low), int(high), qualifier or None)
    return (kind, code or "", day, point.low, point.high), point, {u for u in urls if u}


def sizes_data(db: Database) -> SizesData:
    """Every dated force-size figure and national contribution size on record, oldest first."""
    found: list[tuple[tuple[Any, ...], SizePoint, set[str]] | None] = []
    for r in kq.figures(db):
        kind = FIGURE_KINDS.get(r.get("kind") or "")
        if kind:
            found.append(_point(kind, r.get("date") or r.get("published"), r.get("proposer_code"), r.get("value") or 0,
                                r.get("high"), r.get("qualifier"), [r.get("url") or f"article:{r.get('article_id')}"]))
    for f in kq.facts(db, category="ground_troops"):
        if f.get("size"):
            found.append(_point("contribution", f.get("date") or f.get("published"), f.get("country_code"), f["size"],
                                None, None, [f.get("url") or f"article:{f.get('article_id')}"]))
    ranges = []
    for row in stored_table(db, category="ground_troops"):
        if not row.get("size_range"):
            continue
        low, high = (int(v) for v in row["size_range"])
        # drawn on the last day one of the differing sizes was reported (the row's own date may be a later
        # report that gave no size)
        days = [f[1].date for f in found if f and f[1].kind == "contribution" and f[1].who_code == row["country_code"]
                and low <= f[1].low <= high]
        day = max(days) if days else (row.get("date") or "")[:10]
        if day:
            ranges.append(Disagreement(day, low, high, row.get("country") or row["country_code"]))
    merged: dict[tuple[Any, ...], tuple[SizePoint, set[str]]] = {}
    for item in found:
        if item is None:
            continue
        key, point, urls = item
        if key in merged:
            have, have_urls = merged[key]
            merged[key] = (have if have.qualifier or not point.qualifier else point, have_urls | urls)
        else:
            merged[key] = (point, urls)
    points = sorted((_with_sources(p, urls) for p, urls in merged.values()),
                    key=lambda p: (p.date, p.kind, p.who, p.low, p.high))
    return SizesData(as_of=(kq.newest_article(db) or "")[:10] or None, points=tuple(points),
                     disagreements=tuple(sorted((*disagreements(points), *ranges), key=lambda d: (d.date, d.who))))


def _with_sources(p: SizePoint, urls: set[str]) -> SizePoint:
    from dataclasses import replace

    return replace(p, sources=max(len(urls), 1))


def disagreements(points: Iterable[SizePoint]) -> tuple[Disagreement, ...]:
    """Days on which whole-force figures differ: the span from the smallest to the largest."""
    by_day: dict[str, list[SizePoint]] = {}
    for p in points:
        if p.kind == "force":
            by_day.setdefault(p.date, []).append(p)
    out = []
    for day, ps in sorted(by_day.items()):
        if len({(p.low, p.high) for p in ps}) > 1:
            out.append(Disagreement(day, min(p.low for p in ps), max(p.high for p in ps)))
    return tuple(out)


__all__ = ["Disagreement", "SizePoint", "SizesData", "disagreements", "sizes_data"]

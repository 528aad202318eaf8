"""The knowledge: the current pledge table and each country's stance history, built from facts.

Rules (SPEC §4):

* a *claim* is one fact; claims of the same story (a syndicated copy) with the same actor, category,
  status and date are one claim with several sources, so a copy never counts twice;
* the table holds, per (country, category), the latest claim by the date it refers to (ties go to
  the later article), and its sources are those of the latest run of claims with that status; a
  claim with no date (an article with no publication date whose sentence names none) counts as older
  than every dated one, so it never overrides a dated stance, and it shows as "date unknown";
* sizes reported in that run that disagree are kept as a range with their sources, never merged
  ("10,000–30,000, sources differ");
* the history keeps every claim, in date order, so a stance's movement can be shown.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from briefings.extract import name_of
from briefings.replies import Source
from storage import knowledge as kq
from storage import write_transaction

CATEGORY_LABELS = {
    "ground_troops": "ground troops",
    "air": "air support",
    "maritime": "maritime support",
    "logistics": "logistics",
    "intelligence": "intelligence",
    "training": "training",
    "funding": "funding",
    "equipment": "equipment",
    "humanitarian": "humanitarian aid",
}
STATUS_LABELS = {"committed": "committed", "considering": "considering", "declined": "declined"}
STATUS_VERBS = {"committed": "commits", "considering": "is considering", "declined": "rules out"}
DATE_UNKNOWN = "date unknown"  # what an undated claim shows instead of a date (never the time of ingest)


@dataclass(slots=True)
class Claim:
    """One stance of one actor on one category, as reported by one story (one or more articles)."""

    country_code: str
    category: str
    status: str
    date: str
    published: str
    size: int | None
    amount: str | None
    sources: list[Source] = field(default_factory=list)
    story_id: int | None = None
    order: int = 0


@dataclass(slots=True)
class Pledge:
    country_code: str
    country: str
    category: str
    status: str
    date: str
    size: int | None
    size_range: tuple[int, int] | None
    amount: str | None
    summary: str
    sources: list[Source]
    claims: int  # how many claims stand behind the table row, all statuses

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "country": self.country,
            "country_code": self.country_code,
            "category": self.category,
            "status": self.status,
            "size": self.size,
            "date": self.date or None,  # an undated claim: None, shown as "date unknown"
            "summary": self.summary,
            "sources": [s.as_dict() for s in self.sources],
        }
        if self.size_range:
            out["size_range"] = list(self.size_range)
        if self.amount:
            out["amount"] = self.amount
        return out


def fmt_int(n: int) -> str:
    return f"{n:,}"


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def claims_from_rows(rows: Iterable[dict[str, Any]]) -> list[Claim]:
    """Group fact rows (from :func:`storage.knowledge.facts`) into claims, oldest first."""
    merged: dict[tuple[Any, ...], Claim] = {}
    for i, r in enumerate(rows):
        date = r.get("date") or (r.get("published") or "")[:10]
        story = r.get("story_id") if r.get("story_id") is not None else f"a{r.get('article_id')}"
        key = (story, r["country_code"], r["category"], r["status"], date, r.get("size"))
        source = Source(
            url=r.get("url") or "", title=r.get("title") or "", quote=r.get("quote") or "",
            outlet=r.get("outlet"), published=r.get("published"),
        )
        claim = merged.get(key)
        if claim is None:
            merged[key] = Claim(
                country_code=r["country_code"], category=r["category"], status=r["status"], date=date,
                published=r.get("published") or "", size=r.get("size"), amount=r.get("amount"),
                sources=[source], story_id=r.get("story_id"), order=i,
            )
        elif all(s.url != source.url for s in claim.sources):
            claim.sources.append(source)
    return sorted(merged.values(), key=lambda c: (c.date, c.published, c.order))


def _summary(p_country: str, category: str, status: str, size: int | None,
             size_range: tuple[int, int] | None, amount: str | None, date: str) -> str:
    text = f"{p_country} {STATUS_VERBS[status]} {category_label(category)}"
    if size_range:
        text += f" ({fmt_int(size_range[0])}–{fmt_int(size_range[1])} personnel, sources differ)"
    elif size:
        text += f" ({fmt_int(size)} personnel)"
    if amount:
        text += f": {amount}"
    return text + (f", as of {date}" if date else f", {DATE_UNKNOWN}")


def current_row(claims: Sequence[Claim]) -> Pledge:
    """The table row of one (country, category) from its claims in date order."""
    last = claims[-1]
    run: list[Claim] = []
    for c in reversed(claims):
        if c.status != last.status:
            break
        run.append(c)
    sizes = [c.size for c in run if c.size]
    distinct = sorted(set(sizes))
    size_range = (distinct[0], distinct[-1]) if len(distinct) > 1 else None
    size = next((c.size for c in run if c.size), None)
    amount = next((c.amount for c in run if c.amount), None)
    sources: list[Source] = []
    for c in run:
        for s in c.sources:
            if all(s.url != have.url for have in sources):
                sources.append(s)
    country = name_of(last.country_code)
    return Pledge(
        country_code=last.country_code, country=country, category=last.category, status=last.status,
        date=last.date, size=size, size_range=size_range, amount=amount,
        summary=_summary(country, last.category, last.status, size, size_range, amount, last.date),
        sources=sources[:5], claims=len(claims),
    )


def build_table(rows: Iterable[dict[str, Any]]) -> list[Pledge]:
    """The current table: one row per (country, category), sorted by country name then category."""
    by_key: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims_from_rows(rows):
        by_key[(c.country_code, c.category)].append(c)
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    table = [current_row(cs) for cs in by_key.values()]
    table.sort(key=lambda p: (p.country, order.get(p.category, 99)))
    return table


def history(rows: Iterable[dict[str, Any]]) -> dict[str, list[Claim]]:
    """Every claim per category, oldest first, with consecutive repeats of one status kept."""
    out: dict[str, list[Claim]] = defaultdict(list)
    for c in claims_from_rows(rows):
        out[c.category].append(c)
    return dict(out)


def stance_changes(claims: Sequence[Claim]) -> list[tuple[Claim | None, Claim]]:
    """(before, after) pairs where a category's status changed, the first claim paired with None."""
    changes: list[tuple[Claim | None, Claim]] = []
    prev: Claim | None = None
    for c in claims:
        if prev is None or c.status != prev.status:
            changes.append((prev, c))
        prev = c
    return changes


# -- the stored current table ---------------------------------------------------------------------
#
# /pledges must stay fast however many facts pile up, so the table is kept as rows in SQLite and
# refreshed for exactly the (country, category) keys whose facts changed, inside the transaction
# that changed them (see :func:`storage.articles.save_articles`).

STALE_KEY = "pledges_stale"
# A row depends on the latest claims only (the last one, and the run of the same status before it,
# for its sources and sizes), so a refresh folds at most this many facts however many pile up.
REFRESH_WINDOW = 200


def refresh_pledges(db: Database, keys: Iterable[tuple[str, str]]) -> None:
    """Recompute the stored table rows of ``keys`` from their facts (a key with no facts left goes)."""
    rows, gone = [], []
    for code, category in keys:
        table = build_table(kq.facts(db, country_code=code, category=category, latest=REFRESH_WINDOW))
        if not table:
            gone.append((code, category))
            continue
        p = table[0]
        rows.append({"country_code": p.country_code, "category": p.category, "status": p.status,
                     "country": p.country, "date": p.date, "row": json.dumps(p.as_dict(), ensure_ascii=False)})
    kq.write_pledges(db, rows, remove=gone)


def rebuild_pledges(db: Database) -> None:
    """Recompute the whole stored table (after a migration, or to repair it)."""
    with write_transaction(db):
        db.execute("DELETE FROM pledges")
        refresh_pledges(db, kq.fact_keys(db))
        db.execute("DELETE FROM meta WHERE key = ?", [STALE_KEY])


def ensure_pledges(db: Database) -> None:
    """Rebuild the stored table if a migration marked it stale."""
    if kq.get_meta(db, STALE_KEY):
        rebuild_pledges(db)


def stored_table(db: Database, *, country_code: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
    """The current table as the command line prints it, sorted by country then category."""
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    rows = [json.loads(r) for r in kq.current_pledges(db, country_code=country_code, category=category)]
    rows.sort(key=lambda r: (r["country"], order.get(r["category"], 99)))
    return rows

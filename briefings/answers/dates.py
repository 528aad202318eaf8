"""Dates in questions: the day, month and year a question names, relative dates ("last week")
measured from the newest article, and whether a piece of evidence fits the date asked."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefings.answers import lexicon as lx
from briefings.answers.stem import fold

if TYPE_CHECKING:
    from briefings.answers.questions import Question


def parse_dates(low: str) -> tuple[tuple[int, int] | None, int | None, int | None]:
    m = re.search(r"\b(20\d\d)-(\d\d)-(\d\d)\b", low)
    if m:
        return (int(m.group(2)), int(m.group(3))), int(m.group(1)), int(m.group(2))
    month_re = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
    year_m = re.search(r"\b(20\d\d)\b", low)
    year = int(year_m.group(1)) if year_m else None
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({month_re})\b", low)
    if m:
        mon = lx.MONTHS[m.group(2)]
        return (mon, int(m.group(1))), year, mon
    m = re.search(rf"\b({month_re})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", low)
    if m and m.group(1) != "may" or (m and re.search(r"\bmay\s+\d", low)):
        mon = lx.MONTHS[m.group(1)]
        return (mon, int(m.group(2))), year, mon
    m = re.search(rf"\b(?:in|during|since|by|early|late|mid|last|this|of|from|until)\s+({month_re})\b", low)
    if m:
        return None, year, lx.MONTHS[m.group(1)]
    full = [n for n in lx.MONTHS if len(n) > 3 or n == "june" or n == "july"]
    m = re.search(rf"\b({'|'.join(full)})\b", low) or re.search(r"\bmay\s+20\d\d\b", low)
    if m:  # a month named anywhere ("What did Germany say September 2025?"); "may" only before a year
        return None, year, lx.MONTHS[m.group(1) if m.lastindex else "may"]
    return None, year, None


RELATIVE_DATE = re.compile(r"\b(this|last|past|previous|next|coming)\s+(week|month|year)\b|\b(yesterday|today)\b")


def resolve_relative(q: Question, anchor: str | None) -> None:
    """Relative dates ("last week", "this year") measured from ``anchor``, the newest article's date.

    Sets ``q.since``/``q.until`` (ISO days) for weeks and days, ``q.month``/``q.year`` for months and years.
    """
    m = RELATIVE_DATE.search(fold(q.text))
    if not m or not anchor or q.day is not None or q.month is not None:
        return
    try:
        now = date.fromisoformat(anchor[:10])
    except ValueError:
        return
    which, unit, single = m.group(1), m.group(2), m.group(3)
    if which in ("next", "coming"):  # the future: articles name it ("in 2027") rather than date it
        if unit == "year" and q.year is None:
            q.year = now.year + 1
        return
    if single or unit == "week":
        back = {"today": 1, "yesterday": 2}.get(single or "", 7 if which == "this" else 14)
        q.since, q.until = (now - timedelta(days=back)).isoformat(), now.isoformat()
    elif unit == "month":
        y, mo = (now.year, now.month) if which == "this" else divmod(now.year * 12 + now.month - 2, 12)
        q.year, q.month = (y, mo) if which == "this" else (y, mo + 1)
    elif q.year is None:
        q.year = now.year if which == "this" else now.year - 1


def keep_dated(q: Question, rows: list[Any], *, text_key: str = "quote") -> list[Any]:
    """In the engine's strict pass, only the rows whose date (or the date they name) fits the question."""
    if not q.strict_date:
        return rows
    return [r for r in rows if date_match(q, r.get("date") or r.get("published"), r.get(text_key) or "") > 0]


def has_date(q: Question) -> bool:
    return q.day is not None or q.month is not None or q.year is not None or q.since is not None


def date_match(q: Question, iso: str | None, text: str = "") -> int:
    """+1 when a piece of evidence fits the question's date (by its own date or the date it names),
    -1 when it does not, 0 when the question names no date."""
    if not has_date(q):
        return 0
    if iso and _iso_fits(q, iso[:10]):
        return 1
    if text and q.since is None and q.day is None:
        year_ok = q.year is None or str(q.year) in text
        if year_ok and (q.month is None or _month_name_re(q.month).search(text)):
            return 1
    return -1


@lru_cache(maxsize=12)
def _month_name_re(month: int) -> re.Pattern[str]:
    names = [n for n, v in lx.MONTHS.items() if v == month and len(n) > 3]
    return re.compile(rf"\b({'|'.join(names)})\b", re.IGNORECASE)


def _iso_fits(q: Question, iso: str) -> bool:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return False
    if q.since is not None:
        return q.since <= iso <= (q.until or iso)
    if q.day is not None and (d.month, d.day) != q.day:
        return False
    if q.month is not None and d.month != q.month:
        return False
    return q.year is None or d.year == q.year


def event_day(q: Question, iso: str | None) -> int:
    """+1 when an event's ISO date matches the question's day, -1 when it contradicts it, else 0."""
    if not iso or (q.day is None and q.month is None):
        return 0
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return 0
    if q.day is not None:
        ok = (d.month, d.day) == q.day and (q.year is None or q.year == d.year)
        return 1 if ok else -1
    ok = d.month == q.month and (q.year is None or q.year == d.year)
    return 1 if ok else -1

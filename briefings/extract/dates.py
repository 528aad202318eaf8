"""Dates in a sentence, resolved against the article's publication date.

Rules (the reference day ``ref`` is the publication date):

* Absolute: "March 11, 2025", "11 March 2025", "2025-03-11" -> that day.
* Day and month without a year: "On February 16", "on 20 March" -> that day in the publication
  year; when that would be more than a week after publication and the sentence is not about the
  future ("will", "next", "is due to", "scheduled"), the previous year.
* Weekdays: "on Sunday" -> the most recent such weekday on or before the publication day (the
  publication day itself when it is that weekday: a Tuesday evening story about "Tuesday" means
  that day). "next Monday" or a weekday in a sentence about the future -> the next one after it.
* Relative: "yesterday" -1 day, "today"/"tonight" 0, "last week" -7 days, "last month" -30 days,
  "two days ago"/"a week ago" likewise.
* Month and year only ("in November 2024", "as early as November 2024") -> the first of that month.

With no publication date (a local file, a page without metadata) nothing is resolved against the
time of reading: relative dates ("this year", "on Sunday", "last week", "yesterday", "next month")
give no date at all, and a day and month without a year ("on 6 March") take the year that puts them
nearest to the *anchor*, the closest date with an explicit year in the text (:func:`year_anchors`,
:class:`Anchors`): "On November 11, 2024 ... On February 16" -> 16 February 2025; "On 3 March 2025 ...
on 20 February" -> 20 February 2025. Each date so resolved becomes the anchor of the next, so a
narrative that runs across the new year keeps its years. A bare year ("the 2024 election") anchors
only a text that has no full date with a year.

:func:`find_date` returns the first date found (its position is the earliest in the sentence).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from briefings.extract.cues import gated

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DATE_RE = re.compile(
    rf"\b(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?"
    r"|(\d{4})-(\d{2})-(\d{2})"
    r"|(?:(next|last|this|on|On|Next|Last|This)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(yesterday|today|tonight|Yesterday|Today|Tonight)"
    r"|([Ll]ast|[Tt]his)\s+(week|month|year)"
    r"|(\d+|(?i:a|an|one|two|three|four|five|six|seven|ten))\s+(day|week|month)s?\s+ago"
    rf"|\b(?:in|In|since|Since|of|as|early|late|mid-?)\s+{_MONTH}\s+(\d{{4}})"
    r")\b"
)
_FUTURE_RE = re.compile(r"\b(will|shall|next|is due to|are due to|scheduled|planned for|to be held|is to|are to)\b", re.I)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_month(month: int, day: int, ref: date, future: bool) -> date | None:
    found = _safe(ref.year, month, day)
    if found is None:
        return None
    if found > ref + timedelta(days=7) and not future:
        return _safe(ref.year - 1, month, day)
    if found < ref - timedelta(days=300) and future:
        return _safe(ref.year + 1, month, day)
    return found


def _weekday(name: str, qualifier: str | None, ref: date, future: bool) -> date:
    target = WEEKDAYS[name.lower()]
    q = (qualifier or "").lower()
    if q == "next" or (future and q != "last"):
        ahead = (target - ref.weekday()) % 7 or 7
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - target) % 7
    if q == "last" and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _resolve(m: re.Match[str], ref: date, future: bool) -> date | None:
    g = m.groups()
    if g[0] is not None:  # Month day[, year]
        month, day = MONTHS[g[0].lower().rstrip(".")], int(g[1])
        return _safe(int(g[2]), month, day) if g[2] else _day_month(month, day, ref, future)
    if g[3] is not None:  # day Month [year]
        month, day = MONTHS[g[4].lower().rstrip(".")], int(g[3])
        return _safe(int(g[5]), month, day) if g[5] else _day_month(month, day, ref, future)
    if g[6] is not None:
        return _safe(int(g[6]), int(g[7]), int(g[8]))
    if g[10] is not None:
        return _weekday(g[10], g[9], ref, future)
    if g[11] is not None:
        return ref - timedelta(days=1) if g[11].lower() == "yesterday" else ref
    if g[12] is not None:
        if g[12].lower() == "this":
            return ref
        return ref - timedelta(days={"week": 7, "month": 30, "year": 365}[g[13].lower()])
    if g[14] is not None:
        n = int(g[14]) if g[14].isdigit() else _NUMBER_WORDS.get(g[14].lower(), 1)
        return ref - timedelta(days=n * {"day": 1, "week": 7, "month": 30}[g[15].lower()])
    if g[16] is not None:
        return _safe(int(g[17]), MONTHS[g[16].lower().rstrip(".")], 1)
    return None


def _nearest_year(month: int, day: int, anchor: date) -> date | None:
    """The day and month in the year (the anchor's, the one before or after) nearest to ``anchor``."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe(y, month, day)) is not None]
    return min(options, key=lambda d: (abs((d - anchor).days), d)) if options else None


def _without_ref(m: re.Match[str], anchor: date | None) -> date | None:
    """A date resolved with no publication date: absolute ones as written, a day and month by the anchor."""
    g = m.groups()
    if g[0] is not None and not g[2]:
        return _nearest_year(MONTHS[g[0].lower().rstrip(".")], int(g[1]), anchor) if anchor else None
    if g[3] is not None and not g[5]:
        return _nearest_year(MONTHS[g[4].lower().rstrip(".")], int(g[3]), anchor) if anchor else None
    if g[0] is not None or g[3] is not None or g[6] is not None or g[16] is not None:
        return _resolve(m, date.min, False)  # the year is written: the reference day plays no part
    return None  # weekdays and relative dates need the publication date


def find_dates(sentence: str, ref: date | None, anchor: date | None = None) -> list[tuple[int, date]]:
    """Every date in the sentence with its position. Whether a date lies ahead is read from the
    few words before it ("will meet on 20 March", "next Monday"). With no ``ref`` (publication date)
    only dates with a written year are resolved, and a day and month by ``anchor`` (see the module)."""
    out = []
    for m in _DATE_RE.finditer(sentence):
        if ref is None:
            found = _without_ref(m, anchor)
        else:
            future = bool(_FUTURE_RE.search(sentence, max(0, m.start() - 60), m.start()))
            found = _resolve(m, ref, future)
        if found is not None:
            out.append((m.start(), found))
    return out


def find_date(sentence: str, ref: date | None, anchor: date | None = None) -> date | None:
    """The first date the sentence names, resolved against ``ref`` (None when there is none)."""
    found = find_dates(sentence, ref, anchor)
    return found[0][1] if found else None


# A bare year: "the 2024 election", "in 2025" (not part of a longer number, an amount or a range of pages).
_BARE_YEAR = re.compile(r"(?<![\d$€£.,-])\b(19[5-9]\d|20\d\d)\b(?![.,]?\d|\s*(?:billion|million|bn|troops|soldiers))")


def year_anchors(text: str) -> list[tuple[int, date]]:
    """(position, date) of every date with a written year in ``text``; when there is none, of every
    bare year (as 1 July of that year, the middle of it)."""
    out = [(m.start(), found) for m in _DATE_RE.finditer(text) if (found := _without_ref(m, None)) is not None]
    if not out:
        out = [(m.start(), date(int(m.group(1)), 7, 1)) for m in _BARE_YEAR.finditer(text)]
    return out


class Anchors:
    """The anchor of each sentence of a text with no publication date: the last date resolved before
    it, else the nearest written-year date after it (:func:`year_anchors`)."""

    __slots__ = ("_ahead", "last")

    def __init__(self, text: str) -> None:
        self._ahead = year_anchors(text)
        self.last: date | None = None

    def at(self, position: int) -> date | None:
        if self.last is not None:
            return self.last
        later = [d for p, d in self._ahead if p >= position]
        return later[0] if later else (self._ahead[-1][1] if self._ahead else None)

    def resolved(self, found: date | None) -> None:
        if found is not None:
            self.last = found

# Speed: the same patterns behind a cheap word-start test (see cues.gated).
_DATE_RE = gated(_DATE_RE)

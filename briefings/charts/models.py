"""What each picture shows, as small frozen values built from the commands' typed payloads.

A model holds exactly what is drawn (so its hash is the picture's cache key) and nothing that is not
(quotes, URLs). The pictures and their alt text are both made from the model, so they say the same.

* Matrix: countries grouped by their strongest stance (committed to at least one category, else
  considering, else declined), alphabetical inside a group; the categories that have any stance, in
  the table's order; a cell is a status or empty, and marked where sources give different sizes.
* Timeline: per category, the runs of one status in date order; a run starts at the report that
  changed the stance and counts the reports (distinct stories) that stated it until the next change.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.charts.style import STATUSES
from briefings.knowledge import CATEGORY_LABELS
from briefings.replies.payloads import CountryPayload, PledgesPayload

GROUP_ORDER = {s: i for i, s in enumerate(STATUSES)}
CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORY_LABELS)}


@dataclass(frozen=True, slots=True)
class MatrixRow:
    country: str
    country_code: str
    group: str  # the strongest status of the row: committed, considering or declined
    statuses: tuple[str | None, ...]  # one per column; None: nothing on record
    differ: tuple[bool, ...]  # one per column: sources give different sizes


@dataclass(frozen=True, slots=True)
class MatrixModel:
    as_of: str | None
    categories: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    scope: str | None = None  # "United Kingdom", "air support": a filtered table

    def group(self, status: str) -> tuple[MatrixRow, ...]:
        return tuple(r for r in self.rows if r.group == status)


def matrix_model(payload: PledgesPayload, scope: str | None = None) -> MatrixModel:
    cats = sorted({p.category for p in payload.pledges}, key=lambda c: (CATEGORY_ORDER.get(c, 99), c))
    col = {c: i for i, c in enumerate(cats)}
    by_country: dict[str, dict[str, tuple[str, bool]]] = {}
    names: dict[str, str] = {}
    for p in payload.pledges:
        if p.status not in GROUP_ORDER:
            continue
        names[p.country_code] = p.country
        by_country.setdefault(p.country_code, {})[p.category] = (p.status, p.size_range is not None)
    rows = []
    for code, cells in by_country.items():
        statuses: list[str | None] = [None] * len(cats)
        differ = [False] * len(cats)
        for cat, (status, d) in cells.items():
            statuses[col[cat]], differ[col[cat]] = status, d
        group = min((s for s in statuses if s), key=lambda s: GROUP_ORDER[s])
        rows.append(MatrixRow(names[code], code, group, tuple(statuses), tuple(differ)))
    rows.sort(key=lambda r: (GROUP_ORDER[r.group], r.country.casefold(), r.country_code))
    return MatrixModel(as_of=(payload.as_of or "")[:10] or None, categories=tuple(cats), rows=tuple(rows), scope=scope)


@dataclass(frozen=True, slots=True)
class Run:
    status: str
    start: str  # the day of the report that changed the stance (YYYY-MM-DD)
    reports: tuple[str, ...]  # the day of every report in the run, the first one included


@dataclass(frozen=True, slots=True)
class TimelineRow:
    category: str
    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class TimelineModel:
    country: str
    country_code: str
    rows: tuple[TimelineRow, ...]
    undated: int = 0  # reports with no date, which cannot be placed on a time axis

    @property
    def days(self) -> tuple[str, ...]:
        return tuple(sorted({d for r in self.rows for run in r.runs for d in run.reports}))


def timeline_model(payload: CountryPayload) -> TimelineModel:
    rows, undated = [], 0
    for cat in sorted(payload.history, key=lambda c: (CATEGORY_ORDER.get(c, 99), c)):
        runs: list[Run] = []
        for step in payload.history[cat]:
            if not step.date or step.status not in GROUP_ORDER:
                undated += not step.date
                continue
            day = step.date[:10]
            if runs and runs[-1].status == step.status:
                runs[-1] = Run(step.status, runs[-1].start, (*runs[-1].reports, day))
            else:
                runs.append(Run(step.status, day, (day,)))
        if runs:
            rows.append(TimelineRow(cat, tuple(runs)))
    return TimelineModel(payload.country, payload.country_code, tuple(rows), undated)


__all__ = ["MatrixModel", "MatrixRow", "Run", "TimelineModel", "TimelineRow", "matrix_model", "timeline_model"]

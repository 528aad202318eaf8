"""Alt text: the facts of each picture in one sentence, for screen readers.

Discord keeps 1,024 characters of an attachment's description, so a sentence that would be longer
falls back to a shorter wording (names without categories, then counts), never to a cut-off one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from briefings.charts import style as st
from briefings.charts.models import MatrixModel, TimelineModel
from briefings.charts.sizes_data import SizesData
from briefings.knowledge import category_label

log = logging.getLogger(__name__)

MAX_ALT = 1000


def _join(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _first_fitting(*candidates: str) -> str:
    for c in candidates:
        if len(c) <= MAX_ALT:
            return c
    return candidates[-1][: MAX_ALT - 1] + "…"


def _day(iso: str | None) -> str:
    d = st.parse_day(iso)
    return st.day_text(d) if d else "no date"


def matrix_alt(model: MatrixModel) -> str:
    scope = f" for {model.scope}" if model.scope else ""
    if not model.rows:
        return f"Pledge matrix{scope}: no pledges or refusals on record."
    head = (f"Pledge matrix{scope} as of {_day(model.as_of)}: {_plural(len(model.rows), 'country')} across "
            f"{_plural(len(model.categories), 'category')}")
    detailed, named, counted = [], [], []
    for status in st.STATUSES:
        cells = [(r, [category_label(c) for c, s in zip(model.categories, r.statuses, strict=True) if s == status])
                 for r in model.rows]
        cells = sorted(((r, cats) for r, cats in cells if cats), key=lambda rc: rc[0].country.casefold())
        if not cells:
            continue
        detailed.append(f"{status}: " + "; ".join(f"{r.country} ({', '.join(cats)})" for r, cats in cells))
        named.append(f"{status}: " + ", ".join(r.country for r, _ in cells))
        counted.append(f"{sum(len(c) for _, c in cells)} {status} by {_plural(len(cells), 'country')}")
    differ = [f"{r.country} ({category_label(c)})" for r in model.rows
              for c, d in zip(model.categories, r.differ, strict=True) if d]
    tail = f"; sources differ on the size for {_join(differ)}" if differ else ""
    tail_short = f"; sources differ on {_plural(len(differ), 'size')}" if differ else ""
    return _first_fitting(f"{head}; {'; '.join(detailed)}{tail}.", f"{head}; {'; '.join(named)}{tail_short}.",
                          f"{head}; {', '.join(counted)}{tail_short}.")


def timeline_alt(model: TimelineModel) -> str:
    if not model.rows:
        return f"Stance timeline for {model.country}: no dated stance on record."
    days = model.days
    first, last = st.parse_day(days[0]), st.parse_day(days[-1])
    span = st.span_text(first, last) if first and last else ""
    parts, short = [], []
    for row in model.rows:
        moves = [f"{run.status} from {_day(run.start)} ({_plural(len(run.reports), 'report')})" for run in row.runs]
        parts.append(f"{category_label(row.category)} {', then '.join(moves)}")
        short.append(f"{category_label(row.category)} {' → '.join(run.status for run in row.runs)}")
    undated = f"; {_plural(model.undated, 'undated report')} not shown" if model.undated else ""
    head = f"Stance timeline for {model.country}, {span}"
    return _first_fitting(f"{head}: {'; '.join(parts)}{undated}.", f"{head}: {'; '.join(short)}{undated}.")


def sizes_alt(data: SizesData) -> str:
    if not data.points:
        return "Force sizes: no figures proposed on record."
    days = sorted(p.date for p in data.points)
    first, last = st.parse_day(days[0]), st.parse_day(days[-1])
    span = st.span_text(first, last) if first and last else ""

    def said(kind: str) -> list[str]:
        return [f"{p.who or 'unattributed'} {p.amount_text()} ({_day(p.date)}"
                f"{', ' + _plural(p.sources, 'source') if p.sources > 1 else ''})" for p in data.points if p.kind == kind]

    force, own = said("force"), said("contribution")
    differ = [f"{d.who or 'the whole force'} on {_day(d.date)} ({st.fmt_int(d.low)}–{st.fmt_int(d.high)})"
              for d in data.disagreements]
    parts = []
    if force:
        parts.append("whole force: " + "; ".join(force))
    if own:
        parts.append("national contributions: " + "; ".join(own))
    if differ:
        parts.append("sources differ on " + "; ".join(differ))
    short = [f"{_plural(len(force), 'whole-force figure')} and {_plural(len(own), 'national contribution')}"]
    if data.points:
        top = max(data.points, key=lambda p: p.high)
        short.append(f"the largest {st.fmt_int(top.high)} ({top.who or 'unattributed'}, {_day(top.date)})")
    return _first_fitting(f"Force sizes proposed, {span}: {'; '.join(parts)}.",
                          f"Force sizes proposed, {span}: {', '.join(short)}.")


__all__ = ["MAX_ALT", "matrix_alt", "sizes_alt", "timeline_alt"]

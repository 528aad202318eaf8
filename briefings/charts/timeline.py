"""One country's stance timeline: a band per category, coloured by status, over a time axis.

Each category is a row. A status holds from the report that changed it to the next change (the
last one runs to the end of the axis). Where a stance changes, the band starts with the status
glyph, and a label under it gives the day and the number of reports that stated that stance; the
later reports that repeated it are the small white ticks on the band. Pixel coordinates, y down.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from briefings.charts import style as st
from briefings.charts.models import TimelineModel
from briefings.knowledge import category_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

MARGIN = 18
TITLE_H = 84
ROW_H = 84
BAND_H = 30
AXIS_H = 44
LEGEND_H = 76
LABEL_FONT = 13
CATEGORY_FONT = 13


def _repeats(model: TimelineModel) -> bool:
    return any(day != run.start for row in model.rows for run in row.runs for day in run.reports)


def size_of(model: TimelineModel) -> tuple[int, int]:
    return st.WIDTH_PX, TITLE_H + len(model.rows) * ROW_H + AXIS_H + LEGEND_H - (0 if _repeats(model) else 32)


def _span(model: TimelineModel) -> tuple[int, int]:
    days = [d.toordinal() for d in (st.parse_day(x) for x in model.days) if d]
    first, last = min(days), max(days)
    if last - first < 14:  # a short history still gets a readable axis
        first, last = first - (14 - (last - first)) // 2, last + (14 - (last - first) + 1) // 2
    return first, last


def draw(model: TimelineModel) -> Figure:
    from datetime import date

    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    width, height = size_of(model)
    fig = st.new_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()

    first, last = _span(model)
    pad = max(3, round((last - first) * 0.06))
    longest = max(len(category_label(r.category)) for r in model.rows)
    left, right = MARGIN + min(longest * CATEGORY_FONT * 0.72 * st.DPI / 72 + 12, 240), width - MARGIN - 8

    def x_of(day: int) -> float:
        return left + (day - first) / (last + pad - first) * (right - left)

    days = model.days
    reports = sum(len(run.reports) for row in model.rows for run in row.runs)
    st.text(ax, MARGIN, 30, f"{model.country}: stance over time", size=19, bold=True, va="center")
    span = st.span_text(date.fromisoformat(days[0]), date.fromisoformat(days[-1]))
    undated = f" ({model.undated} undated, not shown)" if model.undated else ""
    st.text(ax, MARGIN, 60, f"{span} · {reports} dated report{'s' if reports != 1 else ''}{undated}",
            size=13, colour=st.MUTED, va="center")

    top = TITLE_H
    bottom = TITLE_H + len(model.rows) * ROW_H
    for tick, label in st.date_ticks(date.fromordinal(first), date.fromordinal(last + pad)):
        x = x_of(tick)
        if left <= x <= right - 24:
            ax.plot([x, x], [top, bottom], color=st.GRID, linewidth=1, zorder=0)
            st.text(ax, x, bottom + 16, label, size=13, colour=st.MUTED, ha="center", va="center")

    bands: list[Any] = []
    faces: list[str] = []
    for i, row in enumerate(model.rows):
        y = top + i * ROW_H + 10
        st.text(ax, MARGIN, y + BAND_H / 2, category_label(row.category), size=CATEGORY_FONT, bold=True, va="center")
        ax.plot([left, right], [y + BAND_H / 2] * 2, color=st.EMPTY_EDGE, linewidth=1, zorder=1)
        slots = [-1e9, -1e9]  # where each label line is free again
        for j, run in enumerate(row.runs):
            start = x_of(date.fromisoformat(run.start).toordinal())
            end = x_of(date.fromisoformat(row.runs[j + 1].start).toordinal()) if j + 1 < len(row.runs) else right
            end = max(end, start + 8)
            bands.append(Rectangle((start, y), end - start, BAND_H))
            faces.append(st.COLOURS[run.status])
            for again in run.reports[1:]:
                tx = x_of(date.fromisoformat(again).toordinal())
                if tx > start + 24:
                    ax.plot([tx, tx], [y + 5, y + BAND_H - 5], color="#FFFFFF", linewidth=2, zorder=4)
            if end - start >= 24:
                st.text(ax, start + 12, y + BAND_H / 2 + 1, st.GLYPHS[run.status], size=14, bold=True,
                        colour=st.GLYPH_COLOURS[run.status], ha="center", va="center", zorder=5)
            n = len(run.reports)
            label = f"{st.day_text(date.fromisoformat(run.start), year=False)} · {n} report{'s' if n != 1 else ''}"
            if not (end - start >= 24):
                label = f"{st.GLYPHS[run.status]} {label}"
            lw = st.text_size(fig, label, LABEL_FONT)[0]
            lx = min(start, right - lw)
            line = 0 if slots[0] <= lx else 1 if slots[1] <= lx else 0
            slots[line] = lx + lw + 8
            ax.plot([start, start], [y + BAND_H, y + BAND_H + 6 + line * 19], color=st.INK, linewidth=1, zorder=3)
            st.text(ax, lx, y + BAND_H + 15 + line * 19, label, size=LABEL_FONT, va="center")
    ax.add_collection(PatchCollection(bands, facecolors=faces, edgecolors="#FFFFFF", linewidths=1.5, zorder=2))
    _legend(ax, bottom + AXIS_H + 6, _repeats(model))
    return fig


def _legend(ax: Any, y: float, repeats: bool) -> None:
    from matplotlib.patches import Rectangle

    x: float = MARGIN
    for status in st.STATUSES:
        ax.add_patch(Rectangle((x, y - 12), 34, 24, facecolor=st.COLOURS[status], edgecolor=st.COLOURS[status]))
        st.text(ax, x + 17, y + 1, st.GLYPHS[status], size=14, bold=True, colour=st.GLYPH_COLOURS[status],
                ha="center", va="center")
        st.text(ax, x + 42, y, status, size=13, va="center")
        x += 42 + len(status) * 9.5 + 30
    if not repeats:
        return
    y += 32
    ax.add_patch(Rectangle((MARGIN, y - 12), 34, 24, facecolor=st.COLOURS["committed"],
                           edgecolor=st.COLOURS["committed"]))
    ax.plot([MARGIN + 17] * 2, [y - 7, y + 7], color="#FFFFFF", linewidth=2)
    st.text(ax, MARGIN + 42, y, "a later report that said the same", size=13, va="center")


__all__ = ["draw", "size_of"]

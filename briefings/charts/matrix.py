"""The pledge matrix: countries (rows, grouped committed → considering → declined) × categories.

Drawn in pixel coordinates on one axes that fills the figure (y grows downwards), so the layout is
exact and the picture's size depends only on the number of rows and columns: 800 px wide, a title
with the data date, the category names slanted above their columns, one 30 px row per country and
per group heading, and the legend below. Every filled cell has its status colour *and* glyph; an
empty cell is pale grey with a thin outline; a black corner marks a cell whose sources differ.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from briefings.charts import style as st
from briefings.charts.models import MatrixModel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

MARGIN = 18
TITLE_H = 78
HEADER_H = 112
ROW_H = 30
GROUP_H = 32
LEGEND_H = 78
NAME_FONT = 14
HEADER_FONT = 13
HEADER_ANGLE = 50
GLYPH_SIZE = 13  # points: the glyph's larger side
MAX_COL_W = 96
CORNER = 15
GROUP_TITLES = {"committed": "Committed to at least one category", "considering": "Considering, nothing committed",
                "declined": "Declined everything on record"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _label(category: str) -> str:
    return st.SHORT_CATEGORIES.get(category, category.replace("_", " ").capitalize())


def _text_px(s: str, size: float, bold: bool = False) -> float:
    """A generous estimate of a DejaVu Sans string's width in pixels (no renderer needed)."""
    return len(s) * size * (0.70 if bold else 0.62) * st.DPI / 72


def _marker(status: str) -> Any:
    """The status glyph as a marker (marker paths are drawn in display space, y up, whatever the axes)."""
    return st.glyph_path(st.GLYPHS[status])


def _fit(name: str, room: float) -> tuple[str, float]:
    """A name that fits ``room`` pixels: smaller type first (down to 11 pt), then cut with "…"."""
    size = float(NAME_FONT)
    while size > 11 and _text_px(name, size) > room:
        size -= 0.5
    while len(name) > 4 and _text_px(name, size) > room:
        name = name[:-2].rstrip() + "…"
    return name, size


def _columns(model: MatrixModel, width: int) -> tuple[float, float]:
    """The name column's width and each category column's, leaving room for the last slanted label."""
    longest = max((_text_px(r.country, NAME_FONT) for r in model.rows), default=100)
    ncols = max(len(model.categories), 1)
    spare = width - 2 * MARGIN - ncols * MAX_COL_W - 60  # few columns leave long names more room
    name_w = min(max(longest + 14, 130), max(280, spare))
    col_w = min((width - 2 * MARGIN - name_w) / ncols, MAX_COL_W)
    if model.categories:  # the last slanted label must end inside the picture
        reach = _text_px(_label(model.categories[-1]), HEADER_FONT, True) * math.cos(math.radians(HEADER_ANGLE))
        col_w = min(col_w, (width - 8 - reach - MARGIN - name_w) / (ncols - 0.5))
    return name_w, col_w


def size_of(model: MatrixModel) -> tuple[int, int]:
    """The picture's size in pixels (the empty picture is :func:`~.style.message_figure`'s)."""
    groups = sum(1 for s in st.STATUSES if model.group(s))
    return st.WIDTH_PX, TITLE_H + HEADER_H + len(model.rows) * ROW_H + groups * GROUP_H + LEGEND_H + 8


def title_of(model: MatrixModel) -> str:
    day = st.parse_day(model.as_of)
    scope = f": {model.scope}" if model.scope else ""
    return f"Who offers what{scope}" + (f", as of {st.day_text(day)}" if day else "")


def draw(model: MatrixModel) -> Figure:
    from matplotlib.collections import PolyCollection

    width, height = size_of(model)
    fig = st.new_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()

    counts = {s: sum(1 for r in model.rows for v in r.statuses if v == s) for s in st.STATUSES}
    st.text(ax, MARGIN, 30, title_of(model), size=19, bold=True, va="center")
    st.text(ax, MARGIN, 60, f"{_plural(sum(counts.values()), 'stance')} of {_plural(len(model.rows), 'country')}: "
            f"{counts['committed']} committed, {counts['considering']} considering, {counts['declined']} declined",
            size=13, colour=st.MUTED, va="center")

    name_w, col_w = _columns(model, width)
    ncols = max(len(model.categories), 1)
    x0 = MARGIN + name_w
    header_bottom = TITLE_H + HEADER_H
    for i, cat in enumerate(model.categories):
        st.text(ax, x0 + (i + 0.5) * col_w - 4, header_bottom - 8, _label(cat), size=HEADER_FONT, bold=True,
                rotation=HEADER_ANGLE, rotation_mode="anchor", ha="left", va="center")

    rects: list[Any] = []
    faces: list[str] = []
    edges: list[str] = []
    corners: list[Any] = []
    glyphs: dict[str, list[tuple[float, float]]] = {s: [] for s in st.STATUSES}
    y = header_bottom
    for status in st.STATUSES:
        rows = model.group(status)
        if not rows:
            continue
        st.text(ax, MARGIN, y + GROUP_H * 0.55, f"{st.GLYPHS[status]}  {GROUP_TITLES[status]} ({len(rows)})",
                size=13, bold=True, colour=st.INK, va="center")
        ax.plot([MARGIN, x0 + ncols * col_w], [y + GROUP_H - 2] * 2, color=st.COLOURS[status], linewidth=2.5,
                solid_capstyle="butt")
        y += GROUP_H
        for r in rows:
            name, size = _fit(r.country, name_w - 14)
            st.text(ax, x0 - 10, y + ROW_H / 2, name, size=size, ha="right", va="center")
            for i, (s, differ) in enumerate(zip(r.statuses, r.differ, strict=True)):
                cx = x0 + i * col_w
                left, top, right, bottom = cx + 1.5, y + 1.5, cx + col_w - 1.5, y + ROW_H - 1.5
                rects.append(((left, top), (right, top), (right, bottom), (left, bottom)))
                faces.append(st.COLOURS[s] if s else st.EMPTY_FILL)
                edges.append(st.COLOURS[s] if s else st.EMPTY_EDGE)
                if s:
                    glyphs[s].append((cx + col_w / 2, y + ROW_H / 2))
                if differ:
                    right, top = cx + col_w - 1.5, y + 1.5
                    corners.append(((right - CORNER, top), (right, top), (right, top + CORNER)))
            y += ROW_H
    ax.add_collection(PolyCollection(rects, facecolors=faces, edgecolors=edges, linewidths=0.8))
    for s, at in glyphs.items():  # one marker artist per status: drawing stays fast at 40 rows
        if at:
            ax.plot([p[0] for p in at], [p[1] for p in at], linestyle="none", marker=_marker(s), markersize=GLYPH_SIZE,
                    color=st.GLYPH_COLOURS[s], markeredgewidth=0, zorder=3)
    if corners:
        ax.add_collection(PolyCollection(corners, facecolors=st.INK, edgecolors="#FFFFFF", linewidths=1.2, zorder=4))
    _legend(ax, y + 14, width, any(any(r.differ) for r in model.rows))
    return fig


def _legend(ax: Any, top: float, width: int, differ: bool) -> None:
    """Two lines: the three statuses; then "nothing on record" and, if any, the sources-differ corner."""
    from matplotlib.patches import Polygon, Rectangle

    def swatch(x: float, y: float, status: str | None) -> None:
        face = st.COLOURS[status] if status else st.EMPTY_FILL
        edge = st.COLOURS[status] if status else st.EMPTY_EDGE
        ax.add_patch(Rectangle((x, y - 12), 34, 24, facecolor=face, edgecolor=edge, linewidth=0.8))
        if status:
            st.text(ax, x + 17, y + 1, st.GLYPHS[status], size=14, bold=True, colour=st.GLYPH_COLOURS[status],
                    ha="center", va="center")

    y = top + 12
    x: float = MARGIN
    for status in st.STATUSES:
        swatch(x, y, status)
        st.text(ax, x + 42, y, status, size=13, va="center")
        x += 42 + len(status) * 9.5 + 30
    y += 32
    swatch(MARGIN, y, None)
    st.text(ax, MARGIN + 42, y, "nothing on record", size=13, va="center")
    if differ:
        x = MARGIN + 42 + 200
        ax.add_patch(Rectangle((x, y - 12), 34, 24, facecolor=st.EMPTY_FILL, edgecolor=st.EMPTY_EDGE, linewidth=0.8))
        ax.add_patch(Polygon([(x + 34 - CORNER, y - 12), (x + 34, y - 12), (x + 34, y - 12 + CORNER)],
                             facecolor=st.INK, edgecolor="none"))
        st.text(ax, x + 42, y, "sources differ on the size", size=13, va="center")


__all__ = ["draw", "size_of", "title_of"]

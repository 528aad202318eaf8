"""Force sizes over time: who proposed what, when, and where sources differ.

A time axis against personnel (a logarithmic axis when the figures span more than twenty-fold, so a
company of 150 and a force of 30,000 both read). Whole-force figures are blue diamonds, national
contributions green circles (the shapes differ, so greyscale reads too); a stated range is a bar
with caps; a day on which sources give different whole-force sizes is a grey band marked "sources
differ". Each figure is labelled once, with its proposer and amount; later repeats of the same
figure by the same proposer are joined to it by a thin line.
"""

from __future__ import annotations

import logging
import math
from datetime import date
from typing import TYPE_CHECKING, Any

from briefings.charts import style as st
from briefings.charts.sizes_data import SizePoint, SizesData

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

WIDTH, HEIGHT = st.WIDTH_PX, 560
LEFT, RIGHT, TOP, BOTTOM = 92, 24, 118, 52  # pixels around the plot
KIND_STYLE = {"force": ("D", "#0072B2", "whole force"), "contribution": ("o", "#009E73", "one country's own")}
LABEL_FONT = 13


def _ordinal(p: SizePoint) -> int:
    return date.fromisoformat(p.date).toordinal()


def label_of(p: SizePoint) -> str:
    """"up to 30,000 force (unattributed)", "United Kingdom offers 10,000 (3 sources)"."""
    many = f", {p.sources} sources" if p.sources > 1 else ""
    if p.kind == "force":
        return f"{p.amount_text()} force ({p.who or 'unattributed'}{many})"
    return f"{p.who} offers {p.amount_text()}" + (f" ({p.sources} sources)" if many else "")


def _y_ticks(lo: float, hi: float, log_scale: bool) -> list[float]:
    if log_scale:
        out = [m * 10**e for e in range(0, 8) for m in (1, 3)]
        return [v for v in out if lo <= v <= hi]
    step = 10 ** math.floor(math.log10(max(hi - lo, 1)))
    for mult in (1, 2, 5, 10):
        if (hi - lo) / (step * mult) <= 6:
            step *= mult
            break
    return [v * step for v in range(math.ceil(lo / step), math.floor(hi / step) + 1)]


def draw(data: SizesData) -> Figure:
    from matplotlib.transforms import IdentityTransform

    fig = st.new_figure(WIDTH, HEIGHT)
    ax = fig.add_axes((LEFT / WIDTH, BOTTOM / HEIGHT, 1 - (LEFT + RIGHT) / WIDTH, 1 - (TOP + BOTTOM) / HEIGHT))
    points = data.points
    xs = [_ordinal(p) for p in points]
    first, last = min(xs), max(xs)
    span = max(last - first, 14)
    pad = max(3, round(span * 0.08))
    x_lo, x_hi = first - pad, first + span + pad * 4  # room on the right for the last labels
    lows = [p.low for p in points] + [d.low for d in data.disagreements]
    highs = [p.high for p in points] + [d.high for d in data.disagreements]
    log_scale = max(highs) / max(min(lows), 1) > 20
    if log_scale:
        ax.set_yscale("log")
        y_lo, y_hi = min(lows) / 1.8, max(highs) * 1.8
    else:
        y_lo, y_hi = 0.0, max(highs) * 1.25
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    _axes_style(ax, date.fromordinal(x_lo), date.fromordinal(x_hi), _y_ticks(y_lo, y_hi, log_scale))

    dspan = st.span_text(date.fromordinal(first), date.fromordinal(last))
    st.text(fig, MARGIN_X, 1 - 30 / HEIGHT, "Force sizes proposed", size=19, bold=True, va="center")
    st.text(fig, MARGIN_X, 1 - 58 / HEIGHT, f"{dspan} · personnel, by who proposed them", size=13, colour=st.MUTED,
            va="center")
    _legend(fig, ax, bool(data.disagreements))

    placed: list[tuple[float, float, float, float]] = []  # label boxes in pixels, y up
    for d in data.disagreements:
        day = date.fromisoformat(d.date).toordinal()
        ax.fill_between([day - 1.2, day + 1.2], d.low, d.high, color="#BBBBBB", alpha=0.55, linewidth=0, zorder=1)
        tx, ty = ax.transData.transform((day, d.high))
        w = len("sources differ") * 11 * 0.6 * st.DPI / 72
        placed.append((tx - w / 2, ty + 6, tx + w / 2, ty + 24))
        st.text(ax, tx, ty + 8, "sources differ", size=11, colour=st.MUTED, ha="center", va="bottom", zorder=6,
                transform=IdentityTransform())

    series: dict[tuple[str, str], list[SizePoint]] = {}
    for p in points:
        series.setdefault((p.kind, p.who_code or ""), []).append(p)
    offsets = {"force": -0.35, "contribution": 0.35}  # two kinds on one day sit side by side
    to_label: list[tuple[SizePoint, float, float]] = []
    for (kind, _code), ps in sorted(series.items()):
        marker, colour, _ = KIND_STYLE[kind]
        px = [_ordinal(p) + offsets[kind] for p in ps]
        py = [(p.low * p.high) ** 0.5 if log_scale else (p.low + p.high) / 2 for p in ps]
        if len(ps) > 1:
            ax.plot(px, py, color=colour, linewidth=1, alpha=0.6, zorder=2)
        shown: set[str] = set()
        for p, x, y in zip(ps, px, py, strict=True):
            if p.high != p.low:
                ax.plot([x, x], [p.low, p.high], color=colour, linewidth=2.5, zorder=3, solid_capstyle="butt")
                ax.plot([x - 0.8, x + 0.8, math.nan, x - 0.8, x + 0.8], [p.low, p.low, math.nan, p.high, p.high],
                        color=colour, linewidth=2, zorder=3)
            ax.plot([x], [y], marker=marker, markersize=10 if marker == "D" else 11, color=colour,
                    markeredgecolor="#FFFFFF", markeredgewidth=1.2, linestyle="none", zorder=4)
            mx, my = ax.transData.transform((x, y))
            placed.append((mx - 8, my - 8, mx + 8, my + 8))  # no label covers a marker
            if p.amount_text() not in shown:
                shown.add(p.amount_text())
                to_label.append((p, x, y))
    for p, x, y in to_label:
        _label(fig, ax, x, y, label_of(p), placed, below=p.kind == "contribution")
    return fig


MARGIN_X = 18 / WIDTH


def _axes_style(ax: Axes, first: date, last: date, y_ticks: list[float]) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(st.EMPTY_EDGE)
    ax.set_facecolor(st.BACKGROUND)
    ticks = [(t, s) for t, s in st.date_ticks(first, last) if t <= last.toordinal() - (last - first).days * 0.04]
    ax.set_xticks([t for t, _ in ticks], labels=[s for _, s in ticks], fontproperties=st.font(13), color=st.MUTED)
    ax.set_yticks(y_ticks, labels=[st.fmt_int(int(v)) for v in y_ticks], fontproperties=st.font(13), color=st.MUTED)
    ax.minorticks_off()
    ax.tick_params(axis="both", color=st.EMPTY_EDGE, labelcolor=st.MUTED, length=4)
    ax.grid(True, axis="y", color=st.GRID, linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)


def _legend(fig: Figure, ax: Axes, differ: bool) -> None:
    y = 1 - 92 / HEIGHT
    x = MARGIN_X
    for _kind, (marker, colour, label) in KIND_STYLE.items():
        fig.add_artist(_marker(fig, x + 8 / WIDTH, y, marker, colour))
        st.text(fig, x + 22 / WIDTH, y, label, size=13, va="center")
        x += (22 + len(label) * 9.5 + 28) / WIDTH
    if differ:
        from matplotlib.patches import Rectangle

        fig.add_artist(Rectangle((x, y - 9 / HEIGHT), 16 / WIDTH, 18 / HEIGHT, transform=fig.transFigure,
                                 facecolor="#BBBBBB", alpha=0.55, edgecolor="none"))
        st.text(fig, x + 22 / WIDTH, y, "sources differ that day", size=13, va="center")


def _marker(fig: Figure, x: float, y: float, marker: str, colour: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x], [y], transform=fig.transFigure, marker=marker, markersize=10, color=colour,
                  markeredgecolor="#FFFFFF", linestyle="none")


def _label(fig: Figure, ax: Axes, x: float, y: float, text: str, placed: list[tuple[float, float, float, float]], *,
           below: bool) -> None:
    """Put ``text`` beside the point: the first side where it overlaps no label already placed (else the
    side where it overlaps least), measured with the canvas's own renderer."""
    from matplotlib.transforms import IdentityTransform

    px, py = ax.transData.transform((x, y))
    w, h = st.text_size(fig, text, LABEL_FONT)
    h += 6
    ups, downs = [6.0, 24.0, 42.0], [-h - 6, -h - 24, -h - 42]
    rows = [dy for pair in zip(downs, ups, strict=True) for dy in pair] if below else \
        [dy for pair in zip(ups, downs, strict=True) for dy in pair]
    tries = [(dx, dy) for dy in rows for dx in (10.0, -w - 10)]  # nearest first, the right side before the left

    def overlap(box: tuple[float, float, float, float]) -> float:
        return sum(max(0.0, min(box[2], b[2]) - max(box[0], b[0])) * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
                   for b in placed)

    boxes = [(px + dx, py + dy, px + dx + w, py + dy + h) for dx, dy in tries]
    boxes = [b for b in boxes if 6 <= b[0] and b[2] <= WIDTH - 6] or boxes
    box = next((b for b in boxes if overlap(b) == 0), None) or min(boxes, key=overlap)
    placed.append(box)
    st.text(ax, box[0], box[1] + h / 2, text, size=LABEL_FONT, va="center", ha="left", transform=IdentityTransform(),
            zorder=7, clip_on=False)


__all__ = ["draw"]

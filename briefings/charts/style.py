"""What every picture shares: the palette, the status glyphs, the font, the canvas and the PNG writer.

* Colours are the Okabe–Ito colourblind-safe set; each status also has its own glyph (✔ ? ✘), so a
  picture reads the same in greyscale or to someone who cannot tell the colours apart.
* The font is matplotlib's bundled DejaVu Sans, loaded by file name (never looked up or fetched),
  so every machine draws the same pixels.
* Figures are :class:`matplotlib.figure.Figure` on a :class:`FigureCanvasAgg`: no pyplot, no global
  backend switch, no display. matplotlib is imported only when a picture is drawn.
* PNGs are written without the "Software" text chunk or any time, so the same data gives the same
  bytes on every run.
"""

from __future__ import annotations

import io
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

log = logging.getLogger(__name__)

FONT_NAME = "DejaVu Sans"  # matplotlib's bundled copy (mpl-data/fonts/ttf), never fetched
DPI = 100
WIDTH_PX = 800  # Discord shows it at about 400 px: every size below is chosen to read at half scale

STATUSES = ("committed", "considering", "declined")
COLOURS = {"committed": "#0072B2", "considering": "#E69F00", "declined": "#D55E00"}  # Okabe–Ito blue/orange/vermillion
GLYPHS = {"committed": "✔", "considering": "?", "declined": "✘"}
GLYPH_COLOURS = {"committed": "#FFFFFF", "considering": "#000000", "declined": "#000000"}
EMPTY_FILL = "#F4F4F4"
EMPTY_EDGE = "#C8C8C8"
INK = "#1A1A1A"
MUTED = "#5A5A5A"
GRID = "#DDDDDD"
BACKGROUND = "#FFFFFF"

SHORT_CATEGORIES = {
    "ground_troops": "Troops", "air": "Air", "maritime": "Maritime", "logistics": "Logistics",
    "intelligence": "Intelligence", "training": "Training", "funding": "Funding", "equipment": "Equipment",
    "humanitarian": "Humanitarian",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def font_file(bold: bool = False) -> Path:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@lru_cache(maxsize=32)
def font(size: float, bold: bool = False) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(font_file(bold)), size=size)


@lru_cache(maxsize=8)
def glyph_path(glyph: str) -> Any:
    """The glyph's outline in the bold font, centred on (0, 0): a marker, so a hundred cells are one artist."""
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    outline = TextPath((0, 0), glyph, prop=font(10, bold=True))
    (x0, y0), (x1, y1) = outline.get_extents().get_points()
    return MplPath(outline.vertices - ((x0 + x1) / 2, (y0 + y1) / 2), outline.codes)


def new_figure(width_px: int, height_px: int) -> Figure:
    """A blank figure of exactly ``width_px`` × ``height_px`` pixels on its own Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor=BACKGROUND, frameon=True)
    FigureCanvasAgg(fig)
    return fig


def text_size(fig: Figure, s: str, size: float, bold: bool = False) -> tuple[float, float]:
    """The width and height in pixels of ``s`` as the figure's Agg renderer will draw it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    w, h, _ = canvas.get_renderer().get_text_width_height_descent(s, font(size, bold), ismath=False)
    return float(w), float(h)


def text(target: Any, x: float, y: float, s: str, *, size: float, bold: bool = False, colour: str = INK,
         **kwargs: Any) -> Any:
    """Text with the bundled font, never parsed as mathtext (a "$" in a name stays a "$")."""
    return target.text(x, y, s, fontproperties=font(size, bold), color=colour, usetex=False, parse_math=False,
                       **kwargs)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, the same bytes for the same drawing (no software name, no time)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    buf = io.BytesIO()
    canvas.print_png(buf, metadata={"Software": None})
    return buf.getvalue()


def message_figure(title: str, message: str) -> Figure:
    """A small picture that says there is nothing to draw, and why."""
    fig = new_figure(WIDTH_PX, 220)
    text(fig, 0.04, 0.80, title, size=20, bold=True, va="center")
    text(fig, 0.04, 0.45, message, size=16, colour=MUTED, va="center", wrap=True)
    return fig


def parse_day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def day_text(d: date, *, year: bool = True) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def span_text(first: date, last: date) -> str:
    if first == last:
        return day_text(first)
    return f"{day_text(first, year=first.year != last.year)} – {day_text(last)}"


def date_ticks(first: date, last: date) -> list[tuple[int, str]]:
    """(ordinal, label) ticks between two days: weekly for short spans, month starts for long ones."""
    span = (last - first).days
    out: list[tuple[int, str]] = []
    if span <= 100:  # at most about seven labels: they must not touch at half size
        step = 14 if span > 42 else 7 if span > 14 else 2 if span > 6 else 1
        d = first.toordinal()
        while d <= last.toordinal():
            out.append((d, day_text(date.fromordinal(d), year=False)))
            d += step
        return out
    every = 1 if span <= 200 else 2 if span <= 400 else 3 if span <= 800 else 12
    y, m = first.year, first.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d0 = date(y, m, 1)
        if d0 > last:
            return out
        if (m - 1) % every == 0:
            out.append((d0.toordinal(), MONTHS[m - 1] + (f" {y}" if m == 1 or not out else "")))


def fmt_int(n: int) -> str:
    return f"{n:,}"


__all__ = [
    "COLOURS", "DPI", "FONT_NAME", "GLYPHS", "GLYPH_COLOURS", "STATUSES", "WIDTH_PX", "date_ticks", "day_text",
    "font", "glyph_path", "message_figure", "new_figure", "parse_day", "png_bytes", "span_text", "text", "text_size",
]

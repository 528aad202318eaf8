"""Pictures of the knowledge: typed data in, PNG bytes (an :class:`~briefings.replies.Image`) out.

Three pictures, each drawn from a command's typed payload, never from rendered text:

* :func:`pledge_matrix` (a :class:`~briefings.replies.payloads.PledgesPayload`): countries × categories;
* :func:`stance_timeline` (a :class:`~briefings.replies.payloads.CountryPayload`): one country's stance
  per category over time, with the reports that changed it;
* :func:`force_sizes` (:class:`SizesData`, read by :func:`sizes_data` on a database thread): the
  force sizes proposed over time, and who proposed them.

Every picture carries alt text that says the same facts in one sentence. Drawing is synchronous and
CPU-bound: call these on a worker thread (``asyncio.to_thread``), as
:meth:`briefings.commands.Briefings.chart` does. Results are cached by the data they show
(:data:`CACHE`), so the same data gives the same bytes without drawing again. matplotlib (Agg canvas,
no pyplot, bundled DejaVu Sans) is imported only when a picture is first drawn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefings.charts import alt
from briefings.charts import style as st
from briefings.charts.cache import ChartCache, Drawn, key_of
from briefings.charts.models import MatrixModel, TimelineModel, matrix_model, timeline_model
from briefings.charts.sizes_data import Disagreement, SizePoint, SizesData, sizes_data
from briefings.replies import Image
from briefings.replies.payloads import CountryPayload, PledgesPayload

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

CACHE = ChartCache()
KINDS = ("pledges", "country", "sizes")
FONT_NAME = st.FONT_NAME


def _drawn(kind: str, model: object, draw: Callable[[], Figure], cache: ChartCache) -> Drawn:
    def make() -> Drawn:
        fig = draw()
        width, height = (int(round(v)) for v in fig.get_size_inches() * fig.dpi)
        return Drawn(st.png_bytes(fig), width, height)

    return cache.get_or_draw(key_of(kind, model), make)


def pledge_matrix(payload: PledgesPayload, *, scope: str | None = None, cache: ChartCache = CACHE) -> Image:
    """The pledge matrix of ``payload`` (``scope`` names a filter in the title: "United Kingdom")."""
    from briefings.charts import matrix

    model = matrix_model(payload, scope)
    title = "Who offers what" + (f": {scope}" if scope else "")

    def draw() -> Figure:
        if not model.rows:
            return st.message_figure(title, "No pledges or refusals on record yet.")
        return matrix.draw(model)

    return Image(_drawn("pledges", model, draw, cache).png, alt.matrix_alt(model), "pledge-matrix.png")


def stance_timeline(payload: CountryPayload, *, cache: ChartCache = CACHE) -> Image:
    """One country's stance per category over time."""
    from briefings.charts import timeline

    model = timeline_model(payload)

    def draw() -> Figure:
        if not model.rows:
            return st.message_figure(f"{model.country}: stance over time", "No dated stance on record yet.")
        return timeline.draw(model)

    name = f"stance-{(model.country_code or 'country').lower()}.png"
    return Image(_drawn("country", model, draw, cache).png, alt.timeline_alt(model), name)


def force_sizes(data: SizesData, *, cache: ChartCache = CACHE) -> Image:
    """The force sizes proposed over time, with ranges where sources differ."""
    from briefings.charts import sizes

    def draw() -> Figure:
        if not data.points:
            return st.message_figure("Force sizes proposed", "No force sizes on record yet.")
        return sizes.draw(data)

    return Image(_drawn("sizes", data, draw, cache).png, alt.sizes_alt(data), "force-sizes.png")


def warm_up() -> None:
    """Import matplotlib and load the font now (about half a second), so a first picture is quick.

    A front-end may run this on a worker thread at start: ``await asyncio.to_thread(charts.warm_up)``."""
    st.png_bytes(st.message_figure("Warming up", " ".join(st.GLYPHS.values())))
    for glyph in st.GLYPHS.values():
        st.glyph_path(glyph)


def picture_of(payload: object, *, scope: str | None = None, cache: ChartCache = CACHE) -> Image | None:
    """The picture of a reply's payload, or None when that kind of reply has none."""
    if isinstance(payload, PledgesPayload):
        return pledge_matrix(payload, scope=scope, cache=cache)
    if isinstance(payload, CountryPayload):
        return stance_timeline(payload, cache=cache)
    if isinstance(payload, SizesData):
        return force_sizes(payload, cache=cache)
    return None


__all__ = [
    "CACHE", "FONT_NAME", "KINDS", "ChartCache", "Disagreement", "MatrixModel", "SizePoint", "SizesData",
    "TimelineModel", "force_sizes", "matrix_model", "picture_of", "pledge_matrix", "sizes_data", "stance_timeline",
    "timeline_model", "warm_up",
]

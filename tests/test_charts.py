"""The pictures (briefings/charts): valid, deterministic PNGs of the typed payloads, cached, with alt text."""

from __future__ import annotations

import asyncio
import struct
import zlib
from pathlib import Path

import pytest
from render_db import build

from briefings import charts
from briefings.charts import matrix, style, timeline
from briefings.charts.cache import ChartCache
from briefings.commands import Briefings, views
from briefings.errors import UsageError
from briefings.replies import Source
from briefings.replies.payloads import CountryPayload, HistoryStep, PledgeEntry, PledgesPayload
from storage import DatabaseRunner

CATS = ("ground_troops", "air", "maritime", "logistics", "intelligence", "training", "funding", "equipment",
        "humanitarian")
STATUSES = ("committed", "considering", "declined")


def png_info(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and chunk types of a PNG, checking its signature and every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds, size = 8, [], (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        kinds.append(kind)
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    return size[0], size[1], kinds


def entry(name: str, code: str, cat: str, status: str, *, size: int | None = None,
          size_range: tuple[int, int] | None = None) -> PledgeEntry:
    return PledgeEntry(country=name, country_code=code, category=cat, status=status, size=size,
                       date="2025-03-03", summary="", sources=(Source(url=f"https://x.test/{code}", title="t"),),
                       size_range=size_range)


def forty() -> PledgesPayload:
    """40 countries (long names too), each with two to five categories, every status used."""
    rows = []
    for i in range(40):
        name = f"Country {i:02d}" if i % 7 else f"Republic of Somewhere Long {i:02d}"
        code = f"{chr(65 + i // 26)}{chr(65 + i % 26)}"
        for j in range(2 + i % 4):
            rows.append(entry(name, code, CATS[(i + j * 2) % len(CATS)], STATUSES[(i + j) % 3]))
    return PledgesPayload(as_of="2025-05-10T15:00:00Z", pledges=tuple(rows))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = build(tmp_path_factory.mktemp("charts") / "c.db")
    yield database
    database.close()


@pytest.fixture
def cache() -> ChartCache:
    return ChartCache()


def test_matrix_png_sizes_for_empty_small_and_forty_countries(db, cache):
    empty = charts.pledge_matrix(PledgesPayload(as_of=None, pledges=()), cache=cache)
    assert png_info(empty.png)[:2] == (800, 220)
    small_payload = views.pledges(db).payload
    small = charts.pledge_matrix(small_payload, cache=cache)
    model = charts.matrix_model(small_payload)
    assert png_info(small.png)[:2] == matrix.size_of(model)
    assert [r.country for r in model.rows] == ["Denmark", "Latvia", "United Kingdom", "Hungary"]
    big = charts.pledge_matrix(forty(), cache=cache)
    width, height, _ = png_info(big.png)
    assert width == 800 and height == matrix.size_of(charts.matrix_model(forty()))[1] > 1200
    assert len(big.png) < 400_000


def test_png_is_deterministic_with_no_time_or_software_chunk(db):
    payload = views.pledges(db).payload
    one = charts.pledge_matrix(payload, cache=ChartCache()).png
    two = charts.pledge_matrix(payload, cache=ChartCache()).png
    assert one == two
    kinds = png_info(one)[2]
    assert b"tIME" not in kinds and b"tEXt" not in kinds and b"iTXt" not in kinds


def test_the_cache_returns_the_same_bytes_without_drawing_again(db, cache):
    payload = views.pledges(db).payload
    first = charts.pledge_matrix(payload, cache=cache)
    assert cache.renders == 1
    rebuilt = views.pledges(db).payload  # the same data read again: an equal payload, a new object
    again = charts.pledge_matrix(rebuilt, cache=cache)
    assert again.png is first.png and cache.renders == 1 and cache.hits == 1
    other = charts.pledge_matrix(views.pledges(db, "GB").payload, cache=cache)
    assert cache.renders == 2 and other.png != first.png


def test_the_cache_is_bounded():
    cache = ChartCache(maxsize=2)
    for code in ("AA", "BB", "CC"):
        charts.pledge_matrix(PledgesPayload("2025-01-01", (entry(code, code, "air", "committed"),)), cache=cache)
    assert len(cache) == 2 and cache.renders == 3


def test_matrix_alt_text_says_the_same_facts_in_one_sentence(db):
    alt = charts.pledge_matrix(views.pledges(db).payload, cache=ChartCache()).alt
    assert alt.startswith("Pledge matrix as of 2 Apr 2025: 4 countries across 4 categories")
    assert "committed: Denmark (ground troops, maritime support); Latvia (logistics); United Kingdom (air support)" in alt
    assert "declined: Hungary (ground troops)" in alt
    assert alt.endswith(".") and "\n" not in alt
    big = charts.pledge_matrix(forty(), cache=ChartCache()).alt
    assert len(big) <= 1000 and "40 countries" in big and big.endswith(".")


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_every_status_has_a_glyph_so_greyscale_still_reads():
    payload = PledgesPayload("2025-03-03", (entry("Aland", "AX", "air", "committed"),
                                            entry("Bland", "BX", "air", "considering"),
                                            entry("Cland", "CX", "air", "declined")))
    fig = matrix.draw(charts.matrix_model(payload))
    texts = _texts(fig)
    for status in STATUSES:
        glyph = style.GLYPHS[status]
        # the glyph marks its cell (one marker artist per status), its group heading and the legend
        cells = [line for line in fig.axes[0].lines if line.get_marker() is style.glyph_path(glyph)]
        assert len(cells) == 1 and len(cells[0].get_xdata()) == 1, status
        assert glyph in texts and any(t.startswith(glyph + " ") for t in texts), status
    assert len(set(style.GLYPHS.values())) == 3

    def grey(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    greys = sorted(grey(style.COLOURS[s]) for s in STATUSES)
    assert min(b - a for a, b in zip(greys, greys[1:], strict=False)) > 0.08  # the fills differ in grey too
    assert grey(style.EMPTY_FILL) > max(greys) + 0.2  # an empty cell is clearly lighter than any filled one


def test_a_cell_whose_sources_differ_is_marked_and_said():
    plain = PledgesPayload("2025-03-03", (entry("Aland", "AX", "ground_troops", "committed", size=5000),))
    differ = PledgesPayload("2025-03-03", (entry("Aland", "AX", "ground_troops", "committed", size=5000,
                                                 size_range=(5000, 9000)),))
    model = charts.matrix_model(differ)
    assert model.rows[0].differ == (True,)
    fig = matrix.draw(model)
    assert "sources differ on the size" in _texts(fig)
    cache = ChartCache()
    a, b = charts.pledge_matrix(plain, cache=cache), charts.pledge_matrix(differ, cache=cache)
    assert a.png != b.png and "sources differ on the size for Aland (ground troops)" in b.alt
    assert "sources differ" not in a.alt


def test_rows_are_grouped_committed_then_considering_then_declined():
    payload = PledgesPayload("2025-03-03", (
        entry("Zed", "ZZ", "air", "declined"), entry("Mixed", "MX", "air", "declined"),
        entry("Mixed", "MX", "training", "committed"), entry("Able", "AB", "air", "considering"),
        entry("Both", "BO", "air", "considering"), entry("Both", "BO", "funding", "declined")))
    model = charts.matrix_model(payload)
    assert [(r.country, r.group) for r in model.rows] == [
        ("Mixed", "committed"), ("Able", "considering"), ("Both", "considering"), ("Zed", "declined")]
    assert model.categories == ("air", "training", "funding")
    assert model.rows[0].statuses == ("declined", "committed", None)


def history(*steps: tuple[str, str | None]) -> tuple[HistoryStep, ...]:
    return tuple(HistoryStep(status, day, "q", "https://x.test") for status, day in steps)


def test_stance_timeline_runs_reports_and_alt():
    payload = CountryPayload("SE", "Sweden", pledges=(), history={
        "ground_troops": history(("considering", None), ("considering", "2025-02-17"), ("considering", "2025-02-17"),
                                 ("committed", "2025-03-16"), ("considering", "2025-04-11")),
        "air": history(("committed", "2025-03-01")),
    })
    model = charts.timeline_model(payload)
    assert [r.category for r in model.rows] == ["ground_troops", "air"]
    runs = model.rows[0].runs
    assert [(r.status, r.start, len(r.reports)) for r in runs] == [
        ("considering", "2025-02-17", 2), ("committed", "2025-03-16", 1), ("considering", "2025-04-11", 1)]
    assert model.undated == 1
    image = charts.stance_timeline(payload, cache=ChartCache())
    assert png_info(image.png)[:2] == timeline.size_of(model)
    assert image.name == "stance-se.png"
    assert image.alt == (
        "Stance timeline for Sweden, 17 Feb – 11 Apr 2025: ground troops considering from 17 Feb 2025 (2 reports), "
        "then committed from 16 Mar 2025 (1 report), then considering from 11 Apr 2025 (1 report); "
        "air support committed from 1 Mar 2025 (1 report); 1 undated report not shown.")
    texts = _texts(timeline.draw(model))
    assert "17 Feb · 2 reports" in texts and "16 Mar · 1 report" in texts


def test_a_country_with_no_dated_stance_gets_a_clear_picture(db):
    nothing = charts.stance_timeline(views.country(db, "FR").payload, cache=ChartCache())
    assert png_info(nothing.png)[:2] == (800, 220)
    assert nothing.alt == "Stance timeline for France: no dated stance on record."
    fig = style.message_figure("France: stance over time", "No dated stance on record yet.")
    assert "No dated stance on record yet." in _texts(fig)


def test_empty_matrix_says_so():
    image = charts.pledge_matrix(PledgesPayload(as_of=None, pledges=()), cache=ChartCache())
    assert image.alt == "Pledge matrix: no pledges or refusals on record."


def sizes_db(path: Path):
    from render_db import _add, fact

    from storage.articles import ArticleRecord, Knowledge, save_article

    database = build(path)

    def figures(slug: str, day: str, *rows: dict) -> None:
        rec = ArticleRecord(guid=f"fig:{slug}", url=f"https://fig.test/{slug}", canonical_url=f"https://fig.test/{slug}",
                            title=slug, outlet="Fig", published=f"{day}T08:00:00Z", updated=None, text="t",
                            content_hash=slug, relevance=9.0, relevant=True)
        save_article(database, rec, Knowledge(figures=list(rows)), lambda _c: None)

    figures("a", "2025-02-17", {"kind": "force_size", "value": 30000, "qualifier": "up to", "date": "2025-02-17",
                                "quote": "A force of up to 30,000."})
    figures("b", "2025-03-15", {"kind": "force_size", "value": 10000, "proposer_code": "GB", "date": "2025-03-15",
                                "quote": "The UK spoke of 10,000."},
            {"kind": "force_size", "value": 30000, "date": "2025-03-15", "quote": "Others said 30,000."},
            {"kind": "head_count", "value": 18, "date": "2025-03-15", "quote": "18 leaders."})
    figures("c", "2025-03-16", {"kind": "force_size", "value": 30000, "qualifier": "up to", "date": "2025-03-16",
                                "quote": "Up to 30,000 again."})
    # Denmark's 700 (render_db) and a second report of 900: the table keeps them as a range
    _add(database, "dk-more", "2025-03-04T09:00:00Z", facts=(
        fact("DK", "committed", "2025-03-04", "Denmark could send 900 soldiers.", size=900),))
    return database


def test_force_sizes_data_and_picture(tmp_path):
    database = sizes_db(tmp_path / "s.db")
    data = charts.sizes_data(database)
    force = [(p.date, p.who, p.low, p.qualifier) for p in data.points if p.kind == "force"]
    assert force == [("2025-02-17", "", 30000, "up to"), ("2025-03-15", "", 30000, None),
                     ("2025-03-15", "United Kingdom", 10000, None), ("2025-03-16", "", 30000, "up to")]
    own = [(p.date, p.who, p.low) for p in data.points if p.kind == "contribution"]
    assert own == [("2025-03-03", "Denmark", 700), ("2025-03-04", "Denmark", 900)]
    assert [(d.date, d.low, d.high, d.who) for d in data.disagreements] == [
        ("2025-03-04", 700, 900, "Denmark"), ("2025-03-15", 10000, 30000, "")]
    image = charts.force_sizes(data, cache=ChartCache())
    assert png_info(image.png)[:2] == (800, 560)
    assert "whole force: unattributed up to 30,000 (17 Feb 2025)" in image.alt
    assert "national contributions: Denmark 700 (3 Mar 2025); Denmark 900 (4 Mar 2025)" in image.alt
    assert "sources differ on Denmark on 4 Mar 2025 (700–900); the whole force on 15 Mar 2025 (10,000–30,000)" \
        in image.alt
    empty = charts.force_sizes(charts.SizesData(as_of=None, points=()), cache=ChartCache())
    assert png_info(empty.png)[:2] == (800, 220) and empty.alt == "Force sizes: no figures proposed on record."
    database.close()


@pytest.fixture
def briefings(tmp_path):
    build(tmp_path / "b.db").close()
    runner = DatabaseRunner(tmp_path / "b.db")
    yield Briefings(runner)
    runner.close()


def test_rendering_does_not_block_the_event_loop(briefings):
    async def scenario() -> tuple[int, int]:
        charts.CACHE.clear()
        ticks = 0

        async def heartbeat() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0.02)
        before = ticks
        image = await briefings.chart("pledges")
        during = ticks - before
        beat.cancel()
        assert image.png.startswith(b"\x89PNG")
        return during, charts.CACHE.renders

    during, renders = asyncio.run(scenario())
    assert renders == 1 and during >= 3  # the loop kept ticking while the picture was drawn


def test_briefings_chart_kinds_and_usage_errors(briefings):
    async def scenario() -> None:
        country = await briefings.chart("country", "Denmark")
        assert country.name == "stance-dk.png" and "Denmark" in country.alt
        narrowed = await briefings.chart("pledges", "UK")
        assert narrowed.alt.startswith("Pledge matrix for United Kingdom")
        sizes = await briefings.chart("sizes")
        assert sizes.name == "force-sizes.png"
        reply = await briefings.country("Denmark")
        assert (await briefings.chart_of(reply)) == country
        assert await briefings.chart_of(await briefings.timeline()) is None
        with pytest.raises(UsageError, match="Name a country"):
            await briefings.chart("country")
        with pytest.raises(UsageError, match="no “pie” chart"):
            await briefings.chart("pie")
        with pytest.raises(UsageError, match="Did you mean Denmark"):
            await briefings.chart("country", "Denmrk")

    asyncio.run(scenario())

"""Dates with and without a publication date: never the time of ingest.

With no publication date, relative dates give no date, a day and month take their year from the
nearest written year in the text, and an undated fact stays undated (None, "date unknown") and never
overrides a dated one. With one, relative dates resolve against it. The texts are written for these
tests; the seed article is read from ../shared/seed when it is there.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefings.extract import extract
from briefings.extract.dates import find_date, year_anchors
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.knowledge import build_table
from storage import DatabaseRunner
from storage import knowledge as kq

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "volunteer-alliance-article.txt"


@pytest.mark.parametrize(
    "sentence",
    [
        "Earlier this year, Norway said it would send troops.",
        "On Sunday the Danish minister said Denmark would send a frigate.",
        "Last week Latvia said it was ready to send soldiers.",
        "Yesterday the Dutch cabinet agreed to send air defence units.",
        "Two days ago Belgium pledged funding.",
        "Today the Czech government ruled out troops.",
    ],
)
def test_relative_dates_need_a_publication_date(sentence: str) -> None:
    assert find_date(sentence, None) is None
    assert all(f.date is None for f in extract(sentence).facts)
    assert find_date(sentence, date(2025, 5, 7)) is not None  # the same words resolve against one


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("On 6 March the leaders met.", date(2025, 2, 20), date(2025, 3, 6)),
        ("On February 16 he spoke.", date(2024, 11, 11), date(2025, 2, 16)),  # the narrative crosses the new year
        ("On 20 December they met.", date(2025, 1, 10), date(2024, 12, 20)),
        ("On 6 March the leaders met.", None, None),  # no year anywhere: no date
        ("On 6 March 2023 the leaders met.", date(2025, 1, 1), date(2023, 3, 6)),  # a written year wins
        ("in November 2024 the talks began", None, date(2024, 11, 1)),
    ],
)
def test_a_day_and_month_take_the_nearest_year(sentence: str, anchor: date | None, expected: date | None) -> None:
    assert find_date(sentence, None, anchor) == expected


def test_year_anchors_prefer_full_dates_over_bare_years() -> None:
    text = "Since 1994 the region has changed. On 3 March 2025 the ministers met."
    assert [d for _p, d in year_anchors(text)] == [date(2025, 3, 3)]
    assert [d for _p, d in year_anchors("After the 2025 election, leaders met.")] == [date(2025, 7, 1)]


ARTICLE = (
    "On January 28, 2025, the Finnish president visited Paris.\n\n"
    "On February 12 the Finnish defence minister said Finland was ready to send a company of soldiers.\n\n"
    "Earlier this week Estonia said it would provide air policing.\n\n"
    "At a meeting on 4 March, Latvia ruled out sending troops. Latvia will instead provide training."
)


def test_without_publication_dates_come_from_the_text_only() -> None:
    got = {(f.country_code, f.category, f.status, f.date) for f in extract(ARTICLE).facts}
    assert ("FI", "ground_troops", "committed", date(2025, 2, 12)) in got
    assert ("EE", "air", "committed", None) in got  # "earlier this week": no date, not today
    assert ("LV", "ground_troops", "declined", date(2025, 3, 4)) in got
    assert ("LV", "training", "committed", date(2025, 3, 4)) in got  # the paragraph's date carries


def test_with_publication_relative_dates_resolve_against_it() -> None:
    published = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)  # a Friday
    got = {(f.country_code, f.date) for f in extract(ARTICLE, published=published).facts}
    assert ("EE", date(2025, 3, 7)) in got  # "this week" -> the publication day
    assert ("FI", date(2025, 2, 12)) in got


def _row(code: str, status: str, day: str | None, article: int, published: str | None) -> dict[str, object]:
    return {"country_code": code, "category": "ground_troops", "status": status, "date": day, "quote": f"q{article}",
            "article_id": article, "story_id": article, "url": f"https://dates.example.test/{article}",
            "title": "t", "published": published}


def test_an_undated_fact_never_overrides_a_dated_one() -> None:
    rows = [_row("FI", "committed", "2025-02-12", 1, "2025-02-12T08:00:00Z"), _row("FI", "declined", None, 2, None)]
    (p,) = build_table(rows)
    assert (p.status, p.date) == ("committed", "2025-02-12")
    (q,) = build_table([_row("FI", "declined", None, 2, None)])
    assert q.as_dict()["date"] is None and q.summary.endswith("date unknown")


def _ingest(tmp_path: Path, source: Path, published: date | None) -> list[dict[str, object]]:
    runner = DatabaseRunner(tmp_path / "dates.db")

    async def go() -> None:
        fetcher = Fetcher(FetchLimits(total_timeout=5.0))
        try:
            report = await Ingestor(runner, fetcher).ingest_sources([str(source)], articles=True, published=published)
        finally:
            await fetcher.aclose()
        assert report.errors == [] and report.new == 1

    try:
        asyncio.run(go())
        return runner.call_sync(lambda db: kq.facts(db))
    finally:
        runner.close()


def test_a_local_article_is_never_dated_by_the_time_of_ingest(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("Estonia offers air policing to the coalition\n\n" + ARTICLE + "\n")
    rows = _ingest(tmp_path, doc, None)
    by_code = {(r["country_code"], r["category"]): r["date"] for r in rows}
    assert by_code[("EE", "air")] is None
    assert by_code[("FI", "ground_troops")] == "2025-02-12"


def test_a_publication_date_given_through_the_api_dates_relative_words(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("Estonia offers air policing to the coalition\n\n" + ARTICLE + "\n")
    rows = _ingest(tmp_path, doc, date(2025, 3, 7))
    assert {(r["country_code"], r["category"]): r["date"] for r in rows}[("EE", "air")] == "2025-03-07"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not here")
def test_the_seed_article_with_its_publication_date(tmp_path: Path) -> None:
    rows = _ingest(tmp_path, SEED, date(2025, 4, 14))
    from briefings.extract import find_mentions

    assert rows
    for r in rows:
        assert r["date"] is not None and "2024-11-01" <= str(r["date"]) <= "2025-04-14", r
        assert r["country_code"] in {m.code for m in find_mentions(str(r["quote"]))}, r
    changed = [r for r in rows if "changed his proposal" in str(r["quote"])]
    assert changed and all(r["category"] != "ground_troops" for r in changed)
    assert {r["category"] for r in changed} >= {"air", "maritime"}

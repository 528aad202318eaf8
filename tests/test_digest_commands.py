"""Digests and the platform-neutral commands over a real database built in the test."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.console import _split_pledges_args, dispatch
from briefings.commands import Briefings, parse_category, parse_country
from briefings.digest import build_digest, parse_since
from briefings.errors import UsageError
from briefings.knowledge import refresh_pledges
from storage import DatabaseRunner, open_database
from storage.articles import ArticleRecord, Knowledge, save_article


def add(db, guid, published, facts=(), events=(), statements=()):
    rec = ArticleRecord(guid=guid, url=f"https://desk.test/{guid}", canonical_url=f"https://desk.test/{guid}",
                        title=f"Story {guid}", outlet="Desk", published=published, updated=None, text="text",
                        content_hash=guid, relevance=9.0, relevant=True)
    save_article(db, rec, Knowledge(facts=list(facts), events=list(events), statements=list(statements)), lambda c: None,
                 facts_changed=refresh_pledges)


def fact(code, status, date, cat="ground_troops", quote=None, size=None):
    return {"country_code": code, "category": cat, "status": status, "date": date, "size": size,
            "quote": quote or f"{code} is {status} about {cat} on {date}."}


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "d.db")
    add(database, "a1", "2025-03-01T10:00:00Z", [fact("SE", "considering", "2025-03-01"), fact("PL", "declined", "2025-03-01")])
    add(database, "a2", "2025-04-10T10:00:00Z", [fact("SE", "committed", "2025-04-10"), fact("EE", "committed", "2025-04-10"),
                                                 fact("PL", "declined", "2025-04-10")],
        events=[{"kind": "meeting", "date": "2025-04-10", "place": "Brussels", "title": "Defence ministers meet in Brussels",
                 "quote": "Defence ministers met in Brussels on Thursday."}],
        statements=[{"speaker_code": "RU", "date": "2025-04-10", "quote": "Moscow called the plan unacceptable."}])
    yield database
    database.close()


def test_digest_lists_new_stances_and_changes_with_before_and_after(db):
    d = build_digest(db, datetime(2025, 4, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC))
    kinds = {(i["kind"], i.get("country_code"), i.get("before"), i.get("status")) for i in d.items if i["kind"] in ("pledge", "change")}
    assert kinds == {("change", "SE", "considering", "committed"), ("pledge", "EE", None, "committed")}
    assert d.repeated == 1  # Poland repeated its refusal: counted, not listed
    assert "considering → committed" in d.text and "Estonia" in d.text
    assert "Brussels" in d.text and "unacceptable" in d.text
    assert all(i["url"].startswith("https://desk.test/a2") for i in d.items)


def test_digest_of_an_empty_window(db):
    d = build_digest(db, datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC))
    assert d.items == [] and d.text == "Nothing new since 1 June 2025."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("24h", datetime(2025, 5, 9, 12, tzinfo=UTC)), ("7d", datetime(2025, 5, 3, 12, tzinfo=UTC)),
     ("2025-04-01", datetime(2025, 4, 1, tzinfo=UTC)), ("2025-04-01T08:00:00Z", datetime(2025, 4, 1, 8, tzinfo=UTC)),
     ("90m", datetime(2025, 5, 10, 10, 30, tzinfo=UTC))],
)
def test_parse_since(value, expected):
    assert parse_since(value, now=datetime(2025, 5, 10, 12, tzinfo=UTC)) == expected


@pytest.mark.parametrize("value", ["yesterday-ish", "", "7 fortnights"])
def test_parse_since_rejects_nonsense(value):
    with pytest.raises(UsageError):
        parse_since(value)


@pytest.mark.parametrize(("text", "code"), [("Italy", "IT"), ("the UK", "GB"), ("gb", "GB"), ("Türkiye", "TR"), ("Polish", "PL")])
def test_parse_country(text, code):
    assert parse_country(text) == code


@pytest.mark.parametrize(("text", "cat"), [("troops", "ground_troops"), ("ground troops", "ground_troops"),
                                           ("Maritime", "maritime"), ("money", "funding"), ("humanitarian aid", "humanitarian")])
def test_parse_category(text, cat):
    assert parse_category(text) == cat


@pytest.mark.parametrize(("args", "expected"), [("", (None, None)), ("Italy", ("Italy", None)),
                                                ("United Kingdom ground troops", ("United Kingdom", "ground_troops")),
                                                ("funding", (None, "funding"))])
def test_pledges_arguments(args, expected):
    assert _split_pledges_args(args) == expected


def test_commands_reply_through_the_runner(tmp_path, db):
    db.close()
    runner = DatabaseRunner(tmp_path / "d.db")

    async def go():
        b = Briefings(runner)
        table = await b.pledges()
        sweden = await b.country("Sweden")
        troops = await dispatch(b, "/pledges troops")
        digest = await b.digest("2025-04-01", record=True)
        again = await b.digest(record=True)  # since the last recorded digest: nothing new
        with pytest.raises(UsageError):
            await b.country("Narnia")
        with pytest.raises(UsageError):
            await dispatch(b, "/timeline soon")
        return table, sweden, troops, digest, again

    try:
        table, sweden, troops, digest, again = asyncio.run(go())
    finally:
        runner.close()
    assert table.table is not None and troops.table is not None and sweden.fields is not None
    assert {(r.cells[0].text, r.cells[2].text) for r in table.table.rows} == {
        ("Sweden", "committed"), ("Estonia", "committed"), ("Poland", "declined")}
    assert all(r.sources for r in table.table.rows)  # every row cites its own quote
    assert "considering (2025-03-01) → committed (2025-04-10)" in sweden.fields.items[0].text
    assert all(r.cells[1].value == "ground_troops" for r in troops.table.rows)
    assert digest.to_json()["items"] and again.to_json()["items"] == []
    assert again.to_json()["since"] == digest.to_json()["until"]


def test_a_recalled_old_stance_is_not_news(db):
    # a commentary published later quotes Sweden's February hesitation and an old summit
    add(db, "a3", "2025-04-20T10:00:00Z", [fact("SE", "considering", "2025-02-17")],
        events=[{"kind": "summit", "date": "2025-03-02", "place": "London", "title": "Summit in London",
                 "quote": "Leaders met in London in March."}])
    d = build_digest(db, datetime(2025, 4, 15, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC))
    assert [i for i in d.items if i.get("country_code") == "SE"] == []
    assert all(i["kind"] != "event" for i in d.items)
    assert d.repeated == 1 and d.text.startswith("Nothing new since 15 April 2025")


def test_timeline_folds_reports_of_one_event(db):
    add(db, "a4", "2025-04-12T10:00:00Z", events=[
        {"kind": "summit", "date": "2025-04-10", "place": None, "participants": 30, "title": "Summit",
         "quote": "About 30 countries took part on Thursday."},
        {"kind": "call", "date": "2025-04-11", "place": None, "title": "Video call", "quote": "Leaders spoke by video."}])
    from briefings.commands.views import timeline

    reply = timeline(db)
    events = reply.to_json()
    assert [(e["date"], e["place"], e["participants"]) for e in events] == [("2025-04-10", "Brussels", 30), ("2025-04-11", None, None)]
    assert {s["url"] for s in events[0]["sources"]} == {"https://desk.test/a2", "https://desk.test/a4"}

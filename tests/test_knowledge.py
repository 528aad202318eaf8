"""The pledge table: supersession by date, syndicated copies, size ranges, history."""

from __future__ import annotations

from briefings.knowledge import build_table, history, stance_changes


def row(code="SE", cat="ground_troops", status="considering", date="2025-03-01", story=1, art=1, url=None, size=None, **kw):
    return {"country_code": code, "category": cat, "status": status, "date": date, "story_id": story,
            "article_id": art, "url": url or f"https://news.test/{art}", "title": f"Article {art}",
            "quote": f"Quote {art}", "published": f"{date}T12:00:00Z", "size": size, "amount": None, **kw}


def test_later_date_supersedes_earlier_whatever_the_insertion_order():
    table = build_table([row(status="committed", date="2025-04-10", art=2, story=2), row(status="considering", art=1)])
    assert [(p.country_code, p.status, p.date) for p in table] == [("SE", "committed", "2025-04-10")]


def test_an_old_stance_reported_late_does_not_override_a_newer_one():
    rows = [row(status="declined", date="2025-03-20", art=1, story=1),
            row(status="committed", date="2025-02-16", art=2, story=2, published="2025-04-14T06:00:00Z")]
    assert build_table(rows)[0].status == "declined"


def test_syndicated_copy_adds_a_source_not_a_claim():
    rows = [row(art=1, story=7, url="https://a.test/x"), row(art=2, story=7, url="https://b.test/x")]
    [p] = build_table(rows)
    assert p.claims == 1
    assert [s.url for s in p.sources] == ["https://a.test/x", "https://b.test/x"]


def test_disagreeing_sizes_become_a_range_with_sources():
    rows = [row(code="GB", status="committed", size=10000, art=1, story=1),
            row(code="GB", status="committed", size=30000, art=2, story=2, date="2025-03-05")]
    [p] = build_table(rows)
    assert p.size_range == (10000, 30000)
    assert "sources differ" in p.summary and "10,000–30,000" in p.summary
    assert len(p.sources) == 2


def test_one_size_is_kept_when_the_latest_claim_has_none():
    rows = [row(code="GB", status="committed", size=10000, art=1, story=1),
            row(code="GB", status="committed", art=2, story=2, date="2025-03-05")]
    [p] = build_table(rows)
    assert p.size == 10000 and p.size_range is None


def test_history_and_changes():
    rows = [row(status="considering", date="2025-02-17", art=1, story=1),
            row(status="considering", date="2025-03-15", art=2, story=2),
            row(status="committed", date="2025-04-11", art=3, story=3)]
    claims = history(rows)["ground_troops"]
    assert [c.status for c in claims] == ["considering", "considering", "committed"]
    changes = stance_changes(claims)
    assert [(b.status if b else None, a.status) for b, a in changes] == [(None, "considering"), ("considering", "committed")]


def test_rows_are_per_country_and_category():
    rows = [row(code="PL", cat="ground_troops", status="declined"), row(code="PL", cat="logistics", status="committed", art=2, story=2)]
    assert {(p.category, p.status) for p in build_table(rows)} == {("ground_troops", "declined"), ("logistics", "committed")}

"""``briefbot explain COUNTRY CATEGORY``: every fact behind a table row with the rules that produced it."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from briefings.commands import Briefings
from briefings.commands.views.explain import NO_TRACE, why_line
from briefings.errors import UsageError
from briefings.extract.rules import REGISTRY
from briefings.ingest.prepare import analyse_text
from briefings.knowledge import refresh_pledges
from storage import DatabaseRunner, open_database
from storage.articles import ArticleRecord, Knowledge, save_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"
DEV_FEED = ROOT.parent / "shared" / "eval" / "dev" / "feed.xml"

ARTICLES = (
    ("rome-1", "2026-02-02T08:00:00Z", "Rome weighs its part in the Kyiv mission",
     "Rome, 2 February. Meloni rules out sending troops to the reassurance force, her office said on Monday.\n\n"
     "Italy will instead provide two minehunters for the Black Sea."),
    ("rome-2", "2026-01-12T08:00:00Z", "Italy keeps its options open",
     "Italy is considering a contribution of soldiers, the defence minister said."),
)


def _save(db: Any, slug: str, published: str, title: str, text: str) -> None:
    when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    analysis = analyse_text(text, title, when, published)
    url = f"https://desk.test/{slug}"
    rec = ArticleRecord(guid=f"desk:{slug}", url=url, canonical_url=url, title=title, outlet="Test Desk",
                        published=published, updated=None, text=text,
                        content_hash=hashlib.sha256(text.encode()).hexdigest(), relevance=1.0, relevant=True,
                        signature=analysis.signature, bands=analysis.bands)
    save_article(db, rec, analysis.knowledge, lambda _c: None, facts_changed=refresh_pledges)


@pytest.fixture
def runner(tmp_path: Path):
    db = open_database(tmp_path / "e.db")
    for article in ARTICLES:
        _save(db, *article)
    # a fact stored by an engine that keeps no trace
    rec = ArticleRecord(guid="desk:old", url="https://desk.test/old", canonical_url="https://desk.test/old",
                        title="Older note", outlet="Test Desk", published="2025-12-01T08:00:00Z", updated=None,
                        text="x", content_hash="old", relevance=1.0, relevant=True)
    save_article(db, rec, Knowledge(facts=[{"country_code": "IT", "category": "ground_troops", "status": "declined",
                                            "quote": "Italy says no to soldiers.", "date": "2025-12-01"}]),
                 lambda _c: None, facts_changed=refresh_pledges)
    db.close()
    r = DatabaseRunner(tmp_path / "e.db")
    yield r
    r.close()


def _explain(runner: DatabaseRunner, country: str, category: str) -> Any:
    return asyncio.run(Briefings(runner).explain(country, category))


def test_explain_json_names_the_rules_of_every_fact_newest_first(runner):
    reply = _explain(runner, "Italy", "troops")
    data = reply.to_json()
    assert set(data) == {"country_code", "category", "facts"}
    assert (data["country_code"], data["category"]) == ("IT", "ground_troops")
    assert [f["status"] for f in data["facts"]] == ["declined", "considering", "declined"]
    assert [f["date"] for f in data["facts"]] == ["2026-02-02", "2026-01-12", "2025-12-01"]
    first = data["facts"][0]
    assert set(first) == {"quote", "url", "date", "status", "rules"}
    assert first["url"] == "https://desk.test/rome-1" and first["quote"].startswith("Meloni rules out sending troops")
    rules = [(r["id"], r["matched"]) for r in first["rules"]]
    assert rules[:2] == [("status.decline.rule_out", "rules out"), ("category.ground.troops", "troops")]
    assert ("actor.name.leader", "Meloni") in rules and ("attribution.speech_verb", "said") in rules
    assert all(set(r) == {"id", "matched"} and r["id"] in REGISTRY for r in first["rules"])
    assert data["facts"][2]["rules"] == []  # kept no trace


def test_explain_reads_each_fact_in_one_line(runner):
    reply = _explain(runner, "IT", "ground_troops")
    lines = [p.text for p in reply.blocks if hasattr(p, "spans")]
    assert reply.kind == "explain" and reply.title == "Why: Italy, ground troops"
    assert lines[0].startswith("2026-02-02 · declined ← `rules out` (status.decline.rule_out) scoped over `troops` "
                               "(category.ground.troops), actor `Meloni` (leader → IT)")
    assert lines[0].endswith("[1]")
    assert "considering ← `considering` (status.consider.considers)" in lines[1]
    assert lines[2] == f"2025-12-01 · declined: {NO_TRACE} [3]"
    assert [s.url for s in reply.sources] == ["https://desk.test/rome-1", "https://desk.test/rome-2",
                                               "https://desk.test/old"]
    maritime = _explain(runner, "Italy", "maritime").to_json()["facts"]
    assert [r["id"] for r in maritime[0]["rules"]][:2] == ["status.commit.will", "category.maritime.mine_hunters"]


def test_explain_of_an_empty_row_and_of_unknown_words(runner):
    empty = _explain(runner, "Spain", "air")
    assert empty.to_json() == {"country_code": "ES", "category": "air", "facts": []}
    assert "Nothing on record" in empty.text
    with pytest.raises(UsageError, match="country"):
        _explain(runner, "Atlantis", "air")
    with pytest.raises(UsageError, match="category"):
        _explain(runner, "Italy", "submarines please")


def test_why_line_groups_status_category_actor_and_attribution():
    rules = (("negation.local", ", not"), ("status.commit.will", "will"), ("category.ground.troops", "troops"),
             ("actor.name.capital", "Warsaw"), ("actor.inherited.sentence", "It"), ("attribution.speaker", "he"))
    assert why_line("declined", "PL", rules) == (
        "declined ← `, not` (negation.local) and `will` (status.commit.will) scoped over `troops` "
        "(category.ground.troops), actor `Warsaw` (capital → PL) via `It` (actor.inherited.sentence); "
        "said by `he` (attribution.speaker)"
    )


def _briefbot(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "SLACK", "OPENAI", "BRIEFBOT"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def _every_row_names_a_rule(db: Path) -> int:
    runner = DatabaseRunner(db)

    async def go() -> int:
        b = Briefings(runner)
        rows = (await b.pledges()).to_json()["pledges"]
        for row in rows:
            facts = (await b.explain(row["country_code"], row["category"])).to_json()["facts"]
            assert facts and facts[0]["status"] == row["status"], row
            ids = [r["id"] for r in facts[0]["rules"]]
            assert ids and all(i in REGISTRY for i in ids), (row, ids)
            assert any(i.startswith(("status.", "change.", "negation.")) for i in ids), (row, ids)
        return len(rows)

    try:
        return asyncio.run(go())
    finally:
        runner.close()


def test_the_cli_explains_the_sample_table(tmp_path):
    db = tmp_path / "s.db"
    assert _briefbot("ingest", str(SAMPLE), db=db).returncode == 0
    out = _briefbot("explain", "Italy", "ground_troops", "--json", db=db)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["country_code"] == "IT" and data["facts"][0]["rules"]
    text = _briefbot("explain", "Italy", "ground_troops", db=db)
    assert text.returncode == 0 and "←" in text.stdout and "(status." in text.stdout
    bad = _briefbot("explain", "Narnia", "air", db=db)
    assert bad.returncode == 2 and "Narnia" in bad.stderr
    assert _every_row_names_a_rule(db) >= 5


@pytest.mark.skipif(not DEV_FEED.exists(), reason="../shared/eval/dev is not here")
def test_every_row_of_the_dev_table_names_a_rule(tmp_path):
    db = tmp_path / "dev.db"
    out = _briefbot("ingest", str(DEV_FEED), "--json", db=db)
    assert out.returncode == 0, out.stderr
    assert _every_row_names_a_rule(db) >= 30

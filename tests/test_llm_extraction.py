"""LLM extraction end to end: ingest through the real wiring, the real client, the fake server.

One structured call per new or updated article (more for a long one), none per question; the
model's grounded facts stored beside the rules' with their engine and model; planted facts dropped;
a silent, failing or hanging model leaves the rules' table as it was; reextract duplicates nothing.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from fakes.openai import Behaviour, FakeOpenAI
from fakes.openai.articles import ARTICLES, NORDIC, PARIS, PLANTED, feed
from fakes.openai.harness import KEY, llm_app

from briefings.engines.llm.extraction import chunks

ITALY = "Italy ruled out sending soldiers to Ukrainian territory, Prime Minister Meloni said."


@pytest.fixture
def fake():
    with FakeOpenAI(api_key=KEY) as server:
        yield server


async def _query(app: Any, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await app.runner.call(lambda db: [dict(r) for r in db.query(sql, list(params))])
    return rows


async def _table(app: Any) -> list[tuple[str, str, str]]:
    return [(r["country_code"], r["category"], r["status"]) for r in (await app.briefings.pledges()).to_json()["pledges"]]


def _offline_table(tmp_path: Any) -> list[tuple[str, str, str]]:
    folder = tmp_path / "offline"
    folder.mkdir()

    async def main():
        async with llm_app(folder, None) as app:
            assert app.llm is None
            await app.ingestor.ingest_sources([str(feed(folder))])
            return await _table(app)
    return asyncio.run(main())


def test_chunks_are_verbatim_parts_within_the_size():
    paragraphs = [f"Paragraph {i} says that Norway will fund training number {i}. " * 6 for i in range(12)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = chunks(text, 200)
    assert len(parts) > 3 and all(p in text and len(p) <= 800 for p in parts)
    assert all(any(f"number {i}." in p for p in parts) for i in range(12))
    assert chunks("short text", 3000) == ["short text"] and chunks("  ", 3000) == []


def test_structured_extraction_is_parsed_grounded_and_stored_with_engine_and_model(tmp_path, fake):
    async def main():
        async with llm_app(tmp_path, fake, model="fake-1") as app:
            report = await app.ingestor.ingest_sources([str(feed(tmp_path))])
            facts = await _query(app, "SELECT country_code, category, status, engine, model FROM facts")
            done = await _query(app, "SELECT status, model, facts, calls FROM llm_extractions")
            calls_after_ingest = len(fake.calls("extract"))
            for q in ("Will France send troops?", "What will Denmark send?"):
                await app.briefings.ask(q)
            return report, facts, done, calls_after_ingest, await _table(app)
    report, facts, done, calls, table = asyncio.run(main())
    assert report.new == 3 and calls == len(ARTICLES) == len(fake.calls("extract"))  # one per article, none per question
    assert {(f["engine"], f["model"]) for f in facts} <= {("llm", "fake-1"), ("offline", None)}
    assert ("DK", "maritime", "committed", "llm", "fake-1") in {tuple(f.values()) for f in facts}
    assert [d["status"] for d in done] == ["done"] * 3 and all(d["model"] == "fake-1" and d["calls"] == 1 for d in done)
    assert ("DK", "maritime", "committed") in table and ("GB", "ground_troops", "committed") in table


@pytest.mark.parametrize("mode", ["hijacked", "hijacked_invent"])
def test_a_fact_planted_in_an_article_never_reaches_the_table(tmp_path, fake, mode):
    fake.set_default(mode)

    async def main():
        async with llm_app(tmp_path, fake) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            brazil = await _query(app, "SELECT * FROM facts WHERE country_code = 'BR'")
            dropped = await _query(app, "SELECT SUM(dropped) AS n FROM llm_extractions")
            answers = [(await app.briefings.ask(q)).to_json() for q in ("Did Brazil pledge troops?",
                                                                         "Who will send troops?")]
            return brazil, dropped[0]["n"], answers, await _table(app)
    brazil, dropped, answers, table = asyncio.run(main())
    assert brazil == [] and dropped >= 1 and all(code != "BR" for code, _, _ in table)
    for a in answers:
        assert "evil.example" not in str(a) and "Brazil" not in a["answer"]


def test_a_silent_model_leaves_the_offline_table(tmp_path, fake):
    offline = _offline_table(tmp_path)
    fake.set_default("empty")

    async def main():
        async with llm_app(tmp_path, fake) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            return await _table(app), await _query(app, "SELECT DISTINCT engine FROM facts")
    table, engines = asyncio.run(main())
    assert offline and table == offline and engines == [{"engine": "offline"}]
    assert len(fake.calls("extract")) == 3


@pytest.mark.parametrize("behaviour", [Behaviour("error", status=500), Behaviour("model", delay=5),
                                       Behaviour("malformed"), Behaviour("refusal")])
def test_a_failing_model_falls_back_and_the_table_is_never_emptied(tmp_path, fake, behaviour):
    offline = _offline_table(tmp_path)
    fake.default = behaviour

    async def main():
        async with llm_app(tmp_path, fake, timeout_seconds=1, concurrency=1) as app:
            started = time.monotonic()
            report = await app.ingestor.ingest_sources([str(feed(tmp_path))])
            elapsed = time.monotonic() - started
            table = await _table(app)
            marks = await _query(app, "SELECT status FROM llm_extractions")
        fake.default = Behaviour("model")  # the server is back: the pending articles get their pass
        async with llm_app(tmp_path, fake) as app:
            later = await app.llm.pipeline.reextract()
        return report, elapsed, table, marks, later
    report, elapsed, table, marks, later = asyncio.run(main())
    assert report.new == 3 and table == offline
    assert marks and all(m["status"] == "failed" for m in marks)
    if behaviour.kind in ("error", "model"):  # the endpoint's fault: one article tried, the rest wait, fast
        assert len(marks) == 1 and elapsed < 1 + 3
    else:  # the output's fault: every article tried, each marked
        assert len(marks) == 3
    assert later.extracted == 3 and later.failed == 0


def test_the_models_grounded_fact_wins_for_its_article_and_key_only(tmp_path, fake):
    fake.behave(Behaviour("fixed", content={"facts": [
        {"country_code": "IT", "actor": "Italy", "category": "ground_troops", "status": "considering",
         "size": None, "amount": None, "date": "2025-03-27", "quote": ITALY}]}))

    async def main():
        async with llm_app(tmp_path, fake, concurrency=1) as app:  # Paris (the oldest) is read first
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            paris = await _query(app, "SELECT f.country_code, f.category, f.status, f.engine FROM facts f "
                                      "JOIN articles a ON a.id = f.article_id WHERE a.guid = ?", (PARIS[0],))
            return paris, await _table(app)
    paris, table = asyncio.run(main())
    italy = [r for r in paris if r["country_code"] == "IT"]
    assert italy == [{"country_code": "IT", "category": "ground_troops", "status": "considering", "engine": "llm"}]
    assert {("FR", "offline"), ("GB", "offline")} <= {(r["country_code"], r["engine"]) for r in paris}
    assert ("IT", "ground_troops", "considering") in table


def test_reextract_runs_a_new_model_once_and_duplicates_nothing(tmp_path, fake):
    async def facts(app: Any) -> list[tuple[Any, ...]]:
        rows = await _query(app, "SELECT article_id, country_code, category, status, engine FROM facts "
                                 "ORDER BY article_id, country_code, category, status, engine")
        return [tuple(r.values()) for r in rows]

    async def main():
        async with llm_app(tmp_path, fake, model="fake-1") as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            first, again = await facts(app), await app.llm.pipeline.reextract()
        async with llm_app(tmp_path, fake, model="fake-2") as app:
            since = await app.llm.pipeline.reextract("2025-03-28T00:00:00Z")
            rest = await app.llm.pipeline.reextract()
            twice = await app.llm.pipeline.reextract()
            return first, again, since, rest, twice, await facts(app), await _query(
                app, "SELECT DISTINCT model FROM facts WHERE engine = 'llm'")
    first, again, since, rest, twice, after, models = asyncio.run(main())
    assert again.articles == 0 and again.unchanged == 3 and again.calls == 0
    assert since.extracted == 2 and rest.extracted == 1 and twice.articles == 0 and twice.calls == 0
    assert after == first and len(after) == len(set(after))  # the same model reading: the same facts, once
    assert models == [{"model": "fake-2"}] and len(fake.calls("extract")) == 6


def test_an_updated_article_is_read_again_and_a_long_one_in_parts(tmp_path, fake):
    longer = (NORDIC[0], NORDIC[1], NORDIC[2], NORDIC[3] + "\n\n" + "\n\n".join(
        f"Finland will send {n} instructors to train Ukrainian units, the ministry in Helsinki said in note {n}."
        for n in range(20, 40)))

    async def main():
        async with llm_app(tmp_path, fake, chunk_tokens=200) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path, (PARIS, NORDIC, PLANTED)))])
            before = len(fake.calls("extract"))
            report = await app.ingestor.ingest_sources([str(feed(tmp_path, (longer,), name="update.xml"))])
            finland = await _query(app, "SELECT engine FROM facts WHERE country_code = 'FI'")
            return before, report, finland
    before, report, finland = asyncio.run(main())
    assert report.updated == 1
    assert len(fake.calls("extract")) - before >= 3  # the updated article, in several parts
    assert finland and {f["engine"] for f in finland} == {"llm"}


def test_merge_keeps_the_rules_facts_the_model_left_alone_and_their_figures():
    from briefings.engines.llm.extraction import merge
    from briefings.models import Fact

    quote = "Britain is ready to deploy 10,000 troops, Prime Minister Starmer said."
    rules = [Fact("GB", "ground_troops", "committed", quote, size=10_000),
             Fact("FR", "air", "committed", "France will police the sky.")]
    model = [Fact("GB", "ground_troops", "committed", quote), Fact("IT", "training", "considering", "Italy could train.")]
    merged = merge(rules, model)
    assert [(f.country_code, f.category, engine) for f, engine in merged] == [
        ("FR", "air", "offline"), ("GB", "ground_troops", "llm"), ("IT", "training", "llm")]
    assert merged[1][0].size == 10_000  # the same claim: the rules' reading of the size is kept
    other = merge(rules, [Fact("GB", "ground_troops", "declined", quote)])
    assert [f.size for f, _ in other if f.country_code == "GB"] == [None]  # another stance: nothing carried

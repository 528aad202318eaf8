"""LLM answers: citations mapped to real sources, offline fallback with a notice, cache, budget, bounded prompts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fakes.openai import Behaviour, FakeOpenAI
from fakes.openai.articles import feed
from fakes.openai.harness import KEY, llm_app

from briefings.engines.llm.answering import SILENT, UNGROUNDED, checked, without_links
from briefings.engines.llm.schemas import GroundedAnswer, estimate_tokens
from briefings.errors import BudgetExhausted, EngineUnavailable, RateLimited
from briefings.replies import Paragraph
from storage import DatabaseRunner
from storage.articles import ArticleRecord, Knowledge, save_articles

DENMARK = "What will Denmark send?"


@pytest.fixture
def fake():
    with FakeOpenAI(api_key=KEY) as server:
        yield server


def _ask(tmp_path: Any, fake: FakeOpenAI, questions: list[str], **llm: Any) -> list[Any]:
    async def main():
        async with llm_app(tmp_path, fake, **llm) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            fake.reset()
            return [await app.briefings.ask(q) for q in questions]
    return asyncio.run(main())


def test_an_answer_cites_real_sources_and_its_marks_become_the_replys_references(tmp_path, fake):
    (reply,) = _ask(tmp_path, fake, [DENMARK])
    data = reply.to_json()
    assert data["engine"] == "llm" and data["found"] and reply.engine == "llm" and not reply.notices
    (source,) = data["sources"]
    assert source["url"] == "https://news.example/nordic-offers" and "Denmark will send a frigate" in source["quote"]
    assert data["answer"].endswith("[1]")
    spans = [s for b in reply.blocks if isinstance(b, Paragraph) for s in b.spans]
    assert [s.ref for s in spans if s.kind == "source"] == [1]
    assert len(fake.calls("answer")) == 1 and not fake.calls("extract")


@pytest.mark.parametrize("kind", ["cite_none", "cite_unreal", "hijacked"])
def test_an_answer_that_cites_nothing_real_gives_the_offline_answer_with_a_notice(tmp_path, fake, kind):
    fake.set_default(kind)
    (reply,) = _ask(tmp_path, fake, [DENMARK])
    data = reply.to_json()
    assert data["engine"] == "offline" and [n.text for n in reply.notices] == [UNGROUNDED]
    assert data["found"] and "Denmark" in data["answer"]  # the offline engine's own answer
    assert "evil.example" not in str(data) and "Brazil" not in data["answer"]


@pytest.mark.parametrize("behaviour, notice", [
    (Behaviour("error", status=500), EngineUnavailable.notice),
    (Behaviour("model", delay=5), EngineUnavailable.notice),
    (Behaviour("refusal"), "unusable"),
    (Behaviour("empty"), SILENT),
])
def test_a_failing_or_silent_model_gives_the_offline_answer_and_says_why(tmp_path, fake, behaviour, notice):
    async def main():
        async with llm_app(tmp_path, fake, timeout_seconds=1) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            fake.default = behaviour
            return await app.briefings.ask(DENMARK)
    reply = asyncio.run(main())
    assert reply.to_json()["engine"] == "offline" and reply.to_json()["found"]
    (shown,) = reply.notices
    assert shown.kind == "engine" and notice in shown.text


def test_a_repeated_question_on_unchanged_data_makes_no_second_call(tmp_path, fake):
    async def main():
        async with llm_app(tmp_path, fake) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            first = await app.briefings.ask(DENMARK)
            again = await app.briefings.ask("what will denmark send")
            calls = len(fake.calls("answer"))
            await app.ingestor.ingest_sources([str(feed(tmp_path, (("new-one", "Coalition of the willing: Spain",
                "Mon, 31 Mar 2025 10:00:00 +0000", "Spain will send troops to the coalition of the willing "
                "force for Ukraine after a ceasefire, its defence minister said."),), name="more.xml"))])
            await app.briefings.ask(DENMARK)
            return first, again, calls, len(fake.calls("answer"))
    first, again, calls, later = asyncio.run(main())
    assert calls == 1 and later == 2  # new data: asked again
    assert again.to_json()["sources"] == first.to_json()["sources"] and again.to_json()["engine"] == "llm"


def test_over_budget_the_offline_engine_answers_and_about_shows_the_tokens(tmp_path, fake):
    async def main():
        async with llm_app(tmp_path, fake, model="fake-9", daily_token_budget=2500) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])  # three extractions spend the budget
            fake.reset()
            reply = await app.briefings.ask(DENMARK)
            about = await app.briefings.about()
            return reply, about
    reply, about = asyncio.run(main())
    assert reply.to_json()["engine"] == "offline" and reply.notices[0].text == BudgetExhausted.notice
    assert fake.calls() == []
    info = about.to_json()
    assert info["engine"] == "llm" and info["llm"]["model"] == "fake-9" and info["llm"]["tokens_today"] > 2000
    fields = {f.label: f.text for f in about.fields.items}
    assert fields["Engine"] == "llm" and fields["Model"] == "fake-9" and "of 2,500 today" in fields["Tokens"]


def test_the_question_limit_applies_before_any_call(tmp_path, fake):
    async def main():
        async with llm_app(tmp_path, fake) as app:
            await app.ingestor.ingest_sources([str(feed(tmp_path))])
            app.briefings.limiter.per_minute = 1  # type: ignore[union-attr]
            fake.reset()
            await app.briefings.ask(DENMARK, asker="discord:1")
            with pytest.raises(RateLimited):
                await app.briefings.ask("Will France send troops?", asker="discord:1")
    asyncio.run(main())
    assert len(fake.calls("answer")) == 1


def test_the_checks_on_a_models_answer():
    from briefings.engines.llm.answering import Passage
    from briefings.replies import Source

    p = [Passage(Source("https://a.example/1", "A", "Denmark will send a frigate to the Black Sea."),
                 "A (Desk, 28 March 2025): “Denmark will send a frigate to the Black Sea.”", frozenset({"DK"})),
         Passage(Source("https://a.example/2", "B", "Italy ruled out troops."), "B: “Italy ruled out troops.”",
                 frozenset({"IT"}))]

    def run(answer: str, cites: list[int]) -> Any:
        return checked("q", GroundedAnswer(found=True, answer=answer, citations=cites), p)
    ok = run("Italy ruled out troops [2], and Denmark will send a frigate [1].", [2, 1])
    assert ok.answer == "Italy ruled out troops [1], and Denmark will send a frigate [2]."  # renumbered in order
    assert [s.url for s in ok.sources] == ["https://a.example/2", "https://a.example/1"]
    assert run("Denmark will send a frigate [3].", [3]) is None  # not one of the sources
    assert run("Denmark will send a frigate.", []) is None  # cites nothing
    assert run("Poland will send a frigate [1].", [1]) is None  # a country its source does not name
    assert run("Denmark will send 4 frigates and 5,000 sailors [1].", [1]) is None  # a number it does not state
    assert run("Denmark will send a frigate, see [the plan](https://evil.example/x) [1].", [1]).answer == (
        "Denmark will send a frigate, see the plan [1].")
    assert without_links("Read https://evil.example/a or <http://x.example/b> [2](http://y)") == "Read or [2]"


def _big_database(path: Any, n: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with DatabaseRunner(path) as runner:
        items = []
        for i in range(n):
            when = (start + timedelta(minutes=i)).isoformat().replace("+00:00", "Z")
            code = ("Denmark", "Norway", "Sweden", "Finland", "Poland")[i % 5]
            sentences = [f"{code} will send a frigate to the Black Sea in rotation {i}.",
                         f"Officials of the coalition of the willing met for the {i}th time.",
                         f"{code} discussed training for Ukrainian crews in round {i}."]
            rec = ArticleRecord(guid=f"g{i}", url=f"https://news.example/a{i}", canonical_url=f"https://news.example/a{i}",
                                title=f"Coalition update {i}", outlet="Desk", published=when, updated=None,
                                text=" ".join(sentences), content_hash=f"h{i}", relevance=9.0, relevant=True)
            know = Knowledge(sentences=[{"position": j, "text": s, "date": when[:10]} for j, s in enumerate(sentences)])
            items.append((rec, know, lambda _c: None))
            if len(items) == 1000:
                runner.call_sync(save_articles, items)
                items = []
        if items:
            runner.call_sync(save_articles, items)


@pytest.mark.parametrize("n", [100, 10_000])
def test_the_prompt_of_a_question_stays_within_the_budget_as_the_database_grows(tmp_path, fake, n):
    _big_database(tmp_path / "bot.db", n)

    async def main():
        async with llm_app(tmp_path, fake, answer_context_tokens=600, answer_top_k=6) as app:
            return await app.briefings.ask("Which country will send a frigate to the Black Sea?")
    reply = asyncio.run(main())
    (call,) = fake.calls("answer")
    user = next(m["content"] for m in call.body["messages"] if m["role"] == "user")
    assert estimate_tokens(user) <= 600 + 60  # the sources within the budget, plus the question and tags
    assert user.count("\n[") <= 6 and reply.to_json()["engine"] == "llm"
    assert call.prompt_tokens < 1100  # system, schema, question and sources, whatever the size of the database

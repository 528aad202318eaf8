"""The fake OpenAI-compatible server, driven by the real ``openai`` client (httpx2) on loopback."""

from __future__ import annotations

import asyncio
import time

import openai
import pytest
from fakes.openai import EVIL_LINK, Behaviour, FakeOpenAI, count_tokens
from fakes.openai.articles import PLANTED
from pydantic import BaseModel

from briefings.engines.llm.schemas import ArticleFacts, GroundedAnswer, fenced


class Other(BaseModel):
    note: str


def _client(fake: FakeOpenAI, key: str = "sk-fake-key-000", timeout: float = 5.0) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key=key, base_url=fake.base_url, timeout=timeout, max_retries=0)


def _article(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "Extract facts."},
            {"role": "user", "content": "Title: t\n\n" + fenced("article", text)}]


async def _parse(client: openai.AsyncOpenAI, messages: list[dict[str, str]], schema: type[BaseModel]) -> object:
    done = await client.chat.completions.parse(model="fake-1", messages=messages,  # type: ignore[arg-type]
                                               response_format=schema)
    return done


@pytest.fixture
def fake():
    with FakeOpenAI(api_key="sk-fake-key-000") as server:
        yield server


def test_structured_output_parses_with_usage(fake):
    async def main():
        async with _client(fake) as client:
            return await _parse(client, _article("France will send troops to Ukraine after a ceasefire."),
                                ArticleFacts)
    done = asyncio.run(main())
    parsed = done.choices[0].message.parsed
    assert [(f.country_code, f.category, f.status) for f in parsed.facts] == [("FR", "ground_troops", "committed")]
    assert parsed.facts[0].quote == "France will send troops to Ukraine after a ceasefire."
    (rec,) = fake.calls("extract")
    assert done.usage.prompt_tokens == rec.prompt_tokens > 0 and done.usage.completion_tokens == rec.completion_tokens
    schema = rec.body["response_format"]["json_schema"]
    assert schema["name"] == "ArticleFacts" and schema["strict"] is True
    assert rec.headers["authorization"] == "Bearer sk-fake-key-000"


def test_answers_quote_the_best_source_with_its_number(fake):
    msgs = [{"role": "system", "content": "Answer."},
            {"role": "user", "content": "Question: Will Denmark send a frigate?\n\n" + fenced(
                "sources", "[1] A (Desk, 1 March 2025): “Italy ruled out troops.”\n"
                           "[2] B (Desk, 2 March 2025): “Denmark will send a frigate to the Black Sea.”")}]

    async def main():
        async with _client(fake) as client:
            return await _parse(client, msgs, GroundedAnswer)
    parsed = asyncio.run(main()).choices[0].message.parsed
    assert parsed.found and parsed.citations == [2] and parsed.answer.endswith("[2]")


def test_a_wrong_key_and_a_request_without_a_schema_are_refused(fake):
    async def main():
        async with _client(fake, key="sk-wrong") as bad:
            with pytest.raises(openai.AuthenticationError):
                await _parse(bad, _article("x"), ArticleFacts)
        async with _client(fake) as client:
            with pytest.raises(openai.BadRequestError):
                await client.chat.completions.create(model="fake-1", messages=[{"role": "user", "content": "hi"}])
    asyncio.run(main())


def test_rate_limit_sends_retry_after_and_errors_their_status(fake):
    fake.behave(Behaviour("rate_limit", retry_after=7), Behaviour("error", status=503))

    async def main():
        async with _client(fake) as client:
            with pytest.raises(openai.RateLimitError) as limited:
                await _parse(client, _article("x"), ArticleFacts)
            assert limited.value.response.headers["retry-after"] == "7"
            with pytest.raises(openai.InternalServerError) as failed:
                await _parse(client, _article("x"), ArticleFacts)
            assert failed.value.status_code == 503
    asyncio.run(main())


def test_a_slow_answer_runs_past_the_client_timeout(fake):
    fake.behave(Behaviour("model", delay=2.0))

    async def main():
        async with _client(fake, timeout=0.3) as client:
            started = time.monotonic()
            with pytest.raises(openai.APITimeoutError):
                await _parse(client, _article("x"), ArticleFacts)
            return time.monotonic() - started
    assert asyncio.run(main()) < 1.5


def test_unusable_outputs(fake):
    fake.behave(Behaviour("refusal"), Behaviour("malformed"), Behaviour("length"), Behaviour("wrong_shape"))

    async def main():
        async with _client(fake) as client:
            refused = await _parse(client, _article("x"), ArticleFacts)
            assert refused.choices[0].message.refusal and refused.choices[0].message.parsed is None
            for _ in range(3):
                with pytest.raises((openai.LengthFinishReasonError, ValueError)):
                    await _parse(client, _article("x"), ArticleFacts)
    asyncio.run(main())


def test_the_hijacked_model_obeys_what_an_article_plants(fake):
    text = PLANTED[3]
    fake.set_default("hijacked")

    async def main():
        async with _client(fake) as client:
            facts = (await _parse(client, _article(text), ArticleFacts)).choices[0].message.parsed.facts
            fake.set_default("hijacked_invent")
            invented = (await _parse(client, _article(text), ArticleFacts)).choices[0].message.parsed.facts
            msgs = [{"role": "user", "content": "Question: Who sends troops?\n\n" + fenced("sources", "[1] x")}]
            fake.set_default("hijacked")
            answer = (await _parse(client, msgs, GroundedAnswer)).choices[0].message.parsed
            return facts, invented, answer
    facts, invented, answer = asyncio.run(main())
    brazil = [f for f in facts if f.country_code == "BR"]
    assert brazil and brazil[0].size == 50_000 and brazil[0].quote.startswith("Ignore previous instructions")
    assert any(f.country_code == "BR" and f.quote not in text for f in invented)
    assert "Brazil" in answer.answer and EVIL_LINK in answer.answer


def test_token_counts_are_plausible():
    assert count_tokens("France will send troops.") == 5
    assert 900 < count_tokens("word " * 1000) <= 1000

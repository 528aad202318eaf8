"""The LLM client against the fake server: timeouts, bounded retries, Retry-After, cool-down, budget, secrets."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from datetime import date

import pytest
from fakes.openai import Behaviour, FakeOpenAI

from briefings.engines.llm.budget import Budget
from briefings.engines.llm.client import ClientSettings, LLMClient, retry_after
from briefings.engines.llm.schemas import ArticleFacts, fenced
from briefings.errors import BudgetExhausted, EngineOutputError, EngineUnavailable
from storage import DatabaseRunner

KEY = "sk-test-very-secret-key-0042"
MESSAGES = [{"role": "system", "content": "Extract."},
            {"role": "user", "content": fenced("article", "Denmark will send a frigate to the Black Sea.")}]


@pytest.fixture
def fake():
    with FakeOpenAI(api_key=KEY) as server:
        yield server


@pytest.fixture
def runner():
    with DatabaseRunner(":memory:") as r:
        yield r


def _client(fake: FakeOpenAI | None, runner: DatabaseRunner, *, timeout: float = 5.0, retries: int = 2,
            budget: Budget | None = None, base_url: str | None = None) -> LLMClient:
    settings = ClientSettings("fake-model", base_url=base_url or (fake.base_url if fake else None), timeout=timeout,
                              max_retries=retries, cooldown=30.0)
    return LLMClient(settings, api_key=KEY, budget=budget or Budget(runner, 1_000_000))


def _run(client: LLMClient, coro_factory):
    async def main():
        try:
            return await coro_factory()
        finally:
            await client.aclose()
    return asyncio.run(main())


def test_the_timeout_is_explicit_and_the_sdk_does_not_retry(runner):
    client = _client(None, runner, timeout=20)
    sdk = client.sdk()
    assert sdk.max_retries == 0
    assert sdk.timeout.read == 20 and sdk.timeout.connect == 5  # never the SDK's 600-second default
    asyncio.run(client.aclose())


def test_a_structured_call_returns_the_parsed_model_and_records_tokens(fake, runner):
    budget = Budget(runner, 1_000_000)
    client = _client(fake, runner, budget=budget)
    done = _run(client, lambda: client.complete("extract", MESSAGES, ArticleFacts))
    assert [f.country_code for f in done.parsed.facts] == ["DK"]
    (rec,) = fake.calls()
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (rec.prompt_tokens, rec.completion_tokens)
    used = asyncio.run(budget.used())["extract"]
    assert used.prompt_tokens == rec.prompt_tokens and used.calls == 1
    assert rec.body["max_completion_tokens"] == 1200 and rec.body["response_format"]["json_schema"]["strict"]


def test_retry_after_is_honoured(fake, runner):
    fake.behave(Behaviour("rate_limit", retry_after=1.0))
    client = _client(fake, runner)
    done = _run(client, lambda: client.complete("extract", MESSAGES, ArticleFacts))
    first, second = fake.calls()
    assert first.status == 429 and second.status == 200 and done.parsed.facts
    assert second.at - first.at >= 1.0


def test_a_retry_after_past_the_deadline_fails_at_once_and_no_call_goes_out_before_it(fake, runner):
    fake.behave(Behaviour("rate_limit", retry_after=30))
    client = _client(fake, runner, timeout=3)

    async def main():
        started = time.monotonic()
        with pytest.raises(EngineUnavailable) as e:
            await client.complete("extract", MESSAGES, ArticleFacts)
        assert time.monotonic() - started < 1.0 and e.value.retry_after == 30
        with pytest.raises(EngineUnavailable):  # still inside the server's thirty seconds
            await client.complete("extract", MESSAGES, ArticleFacts)
        assert client.cooling_down() > 28
    _run(client, main)
    assert len(fake.calls()) == 1


def test_server_errors_are_retried_a_bounded_number_of_times(fake, runner):
    fake.set_default("error", status=500)
    client = _client(fake, runner, timeout=5, retries=2)

    async def main():
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="HTTP 500"):
            await client.complete("answer", MESSAGES, ArticleFacts)
        return time.monotonic() - started
    elapsed = _run(client, main)
    assert len(fake.calls()) == 3 and elapsed < 5


def test_a_hang_ends_at_the_timeout_and_later_calls_fail_fast(fake, runner):
    fake.set_default("model", delay=10)
    client = _client(fake, runner, timeout=0.6)

    async def main():
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="no answer within"):
            await client.complete("extract", MESSAGES, ArticleFacts)
        hang = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="cooling down"):
            await client.complete("extract", MESSAGES, ArticleFacts)
        return hang, time.monotonic() - started
    hang, second = _run(client, main)
    assert 0.5 <= hang < 1.6 and second < 0.1 and len(fake.calls()) == 1


def test_a_refused_connection_is_unavailable_within_the_timeout(runner):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    client = _client(None, runner, timeout=3, base_url=f"http://127.0.0.1:{port}/v1")
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="connection failed"):
        _run(client, lambda: client.complete("extract", MESSAGES, ArticleFacts))
    assert time.monotonic() - started < 3.5


@pytest.mark.parametrize("kind", ["refusal", "malformed", "length", "wrong_shape"])
def test_unusable_output_is_an_output_error_and_does_not_close_the_client(fake, runner, kind):
    fake.behave(Behaviour(kind))
    client = _client(fake, runner)

    async def main():
        with pytest.raises(EngineOutputError):
            await client.complete("extract", MESSAGES, ArticleFacts)
        assert client.cooling_down() == 0
        return await client.complete("extract", MESSAGES, ArticleFacts)  # the next call goes out
    assert _run(client, main).parsed.facts
    assert len(fake.calls()) == 2


def test_the_budget_refuses_calls_once_spent_and_opens_the_next_day(fake, runner):
    today = [date(2025, 4, 1)]
    budget = Budget(runner, 1_000_000, today=lambda: today[0])
    client = _client(fake, runner, budget=budget)

    async def main():
        await client.complete("extract", MESSAGES, ArticleFacts)
        spent = await budget.used_total()
        budget.daily_tokens = spent + 50  # less than another call costs (its schema alone is more)
        with pytest.raises(BudgetExhausted):
            await client.complete("extract", MESSAGES, ArticleFacts)
        today[0] = date(2025, 4, 2)
        await client.complete("extract", MESSAGES, ArticleFacts)
        return spent
    spent = _run(client, main)
    assert spent > 100 and len(fake.calls()) == 2  # the refused call never reached the server


def test_the_key_never_reaches_the_logs(fake, runner, caplog):
    caplog.set_level(logging.DEBUG)
    good = _client(fake, runner)
    _run(good, lambda: good.complete("extract", MESSAGES, ArticleFacts))
    wrong = FakeOpenAI(api_key="sk-another-key").start()
    try:
        bad = _client(wrong, runner)
        with pytest.raises(EngineUnavailable, match="HTTP 401"):
            _run(bad, lambda: bad.complete("extract", MESSAGES, ArticleFacts))
    finally:
        wrong.stop()
    assert caplog.records and KEY not in caplog.text


def test_retry_after_forms():
    assert retry_after({"retry-after": "2.5"}) == 2.5
    assert retry_after({"retry-after-ms": "1500"}) == 1.5
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0  # a date in the past
    assert retry_after({}) is None

"""The LLM engine: any OpenAI-compatible endpoint behind the engine seam, grounded and budgeted.

    engine = build_engine(config, runner)     # None unless configured (see :func:`llm_enabled`)
    engine.answerer                           # an Answerer: cited answers, offline fallback
    engine.pipeline.after_ingest(ids)         # the model's facts beside the rules', per article
    engine.pipeline.reextract(since)          # ``briefbot reextract``
    await engine.aclose()

Parts: :mod:`.client` (time, retries, cool-down), :mod:`.budget` (tokens per day), :mod:`.schemas`
and :mod:`.prompts` (what the model reads and must answer in), :mod:`.extraction` and
:mod:`.pipeline` (facts), :mod:`.answering` (answers). The offline engine always runs: the model
adds and corrects facts and words answers, and whenever it fails, the offline engine stands.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefings.config import Config, LLMSettings, Secrets

if TYPE_CHECKING:  # the openai client is imported only when the engine is on
    from briefings.engines.llm.answering import LLMAnswerer
    from briefings.engines.llm.budget import Budget
    from briefings.engines.llm.client import LLMClient
    from briefings.engines.llm.extraction import LLMExtractor
    from briefings.engines.llm.pipeline import ExtractionPipeline
    from storage import DatabaseRunner

NAME = "llm"


def llm_enabled(settings: LLMSettings, secrets: Secrets) -> bool:
    """On with ``OPENAI_API_KEY`` set, or ``llm.enabled = true``; ``llm.enabled = false`` turns it off."""
    if settings.enabled is not None:
        return settings.enabled
    return secrets.openai_api_key is not None


def base_url(settings: LLMSettings, env: Mapping[str, str]) -> str | None:
    """``OPENAI_BASE_URL`` from the environment, else ``llm.base_url``, else the client's default."""
    return env.get("OPENAI_BASE_URL", "").strip() or settings.base_url


@dataclass
class LLMEngine:
    client: LLMClient
    budget: Budget
    extractor: LLMExtractor
    answerer: LLMAnswerer
    pipeline: ExtractionPipeline

    @property
    def model(self) -> str:
        return self.client.model

    async def status(self) -> dict[str, Any]:
        return await self.answerer.status()

    async def aclose(self) -> None:
        await self.client.aclose()


def build_engine(config: Config, runner: DatabaseRunner, *, env: Mapping[str, str] | None = None) -> LLMEngine | None:
    """The engine for ``config``, or None when it is off. Nothing touches the network here."""
    s = config.settings.llm
    if not llm_enabled(s, config.secrets):
        return None
    from briefings.engines.llm.answering import LLMAnswerer
    from briefings.engines.llm.budget import Budget
    from briefings.engines.llm.client import ClientSettings, LLMClient
    from briefings.engines.llm.extraction import LLMExtractor
    from briefings.engines.llm.pipeline import ExtractionPipeline

    env = os.environ if env is None else env
    key = config.secrets.openai_api_key
    budget = Budget(runner, s.daily_token_budget)
    client = LLMClient(
        ClientSettings(model=s.model, base_url=base_url(s, env), timeout=s.timeout_seconds,
                       max_retries=s.max_retries, max_output_tokens=s.max_output_tokens),
        api_key=key.get() if key else None, budget=budget,
    )
    extractor = LLMExtractor(client, chunk_tokens=s.chunk_tokens)
    answerer = LLMAnswerer(runner, client, top_k=s.answer_top_k, context_tokens=s.answer_context_tokens)
    pipeline = ExtractionPipeline(runner, extractor, concurrency=s.concurrency)
    return LLMEngine(client, budget, extractor, answerer, pipeline)


__all__ = ["LLMEngine", "base_url", "build_engine", "llm_enabled"]

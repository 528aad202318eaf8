"""The daily token budget: usage recorded in SQLite per UTC day, checked before every call.

Every completion's prompt and completion tokens (as the server counted them) are added to
``llm_usage`` for the day, the purpose (``extract`` or ``answer``) and the model. A call is refused
with :class:`~briefings.errors.BudgetExhausted` when the day's total plus what the call is expected
to send would pass ``llm.daily_token_budget``; the callers then fall back to the offline engine.
Calls already in flight when the budget runs out still count, so a day may overshoot by at most
those (``llm.concurrency`` extraction calls and the questions being answered).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from briefings.errors import BudgetExhausted
from storage import DatabaseRunner
from storage import llm as store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens,
                     self.calls + other.calls)


def _utc_today() -> date:
    return datetime.now(UTC).date()


class Budget:
    """Today's tokens against ``daily_tokens``; ``today`` is a clock for tests."""

    def __init__(self, runner: DatabaseRunner, daily_tokens: int, *, today: Callable[[], date] = _utc_today) -> None:
        self.runner = runner
        self.daily_tokens = daily_tokens
        self._today = today

    @property
    def day(self) -> str:
        return self._today().isoformat()

    async def used(self) -> dict[str, Usage]:
        """Today's usage per purpose."""
        rows = await self.runner.read(store.usage_on, self.day)
        return {p: Usage(u["prompt_tokens"], u["completion_tokens"], u["calls"]) for p, u in rows.items()}

    async def used_total(self) -> int:
        return sum(u.total for u in (await self.used()).values())

    async def check(self, estimate: int) -> None:
        """Raise :class:`BudgetExhausted` when a call of about ``estimate`` tokens would pass today's budget."""
        spent = await self.used_total()
        if spent + estimate > self.daily_tokens:
            log.info("LLM token budget: %d of %d spent today, a call of about %d refused", spent,
                     self.daily_tokens, estimate)
            raise BudgetExhausted(f"today's token budget of {self.daily_tokens:,} is spent ({spent:,} used)")

    async def record(self, purpose: str, model: str, usage: Usage) -> None:
        await self.runner.call(store.add_usage, self.day, purpose, model, usage.prompt_tokens,
                               usage.completion_tokens, usage.calls)


__all__ = ["Budget", "Usage"]

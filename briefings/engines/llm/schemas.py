"""The shapes the model must answer in (JSON schemas through pydantic), and how text reaches it.

The schemas carry SPEC §4's vocabularies as enums and patterns, so a conforming server cannot
return a category or status outside them; what the schema cannot say (a country code the gazetteer
knows, a real date, a quote that is article text) is checked after parsing and by the validator.
Optional fields have defaults here, so a server that omits one still parses; the strict schema
sent to the server lists every field as required (nullable) all the same.

Article text and sources are *data*: they go in the user message between boundary tags that carry
a random token per call (``<article-3fa9c2e1>`` ... ``</article-3fa9c2e1>``), which text inside
cannot guess, and the instructions live only in the system message.
"""

from __future__ import annotations

import math
import secrets
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from briefings.models import CATEGORIES, STATUSES

Category = Literal[
    "ground_troops", "air", "maritime", "logistics", "intelligence", "training", "funding", "equipment",
    "humanitarian",
]
Status = Literal["committed", "considering", "declined"]
assert get_args(Category) == CATEGORIES and get_args(Status) == STATUSES  # one vocabulary (SPEC §4)

CountryCode = Annotated[str, Field(
    pattern=r"^(?:[A-Z]{2}|NATO)$",
    description="ISO 3166-1 alpha-2 code of the government that acts, upper case (GB for the United Kingdom)",
)]
IsoDay = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ExtractedFact(_Strict):
    country_code: CountryCode
    actor: str = Field(default="", description="the words of the quote that name the actor, copied exactly")
    category: Category
    status: Status
    size: int | None = Field(default=None, description="personnel offered, only when the quote gives a number")
    amount: str | None = Field(default=None, description="money as the quote writes it, e.g. '1.6 billion pounds'")
    date: IsoDay | None = Field(default=None, description="the day the stance was stated, when the article says")
    quote: str = Field(description="the one sentence of the article that states it, copied character for character")


class ArticleFacts(_Strict):
    facts: list[ExtractedFact]


class GroundedAnswer(_Strict):
    found: bool = Field(description="false when the numbered sources do not answer the question")
    answer: str = Field(description="at most three sentences in English; every claim cites its sources as [n]")
    citations: list[int] = Field(default_factory=list, description="the numbers of the sources the answer uses")


def estimate_tokens(text: str) -> int:
    """About how many tokens ``text`` costs (four characters a token, the usual rule for English)."""
    return math.ceil(len(text) / 4)


def boundary(kind: str) -> tuple[str, str]:
    """An opening and closing tag no text inside can predict: ``<kind-3fa9c2e1>``, ``</kind-3fa9c2e1>``."""
    token = secrets.token_hex(4)
    return f"<{kind}-{token}>", f"</{kind}-{token}>"


def fenced(kind: str, text: str) -> str:
    """``text`` between fresh boundary tags (see :func:`boundary`)."""
    start, end = boundary(kind)
    return f"{start}\n{text}\n{end}"


__all__ = [
    "ArticleFacts", "Category", "ExtractedFact", "GroundedAnswer", "Status", "boundary", "estimate_tokens", "fenced",
]

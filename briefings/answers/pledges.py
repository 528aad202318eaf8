"""What the table answers share: the pledge table as they read it (an actor's facts, a category's
table, both read once per question), its order and summary lines, and the question's residual words
that a quote must carry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.questions import Question, keep_dated
from briefings.answers.stem import stems
from briefings.knowledge import DATE_UNKNOWN, Pledge, build_table, category_label, fmt_int
from briefings.replies import Source

T = TypeVar("T")

CATEGORY_ORDER = [
    "ground_troops", "air", "maritime", "logistics", "intelligence", "training", "funding", "equipment",
    "humanitarian",
]
STATUS_ORDER = {"committed": 0, "considering": 1, "declined": 2}
_STATUS_WORDS = {"committed": "committed", "considering": "considering", "declined": "declined"}
_NOT_COUNTRIES = {"EU", "NATO", "UA", "RU", "BY"}


def category_rank(category: str) -> int:
    """A category's place in the table's order (unknown categories last)."""
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else 99


def once(q: Question, key: Any, make: Callable[[], T]) -> T:
    """A read made once per question, shared by both of the engine's passes."""
    if key not in q.memo:
        q.memo[key] = make()
    value: T = q.memo[key]
    return value


def actor_facts(db: Database, q: Question, code: str, categories: list[str] | None = None) -> list[dict[str, Any]]:
    """An actor's facts, read once for both of the engine's passes."""
    return once(q, ("actor_facts", code, tuple(categories or ())), lambda: rt.actor_facts(db, code, categories))


def list_table(db: Database, category: str, q: Question | None = None) -> list[Pledge]:
    """Every country's current stance on a category (groupings such as the EU and the parties left out)."""
    if q is None:
        rows = rt.category_rows(db, category)
    else:
        rows = keep_dated(q, once(q, ("category_rows", category), lambda: rt.category_rows(db, category)))
    return [p for p in build_table(rows) if p.country_code not in _NOT_COUNTRIES]


def src(s: Source) -> dict[str, Any]:
    """A source as :func:`~briefings.answers.model.attribution` reads it."""
    return {"outlet": s.outlet, "published": s.published}


def _size_text(p: Pledge) -> str:
    if p.size_range:
        return f", {fmt_int(p.size_range[0])}–{fmt_int(p.size_range[1])} personnel (sources differ)"
    if p.size:
        return f", {fmt_int(p.size)} personnel"
    return ""


def summary_line(p: Pledge) -> str:
    """ "Italy: declined — ground troops (as of 2025-03-27)" """
    amount = f", {p.amount}" if p.amount else ""
    when = f" (as of {p.date})" if p.date else f" ({DATE_UNKNOWN})"
    return f"{p.country}: {_STATUS_WORDS.get(p.status, p.status)} — {category_label(p.category)}{_size_text(p)}{amount}{when}"


_ALL_CATEGORY_STEMS = frozenset(
    {s for vocab in lx.CATEGORY_WORDS.values() for s in stems(vocab)}
    | {s for phrase in lx.CATEGORY_PHRASES for s in stems(phrase)}
)


STATUS_STEMS = frozenset(s for phrase, _status in lx.STATUS_PHRASES for s in stems(phrase)) | frozenset(
    stems("agree agreed refuse refused reject decline declined rule ruled willing unwilling ready open")
)


def residual_keys(q: Question) -> set[str]:
    """The question's key words beyond actors, categories and stance words ("resume", "procurement")."""
    return set(q.key_stems) - _ALL_CATEGORY_STEMS - STATUS_STEMS


def covers_residual(q: Question, sources: list[Source]) -> bool:
    """The question's own words beyond actor and category ("resume ... sharing") appear in the quotes."""
    residual = residual_keys(q)
    if not residual:
        return True
    got = residual & set().union(*(set(stems(s.quote)) for s in sources))
    return len(got) * 2 >= len(residual)

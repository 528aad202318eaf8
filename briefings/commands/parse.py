"""What a person types, read into the bot's vocabulary: countries, categories, command names.

Two-letter input goes through the gazetteer first ("UK" is the United Kingdom, GB), then is taken as
an ISO code the gazetteer knows. A misspelt country, category or command gets "did you mean ...?",
from rapidfuzz over the names the bot knows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from briefings.errors import UsageError
from briefings.extract import name_of, resolve
from briefings.extract.gazetteer import codes, known_names
from briefings.knowledge import CATEGORY_LABELS

log = logging.getLogger(__name__)

# Words people use for a category, beyond its id and label (SPEC §4 ids are always accepted).
CATEGORY_WORDS: dict[str, str] = {
    "troops": "ground_troops", "ground": "ground_troops", "soldiers": "ground_troops",
    "boots on the ground": "ground_troops", "peacekeepers": "ground_troops", "ground forces": "ground_troops",
    "air force": "air", "jets": "air", "air policing": "air", "aircraft": "air",
    "naval": "maritime", "navy": "maritime", "sea": "maritime", "ships": "maritime",
    "money": "funding", "finance": "funding", "cash": "funding",
    "weapons": "equipment", "arms": "equipment", "aid": "humanitarian",
    "intel": "intelligence", "surveillance": "intelligence", "transport": "logistics",
}

SUGGEST_CUTOFF = 75.0


def suggest(value: str, choices: Iterable[str], *, limit: int = 1, cutoff: float = SUGGEST_CUTOFF) -> list[str]:
    """The closest of ``choices`` to ``value`` (best first), by rapidfuzz's WRatio, at ``cutoff`` or above."""
    pool = list(dict.fromkeys(choices))
    if not value.strip() or not pool:
        return []
    found = process.extract(value.strip(), pool, scorer=fuzz.WRatio, processor=str.casefold, limit=limit * 3,
                            score_cutoff=cutoff)
    out: list[str] = []
    for name, _score, _i in found:
        if name not in out:
            out.append(name)
    return out[:limit]


@lru_cache(maxsize=1)
def _typed_names() -> dict[str, str]:
    return known_names()


def country_names() -> dict[str, str]:
    """The names a person may type for an actor, each to its code (for autocompletion too)."""
    return _typed_names()


def parse_country(value: str) -> str:
    """A country name, demonym, capital or ISO code -> its code; UsageError (with a suggestion) when unknown."""
    v = value.strip()
    if not v:
        raise UsageError("Name a country, e.g. Italy or United Kingdom.")
    code = resolve(v)
    if code:
        return code
    if len(v) == 2 and v.isalpha() and v.upper() in codes():
        return v.upper()
    hint = suggest(v, _typed_names())
    did_you_mean = f" Did you mean {name_of(_typed_names()[hint[0]])}?" if hint else ""
    raise UsageError(f"I don't know the country “{v}”.{did_you_mean} Try its English name, e.g. Italy or "
                     "United Kingdom.")


def _category_words() -> dict[str, str]:
    words = {c: c for c in CATEGORY_LABELS}
    words.update({label.lower(): c for c, label in CATEGORY_LABELS.items()})
    words.update({c.replace("_", " "): c for c in CATEGORY_LABELS})
    words.update(CATEGORY_WORDS)
    return words


def parse_category(value: str) -> str:
    key = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    words = _category_words()
    cat = words.get(key) or words.get(key.replace(" ", "_"))
    if cat:
        return cat
    hint = suggest(key, words)
    did_you_mean = f" Did you mean {words[hint[0]]}?" if hint else ""
    raise UsageError(f"Unknown category “{value.strip()}”.{did_you_mean} One of {', '.join(CATEGORY_LABELS)}.")


def unknown_command(name: str, known: Iterable[str], *, prefix: str = "/") -> UsageError:
    """The error for a command nobody knows, with the closest one when there is one."""
    hint = suggest(name, known, cutoff=60.0)
    did_you_mean = f" Did you mean {prefix}{hint[0]}?" if hint else ""
    return UsageError(f"Unknown command {prefix}{name}.{did_you_mean} Type {prefix}help for the list.")


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 source", "2 sources", "0 countries" (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


__all__ = ["country_names", "parse_category", "parse_country", "plural", "suggest", "unknown_command"]

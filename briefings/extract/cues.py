"""Cue vocabularies: what a clause offers (category) and how firmly (status), and numbers.

This module is the one place the rest of the package imports cues from; the vocabularies live in
three siblings, each with its rules in its docstring:

* :mod:`.cues_categories` — what is offered: the nine categories of SPEC §4, the generic
  participation cues that mean ground troops only when nothing specific is named, other people's
  troops, trainers, staying at home, units based elsewhere, staff;
* :mod:`.cues_status` — how firmly: the status families (negated refusals, ``declined``,
  ``considering``, ``committed``) checked in that order, the masks of what only looks like a status,
  pending approvals, earlier stances ("after months of saying ...") and the force context;
* :mod:`.cues_gate` — the speed machinery (word-start and literal-prefix gates) behind them.

Here: personnel numbers, whole-force phrases and money (used by :mod:`.figures`).
"""

from __future__ import annotations

import re
from typing import Final

from briefings.extract.cues_categories import (
    ATTENDANCE,
    ELSEWHERE,
    FUNDING_VERBS,
    GENERIC_GROUND,
    JOINS_FORCE,
    MINES,
    OTHERS_TROOPS,
    PEOPLE_AFTER,
    SAME_SOIL,
    SEA_CONTEXT,
    SPECIFIC,
    STAFF_ONLY,
    STAY_HOME,
    TRAINED_PASSIVE,
    TRAINERS,
)
from briefings.extract.cues_gate import Vocabulary, by_first_letter, gated, literal_prefixes
from briefings.extract.cues_status import (
    COMMITTED,
    CONSIDERING,
    DECLINED,
    EARLIER_STANCE,
    FORCE_CONTEXT,
    LOCAL_NEGATION,
    MASKS,
    NEG_CONSIDERING,
    NOT_IN_UKRAINE,
    PENDING_APPROVAL,
    REPORTED_WOULD,
    STATUS_ORDER,
    URGING,
    WITH_GERUND,
)

__all__ = [
    "ATTENDANCE", "COMMITTED", "COMPANY_RE", "CONSIDERING", "CURRENCY_WORDS", "DECLINED", "EARLIER_STANCE", "ELSEWHERE",
    "FORCE_AFTER_RE", "FORCE_CONTEXT", "FUNDING_VERBS", "GENERIC_GROUND", "JOINS_FORCE", "LOCAL_NEGATION",
    "MASKS", "MINES", "MONEY_RE", "MULTIPLIERS", "NEG_CONSIDERING", "NOT_IN_UKRAINE", "NUM", "OTHERS_TROOPS",
    "PENDING_APPROVAL", "PEOPLE_AFTER", "REPORTED_WOULD", "SAME_SOIL", "SEA_CONTEXT", "SIZE_QUALIFIER", "SIZE_RE",
    "SPECIFIC", "STAFF_ONLY", "STATUS_ORDER", "STAY_HOME", "TRAINED_PASSIVE", "TRAINERS", "URGING", "Vocabulary",
    "WHOLE_FORCE_RE", "WITH_GERUND", "by_first_letter", "gated", "literal_prefixes",
]

_I = re.IGNORECASE

NUM = r"\d{1,3}(?:[,\s.]\d{3})+|\d+(?:\.\d+)?\s*(?:thousand|k)\b|\d+"
SIZE_QUALIFIER = (
    r"no\s+less\s+than|no\s+fewer\s+than|not\s+less\s+than|at\s+least|a\s+minimum\s+of|up\s+to|about|around|"
    r"some|roughly|approximately|nearly|almost|more\s+than|over|as\s+many\s+as|fewer\s+than|less\s+than|"
    r"between|maximum\s+of|a\s+maximum\s+of"
)
SIZE_RE: Final = re.compile(  # (the leading test is a speed gate: matches start at a word)
    rf"(?<!\w)(?=\w)(?:(?P<q>{SIZE_QUALIFIER})\s+)?(?P<n>{NUM})(?:\s*(?:-|to|and)\s*(?P<n2>{NUM}))?"
    r"(?:-strong\b|\s+(?:more\s+|additional\s+|extra\s+)?(?:people|men\b|"
    # up to two modifiers ("100 defence force personnel"), never someone else's troops or a multiplier
    r"(?:(?!(?:of|to|and|or|in|for|from|with|Ukrainian|Russian|European|foreign|allied|NATO|Western|international"
    r"|multinational|North|enemy|million|billion|thousand|hundred|per|percent)\b)[a-z][\w-]*\s+){0,2}?"
    r"(?:troops|soldiers|personnel|servicemen|servicewomen|service\s+members|servicemembers|peacekeepers"
    r"|instructors|trainers|engineers|sappers|medics|paratroopers|marines|commandos|infantrymen|gendarmes|militaries"
    r"|(?:\w+\s+)?forces)))",
    _I,
)
COMPANY_RE: Final = re.compile(rf"(?<!\w)(?=\w)\b(?:company|contingent|unit|battalion|detachment)\s+of\s+(?:(?P<q>{SIZE_QUALIFIER})\s+)?(?P<n>{NUM})\b", _I)
WHOLE_FORCE_RE: Final = re.compile(
    r"(?:\b(?:force|forces|mission|coalition)|\b(?:European|multinational|international|coalition|joint|combined|allied|overall"
    r"|total|whole)\s+contingents?)\s+(?:of|could|would|will|might|may|numbering|totall?ing|size|"
    r"made\s+up|number)\b|\bnumber(?:ing)?\s+(?:up\s+to|about|around|some)?\s*$|\btotal\s+of\b|\bsize\s+of\b|\bin\s+total\b|"
    r"\boverall\b|\bwhole\b|\bentire\b|\bconcept\s+of\b",
    _I,
)
FORCE_AFTER_RE: Final = re.compile(
    r"\W{0,3}(?:-strong\s+)?(?:(?!(?:to|into|for|in|within|of|towards|with|alongside|as|from)\b)\w+\s+){0,2}"
    r"(?:force|mission|coalition)\b",
    _I,
)

CURRENCY_WORDS: Final = {
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "£": "GBP", "gbp": "GBP",
    "euro": "EUR", "euros": "EUR", "€": "EUR", "eur": "EUR",
    "dollar": "USD", "dollars": "USD", "$": "USD", "us$": "USD", "u.s. $": "USD", "usd": "USD",
    "us dollars": "USD", "canadian dollars": "CAD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "australian dollars": "AUD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "new zealand dollars": "NZD",
    "nz$": "NZD", "nzd": "NZD", "yen": "JPY", "¥": "JPY", "jpy": "JPY", "kronor": "SEK", "krona": "SEK",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "francs": "CHF", "chf": "CHF", "zloty": "PLN", "zlotys": "PLN",
    "pln": "PLN", "koruna": "CZK", "korunas": "CZK", "korun": "CZK", "czk": "CZK", "hryvnias": "UAH",
    "hryvnia": "UAH", "krónur": "ISK", "kronur": "ISK", "króna": "ISK", "isk": "ISK", "forint": "HUF", "forints": "HUF",
    "huf": "HUF", "lei": "RON", "leu": "RON", "ron": "RON", "leva": "BGN", "lev": "BGN", "bgn": "BGN", "lira": "TRY",
    "liras": "TRY", "lire": "TRY", "try": "TRY", "swiss francs": "CHF", "norwegian kroner": "NOK", "danish kroner": "DKK",
    "swedish kronor": "SEK", "icelandic krónur": "ISK", "icelandic kronur": "ISK", "swedish krona": "SEK",
}
_CUR_WORDS = (
    r"(?:US\s+|U\.S\.\s+|Canadian\s+|Australian\s+|New\s+Zealand\s+)?dollars|pounds(?:\s+sterling)?|sterling|euros?|"
    r"(?:(?:Norwegian|Danish|Swedish|Icelandic|Swiss)\s+)?(?:kroner|kronor|krona|krone|krónur|kronur|króna|francs)|yen|"
    r"zlotys?|korun[ay]?|hryvnias?|forints?|lei|leu|leva|lev|(?:Turkish\s+)?lir(?:a|as|e)|"
    r"EUR|USD|GBP|NOK|SEK|DKK|CAD|AUD|JPY|CHF|PLN|CZK|ISK|HUF|RON|BGN|TRY"
)
MONEY_RE: Final = re.compile(
    r"(?P<pre>US\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|\$|€|£|¥|(?:EUR|USD|GBP|NOK|SEK|DKK|CAD|AUD|JPY|CHF|PLN|ISK|HUF|RON|BGN|TRY|CZK)\s?)"
    r"\s?(?P<n>\d+(?:[.,]\d+)*)\s*(?P<mult>billion|bn|million|mn|m|trillion|tn|thousand)?\b"
    rf"|(?<![\w.,])(?P<n2>\d+(?:[.,]\d+)*)\s*(?P<mult2>billion|bn|million|mn|trillion|thousand)?\s+(?:of\s+)?(?P<cur>{_CUR_WORDS})\b"
)
MULTIPLIERS: Final = {
    "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "trillion": 1e12, "tn": 1e12, "thousand": 1e3,
}

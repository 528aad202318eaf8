"""Numbers: personnel sizes, whole-force figures and money.

Rules:

* A personnel number ("no less than 10,000 people", "5,000 troops", "a 10,000-strong", "a company
  of about 150") is the *actor's own contribution* (``Fact.size``) only when the clause has one
  actor offering ground troops and the number is not about the whole force.
* It is a *whole-force figure* (``Figure(kind="force_size")``) when a force word governs it ("a force
  of up to 30,000", "the force could number up to 30,000", "the size of the force is 30,000",
  "a 10,000 peacekeeping force", "the concept of a 10,000 force"). The proposer is the clause's actor
  or speaker when one is named, else None ("according to a newspaper" names no proposer).
* The size is the stated number for "about", "some", "more than" ("about 800" -> 800), the stated
  bound for "up to" ("up to 1,200" -> 1,200), and the lower bound of a range ("between 2,000 and
  3,000", "1,000 to 2,000" -> the lower; ``Figure.high`` keeps the upper). Thousands separators may
  be commas, dots or spaces ("10 000"); "2k" is 2,000. "A contingent of 1,500" is a country's own
  contingent; only a European/multinational/joint contingent is the whole force.
* "200 military planners" is ``Figure(kind="planners")``.
* Money: an amount with a currency ("1.6 billion pounds", "85 billion kroner", "€3bn",
  "US$50 billion") keeps its words as written, its value in units and an ISO 4217 code. "kroner"
  is NOK or DKK depending on the actor (Norway or Denmark), NOK when unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefings.extract.cues import (
    COMPANY_RE,
    CURRENCY_WORDS,
    FORCE_AFTER_RE,
    MONEY_RE,
    MULTIPLIERS,
    SIZE_RE,
    WHOLE_FORCE_RE,
    gated,
)

_DIGIT = re.compile(r"\d")
_PLANNERS_RE = re.compile(r"(?:(about|around|some|more\s+than|over|nearly)\s+)?(\d[\d,]*)\s+(?:military\s+)?planners\b", re.I)
_FORCE_TOTAL_RE = re.compile(
    r"(?:\b(?:force|mission)|\b(?:European|multinational|international|coalition|joint|combined|allied)\s+contingent)"
    r"\s+(?:of|could\s+number|would\s+number|will\s+number|numbering|totall?ing|"
    r"could\s+be|would\s+be|made\s+up\s+of)\s+(?:(?P<q>up\s+to|about|around|some|at\s+least|more\s+than|no\s+less\s+than|"
    r"roughly|approximately|between)\s+)?(?P<n>\d{1,3}(?:[,\s.]\d{3})+|\d+\s*(?:thousand|k)\b|\d+)"
    r"|\bsize\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}force\s+(?:is|was|would\s+be|could\s+be|of)\s+(?:(?P<q2>up\s+to|about|around|"
    r"some|at\s+least|more\s+than|roughly|approximately)\s+)?(?P<n2>\d{1,3}(?:[,\s.]\d{3})+|\d+)"
    r"|(?:(?P<q3>up\s+to|about|around|some|at\s+least|more\s+than|roughly)\s+)?(?P<n3>\d{1,3}(?:[,\s.]\d{3})+|\d+\s*(?:thousand|k)\b)"
    r"[\"'”’]?(?:-strong|\s+(?:peacekeeping|reassurance|multinational|european|international|strong))?\s*(?:peacekeeping\s+)?"
    r"(?:force|mission|(?<=multinational\s)contingent|(?<=international\s)contingent|(?<=European\s)contingent|(?<=european\s)contingent)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in text, with its qualifier and span."""

    value: int
    start: int
    end: int
    qualifier: str | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money as written."""

    text: str
    value: float | None
    currency: str | None
    start: int
    end: int


def parse_int(text: str) -> int | None:
    """ "10,000" / "10 000" / "10.000" / "10k" / "10 thousand" -> 10000."""
    t = text.strip().lower()
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(thousand|k)$", t)
    if m:
        return int(float(m.group(1)) * 1000)
    digits = re.sub(r"[,\s.]", "", t) if re.fullmatch(r"\d{1,3}(?:[,\s.]\d{3})+", t) else t
    try:
        return int(float(digits))
    except ValueError:
        return None


def _qualifier(q: str | None) -> str | None:
    return re.sub(r"\s+", " ", q.lower()) if q else None


def whole_force_numbers(text: str) -> list[Number]:
    """Numbers that size the whole force in ``text``."""
    out = []
    for m in _FORCE_TOTAL_RE.finditer(text):
        for n_group, q_group in (("n", "q"), ("n2", "q2"), ("n3", "q3")):
            if m.group(n_group):
                value = parse_int(m.group(n_group))
                if value and value >= 100:
                    out.append(Number(value, m.start(n_group), m.end(n_group), _qualifier(m.group(q_group))))
                break
    return out


@lru_cache(maxsize=2048)
def personnel_numbers(text: str) -> tuple[tuple[Number, bool], ...]:
    """Personnel numbers in ``text``, each with True when it sizes the whole force."""
    if not _DIGIT.search(text):
        return ()
    whole = whole_force_numbers(text)
    out: list[tuple[Number, bool]] = [(n, True) for n in whole]
    taken = {(n.start, n.end) for n in whole}
    for rx in (SIZE_RE, COMPANY_RE):
        for m in rx.finditer(text):
            if (m.start("n"), m.end("n")) in taken or any(s <= m.start("n") < e for s, e in taken):
                continue
            value = parse_int(m.group("n"))
            if not value or value < 10:
                continue
            high = parse_int(m.group("n2")) if "n2" in m.groupdict() and m.group("n2") else None
            before = text[max(0, m.start() - 40) : m.start()]
            is_whole = bool(WHOLE_FORCE_RE.search(before)) or bool(FORCE_AFTER_RE.match(text, m.end()))
            out.append((Number(value, m.start("n"), m.end("n"), _qualifier(m.group("q")), high), is_whole))
            taken.add((m.start("n"), m.end("n")))
    out.sort(key=lambda x: x[0].start)
    return tuple(out)


def planners(text: str) -> list[Number]:
    """'about 200 military planners' -> [Number(200, qualifier='about')]."""
    out: list[Number] = []
    if not _DIGIT.search(text):
        return out
    for m in _PLANNERS_RE.finditer(text):
        value = parse_int(m.group(2))
        if value:
            out.append(Number(value, m.start(2), m.end(2), _qualifier(m.group(1))))
    return out


def _amount(number: str) -> float | None:
    n = number
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", n):
        n = n.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", n):
        n = n.replace(".", "").replace(",", ".")
    else:
        n = n.replace(",", ".")
    try:
        return float(n)
    except ValueError:
        return None


@lru_cache(maxsize=2048)
def find_money(text: str, actor: str | None = None) -> tuple[Money, ...]:
    """Every amount of money in ``text``; ``actor`` picks NOK or DKK for "kroner"."""
    if not _DIGIT.search(text):
        return ()
    out = []
    for m in MONEY_RE.finditer(text):
        if m.group("n"):
            number, mult, cur = m.group("n"), m.group("mult"), m.group("pre").strip()
        else:
            number, mult, cur = m.group("n2"), m.group("mult2"), m.group("cur")
        if cur is None or number is None:
            continue
        value = _amount(number)
        if value is not None and mult:
            value *= MULTIPLIERS[mult.lower()]
        key = re.sub(r"\s+", " ", cur.lower())
        code: str | None
        if key in ("kroner", "krone"):
            code = "DKK" if actor == "DK" else "NOK"
        else:
            code = CURRENCY_WORDS.get(key) or CURRENCY_WORDS.get(key.split()[-1])
        out.append(Money(m.group(0).strip(), value, code, m.start(), m.end()))
    return tuple(out)

# Speed: the same patterns behind a cheap word-start test (see cues.gated).
_FORCE_TOTAL_RE = gated(_FORCE_TOTAL_RE)
_PLANNERS_RE = gated(_PLANNERS_RE)

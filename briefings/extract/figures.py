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
* Numbers in words count ("two hundred soldiers", "twenty-five thousand troops"); a vague count gets
  "about" and its smallest usual reading: "a few"/"several" 3 ("several hundred" -> 300, "a few dozen"
  -> 36), "dozens of" 24, "hundreds of" 200, "thousands of" 2,000 (:func:`with_digits`, offsets kept).
  Up to two modifiers may stand between a number and its troops ("250 defence force personnel",
  "90 combat engineers"), never someone else's troops ("5,000 Ukrainian soldiers") or a multiplier.
* A number of people sent to train others ("80 personnel to train Ukrainian recruits", "60
  instructors") sizes the actor's ``training`` fact, not ground troops (see :func:`offers.own_sizes`).
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
    _CUR_WORDS,
    COMPANY_RE,
    CURRENCY_WORDS,
    FORCE_AFTER_RE,
    MONEY_RE,
    MULTIPLIERS,
    SIZE_QUALIFIER,
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


_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "couple": 2, "few": 3, "several": 3,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}
_PLURAL_SCALES = {"dozens": 24, "hundreds": 200, "thousands": 2000}  # "dozens of": the smallest plural
_VAGUE = frozenset({"couple", "few", "several", "dozens", "hundreds", "thousands"})
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|couple|few|several|dozens?|hundreds?|"
    r"thousands?"
)
_WORD_GATE = re.compile(rf"\b(?:{_NUMBER_WORD})\b", re.I)
# A run of number words: "two hundred", "twenty-five", "a few dozen", "several hundred", "dozens of",
# "two thousand five hundred", "a couple of hundred".
_WORD_NUMBER = re.compile(
    rf"\b(?:(?:an?|{_NUMBER_WORD})(?:[\s-]+(?:and\s+|of\s+)?(?:{_NUMBER_WORD}))*)(?:\s+of(?=\s))?\b",
    re.I,
)


def _word_value(words: list[str]) -> tuple[int | None, bool]:
    """(value, vague) of a run of number words, None when it is no number ("a", "one of")."""
    total, current, seen, vague = 0, 0, False, False
    for w in words:
        if w in ("and", "of"):
            continue
        if w in _UNITS:
            if current and w not in ("a", "an") and _UNITS[w] < 10 <= current % 100 and current % 10 == 0:
                current += _UNITS[w]  # "twenty five"
            elif current and w not in ("a", "an") and current % 100 == 0:
                current += _UNITS[w]  # "two hundred fifty"
            else:
                current = _UNITS[w] if w not in ("a", "an") or not current else current
            seen = seen or w not in ("a", "an")
            vague = vague or w in _VAGUE
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            seen = True
            if w == "thousand":
                total, current = total + current, 0
        elif w in _PLURAL_SCALES:
            current = (current or 1) * _PLURAL_SCALES[w] if current and w != "dozens" else _PLURAL_SCALES[w]
            seen = vague = True
    value = total + current
    return (value if seen and value else None), vague


@lru_cache(maxsize=2048)
def with_digits(text: str) -> str:
    """``text`` with personnel numbers written in words as digits, keeping offsets: "two hundred soldiers"
    -> "        200 soldiers"; a vague count gets "about": "several hundred" -> "      about 300" ("a few"
    and "several" count 3, "dozens of" 24, "hundreds of" 200, "thousands of" 2,000)."""
    if not _WORD_GATE.search(text):
        return text
    out = text
    for m in _WORD_NUMBER.finditer(text):
        words = [w.lower() for w in re.split(r"[\s-]+", m.group(0)) if w]
        if words[-1] == "of" and not (set(words) & {"dozens", "hundreds", "thousands", "couple"}):
            continue
        value, vague = _word_value(words)
        if value is None:
            continue
        digits = f"about {value}" if vague and not re.search(
            rf"(?:{SIZE_QUALIFIER})\s*$", text[max(0, m.start() - 30) : m.start()], re.I
        ) else str(value)
        if len(digits) > len(m.group(0)):
            digits = str(value)
        out = out[: m.start()] + digits.rjust(len(m.group(0))) + out[m.end() :]
    return out


@lru_cache(maxsize=2048)
def personnel_numbers(text: str) -> tuple[tuple[Number, bool], ...]:
    """Personnel numbers in ``text``, each with True when it sizes the whole force (numbers written in
    words count: "two hundred soldiers", "a few dozen instructors")."""
    text = with_digits(text)
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


# A small amount in words before a currency: "one billion euros", "not one euro", "a single dollar".
_MONEY_WORDS = re.compile(
    r"\b(?:(?P<single>a\s+single|a|an|one|single)|(?P<w>two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|fifty))"
    rf"(?=\s+(?:(?:million|billion|thousand)\s+)?(?:{_CUR_WORDS})\b)",
    re.I,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
          "fifteen": 15, "twenty": 20, "fifty": 50}


def _money_digits(m: re.Match[str]) -> str:
    value = "1" if m.group("single") else str(_SMALL[m.group("w").lower()])
    return value.rjust(len(m.group(0)))


@lru_cache(maxsize=2048)
def find_money(text: str, actor: str | None = None) -> tuple[Money, ...]:
    """Every amount of money in ``text``; ``actor`` picks NOK or DKK for "kroner". Amounts in words
    ("one billion euros", "not one euro") count; the money keeps its words as written."""
    original, words = text, []
    if not _DIGIT.search(text):
        words = [w.span() for w in _MONEY_WORDS.finditer(text)]
        if not words:
            return ()
        text = _MONEY_WORDS.sub(_money_digits, text)
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
        start = next((a for a, b in words if a <= m.start() < b), m.start())  # the number as written
        out.append(Money(original[start : m.end()].strip(), value, code, start, m.end()))
    return tuple(out)

# Speed: the same patterns behind a cheap word-start test (see cues.gated).
_FORCE_TOTAL_RE = gated(_FORCE_TOTAL_RE)
_PLANNERS_RE = gated(_PLANNERS_RE)

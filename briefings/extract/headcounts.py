"""Head counts stated in a sentence: how many countries, leaders or delegations, with their qualifier
and their role.

"attended by 29 heads of state or government, and a total of 35 countries signed up to participate"
states two counts: 29 *attended*, 35 *joined*. "more than 30 countries", "nearly 20 nations", "at least
26 states", "some 30 countries" keep their qualifier ("more than 30" is never just "30"). Rules (the
vocabularies are data, below):

* A count is a number (digits, or words: "twenty-six", "a dozen") with an optional qualifier
  (``QUALIFIERS``) and up to two modifiers before a head noun (``COUNTRY_NOUNS``: countries, nations,
  states ...; ``PEOPLE_NOUNS``: leaders, heads of state or government, delegations, ministers ...). "the
  26 countries" refers back and counts nothing.
* Its role is read from the nearest role cue (``ROLE_CUES``), in the words after the noun (up to a new
  clause, a bracket or another number) or in the words before the number (back to the previous comma;
  some cues count only there: ``BEFORE_ONLY``): ``attended`` ("attended by", "took part", "met",
  "gathered", "joined the call", "leaders of", a meeting "including"),
  ``joined`` ("signed up", "joined", "are members", "have committed", "pledged", "agreed to take part").
  A count with no cue has no role (``None``); a count of "members" has joined.
* :func:`head_counts` gives every count of a sentence; :func:`attendance` the one a meeting's
  participants are (the first attended count, else the first with no role; never a joined one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_I = re.IGNORECASE

QUALIFIERS: Final = (
    "more than", "over", "well over", "just over", "upwards of", "nearly", "almost", "close to", "at least",
    "no fewer than", "no less than", "not less than", "some", "about", "around", "roughly", "approximately",
    "up to", "as many as", "fewer than", "less than", "under", "just under", "at most", "a total of", "a further",
    "another", "an estimated", "the best part of",
)
COUNTRY_NOUNS: Final = (
    "countries", "nations", "states", "member states", "governments", "allies", "partners", "members",
    "capitals", "participants",
)
PEOPLE_NOUNS: Final = (
    "leaders", "heads of state or government", "heads of state and government", "heads of state",
    "heads of government", "delegations", "delegates", "representatives", "prime ministers", "presidents",
    "defence ministers", "defense ministers", "foreign ministers", "ministers", "army chiefs", "military chiefs",
    "chiefs of staff", "chiefs of defence", "chiefs", "envoys",
)
# role -> cue phrases; "_" stands for any one word. Tried nearest first; at the same distance, in this order.
ROLE_CUES: Final = {
    "attended": (
        "attended", "attending", "attendance", "took part in", "take part in", "taking part in",
        "participated in", "participating in", "were present", "was present", "present at", "were represented",
        "represented", "gathered", "gathering", "met", "meeting of", "meeting with", "joined the call",
        "joined the meeting", "joined the summit", "joined the talks", "joined the conference",
        "joined the video call", "joined the video conference", "joined by video", "joined online",
        "dialled in", "dialed in", "logged on", "by video", "turned up", "showed up", "came to", "around the table",
        "in the room", "leaders of", "heads of state of", "delegations from", "representatives of",
        "including", "with leaders of", "brought together", "drew", "attended by",
    ),
    "joined": (
        "signed up", "signed on", "sign up", "signing up", "have signed", "had signed", "signed", "joined",
        "join", "joining", "have joined", "enlisted", "enrolled", "registered", "are members", "are part of",
        "belong to", "have committed", "had committed", "committed", "have pledged", "had pledged", "pledged",
        "promised", "volunteered", "agreed to join", "agreed to take part", "agreed to participate",
        "agreed to contribute", "expressed willingness", "expressed their willingness", "expressed readiness",
        "expressed interest", "backed", "back", "endorsed", "support", "supported", "on board", "are ready to",
        "were ready to", "are willing to", "were willing to", "have offered", "offered",
    ),
}
# Cues that name a role only before the number ("a summit including 30 countries", "leaders of 31
# nations"); after it they start a list or an aside ("26 countries, including Britain, have signed up").
BEFORE_ONLY: Final = frozenset({
    "including", "leaders of", "heads of state of", "delegations from", "representatives of", "attended by",
    "with leaders of", "brought together", "drew", "meeting of", "meeting with",
})
ROLE_WORDS: Final = {"attended": "took part", "joined": "signed up"}  # how an answer says the role

_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "a dozen": 12, "one": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join("\\w+" if w == "_" else re.escape(w) for w in p.split())
                    for p in sorted(phrases, key=len, reverse=True))


_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(k for k, v in _UNITS.items() if v < 10 and ' ' not in k)}))?"
    rf"|{_alternation(tuple(_UNITS))})"
)
_COUNT_RE: Final = re.compile(
    rf"(?<![\w$€£.,-])(?:(?P<q>{_alternation(QUALIFIERS)})\s+)?(?P<n>\d{{1,3}}(?![\d,.]\d)|{_WORD_NUMBER})\s+"
    rf"(?:(?!(?:of|to|and|or|in|for|from|with|the|have|had|are|were|who|which|that)\b)[\w'’-]+\s+){{0,2}}?"
    rf"(?P<noun>{_alternation(PEOPLE_NOUNS + COUNTRY_NOUNS)})\b",
    _I,
)
_ROLE_RE: Final = {role: re.compile(rf"\b(?:{_alternation(cues)})\b", _I) for role, cues in ROLE_CUES.items()}
_ROLE_AFTER_RE: Final = {
    role: re.compile(rf"\b(?:{_alternation(tuple(c for c in cues if c not in BEFORE_ONLY))})\b", _I)
    for role, cues in ROLE_CUES.items()
}
# Where the words after a count stop being about it: a new clause, an aside in brackets, another number.
_AFTER_STOP = re.compile(r"[;:()]|,\s+(?:and|but|while|whereas)\b|\b\d", _I)
_REFERS_BACK = re.compile(r"\b(?:the|these|those|all|all\s+the)\s+$", _I)
_AFTER_WORDS = 8
_BEFORE_WORDS = 5


@dataclass(frozen=True, slots=True)
class HeadCount:
    """One count of a sentence."""

    value: int
    number: str  # as written: "29", "twenty-six"
    qualifier: str | None  # as written, lower case: "more than", "a total of"
    noun: str  # as written, lower case: "countries", "heads of state or government"
    role: str | None  # attended | joined | None
    start: int
    end: int

    @property
    def counts_countries(self) -> bool:
        """True for countries, nations, states ...; False for leaders, delegations, ministers ..."""
        return re.sub(r"\s+", " ", self.noun) in COUNTRY_NOUNS

    def phrase(self) -> str:
        """ "more than 30 countries", "29 heads of state or government" """
        return " ".join(p for p in (self.qualifier, self.number, self.noun) if p)


def number_value(number: str) -> int | None:
    """ "29" -> 29, "twenty-six" -> 26, "a dozen" -> 12."""
    low = re.sub(r"\s+", " ", number.lower().strip())
    if low.isdigit():
        return int(low)
    if low in _UNITS:
        return _UNITS[low]
    total = 0
    for part in re.split(r"[-\s]+", low):
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return total or None


def role_at(sentence: str, start: int, end: int, noun: str = "") -> str | None:
    """The role of the count at ``sentence[start:end]`` (its number to its noun): see the module docstring."""
    rest = sentence[end:]
    stop = _AFTER_STOP.search(rest)
    after = " ".join(rest[: stop.start() if stop else len(rest)].split()[:_AFTER_WORDS])
    before = re.split(r"[,;:()]", sentence[:start])[-1]
    before = " ".join(before.split()[-_BEFORE_WORDS:])
    best: tuple[int, int, str] | None = None
    for order, role in enumerate(_ROLE_RE):
        c = _ROLE_AFTER_RE[role].search(after)
        if c:
            cand = (c.start(), order, role)
            best = cand if best is None or cand < best else best
        for c in _ROLE_RE[role].finditer(before):
            cand = (len(before) - c.end(), order, role)
            best = cand if best is None or cand < best else best
    if best is not None:
        return best[2]
    return "joined" if re.sub(r"\s+", " ", noun.lower()) in ("members", "member states") else None


def role_fits(asked: str | None, found: str | None) -> bool:
    """Whether a count of role ``found`` answers a question about role ``asked``: any count answers a
    question that names no role; attendance is also answered by a count with no role ("a summit
    including 30 countries"); who signed up only by a count of those who did."""
    if asked is None:
        return True
    return found == asked or (asked == "attended" and found is None)


def head_counts(sentence: str) -> list[HeadCount]:
    """Every head count of a sentence, in order (see the module docstring)."""
    out: list[HeadCount] = []
    for m in _COUNT_RE.finditer(sentence):
        if _REFERS_BACK.search(sentence, max(0, m.start() - 10), m.start()):
            continue
        value = number_value(m.group("n"))
        if value is None:
            continue
        q = m.group("q")
        out.append(HeadCount(
            value=value, number=m.group("n"), qualifier=re.sub(r"\s+", " ", q.lower()) if q else None,
            noun=re.sub(r"\s+", " ", m.group("noun").lower()), role=role_at(sentence, m.start(), m.end(), m.group("noun")),
            start=m.start(), end=m.end(),
        ))
    return out


def attendance(sentence: str) -> HeadCount | None:
    """The count of a meeting's participants: the first attended count, else the first with no role
    (never a count of those who joined or signed up)."""
    counts = [c for c in head_counts(sentence) if c.value >= 2]
    return next((c for c in counts if c.role == "attended"), None) or next((c for c in counts if c.role is None), None)


def role_of_question(text: str) -> str | None:
    """The role a "how many" question asks about: "signed up", "joined the coalition" -> joined;
    "attended", "took part", "joined the call" -> attended; None when it says neither."""
    low = text.lower()
    best: tuple[int, int, str] | None = None
    for order, (role, rx) in enumerate(_QUESTION_ROLE_RE.items()):
        m = rx.search(low)
        if m:
            cand = (m.start(), order, role)
            best = cand if best is None or cand < best else best
    return best[2] if best else None


# In a question the cue may stand in any form ("attend", "take part"); the meeting forms of "join"
# come first so that "joined the call" is attendance.
QUESTION_ROLE_CUES: Final = {
    "attended": (
        "attend", "attended", "attending", "take part", "took part", "taking part", "participate", "participated",
        "participating", "present", "represented", "met", "meet", "gathered", "were at", "was at", "came to",
        "turned up", "showed up", "dial in", "dialled in", "joined the call", "joined the meeting",
        "joined the summit", "joined the talks", "joined the conference", "join the call", "join the meeting",
        "join the summit", "joined the video", "join the video",
    ),
    "joined": (
        "signed up", "sign up", "signed on", "signed", "joined", "join", "members", "member", "enlisted",
        "enrolled", "part of the coalition", "belong", "have committed", "committed to join", "pledged to join",
        "agreed to join", "agreed to take part", "agreed to participate", "are in the coalition", "on board",
    ),
}
_QUESTION_ROLE_RE: Final = {role: re.compile(rf"\b(?:{_alternation(c)})\b") for role, c in QUESTION_ROLE_CUES.items()}

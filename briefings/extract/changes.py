"""A clause that reports a change of offer: what is offered now, and what no longer is.

"Britain changed its proposal from ground forces to air and maritime support", "Spain dropped its plan
for troops in favour of mine clearing", "The Netherlands replaced its troop offer with air policing",
"Norway scaled back its contribution from 2,000 troops to 500": the clause commits to the *new* thing,
not to the old one. Rules (the vocabularies are data, below):

* A change cue is one of three families of verbs, each with what must follow it:

  - ``SHIFT_VERBS`` ("changed", "shifted", "switched", "moved away", "revised", "scaled back",
    "narrowed", "refocused", ...), followed by "from" or by the offer it changes ("its proposal",
    "his plan", "the offer": ``OFFER_NOUNS``). The old thing is merely no longer offered: it gets no
    fact at all (neither committed nor declined).
  - ``REPLACE_VERBS`` ("replaced", "swapped", "traded", "exchanged", "substituted"), whose new thing
    follows "with", "for" or "by". The old thing gets no fact.
  - ``DROP_VERBS`` ("dropped", "abandoned", "scrapped", "shelved", "withdrew", "gave up", "backed away
    from", ...) followed by the offer (``OFFER_NOUNS``: "dropped its plan for troops", "abandoned the
    idea of ..."), and "no longer" followed by a verb ("no longer proposes troops"; not a softened
    refusal: "no longer rules out" is openness, see :mod:`.cues_status`). The sentence says the old
    thing was dropped, so it is ``declined`` (withdrawn), whether or not a new thing is named.

* The old thing runs from the cue (or the "from" after it) to the *pivot*; the new thing follows the
  pivot. The pivot is the first connective of the family (``SHIFT_PIVOTS``, ``REPLACE_PIVOTS``,
  ``DROP_PIVOTS``: "to", "into", "towards", "in favour of", "instead", "with", "but", ", offering", ...)
  such that the words before it name an offer (a category or a stance) and the few words after it name
  one too, or a number ("... from 2,000 troops to 500": the same offer, resized). So "changed his
  proposal to form and dispatch European ground forces to aid Ukraine ... to 'air and maritime support'"
  pivots on the last "to": "to form" has no offer before it, "to aid Ukraine" none after it.
* A shift or a replacement with no pivot found is no change this module reads (the clause is read as
  usual); a drop with no pivot drops everything after the cue.
* The status of the clause is read with the cue and the old thing blanked: "is considering switching
  from troops to air support" stays ``considering``. With no status word left, a changed offer commits
  to the new thing (the change *is* the offer); a changed stance with no status word left gives nothing.
* Categories named before the cue, or in the new thing, are kept; only those named in the old thing
  alone are left out (or declined, for a drop): "will send 500 troops, replacing ..." keeps its troops.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from briefings.extract.cues import NUM

_I = re.IGNORECASE


def _alternation(phrases: tuple[str, ...]) -> str:
    """A regex alternation of phrases (words separated by single spaces), longest first."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


# -- vocabularies ---------------------------------------------------------------------------------

SHIFT_VERBS: Final = (
    "changed", "changes", "changing", "change", "shifted", "shifts", "shifting", "shift", "switched", "switches",
    "switching", "switch", "moved", "moves", "moving", "moved away", "moving away", "revised", "revises",
    "revising", "altered", "alters", "altering", "amended", "amends", "modified", "modifies", "adjusted",
    "adjusts", "recast", "reframed", "converted", "converts", "refocused", "refocussed", "refocuses",
    "redirected", "redirects", "reoriented", "re-oriented", "pivoted", "pivots", "narrowed", "narrows",
    "scaled back", "scales back", "scaling back", "scaled down", "scales down", "cut back", "cuts back",
    "pared back", "trimmed", "trims", "downgraded", "downgrades", "watered down", "toned down", "reduced",
    "reduces", "turned", "turns", "transformed", "reshaped", "reworked", "rewrote", "rewritten",
)
REPLACE_VERBS: Final = (
    "replaced", "replaces", "replacing", "replace", "swapped", "swaps", "swapping", "swap", "traded", "trades",
    "trading", "exchanged", "exchanges", "substituted", "substitutes", "supplanted",
)
DROP_VERBS: Final = (
    "dropped", "drops", "dropping", "drop", "abandoned", "abandons", "abandoning", "abandon", "scrapped",
    "scraps", "scrapping", "scrap", "shelved", "shelves", "shelving", "ditched", "ditches", "ditching",
    "withdrew", "withdrawn", "withdraws", "withdrawing", "retracted", "retracts", "gave up", "given up",
    "gives up", "giving up", "walked back", "walks back", "backed away from", "backs away from",
    "backed off", "retreated from", "discarded", "jettisoned", "binned", "killed off",
)
# What a change is a change of: "changed *his proposal*", "dropped *its plan*".
OFFER_NOUNS: Final = (
    "proposal", "proposals", "plan", "plans", "offer", "offers", "pledge", "pledges", "contribution",
    "contributions", "commitment", "commitments", "idea", "ideas", "position", "stance", "focus", "emphasis",
    "approach", "priorities", "priority", "request", "role", "participation", "suggestion", "concept",
    "intention", "intentions", "promise", "proposition", "initiative", "scheme", "support", "contingent",
    "deployment", "mission", "package", "strategy", "line",
)
# A refusal that "no longer" softens ("no longer rules out"): openness, no drop (see cues_status).
SOFTENED_REFUSALS: Final = ("rul", "exclud", "oppos", "object", "refus", "reject", "resist", "block", "veto")
# The connective after which the new thing is named, per family (tried in text order).
SHIFT_PIVOTS: Final = (
    "to", "into", "towards", "toward", "in favour of", "in favor of", "instead", "focusing on", "focussing on",
    "concentrating on",
)
REPLACE_PIVOTS: Final = ("with", "for", "by")
DROP_PIVOTS: Final = (
    "in favour of", "in favor of", "in exchange for", "instead", "but", "but rather", "to focus on",
    "to concentrate on", "focusing on", "concentrating on", "opting for", "opting instead for", "choosing",
    "and will", "and would", "and is", "and now", ", offering", ", providing", ", proposing", ", pledging",
    ", sending", ", contributing", ", promising",
)

# -- patterns -------------------------------------------------------------------------------------

_OFFER = (
    r"(?:(?:its|his|her|their|the|a|an|this|that|our|own|earlier|original|initial|previous|planned|[\w-]+['’]s)\s+)"
    rf"{{0,3}}(?:[\w-]+\s+){{0,2}}?(?:{_alternation(OFFER_NOUNS)})\b"
)
_SHIFT_RE: Final = re.compile(
    rf"\b(?P<verb>{_alternation(SHIFT_VERBS)})\s+"
    rf"(?:(?:away\s+|(?:its|his|her|their|the)\s+(?:[\w-]+\s+)?)?(?P<from>from)\b|(?={_OFFER}))",
    _I,
)
_REPLACE_RE: Final = re.compile(rf"\b(?P<verb>{_alternation(REPLACE_VERBS)})\b", _I)
_DROP_RE: Final = re.compile(
    rf"\b(?P<verb>{_alternation(DROP_VERBS)})\s+(?=(?:the\s+|any\s+|its\s+|their\s+)?(?:idea|notion|prospect)\b|{_OFFER})"
    rf"|\bno\s+longer\b(?!\s+(?:{'|'.join(SOFTENED_REFUSALS)})\w*)(?=\s+[a-z])",
    _I,
)
# "instead of troops" names the old thing, not the new one: no pivot is followed by "of".
_NOT_OF = r"\b(?!\s+of\b)\s*"
_PIVOTS: Final = {
    "shift": re.compile(rf"(?:\s+|(?<=\W))(?:{_alternation(SHIFT_PIVOTS)}){_NOT_OF}", _I),
    "replace": re.compile(rf"\s+(?:{_alternation(REPLACE_PIVOTS)}){_NOT_OF}", _I),
    "drop": re.compile(
        rf"(?:\s*(?:{_alternation(tuple(p for p in DROP_PIVOTS if p.startswith(',')))})"
        rf"|\s+(?:{_alternation(tuple(p for p in DROP_PIVOTS if not p.startswith(',')))})){_NOT_OF}",
        _I,
    ),
}
_NUMBER_FIRST = re.compile(rf"[\"'“‘\s]*(?:(?:about|around|some|just|only|roughly|fewer\s+than|under)\s+)?(?P<n>{NUM})\b", _I)
_WINDOW_WORDS = 8  # how far after the pivot the new thing must be named
# A cheap test before the patterns: the first letters of every cue verb.
_GATE: Final = tuple(sorted({v.split()[0][:4].lower() for v in SHIFT_VERBS + REPLACE_VERBS + DROP_VERBS} | {"no longer"}))


@dataclass(frozen=True, slots=True)
class Change:
    """A change of offer inside a clause text (offsets into it)."""

    family: str  # shift | replace | drop
    cue: tuple[int, int]
    old: tuple[int, int]
    new: tuple[int, int] | None  # None: a drop that names nothing new
    resized: str | None = None  # "... from 2,000 troops to 500": the new number, as written

    @property
    def dropped(self) -> bool:
        """The sentence says the old thing was dropped (it is ``declined``), not only changed."""
        return self.family == "drop"

    def blank_old(self, text: str) -> str:
        """``text`` with the cue and the old thing blanked (offsets kept): what the clause says now."""
        a, b = self.cue[0], self.old[1]
        return text[:a] + " " * (b - a) + text[b:]


def _window(text: str, start: int) -> str:
    m = re.match(rf"\W*(?:[\w'’,.-]+\W+){{0,{_WINDOW_WORDS - 1}}}[\w'’-]*", text[start:])
    return m.group(0) if m else ""


def find_change(
    text: str, categories_of: Callable[[str], dict[str, int]], has_status: Callable[[str], bool]
) -> Change | None:
    """The first change of offer in a clause text, or None.

    ``categories_of`` and ``has_status`` read an offer's categories and whether a text states a stance
    (passed in by :mod:`.facts`, which owns those rules)."""
    low = text.lower()
    if not any(w in low for w in _GATE):
        return None
    found: list[tuple[int, str, re.Match[str]]] = []
    for family, rx in (("shift", _SHIFT_RE), ("replace", _REPLACE_RE), ("drop", _DROP_RE)):
        m = rx.search(text)
        if m:
            found.append((m.start(), family, m))
    for _pos, family, m in sorted(found, key=lambda t: t[0]):
        from_ = family == "shift" and m.group("from") is not None
        old_start = m.end("from") if from_ else m.end()
        for p in _PIVOTS[family].finditer(text, old_start):
            old = text[old_start : p.start()]
            # the old thing is an offer, or (after "from") a stance: "shifted from refusal to ..."
            if not old.strip() or not (categories_of(old) or (from_ and has_status(old))):
                continue
            after = _window(text, p.end())
            number = _NUMBER_FIRST.match(after)
            if categories_of(after) or has_status(after) or number:
                resized = number.group("n") if number and not categories_of(after) else None
                return Change(family, (m.start(), old_start), (old_start, p.start()), (p.end(), len(text)), resized)
        if family == "drop" and categories_of(text[old_start:]):
            return Change(family, (m.start(), old_start), (old_start, len(text)), None)
    return None

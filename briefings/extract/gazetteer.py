"""Who is who: countries, organisations, demonyms, capitals, seats of government and people.

Public API:

* :func:`resolve` maps one name ("the UK", "Britain", "Starmer", "Polish", "Türkiye", "GB") to its
  code, or None;
* :func:`name_of` gives the display name of a code ("GB" -> "United Kingdom");
* :func:`find_mentions` finds every actor named in a sentence, as :class:`Mention` objects with a
  span, a code and a kind (country | demonym | capital | person | title | org).

Rules of the matcher:

* Names are proper nouns, so matching is case-sensitive by default (the bird "turkey" is not
  Türkiye, "Giorgia" is not "Georgia"); ``ignore_case=True`` is for questions typed by people, and
  still keeps acronyms such as "US" or "UK" case-sensitive (so "tell us" is not the United States).
* Every name also matches without its accents ("Elysee" for "Élysée", "Orban" for "Orbán").
* The longest name wins ("European Commission" over nothing, "New Zealander" over "New Zealand").
* A name inside a news outlet's name ("the Washington Post", "the Moscow Times") is dropped.
* A capital, seat or country name right after a preposition of place ("met in Paris", "a summit in
  London", "travel to Kyiv") is flagged ``place=True``: it says where, not who.
* Groups ("the Baltic states", "Nordic countries") give one mention per member.
* :func:`introduced_people` learns leaders missing from the table from their title in the text, and
  :func:`with_people` adds their later mentions; :func:`localise` reads shared seats ("Brussels") in
  context.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefings.extract.gazetteer_data import (
    COUNTRY_TABLE,
    FORCE_NAMES,
    GROUPS,
    OUTLETS,
    SHARED_SEATS,
    UNMATCHED_NAMES,
)
from briefings.extract.gazetteer_people import OFFICE_WORDS, PEOPLE_TABLE

log = logging.getLogger(__name__)

ORG_CODES = frozenset({"EU", "NATO"})
_TITLE_NAMES = frozenset({"Taoiseach", "the Taoiseach"})
_PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "to", "from", "outside", "around", "via", "into", "toward", "towards", "across", "over"}
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor named in a sentence: ``sentence[start:end] == text``."""

    start: int
    end: int
    code: str
    kind: str  # country | demonym | capital | person | title | org
    text: str
    place: bool = False  # used as a location ("in Paris"), not as an actor

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def strip_accents(text: str) -> str:
    """"Élysée" -> "Elysee"; keeps every other character."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l").replace("Ł", "L")


def _norm_key(name: str) -> str:
    key = strip_accents(name).strip().casefold()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"['’]s$", "", key)
    return re.sub(r"\s+", " ", key)


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, str]  # code -> display name
    aliases: dict[str, tuple[str, str]]  # alias as written -> (code, kind)
    folded: dict[str, tuple[str, str]]  # casefolded alias -> (code, kind)
    lookup: dict[str, str]  # normalised alias -> code


def _split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    names: dict[str, str] = {}
    aliases: dict[str, tuple[str, str]] = {}
    lookup: dict[str, str] = {}

    def add(alias: str, code: str, kind: str, matched: bool = True) -> None:
        for variant in {alias, strip_accents(alias)}:
            lookup.setdefault(_norm_key(variant), code)
            if matched and alias not in UNMATCHED_NAMES:
                aliases.setdefault(variant, (code, kind))

    for line in COUNTRY_TABLE.strip().splitlines():
        code, display, others, demonyms, seats = (line.split("|") + ["", "", "", ""])[:5]
        names.setdefault(code, display)
        name_kind = "org" if code in ORG_CODES else "country"
        add(display, code, name_kind)
        for alias in _split(others):
            add(alias, code, name_kind)
        for alias in _split(demonyms):
            add(alias, code, "demonym")
        for alias in _split(seats):
            add(alias, code, "title" if alias in _TITLE_NAMES else "capital")
        lookup.setdefault(code.casefold(), code)
    for code, people in re.findall(r"^([A-Z]{2,4}):(.*?)(?=^[A-Z]{2,4}:|\Z)", PEOPLE_TABLE, re.M | re.S):
        for alias in _split(people.replace("\n", " ")):
            add(alias, code, "person")
    for group in GROUPS:
        lookup.pop(_norm_key(group), None)
    folded: dict[str, tuple[str, str]] = {}
    for alias, value in aliases.items():
        folded.setdefault(alias.casefold(), value)
    return _Tables(names=names, aliases=aliases, folded=folded, lookup=lookup)


def _alternation(words: list[str], ignore_case: bool) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w)
        if ignore_case and (w.isupper() or len(w) <= 3 or "." in w):
            esc = f"(?-i:{esc})"
        parts.append(esc)
    return "|".join(parts)


def _first_letters(words: list[str]) -> str:
    """A lookahead on the first characters of ``words``: the long alternation is only tried where one
    of them can start (a speed gate; the matches are the same)."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "])"


@lru_cache(maxsize=2)
def _matcher(ignore_case: bool) -> re.Pattern[str]:
    words = list(_tables().aliases) + list(GROUPS)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(
        rf"(?<![\w.\-]){_first_letters(words)}(?:{_alternation(words, ignore_case)})(?![\w\-])", flags
    )


@lru_cache(maxsize=2)
def _outlet_matcher(ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    words = list(OUTLETS)
    return re.compile(rf"(?<![\w]){_first_letters(words)}(?:{_alternation(words, ignore_case)})(?![\w])", flags)


_OFFICE_RE = re.compile(
    r"\s+(?:(?:armed\s+forces|defen[cs]e|foreign|prime|deputy|interior|finance)\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(OFFICE_WORDS, key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)
_FORCE_NAMES_RE = re.compile("|".join(re.escape(n) for n in FORCE_NAMES), re.IGNORECASE)
_VENUE_NOUN_RE = re.compile(
    r"\s+(?:summit|meeting|talks|conference|declaration|format|process|gathering|meetings|summits)\b", re.IGNORECASE
)
_PREV_WORD_RE = re.compile(r"([A-Za-z]+)\W*$")


def outlet_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of news outlets' names in ``sentence``."""
    return [m.span() for m in _outlet_matcher(False).finditer(sentence)]


def _lookup_alias(text: str, ignore_case: bool) -> tuple[str, str] | None:
    tables = _tables()
    hit = tables.aliases.get(text)
    if hit is None and ignore_case:
        hit = tables.folded.get(text.casefold())
    return hit


def find_mentions(sentence: str, *, ignore_case: bool = False) -> list[Mention]:
    """Every country, organisation, demonym, capital or person named in ``sentence``, in order."""
    outlets = [m.span() for m in _outlet_matcher(ignore_case).finditer(sentence)]
    outlets += [m.span() for m in _FORCE_NAMES_RE.finditer(sentence)]
    mentions: list[Mention] = []
    for m in _matcher(ignore_case).finditer(sentence):
        start, end = m.span()
        if any(s <= start < e or s < end <= e for s, e in outlets):
            continue
        text = m.group(0)
        group = next((g for g in GROUPS if g.casefold() == text.casefold()), None)
        if group is not None:
            mentions.extend(Mention(start, end, c, "country", text) for c in GROUPS[group])
            continue
        hit = _lookup_alias(text, ignore_case)
        if hit is None:
            continue
        code, kind = hit
        place = False
        if kind in ("capital", "country"):
            prev = _PREV_WORD_RE.search(sentence, max(0, start - 30), start)
            place = bool(prev and prev.group(1).casefold() in _PLACE_PREPOSITIONS)
            if kind == "capital" and _VENUE_NOUN_RE.match(sentence, end):
                place = True  # "the Paris summit", "the London meeting"
        if kind == "demonym":
            office = _OFFICE_RE.match(sentence, end)
            if office:
                end, kind = office.end(), "title"
                text = sentence[start:end]
        mentions.append(Mention(start, end, code, kind, text, place))
    return mentions


_PERSONAL_OFFICE = (
    r"(?i:(?:(?:deputy|acting|interim|former)\s+)?(?:(?:armed\s+forces|defen[cs]e|foreign|prime|finance|interior|economy)\s+)?"
    r"(?:prime\s+minister|president|chancellor|premier|minister|secretary(?:\s+of\s+state)?|king|queen|ambassador|envoy|"
    r"spokes(?:man|woman|person)|chief\s+of\s+(?:defen[cs]e|staff|the\s+defen[cs]e\s+staff)|general|admiral))"
)
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:(?:de|van|von|der|den|da|di|du|le|la|al)\s+)*[A-Z][\w'’-]+){1,2})"
_TITLE_THEN_NAME = re.compile(rf"\s*,?\s+(?:the\s+)?{_NAME}(?![\w'’-])")
_OFFICE_THEN_NAME = re.compile(rf"['’]s\s+(?i:new\s+|outgoing\s+|incoming\s+)?{_PERSONAL_OFFICE}\s*,?\s+{_NAME}")
_OFFICE_ONLY = re.compile(rf"^\W*(?:\w+\s+)?{_PERSONAL_OFFICE}\W*$", re.I)
_NAME_THEN_OFFICE = re.compile(
    rf"{_NAME},\s+(?:the\s+|a\s+)?(?:(?P<cc>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)?)['’]s\s+|(?P<dem>[A-Z][\w'’]+)\s+)"
    rf"(?i:new\s+)?{_PERSONAL_OFFICE}\b"
)
_NOT_SURNAME = frozenset(
    "The A An He She It They We Minister President Prime Chancellor Secretary Defence Defense Foreign On In At "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday General Admiral".split()
)


def introduced_people(sentence: str, mentions: list[Mention]) -> dict[str, str]:
    """Leaders introduced with a title in ``sentence`` and missing from the people table:
    "Finnish Prime Minister Petteri Orpo", "Finland's prime minister, Petteri Orpo", "Petteri Orpo, the
    Finnish prime minister" -> {"Petteri Orpo": "FI", "Orpo": "FI"}. Later sentences of the article can
    then name them by surname alone."""
    found: dict[str, str] = {}
    covered = [(m.start, m.end) for m in mentions]

    def add(name: str, start: int, code: str) -> None:
        if any(s <= start < e for s, e in covered) or code not in _tables().names:
            return
        tokens = name.split()
        surname = tokens[-1]
        if surname in _NOT_SURNAME or len(surname) < 3 or _lookup_alias(surname, False):
            return
        found[name] = code
        found[surname] = code

    for m in mentions:
        if m.kind == "title" and _OFFICE_ONLY.match(m.text[len(m.text.split()[0]) :] if " " in m.text else ""):
            t = _TITLE_THEN_NAME.match(sentence, m.end)
            if t:
                add(t.group("name"), t.start("name"), m.code)
        elif m.kind in ("country", "capital"):
            t = _OFFICE_THEN_NAME.match(sentence, m.end)
            if t:
                add(t.group("name"), t.start("name"), m.code)
    for t in _NAME_THEN_OFFICE.finditer(sentence):
        ref = t.group("cc") or t.group("dem")
        code = resolve(ref) if ref else None
        if code:
            add(t.group("name"), t.start("name"), code)
    return found


def with_people(sentence: str, mentions: list[Mention], people: dict[str, str]) -> list[Mention]:
    """``mentions`` plus the article's introduced people (see :func:`introduced_people`) named in ``sentence``."""
    if not people:
        return mentions
    extra: list[Mention] = []
    taken = [(m.start, m.end) for m in mentions]
    for name in sorted(people, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            extra.append(Mention(m.start(), m.end(), people[name], "person", name))
            taken.append(m.span())
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda x: x.start)


def localise(mentions: list[Mention], context: set[str]) -> list[Mention]:
    """Shared seats read in context: "Brussels" is Belgium when ``context`` (the codes named so far in
    the paragraph, or in this sentence) holds Belgium, else the EU."""
    if not any(m.text in SHARED_SEATS for m in mentions):
        return mentions
    here = context | {m.code for m in mentions if m.text not in SHARED_SEATS}
    return [
        Mention(m.start, m.end, SHARED_SEATS[m.text], m.kind, m.text, m.place)
        if m.text in SHARED_SEATS and SHARED_SEATS[m.text] in here
        else m
        for m in mentions
    ]


def resolve(name: str) -> str | None:
    """The code of one name: "the UK", "Britain", "British", "Starmer", "Türkiye", "gb" -> "GB"."""
    if not name or not name.strip():
        return None
    tables = _tables()
    stripped = name.strip()
    if stripped.upper() in tables.names and (stripped.isupper() or len(stripped) == 2):
        return stripped.upper()
    key = _norm_key(stripped)
    if key in tables.lookup:
        return tables.lookup[key]
    if key.endswith("s") and key[:-1] in tables.lookup:
        return tables.lookup[key[:-1]]
    codes = {m.code for m in find_mentions(stripped, ignore_case=True)}
    if len(codes) == 1:
        return codes.pop()
    return None


def name_of(code: str) -> str:
    """Display name of a code ("GB" -> "United Kingdom"); unknown codes come back unchanged."""
    if not code:
        return code
    return _tables().names.get(code.upper(), code)


def codes() -> frozenset[str]:
    """Every code the gazetteer knows."""
    return frozenset(_tables().names)


def known_names() -> dict[str, str]:
    """Every name a person may type for an actor (display names, other names, demonyms) -> code."""
    tables = _tables()
    out = {name: code for code, name in tables.names.items()}
    for alias, (code, kind) in tables.aliases.items():
        if kind in ("country", "org", "demonym"):
            out.setdefault(alias, code)
    return out

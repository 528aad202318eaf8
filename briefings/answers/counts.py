"""Numbers stated in the text: "How many countries committed ...", "How many planners ...".

A count keeps its qualifier ("more than 30 countries" is never "30 countries") and its role: a question
about who signed up or joined is answered only by a count of those who did, one about who attended by
a count of those who took part or of no stated role, which may count their leaders ("attended by 29
heads of state or government"); see :mod:`briefings.extract.headcounts`.

A count is answered only from a sentence that states the number next to the noun asked about
("26 countries had formally committed", "some 40 planners"), carries the question's context (its
stance words, its place or a venue that stands for it — "the Elysee" for Paris —, its date) and names its actors. Rows of the pledge table are counted by
:func:`briefings.answers.tables.country_list` instead, and only when no sentence states the number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import passages
from briefings.answers.model import DATE_UNKNOWN, Answer, attribution, long_date, quoted, source_of
from briefings.answers.questions import Question, date_match, stance_cues
from briefings.answers.stem import stem, stems, words
from briefings.answers.tables import STATUS_STEMS, residual_keys
from briefings.extract import find_mentions
from briefings.extract.headcounts import QUALIFIERS, ROLE_WORDS, head_counts, role_at, role_fits
from storage.knowledge import sentences_of

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_NUM = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(k for k, v in _UNITS.items() if v < 10)}))?|"
    rf"{'|'.join(sorted(_UNITS, key=len, reverse=True))}|a dozen|dozens|hundreds|thousands)"
)
_NUM = rf"(?:\d[\d,.]*(?:\s+(?:thousand|million))?|{_WORD_NUM})"

# Nouns that count the same thing: a question about "countries" is answered by "31 nations".
_GROUPS = (
    frozenset("countries nations states governments allies partners members".split()),
    frozenset("leaders heads chiefs ministers delegations participants".split()),
    frozenset("troops soldiers personnel peacekeepers servicemen service men people staff".split()),
    frozenset("jets aircraft planes fighters".split()),
    frozenset("ships warships frigates vessels minehunters".split()),
)
PARTICIPANT_NOUNS = _GROUPS[0] | _GROUPS[1]

# Words that carry a stance without being one of the lexicon's stance phrases ("undertaken to contribute").
_STATUS_SYNONYMS = {
    "committed": set(stems("commit committed pledge pledged undertake undertaken agree agreed sign signed ready "
                           "willing prepared promise promised contribute join joined offer offered deploy send")),
    "declined": set(stems("rule ruled refuse refused decline declined reject rejected oppose opposed exclude excluded")),
    "considering": set(stems("consider considering weigh weighing open undecided decide possibility")),
}


def nouns_for(counted: str) -> set[str]:
    for group in _GROUPS:
        if counted in group:
            return set(group)
    return {counted}


@lru_cache(maxsize=64)
def count_re(counted: str, role: str | None = None) -> re.Pattern[str]:
    """ "26 countries", "Leaders of 31 nations", "between 15,000 and 25,000 troops", "twenty-six states",
    "more than 30 countries" (groups ``q`` the qualifier, ``n`` the number, ``noun``). Who attended is
    also counted in leaders ("attended by 29 heads of state or government")."""
    nouns = nouns_for(counted)
    if role == "attended" and counted in _GROUPS[0]:
        nouns |= _GROUPS[1]
    noun = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    if counted not in {n for g in _GROUPS for n in g} and counted.endswith("s"):
        noun += "|" + re.escape(counted[:-1])  # a singular too, for a noun of the question's own
    qualifier = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(QUALIFIERS, key=len, reverse=True))
    return re.compile(
        rf"(?:\b(?P<q>{qualifier})\s+)?\b(?P<n>{_NUM}(?:\s*(?:to|and|-|–|or)\s*{_NUM})?)\s+(?:[\w'-]+\s+){{0,2}}?"
        rf"(?P<noun>{noun})\b",
        re.IGNORECASE,
    )


def number_of(pattern: re.Pattern[str], text: str, actors: list[str], role: str | None = None) -> re.Match[str] | None:
    """The first stated number in ``text`` that belongs to one of ``actors`` (any, when none are asked)
    and, when ``role`` is asked ("signed up", "attended"), has that role (:mod:`briefings.extract.headcounts`).

    A number belongs to the actor named last before it ("Britain and France, with Estonia adding about
    100 soldiers": Estonia's), or to the only government the sentence names.
    """
    low = text.lower()
    if not any(n in low for n in _noun_keys(pattern)):
        return None  # the noun is not there: no need to run the pattern
    matches = [
        m for m in pattern.finditer(text)  # "the 26", "the three governments": a reference back, not a count
        if not re.search(r"\b(the|these|those)\s+$", text[max(0, m.start("n") - 8) : m.start("n")], re.IGNORECASE)
        and role_fits(role, role_at(text, m.start("n"), m.end(), m.group("noun")) if role else None)
    ]
    if role == "attended":  # a count of countries before one of their leaders
        matches.sort(key=lambda m: m.group("noun").lower() not in _GROUPS[0])
    if not matches or not actors:
        return matches[0] if matches else None
    mentions = [m for m in find_mentions(text) if m.code not in passages.NOT_ACTORS]
    for match in matches:
        before = [m for m in mentions if m.end <= match.start()]
        owner = before[-1].code if before else None
        if owner in actors or (owner is None and {m.code for m in mentions} <= set(actors)):
            return match
        if {m.code for m in mentions} <= set(actors):
            return match
    return None


@lru_cache(maxsize=64)
def _noun_keys(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The nouns a count pattern ends with, as plain lower-case strings (a cheap test before the regex)."""
    tail = pattern.pattern.rsplit("(?P<noun>", 1)[-1].split(")")[0]
    return tuple(n.replace("\\", "") for n in tail.split("|") if n)


def count_phrase(text: str, m: re.Match[str]) -> str:
    """The count as the text states it, qualifier kept: "more than 30 countries", "29 heads of state or
    government", "twenty-six (26) states"."""
    hc = next((h for h in head_counts(text) if h.start <= m.start("n") < h.end), None)
    number = m.group("n")
    if not number[0].isdigit():
        number = f"{number} ({value_of(number) or number})"
    noun = hc.noun if hc is not None and hc.noun.startswith(m.group("noun").lower()) else m.group("noun").lower()
    qualifier = m.group("q") or (hc.qualifier if hc is not None else None)
    return " ".join(p for p in (re.sub(r"\s+", " ", qualifier.lower()) if qualifier else None, number, noun) if p)


def value_of(number: str) -> int | None:
    """The integer a stated number means ("26", "twenty-six", "1,200"), None for "dozens" and the like."""
    low = number.lower().strip()
    m = re.match(r"\d[\d,.]*", low)
    if m:
        digits = m.group(0).replace(",", "").split(".")[0]
        return int(digits) if digits.isdigit() else None
    parts = re.split(r"[-\s]+", low)
    total = 0
    for p in parts:
        if p in _TENS:
            total += _TENS[p]
        elif p in _UNITS:
            total += _UNITS[p]
        elif p not in ("a",):
            return None
    return total or None


def _status_fits(q: Question, text: str, match: re.Match[str]) -> bool:
    """The counted noun is the subject of the stance asked about ("26 countries had formally committed"),
    not of a meeting ("Leaders of 33 countries met ... and agreed to set up a cell")."""
    if not q.statuses:
        return True
    after = " ".join(text[match.end() :].split()[:8])
    before = " ".join(text[: match.start()].split()[-5:])
    window = f"{before} {after}"
    cues = {c for c in stance_cues(window) if c != "modal"}
    if cues & set(q.statuses):
        return True
    if cues:
        return False
    wst = set(stems(window))
    return any(wst & _STATUS_SYNONYMS.get(s, set()) for s in q.statuses)


def stated_count(db: Database, q: Question) -> Answer | None:
    """A number of things that a sentence states, with the question's context and date.

    A number stated for another date than the one asked is never the answer (not even in the engine's
    second pass): "14 countries signed in September 2024" does not say how many did in September 2025.
    """
    if not q.counted:
        return None
    if "stated_count" not in q.memo:  # the same in both passes: dates are always strict here
        q.memo["stated_count"] = _stated_count(db, q)
    answer: Answer | None = q.memo["stated_count"]
    return answer


def _stated_count(db: Database, q: Question) -> Answer | None:
    if not q.counted:
        return None
    pattern = count_re(q.counted, q.count_role)
    nouns = nouns_for(q.counted)
    hits, corpus = passages.find(
        db, q, actors=q.actors, extra_terms=sorted(nouns), limit=80,
        require=lambda t: number_of(pattern, t, q.actors, q.count_role) is not None,
    )
    place_stems = {stem(w) for p in q.places for w in words(p)} - {stem(w) for w in lx.GENERIC_WORDS}
    generic = {stem(w) for w in lx.GENERIC_WORDS} | passages.FRAME_STEMS
    want = set(q.content_stems) - q.actor_stems - {stem(n) for n in nouns} - generic - STATUS_STEMS - place_stems
    place_stems |= _venue_stems(q.places)  # "the Paris summit" is held "at the Elysee Palace"
    scored: list[tuple[float, passages.Hit, re.Match[str]]] = []
    for h in hits:
        m = number_of(pattern, h.text, q.actors, q.count_role)
        if m is None or (q.actors and not set(q.actors) <= h.codes):
            continue
        value = value_of(m.group("n").split()[0]) if m.group("n")[0].isdigit() else value_of(m.group("n"))
        if value is not None and value < 2 and q.counted in PARTICIPANT_NOUNS:
            continue  # "1 countries" is no answer to how many took part
        if not _status_fits(q, h.text, m):
            continue
        day = date_match(q, h.row.get("date") or h.row.get("published"), h.text)
        if day < 0:
            continue
        title = set(stems(h.row.get("article_title") or ""))
        overlap = want & (h.stems | title)
        if want and not overlap and not (place_stems and place_stems & (h.stems | title)):
            continue
        score = h.score + 5.0 * day + sum(corpus.idf(s) for s in overlap)
        if place_stems and place_stems & (h.stems | title):
            score += 2.0
        scored.append((score, h, m))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    if place_stems:  # "at the Berlin talks": the article must be about that place, if not the sentence
        scored = [t for t in scored[:8] if _article_names(db, t[1], place_stems)]
        if not scored:
            return None
    _score, best, m = scored[0]
    residual = residual_keys(q) - {stem(n) for n in nouns}
    title = set(stems(best.row.get("article_title") or ""))
    if residual and len(residual & (best.stems | title)) * 2 < len(residual):
        return None  # the question's own topic words ("planners", "olives") are not there
    return _answer(q, best.row, best.text, m)


def _venue_stems(places: list[str]) -> set[str]:
    """Stems of the venues that stand for the places asked about (``lexicon.CITY_VENUES``)."""
    return {stem(v) for p in places for v in lx.CITY_VENUES.get(p.lower(), ())}


def _article_names(db: Database, hit: passages.Hit, place_stems: set[str]) -> bool:
    if place_stems & (hit.stems | set(stems(hit.row.get("article_title") or ""))):
        return True
    return any(place_stems & set(stems(r.get("text") or "")) for r in sentences_of(db, hit.row["article_id"]))


def _answer(q: Question, row: dict[str, Any], text: str, m: re.Match[str]) -> Answer:
    shown = count_phrase(text, m)
    when = long_date(row.get("date") or row.get("published"))
    role = f" {ROLE_WORDS[q.count_role]}" if q.count_role else ""
    head = f"{shown[0].upper()}{shown[1:]}{role}" + (f", as reported on {when}." if when else f" ({DATE_UNKNOWN}).")
    lines = [head, f"{quoted(text)}{attribution(row)}"]
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=[source_of(row, text)])


"""Parsing a question: its type, the actors and places it names, categories, statuses, dates, words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from briefings.answers import lexicon as lx
from briefings.answers.dates import (  # noqa: F401 - re-exported for the engine's modules
    RELATIVE_DATE,
    date_match,
    event_day,
    has_date,
    keep_dated,
    parse_dates,
    resolve_relative,
)
from briefings.answers.stem import fold, stem, words
from briefings.extract import find_mentions, resolve
from briefings.extract.headcounts import role_of_question

# Question types, checked in this order by :func:`parse`.
KINDS = ("count", "when", "where", "host", "attend", "size", "money", "instead", "list", "statement", "stance", "general")

_EVENT_NOUNS = ("summit", "meeting", "conference", "talks", "call", "gathering", "session", "declaration")
_STANCE_VERBS = frozenset(
    stem(w)
    for w in """send deploy contribute offer pledge commit join participate provide decide position stance
    plan ready willing refuse rule decline reject resume restore share help supply fund train back support
    promise agree consider open stop halt suspend answer respond intend want put give lend spend earmark allocate
    donate pay keep continue take""".split()
)
_ROLE_RE = re.compile(lx.ROLE_PATTERN)
_HISTORY_RE = re.compile(lx.HISTORY_PATTERN)
_CLAIM_RE = re.compile(lx.CLAIM_PATTERN)
_SHAPE_STEMS = frozenset(stem(w) for w in lx.SHAPE_WORDS)
_SAY_RE = re.compile(
    r"\b(say|said|says|warn|warned|react|reacted|respond|responded|reply|replied|think|claim|claimed|"
    r"threaten|threatened|view|views|reaction|response|stance|position|comment|comments|statement)\b"
)


@dataclass(slots=True)
class Question:
    text: str
    kind: str = "general"
    actors: list[str] = field(default_factory=list)  # codes of the actors asked about, in order
    people: list[str] = field(default_factory=list)  # people named ("Macron"), each also an actor
    places: list[str] = field(default_factory=list)  # place names as written ("Paris", "Lancaster House")
    categories: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # "instead of troops" -> ["ground_troops"]
    statuses: list[str] = field(default_factory=list)
    day: tuple[int, int] | None = None  # (month, day)
    year: int | None = None
    month: int | None = None
    event_kind: str | None = None
    yes_no: bool = False
    quantity: bool = False  # "how many / how much / how large": a number is asked for
    says: bool = False  # "what did X say/warn ...": words, not a pledge, are asked for
    negative: bool = False  # "did X refuse ...": a yes means declined
    role: bool = False  # "what role will X play": everything X offers or refuses
    history: bool = False  # "has X changed its mind": the history of X's stance
    claim: bool = False  # "are X's soldiers secretly in Odesa": a claim, perhaps denied
    conditions: bool = False  # "what conditions has X set": the terms of a stance (see :mod:`.conditions`)
    words: list[str] = field(default_factory=list)  # folded content words
    key_stems: list[str] = field(default_factory=list)  # stems that carry the topic (not generic)
    content_stems: list[str] = field(default_factory=list)
    actor_stems: set[str] = field(default_factory=set)
    since: str | None = None  # a span of days ("last week"), ISO, set from the newest article's date
    until: str | None = None
    counted: str | None = None  # "how many countries ..." -> "countries"
    count_role: str | None = None  # "how many ... signed up" -> "joined", "... attended" -> "attended"
    strict_date: bool = False  # set by the engine for a first pass that keeps only evidence of the date asked
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # reads shared by the engine's two passes

    @property
    def iso_day(self) -> str | None:
        if self.day is None:
            return None
        return f"{self.year or 0:04d}-{self.day[0]:02d}-{self.day[1]:02d}"


_TRAIN_OBJECT_RE = re.compile(
    r"\b(train|trains|trained|training|instruct|instructs|instructing|drill|drilling)\s+"
    r"((?:[a-z'-]+\s+){0,2}?(?:soldiers|troops|forces|personnel|pilots|recruits|army|armies|brigades|battalions|"
    r"units|crews|sailors|officers|staff|men|marines|sappers))\b"
)


# Combat aircraft named by type: flown by the actor for the coalition they are ``air``; handed over to
# Ukraine they are ``equipment`` (the rule of extraction, :mod:`briefings.extract.offers`).
_AIRCRAFT_TYPE_RE = re.compile(r"\b(?:f-?16|f-?35|gripen|mirage|rafale|typhoon|eurofighter)s?\b")
_HANDED_OVER_RE = re.compile(r"\b(?:deliver\w*|donat\w+|transfer\w*|give|gave|given|giving|hand\w*\s+over|to\s+(?:ukraine|kyiv))\b")


def _categories(low: str) -> list[str]:
    found: list[str] = []
    if _AIRCRAFT_TYPE_RE.search(low):
        found.append("equipment" if _HANDED_OVER_RE.search(low) else "air")
    rest = _TRAIN_OBJECT_RE.sub(lambda m: f"{m.group(1)} ", low)  # "train Ukrainian soldiers": training only
    for phrase, cat in lx.CATEGORY_PHRASES.items():
        if phrase in rest:
            found.append(cat)
            rest = rest.replace(phrase, " ")
    toks = set(words(rest))
    strong: list[str] = []
    weak: list[str] = []
    for cat, vocab in lx.CATEGORY_WORDS.items():
        hits = toks & set(vocab.split())
        if hits - lx.WEAK_CATEGORY_WORDS:
            strong.append(cat)
        elif hits:
            weak.append(cat)
    out = found + [c for c in strong if c not in found]
    if not out:
        out = weak
    return list(dict.fromkeys(out))


_STATUS_PATTERNS = [
    (re.compile(rf"(?<![a-z']){re.escape(phrase)}(?![a-z])"), phrase, status) for phrase, status in lx.STATUS_PHRASES
]
_ANY_STATUS = re.compile("|".join(p.pattern for p, _phrase, _status in _STATUS_PATTERNS))


def _status_matches(low: str) -> list[tuple[str, str]]:
    """(phrase, status) pairs in the text, longer phrases first ("not ruled out" hides "ruled out")."""
    found: list[tuple[str, str]] = []
    rest = f" {low} "
    if not _ANY_STATUS.search(rest):
        return found
    for pat, phrase, status in _STATUS_PATTERNS:
        if pat.search(rest):
            found.append((phrase, status))
            rest = pat.sub(" ", rest)
    return found


def _statuses(low: str) -> list[str]:
    """Statuses the question asks about; bare verbs of giving ("send") only when nothing else is said."""
    found = _status_matches(low)
    strong = [s for p, s in found if p not in lx.WEAK_STATUS_PHRASES]
    return list(dict.fromkeys(strong or [s for _p, s in found]))


def stance_cues(text: str) -> list[str]:
    """Statuses a sentence's wording expresses ("ruled out" -> declined), without bare verbs like "send"."""
    low = f" {fold(text)} "
    out = [s for phrase, s in _status_matches(low) if phrase not in lx.WEAK_STATUS_PHRASES]
    if re.search(r"\b(could|would|will|may|might|can|cannot|no plans?|no intention|premature|possibility)\b", low):
        out.append("modal")
    return out


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_OBJECT_VERBS = (
    r"give|gives|giving|gave|send|sends|sent|lend|lends|lent|offer|offers|offered|provide|provides|help|helps|helping|"
    r"support|supports|supporting|back|backs|arm|arms|arming|assist|assists|fund|funds|funding|supply|supplies|"
    r"protect|protects|defend|defends|guarantee|train|trains|training|pay|pays|grant|grants|donate|donates|"
    r"loan|loans|promise|promised|promises|pledge|pledges|pledged|allocate|allocates|earmark|earmarks|aid|aids"
)


def _ukraine_is_object(mentions: list[Any], low: str) -> bool:
    """Whether every mention of Ukraine is the setting or the receiver of the question, not an actor.

    "send troops to Ukraine", "give Ukraine money", "train Ukrainian soldiers", "on Ukrainian soil": yes;
    "Zelensky", "Kyiv said", "Ukrainian President" (a person named with it): no.
    """
    if re.search(r"\b(to|in|into|for|with|on|inside|of|over|across|from)\s+ukraine\b", low):
        return True
    for m in mentions:
        if m.code != "UA":
            continue
        if m.kind == "person":
            return False
        before = low[max(0, m.start - 20) : m.start]
        if m.kind == "demonym":
            continue  # "Ukrainian soldiers", "Ukrainian territory": whose, not who
        if re.search(rf"\b({_OBJECT_VERBS})\s+(?:the\s+)?$", before):
            continue
        return False
    return True


def _actors_and_places(text: str) -> tuple[list[str], list[str], set[str], list[str]]:
    mentions = find_mentions(text, ignore_case=True)
    actors: list[str] = []
    places: list[str] = []
    actor_words: set[str] = set()
    people: list[str] = []
    low = text.lower()
    for m in mentions:
        after = low[m.end : m.end + 40]
        before = low[max(0, m.start - 6) : m.start]
        event_after = any(re.match(rf"\s+(?:[a-z]+\s+)?{n}", after) for n in _EVENT_NOUNS)
        said_by = bool(re.search(r"\b(according to|in the view of|in the eyes of|says?|said)\s+(the\s+)?$",
                                 low[max(0, m.start - 20) : m.start]))
        is_place = not said_by and (m.place or (m.kind == "capital" and (event_after or before.endswith("the "))))
        if m.kind == "country" and event_after:
            is_place = True
        if m.code == "EU" and m.kind == "demonym":
            is_place = True  # "European" describes, it does not name the EU as an actor
        if m.code == "UA" and m.kind == "demonym" and (
            any(t.start() <= m.start < t.end() for t in _TRAIN_OBJECT_RE.finditer(low))
            or re.match(r"\s+(soil|territory|ground|land|airspace|cities|skies|waters|coast)\b", after)
        ):
            continue  # "train Ukrainian soldiers", "on Ukrainian soil": the receiver or the setting
        if is_place:
            places.append(m.text)
            continue
        whole = m.kind in ("person", "capital", "country", "org") or resolve(m.text) == m.code
        named = [m.text] if whole else [w for w in m.text.split() if resolve(w) == m.code]
        actor_words.update(stem(w) for n in named for w in words(n))
        if m.kind == "person":
            people.append(m.text)
        if m.code not in actors:
            actors.append(m.code)
    if "UA" in actors and len(actors) > 1 and _ukraine_is_object(mentions, low):
        actors.remove("UA")  # "send troops to Ukraine", "give Ukraine", "train Ukrainian soldiers": the setting
    # Capitalised words that no gazetteer entry knows are names too ("Lancaster House", "Brazil").
    for cap in re.finditer(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z\-]+(?:\s+[A-Z][a-zA-Z\-]+)*)", text):
        name = cap.group(1)
        if name.lower() in lx.MONTHS or name.lower() in _WEEKDAYS:
            continue  # "in September" is a date, not a place
        if any(name in p or p in name for p in places) or any(mm.start <= cap.start() < mm.end for mm in mentions):
            continue
        before = low[max(0, cap.start() - 6) : cap.start()]
        after = low[cap.end() : cap.end() + 30]
        if re.search(r"\b(in|at|near)\s+$", before) or any(re.match(rf"\s+{n}", after) for n in _EVENT_NOUNS):
            places.append(name)
    return actors, places, actor_words, people


def parse(text: str) -> Question:
    q = Question(text=text.strip())
    low = fold(q.text)
    q.actors, q.places, q.actor_stems, q.people = _actors_and_places(q.text)
    q.categories = _categories(low)
    q.statuses = _statuses(low)
    q.day, q.year, q.month = parse_dates(low)
    toks = words(low)
    q.yes_no = bool(toks) and toks[0] in lx.YES_NO_OPENERS
    q.says = bool(_SAY_RE.search(low))
    q.quantity = bool(re.search(r"\bhow (many|much|large|big|strong)\b|\bwhat (size|number|amount)\b", low))
    q.negative = any(s == "declined" for s in _statuses(low))
    why = bool(re.match(r"\s*why\b", low))
    q.role = bool(_ROLE_RE.search(low)) and not why
    q.history = bool(_HISTORY_RE.search(low)) and not why
    q.claim = bool(_CLAIM_RE.search(low))
    for w in toks:
        if w in lx.EVENT_KINDS:
            q.event_kind = lx.EVENT_KINDS[w]
            break
    q.words = [w for w in toks if w not in lx.STOP_WORDS and w not in lx.MONTHS and not w.isdigit()]
    q.content_stems = list(dict.fromkeys(stem(w) for w in q.words))
    generic = {stem(w) for w in lx.GENERIC_WORDS} | {stem(w) for w in lx.FRAME_WORDS}
    if q.role or q.history or q.claim:
        generic |= _SHAPE_STEMS
    place_stems = {stem(w) for p in q.places for w in words(p)}
    q.key_stems = [
        s for s in q.content_stems if s not in generic and s not in q.actor_stems and s not in place_stems
    ]
    q.conditions = bool(lx.CONDITIONS_RE.search(low))
    if q.conditions:  # "what conditions has X set": the frame words need not be in the answer
        q.key_stems = [s for s in q.key_stems if s not in lx.CONDITION_FRAME_STEMS]
    q.counted = _counted(low)
    q.count_role = role_of_question(low) if q.quantity else None
    q.kind = _kind(q, low, toks)
    if q.kind == "money":  # "how much money": the amount is what is asked, not a word to find
        funding = {stem(w) for w in lx.CATEGORY_WORDS["funding"].split()}
        q.key_stems = [s for s in q.key_stems if s not in funding]
    if q.kind == "instead":
        q.excluded, q.categories = _split_instead(low)
    return q


def _split_instead(low: str) -> tuple[list[str], list[str]]:
    for phrase in lx.INSTEAD_PHRASES:
        i = low.find(phrase)
        if i >= 0:
            after = _categories(low[i + len(phrase) :]) or ["ground_troops"]
            before = [c for c in _categories(low[:i]) if c not in after]
            return after, before
    return ["ground_troops"], []


_PARTICIPATION_RE = re.compile(
    r"\b(took part|take part|taking part|attend|participat|met|meet|gathered|host|invited|represented|present at|"
    r"turned up|showed up|came to|were at|was at)"
)
COUNT_NOUNS = frozenset(
    """countries nations states governments leaders members participants delegations heads chiefs allies partners
    ministers troops soldiers personnel peacekeepers people men women staff officers planners instructors trainers
    jets aircraft planes ships warships frigates vessels tanks missiles drones systems brigades battalions companies
    units hubs bases sites experts advisers advisors observers monitors""".split()
)


def _counted(low: str) -> str | None:
    """The noun a "how many" question counts: "How many Swiss soldiers ..." -> "soldiers"."""
    m = re.search(r"\bhow many\s+((?:[a-z'-]+\s*){1,3})", low)
    if not m:
        return None
    for w in m.group(1).split()[:3]:
        if w in COUNT_NOUNS:
            return w
        if w.endswith("s") and len(w) > 3 and w not in lx.STOP_WORDS and not resolve(w.capitalize()):
            return w
    return None


def _kind(q: Question, low: str, toks: list[str]) -> str:
    stems = set(q.content_stems)
    if re.search(r"\bhow many\s+(?:\w+\s+)?(countries|nations|states|governments|allies)\b", low) and q.statuses and not (
        _PARTICIPATION_RE.search(low)
    ):
        return "list"  # "How many countries have ruled out troops?": a stated number, else the table
    if re.search(r"\bhow many\b", low):
        if re.search(r"\bhow many\s+(?:\w+\s+)?(countries|nations|states|leaders|governments|members|"
                     r"participants|delegations|heads|chiefs|allies|partners|ministers)\b", low) and (
            q.event_kind or _PARTICIPATION_RE.search(low) or re.search(r"\b(joined|signed)\b", low)
        ):
            return "count"
        if q.actors and not re.search(r"\b(countries|nations)\b", low):
            return "size" if not q.actors else "stance"
        if re.search(r"\b(troops|soldiers|personnel|peacekeepers|strong)\b", low):
            return "size"
    if re.search(r"\b(when|what date|what day|which day|which date)\b", low):
        return "when"
    if re.match(r"\s*(where|in which city|in what city)\b", low) and (
        q.event_kind or re.search(r"\b(held|gather|gathered|convene|convened|take place|took place)\b", low)
    ):
        return "where"
    if re.search(r"\bwho\s+(co-?hosted|co-?chaired|hosted|hosts|host|chaired|chairs|led|leads|convened|organi[sz]ed|ran|presided)\b", low) or re.search(
        r"\b(host|chair|organi[sz]er)\s+of\b", low
    ):
        return "host"
    if q.actors and q.yes_no and re.search(
        r"\b(attend|attended|take part|took part|participate|participated|present|represented|join|joined|at the)\b", low
    ) and (q.event_kind or q.places):
        return "attend"
    if re.search(r"\b(how large|how big|what size|size of|how strong|how many troops|how many soldiers)\b", low) and not q.actors:
        return "size"
    if re.search(r"\bhow much\b", low) or re.search(r"\b(amount|sum|billion|million|worth)\b", low):
        return "money"
    if q.counted and re.search(r"\bhow many\b", low):
        return "count"  # "How many planners ...": a number stated in the text
    if q.actors and any(p in low for p in lx.INSTEAD_PHRASES) and (q.categories or "offer" in low or "pledge" in low):
        return "instead"
    if not q.actors and (q.statuses or q.categories) and re.search(
        r"\b(which|what|list|name)\s+(\w+\s+)?(countries|country|nations|nation|states|governments|members|allies)\b|^who\b|\bwho (has|have|is|are)\b",
        low,
    ):
        return "list"
    if q.actors and (q.role or q.history) and not (_SAY_RE.search(low) and q.people):
        return "stance"
    if q.actors and _SAY_RE.search(low) and (not q.categories or q.people):
        return "statement"
    if q.actors and (stems & _STANCE_VERBS or q.categories or _SAY_RE.search(low)):
        return "stance"
    return "general"

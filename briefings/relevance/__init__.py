"""Offline, deterministic relevance: is this article about the coalition of the willing for Ukraine?

The verdict is a weighted score over general vocabularies, not a list of per-sentence patterns.
Title and text are normalised (lower case, accents folded) and cut into word tokens; one pass over
the tokens finds the longest lexicon phrase starting at each word (a dictionary lookup per word,
memoised), so an article of a few thousand words is scored in well under a millisecond.

Vocabularies (``LEXICON``) and what a hit is worth, per field:

* **names** of the coalition and its force ("coalition of the willing", "Volunteer Alliance",
  "voluntary alliance", "coalition of the resolute", "Multinational Force Ukraine",
  "reassurance force", "post-ceasefire force", and their German, French, Italian, Polish forms):
  6 points, +1 per further hit, at most 9. The positive score is halved when the article names
  neither Ukraine nor Russia and has no military topic or supporting term (an unrelated "coalition of
  the willing" on carbon pricing).
* **topics**, which count in full only near an *anchor* (Ukraine, Ukrainian, Kyiv/Kiev, Zelensky)
  within ``WINDOW`` words: troops (soldiers, personnel), deployment (send/put/offer troops, boots on
  the ground, deploy, contingent...), a peacekeeping/reassurance/multinational force, security
  guarantees, ceasefire/peace deal, military aid (air defence, weapons), money (billion, loans,
  reconstruction), intelligence, demining, humanitarian aid, training, logistics. The first
  anchored hit of a topic is worth 3 (bare troops: 2), each further one +1, at most 5. Without an
  anchor nearby a topic is worth 1.5 (+0.5 per further hit, at most 2.5), so that "troops" or
  "ceasefire" about another war earns little. "Russian troops" and "Ukrainian troops" are neutral
  (war reporting, not a pledge), though "Ukrainian" still anchors the words around it.
* **supporting terms** (defence ministers, army chiefs, summit, NATO, Kremlin, Peskov, Lavrov,
  legitimate target, coalition, allies, naval...): 1 per distinct term, at most 4; **pledge words**
  (pledge, commit, rule out, contribute, offer): 0.5 per distinct term, at most 1.5.
* **anchor present** anywhere: +1 (so "Ukraine" alone is never enough, nor "coalition" alone).
* **negative domains** subtract 1.5 per distinct term (battlefield reports: 1), at most 6 per domain
  (battlefield 4): sport, markets (insurance, freight, grain and oil prices), domestic politics
  (polls, elections, governing coalition, coalition partners, pensions, cabinet), consumer tech,
  culture (song contest, festival, film), fairs and shows (trade fair, air show, exhibitors),
  weather, other conflicts (Gaza, Israel...), battlefield news (shelling, shot down), lifestyle.

The title's score counts twice (``TITLE_WEIGHT``); a topic in the title counts as anchored when the
title or the first ``LEDE`` words of the text name Ukraine. When neither a name nor an anchor
appears anywhere, topics of two distinct core groups (troops or deployment, force, guarantees,
ceasefire) count as anchored, since they anchor each other, and the positive part is multiplied by
``NO_ANCHOR_FACTOR``. Operator keywords (``extra_keywords``) add 1 each, at most 2. An article is
relevant when its score reaches ``THRESHOLD`` (5): on the development corpus and the test examples
the coalition's reporting scores 7-65 (short summaries and stories that never name Ukraine are the
lowest), while traps naming the same countries and leaders score 3 or less, most of them below 0.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from briefings.relevance.lexicon import (
    AID_ONLY,
    AID_SUBJECT,
    ANCHOR,
    CONTEXT,
    LEXICON,
    NAME,
    NEGATIVE,
    OTHER_SENSE,
    PLEDGE,
    SUPPORT,
    TOPIC,
)

__all__ = ["THRESHOLD", "Relevance", "assess"]

THRESHOLD: Final = 5.0
WINDOW: Final = 15  # words between a topic term and an anchor
LEDE: Final = 60  # first words of the text that can anchor the title's topics
TITLE_WEIGHT: Final = 2.0
NO_ANCHOR_FACTOR: Final = 0.6
OTHER_SENSE_PENALTY: Final = 6.0  # the coalition's name used in another sense: another story
AID_ONLY_FACTOR: Final = 0.1  # general Ukraine aid with nothing of the coalition (see lexicon.AID_ONLY)


@dataclass(frozen=True)
class Relevance:
    """The verdict: the score, whether it reaches the threshold, and the features that made it."""

    score: float
    relevant: bool
    reasons: tuple[str, ...]


# (weight per distinct term, cap) of the flat kinds, per field
_FLAT: Final = {SUPPORT: (1.0, 4.0), PLEDGE: (0.5, 1.5)}
_NEG_WEIGHT: Final = {"-battlefield": (1.0, 4.0)}
_NEG_DEFAULT: Final = (1.5, 6.0)
_ANCHOR_BONUS: Final = 1.0
# topics that give a coalition name its military context even when Ukraine is not named
_MILITARY: Final = frozenset({"troops", "deploy", "force", "guarantees", "ceasefire", "military_aid"})
_CORE: Final = {"troops": "troops", "deploy": "troops", "force": "force", "guarantees": "guarantees",
                "ceasefire": "ceasefire"}  # topic -> core group
_BASE: Final = {"troops": 2.0}  # first anchored hit of a topic: 3, but a bare "soldiers" is weaker
_EXTRA_WEIGHT, _EXTRA_CAP = 1.0, 2.0

# a word spec: (0, word) exact, (1, prefix) prefix, (2, frozenset) alternatives
_Spec = tuple[int, "str | frozenset[str]"]


@dataclass(frozen=True, slots=True)
class _Entry:
    concept: str
    kind: int
    phrase: str
    rest: tuple[_Spec, ...]  # the specs of the words after the first
    anchor: bool  # the phrase names Ukraine (so it anchors topics nearby whatever its kind)
    length: int  # number of words


def _spec(word: str) -> _Spec:
    if word == "_":
        return (1, "")  # every word starts with ""
    if "|" in word:
        return (2, frozenset(word.split("|")))
    if word.endswith("*"):
        return (1, word[:-1])
    return (0, word)


_ANCHOR_WORD: Final = re.compile(r"(?:\w+\|)*(?:ukrain|kyiv|kiev|zelensk)")


def _build() -> tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]]:
    exact: dict[str, list[_Entry]] = {}
    prefix: dict[str, list[_Entry]] = {}
    for concept, (kind, phrases) in LEXICON.items():
        for phrase in phrases.split(";"):
            words = phrase.split()
            if not words:
                continue
            first, *rest = words
            anchor = kind == ANCHOR or any(_ANCHOR_WORD.match(w) for w in words)
            entry = _Entry(concept, kind, phrase.strip(), tuple(_spec(w) for w in rest), anchor, len(words))
            if first.endswith("*"):
                prefix.setdefault(first[:-1], []).append(entry)
            else:
                for alt in first.split("|"):
                    exact.setdefault(alt, []).append(entry)
    return exact, prefix


_BY_EXACT, _BY_PREFIX = _build()
_PREFIX_LENGTHS: Final = tuple(sorted({len(p) for p in _BY_PREFIX}))
_CANDIDATES: dict[str, tuple[_Entry, ...]] = {}
_CACHE_LIMIT: Final = 200_000
_SEP: Final = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
_FOLD: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": " ", "\u2014": " ", "\u00df": "ss"})


def _candidates(word: str) -> tuple[_Entry, ...]:
    found = list(_BY_EXACT.get(word, ()))
    for n in _PREFIX_LENGTHS:
        if n > len(word):
            break
        found.extend(_BY_PREFIX.get(word[:n], ()))
    result = tuple(sorted(found, key=lambda e: -e.length))  # longest phrase first
    if len(_CANDIDATES) >= _CACHE_LIMIT:
        _CANDIDATES.clear()
    _CANDIDATES[word] = result
    return result


def _tokens(text: str) -> list[str]:
    """Lower-case words, accents folded; punctuation, apostrophes and hyphens separate words."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    return text.translate(_SEP).split()


_Hit = tuple[_Entry, int, int]  # entry, index of the first word, index after the last word


def _scan(words: list[str]) -> list[_Hit]:
    """Greedy longest-phrase matches, left to right (list comprehensions keep the per-word work in C)."""
    get = _CANDIDATES.get
    found = [get(w) for w in words]
    if None in found:
        found = [c if c is not None else _candidates(w) for w, c in zip(words, found, strict=True)]
    hits: list[_Hit] = []
    n, resume = len(words), 0
    for i in [i for i, c in enumerate(found) if c]:
        if i < resume:
            continue
        for entry in found[i]:  # type: ignore[union-attr]
            end = i + entry.length
            if end > n:
                continue
            j = i
            for kind, value in entry.rest:
                j += 1
                word = words[j]
                if not (word == value if kind == 0 else word.startswith(value) if kind == 1 else word in value):  # type: ignore[arg-type]
                    break
            else:
                hits.append((entry, i, end))
                resume = end
                break
    return hits


def _near(positions: list[int], at: int, window: int) -> bool:
    k = bisect_left(positions, at - window)
    return k < len(positions) and positions[k] <= at + window


def _field_score(
    words: list[str], hits: list[_Hit], anchored: Callable[[int], bool], reasons: list[str], label: str,
    name_ok: bool = True,
) -> tuple[float, float, bool]:
    """(positive, negative, has a name) of one field; ``anchored(i)`` tells whether word i is anchored."""
    topics: dict[str, list[int]] = {}  # concept -> [anchored hits, unanchored hits]
    flat: dict[int, set[str]] = {SUPPORT: set(), PLEDGE: set()}
    negative: dict[str, dict[str, str]] = {}  # domain -> {lexicon phrase: the words matched}
    names: list[str] = []
    for entry, i, end in hits:
        kind = entry.kind
        if kind == TOPIC:
            counts = topics.setdefault(entry.concept, [0, 0])
            counts[0 if anchored(i) else 1] += 1
        elif kind in flat:
            flat[kind].add(entry.phrase)
        elif kind == NEGATIVE:
            negative.setdefault(entry.concept, {}).setdefault(entry.phrase, " ".join(words[i:end]))
        elif kind == NAME and name_ok:
            names.append(" ".join(words[i:end]))
    positive = 0.0
    if names:
        positive += min(6.0 + len(names) - 1, 9.0)
        reasons.append(f"{label}name:{names[0]}")
    for concept, (a, u) in topics.items():
        if a:
            positive += min(_BASE.get(concept, 3.0) + (a - 1), 5.0)
            reasons.append(f"{label}{concept}~anchored")
        else:
            positive += min(1.5 + 0.5 * (u - 1), 2.5)
            reasons.append(f"{label}{concept}")
    for kind, terms in flat.items():
        if terms:
            weight, cap = _FLAT[kind]
            positive += min(weight * len(terms), cap)
            reasons.append(f"{label}{'support' if kind == SUPPORT else 'pledge'}:{len(terms)}")
    neg = 0.0
    for domain, matched in negative.items():
        weight, cap = _NEG_WEIGHT.get(domain, _NEG_DEFAULT)
        neg += min(weight * len(matched), cap)
        reasons.append(f"{label}{domain}:{','.join(sorted(matched.values())[:3])}")
    return positive, neg, bool(names)


def _other_sense(title_hits: list[_Hit], title_anchor: bool, body_hits: list[_Hit], body_anchors: list[int]) -> bool:
    """Whether the coalition's name is used in another sense: the title pairs it with another domain
    (sport, another war) and does not name Ukraine, or every use in the text has such a term within
    ``WINDOW`` words and no Ukraine anchor in reach."""
    if not title_anchor and any(e.kind == NAME for e, _, _ in title_hits) and any(
        e.concept in OTHER_SENSE for e, _, _ in title_hits
    ):
        return True
    names = [i for e, i, _ in body_hits if e.kind == NAME]
    if not names:
        return False
    others = [i for e, i, _ in body_hits if e.concept in OTHER_SENSE]
    return all(_near(others, i, WINDOW) and not _near(body_anchors, i, WINDOW) for i in names)


def _aid_only(title_hits: list[_Hit], body_hits: list[_Hit]) -> bool:
    """Topics of aid only (money, humanitarian...), no force topic and no supporting term; military
    aid in passing (not in the title or lede) does not make it more."""
    hits = [*title_hits, *((e, i, j) for e, i, j in body_hits if i < LEDE or e.concept not in AID_SUBJECT)]
    topics = {e.concept for e, _, _ in hits if e.kind == TOPIC}
    return bool(topics) and topics <= AID_ONLY and not any(e.kind == SUPPORT for e, _, _ in hits)


@lru_cache(maxsize=64)
def _keyword_phrases(keywords: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for kw in keywords:
        words = _tokens(kw)
        if words:
            out.append(" " + " ".join(words) + " ")
    return tuple(dict.fromkeys(out))


def assess(
    title: str, text: str, *, extra_keywords: Sequence[str] = (), threshold: float = THRESHOLD
) -> Relevance:
    """Score how much an article is about the coalition; see the module docstring for the weights."""
    title_words = _tokens(title or "")
    body_words = _tokens(text or "")
    title_hits = _scan(title_words)
    body_hits = _scan(body_words)

    body_anchors = [i for e, i, _ in body_hits if e.anchor]
    title_anchor = any(e.anchor for e, _, _ in title_hits)
    lede_anchor = bool(body_anchors) and body_anchors[0] < LEDE
    context = title_anchor or bool(body_anchors) or any(
        e.kind == CONTEXT or e.concept in _MILITARY or (e.kind == SUPPORT and e.phrase != "coalition")
        for e, _, _ in (*title_hits, *body_hits)
    )

    # without any anchor, two distinct core topics (troops and a ceasefire, say) anchor each other,
    # unless the article is about another conflict
    elsewhere = any(e.concept == "-elsewhere" for e, _, _ in (*title_hits, *body_hits))
    cluster = not (title_anchor or body_anchors or elsewhere) and (
        len({_CORE[e.concept] for e, _, _ in (*title_hits, *body_hits) if e.concept in _CORE}) >= 2
    )

    def title_anchored(_i: int) -> bool:
        return title_anchor or lede_anchor or cluster

    def body_anchored(i: int) -> bool:
        return cluster or (title_anchor and i < LEDE) or _near(body_anchors, i, WINDOW)

    reasons: list[str] = ["topics anchor each other"] if cluster else []
    name_ok = not _other_sense(title_hits, title_anchor, body_hits, body_anchors)
    if not name_ok:
        reasons.append("name in another sense")
    t_pos, t_neg, t_name = _field_score(title_words, title_hits, title_anchored, reasons, "title:", name_ok)
    b_pos, b_neg, b_name = _field_score(body_words, body_hits, body_anchored, reasons, "", name_ok)
    aid_only = not (t_name or b_name) and _aid_only(title_hits, body_hits)
    if (t_name or b_name) and not context:
        t_pos, b_pos = t_pos / 2, b_pos / 2
        reasons.append("name without Ukraine or Russia")
    positive = TITLE_WEIGHT * t_pos + b_pos
    if title_anchor or body_anchors:
        positive += _ANCHOR_BONUS
        reasons.append("ukraine")
    elif not (t_name or b_name):
        positive *= NO_ANCHOR_FACTOR
        reasons.append("no anchor")
    if extra_keywords:
        haystack = " " + " ".join(title_words) + " " + " ".join(body_words) + " "
        found = [kw.strip() for kw in _keyword_phrases(tuple(extra_keywords)) if kw in haystack]
        if found:
            positive += min(_EXTRA_WEIGHT * len(found), _EXTRA_CAP)
            reasons.append("keywords:" + ",".join(found[:3]))
    if aid_only:
        positive *= AID_ONLY_FACTOR
        reasons.append("general Ukraine aid")
    penalty = 0.0 if name_ok else OTHER_SENSE_PENALTY
    score = round(positive - (TITLE_WEIGHT * t_neg + b_neg) - penalty, 3)
    return Relevance(score=score, relevant=score >= threshold, reasons=tuple(reasons))

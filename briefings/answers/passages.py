"""Sentence evidence: BM25 candidates from FTS5, reranked by what the question asks, and the checks
that decide whether the best sentences really answer it (the same actor, the question's own words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.dates import date_match, has_date
from briefings.answers.questions import Question
from briefings.answers.stem import stem, stems, words

MONEY_RE = re.compile(
    r"(?:[€£$]\s?\d[\d,.]*(?:\s?(?:billion|million|bn|m|trillion))?)|"
    r"(?:\d[\d,.]*\s?(?:billion|million|bn|trillion)?\s?(?:euros?|pounds|sterling|dollars|kroner|kronor|kronur|krona|"
    r"zlotys?|francs|yen|EUR|GBP|USD|NOK|SEK|DKK|PLN)\b)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\b\d[\d,.]*\b")
DATE_RE = re.compile(
    r"\b(?:\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|20\d\d-\d\d-\d\d)\b"
)
PLACE_RE = re.compile(
    r"\b(front ?lines?|border|borders|territory|locations?|regions?|cities|city|bases?|west of|east of|"
    r"away from|behind|along|rear|far from|deployed to|stationed|airspace|coast)\b",
    re.IGNORECASE,
)
COUNT_RE = re.compile(
    r"\b\d[\d,]*\s+(?:\w+\s+){0,2}?(countries|nations|states|leaders|governments|members|delegations|allies)\b", re.I
)
SIZE_RE = re.compile(r"\b\d[\d,.]*\s*(?:000\s+)?(troops|soldiers|personnel|peacekeepers|strong|service|people|men)\b", re.I)
HOST_RE = re.compile(r"\b(hosted|hosts|chaired|convened|led by|organi[sz]ed|presided|co-hosted|invited)\b", re.I)


FRAME_STEMS = frozenset(stem(w) for w in lx.FRAME_WORDS)
PLACE_KINDS = ("count", "when", "host", "attend")


@dataclass(slots=True)
class Hit:
    row: dict[str, Any]
    text: str
    codes: set[str]
    stems: set[str]
    score: float = 0.0
    key_cov: set[str] = field(default_factory=set)


def boost_for(q: Question) -> Callable[[str, dict[str, Any]], float]:
    """A bonus for sentences that carry what the question type needs (an amount, a date, a place)."""

    other_cats: set[str] = set()
    excluded: set[str] = set()
    if q.kind == "instead":
        for cat, vocab in lx.CATEGORY_WORDS.items():
            (excluded if cat in (q.excluded or ["ground_troops"]) else other_cats).update(stems(vocab))
        other_cats -= excluded

    dated = has_date(q)

    def bonus(text: str, row: dict[str, Any]) -> float:
        b = 0.0
        if dated:
            b += 3.0 * date_match(q, row.get("date") or row.get("published"), text)
        if q.day is not None and (row.get("date") or "")[5:10] == f"{q.day[0]:02d}-{q.day[1]:02d}":
            b += 3.0
        if q.kind == "count" and COUNT_RE.search(text):
            b += 3.0
        if q.kind == "size" and SIZE_RE.search(text):
            b += 3.0
        if other_cats:
            sst = set(stems(text))
            b += 3.0 if sst & other_cats else 0.0
            b -= 2.0 if sst & excluded and not sst & other_cats else 0.0
            b += 2.0 if re.search(r"\b(instead|also|besides|in addition|as well)\b", text, re.I) else 0.0
        if q.kind == "money" and MONEY_RE.search(text):
            b += 4.0
        if q.kind in ("count", "size") and NUMBER_RE.search(text):
            b += 2.0
        if q.kind == "when" and DATE_RE.search(text):
            b += 2.0
        if q.kind == "host" and HOST_RE.search(text):
            b += 3.0
        if re.match(r"\s*where\b", q.text, re.I) and PLACE_RE.search(text):
            b += 2.5
        return b

    return bonus


def _terms(q: Question, extra: Iterable[str]) -> list[str]:
    out = [w for w in q.words if stem(w) not in q.actor_stems]
    out += [w for p in q.places for w in words(p)]
    out += list(extra)
    if q.year:
        out.append(str(q.year))
    if q.month:
        out.append(lx.MONTH_NAMES[q.month - 1].lower())
    return list(dict.fromkeys(out))


def find(
    db: Database,
    q: Question,
    *,
    actors: list[str] | None = None,
    extra_terms: Iterable[str] = (),
    require_stems: set[str] | None = None,
    require: Callable[[str], bool] | None = None,
    limit: int = 60,
    context: bool = False,
    memo: str | None = None,
) -> tuple[list[Hit], rt.Corpus]:
    """Candidate sentences, best first. With ``actors``, every sentence names at least one of them.

    With ``context``, the sentences are found by the question's words alone, and a sentence that names
    no other government counts as naming an actor when the sentence before it (or its article's title)
    does: "Norway will contribute ships. Parliament has agreed to set aside 85 billion kroner ..."
    """
    if memo is not None:  # the same read for both of the engine's passes (strict date, then any date)
        memo_key = ("find", memo, context)
        if memo_key not in q.memo:
            q.memo[memo_key] = find(
                db, q, actors=actors, extra_terms=extra_terms, require_stems=require_stems, require=require,
                limit=limit, context=context,
            )
        cached: tuple[list[Hit], rt.Corpus] = q.memo[memo_key]
        return cached
    actors = q.actors if actors is None else actors
    terms = _terms(q, extra_terms)
    people = q.people if actors == q.actors else []
    names = list(people) or [n for code in actors for n in rt.aliases(code)]
    corpus = rt.corpus_stats(db, terms + q.words)
    budget = rt.RANK_BUDGET
    picked, affordable = rt.pick_terms(terms, corpus)
    word_q = rt.fts_or(picked)
    words_df = sum(rt.term_df(t, corpus) for t in picked)
    rows: list[dict[str, Any]] = []
    before: dict[int, dict[str, Any]] = {}
    if context and actors:
        rows = rt.search(db, word_q, limit=limit, ranked=affordable)
        rows = [r for r in rows if not (rt.mention_codes(r.get("text") or "") - NOT_ACTORS)]
        before = rt.previous_sentences(db, rows[:30])
    elif actors:
        actor_q = rt.fts_or(names)
        actor_df = rt.match_count(db, actor_q)
        if word_q:
            rows = rt.search(db, f"({actor_q}) AND ({word_q})", limit=limit, ranked=min(actor_df, words_df) <= budget)
        if len(rows) < 10:
            rows += rt.search(db, actor_q, limit=limit, ranked=actor_df <= budget)
    else:
        rows = rt.search(db, word_q, limit=limit, ranked=affordable)
        keys = [w for w in terms if stem(w) in set(q.key_stems)]
        if len(keys) > 1:  # sentences holding every key word, however common the other words are
            key_df = min(rt.term_df(k, corpus) for k in keys)
            rows += rt.search(db, " AND ".join(rt.fts_term(k) for k in keys), limit=20, ranked=key_df <= budget)
    bonus = boost_for(q)
    key = set(q.key_stems)
    content = set(q.content_stems) - FRAME_STEMS - q.actor_stems
    hits: dict[str, Hit] = {}
    for i, row in enumerate(rows):
        text = (row.get("text") or "").strip()
        norm = " ".join(words(text))
        if not text or norm in hits:
            continue
        sst = set(stems(text))
        if require_stems and not (sst & require_stems):
            continue
        if context:
            lead = _context_lead(row, before.get(row["id"]), actors, people)
            if lead is None:
                continue
            row = {**row, "lead": lead}
            named = set(actors) if people else rt.mention_codes(lead) & set(actors)
            codes = rt.mention_codes(text) | named
        else:
            if people and not any(p.lower() in text.lower() for p in people):
                continue
            codes = rt.mention_codes(text)
        if actors and not (codes & set(actors)):
            continue
        if require and not require(text):
            continue
        title = set(stems(row.get("article_title") or "")) - sst
        key_cov = key & (sst | title)
        score = 2.0 * sum(corpus.idf(s) for s in key & sst) + sum(corpus.idf(s) for s in key & title)
        score += sum(corpus.idf(s) for s in (content & sst) - key)
        score += 4.0 * len(codes & set(actors))
        score += bonus(text, row)
        score += max(0.0, 1.0 - i / max(len(rows), 1))  # BM25 order breaks ties
        score -= 0.01 * max(0, len(norm.split()) - 40)
        hits[norm] = Hit(row=row, text=text, codes=codes, stems=sst, score=score, key_cov=key_cov)
    ranked = sorted(hits.values(), key=lambda h: -h.score)
    return ranked, corpus


NOT_ACTORS = frozenset({"UA", "EU", "NATO", "UN"})  # named in a sentence without being who acts in it


def _context_lead(
    row: dict[str, Any], prev: dict[str, Any] | None, actors: list[str], people: list[str]
) -> str | None:
    """The text that names the actor of a sentence that does not: the sentence before it, else the title.

    It must name the question's actor (or person) and no other government, so the subject is clear.
    """
    for lead in ((prev or {}).get("text"), row.get("article_title") if (row.get("position") or 0) <= 1 else None):
        if not lead:
            continue
        if people:
            if not any(p.lower() in lead.lower() for p in people):
                continue
            return str(lead)
        codes = rt.mention_codes(lead) - NOT_ACTORS
        if codes and codes <= set(actors):
            return str(lead)
    return None


def choose(q: Question, hits: list[Hit], *, n: int = 3, ratio: float = 0.6) -> list[Hit]:
    """The best sentence, plus up to ``n - 1`` more that score nearly as well and add something."""
    if not hits:
        return []
    best = hits[0]
    chosen = [best]
    have_codes = set(best.codes)
    have_keys = set(best.key_cov)
    for h in hits[1:]:
        if len(chosen) >= n:
            break
        adds = bool((h.codes & set(q.actors)) - have_codes) or bool(h.key_cov - have_keys)
        if h.score >= ratio * best.score and (adds or h.score >= 0.85 * best.score):
            chosen.append(h)
            have_codes |= h.codes
            have_keys |= h.key_cov
    return chosen


def places_of(q: Question) -> list[set[str]]:
    """The stems of each place the question names, without words every article uses."""
    generic = {stem(w) for w in lx.GENERIC_WORDS}
    return [p for p in ({stem(w) for w in words(name)} - generic for name in q.places) if p]


def supported(q: Question, chosen: list[Hit], corpus: rt.Corpus, *, need_actors: bool = True) -> bool:
    """Whether the chosen sentences name the question's actors and carry its key words."""
    if not chosen:
        return False
    codes = set().union(*(h.codes for h in chosen))
    if need_actors and q.actors and not set(q.actors) <= codes:
        return False
    places = {stem(w) for p in q.places for w in words(p)} - {stem(w) for w in lx.GENERIC_WORDS}
    if q.kind in PLACE_KINDS and places and not places & set().union(*(h.stems for h in chosen)):
        return False
    if any(all(corpus.df.get(s, 0) == 0 for s in p) for p in places_of(q)):
        return False  # a place the articles never name: they are not about it
    key = set(q.key_stems)
    if key:
        covered = set().union(*(h.key_cov for h in chosen))
        total = sum(corpus.idf(s) for s in key)
        got = sum(corpus.idf(s) for s in covered)
        if not chosen[0].key_cov or total <= 0 or got / total < 0.6:
            return False
        rarest = max(key, key=corpus.idf)
        if rarest not in covered and corpus.df.get(rarest, 0) == 0:
            return False  # a word the articles never use: they are not about that
    elif not q.actors:
        generic = {stem(w) for w in lx.GENERIC_WORDS}
        overlap = set(q.content_stems) & chosen[0].stems
        if not overlap:
            return False
        if q.kind == "general" and len(overlap) < 2 and overlap <= generic and len(q.content_stems) > 2:
            return False
    return True

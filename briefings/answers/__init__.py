"""Offline, extractive question answering over the stored knowledge, with citations.

    answer_question(db, "Will Italy send troops?") -> Answer(question, answer, found, sources, engine)

A question is parsed (:mod:`.questions`) and routed by its type to the structured data first — the
pledge table and history (:mod:`.tables`), events and statements (:mod:`.events`) — then to BM25
over sentences (:mod:`.passages`). Nothing is guessed: when no evidence names the actor asked about
and carries the question's own words, the answer says so with ``found=False`` and no sources.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable

from sqlite_utils import Database

from briefings.answers import claims, counts, events, passages, recency, tables
from briefings.answers import lexicon as lx
from briefings.answers.conditions import conditions_answer
from briefings.answers.model import (
    Answer,
    attribution,
    long_date,
    not_found,
    quoted,
    source_of,
    unique_sources,
)
from briefings.answers.questions import (
    RELATIVE_DATE,
    Question,
    date_match,
    has_date,
    parse,
    resolve_relative,
    stance_cues,
)
from briefings.answers.stem import stem
from briefings.answers.tables import residual_keys
from briefings.extract import find_mentions, name_of
from storage import StorageFailure

__all__ = ["Answer", "Question", "answer_question", "parse"]

log = logging.getLogger(__name__)

Route = Callable[[Database, Question], Answer | None]


def _category_stems(q: Question) -> set[str] | None:
    cats = q.categories
    if q.kind == "instead":
        cats = [c for c in lx.CATEGORY_WORDS if c not in (q.excluded or ["ground_troops"])]
    if not cats:
        return None
    out: set[str] = set()
    for cat in cats:
        out |= {stem(w) for w in lx.CATEGORY_WORDS.get(cat, "").split()}
        out |= {stem(w) for phrase, c in lx.CATEGORY_PHRASES.items() if c == cat for w in phrase.split()}
    # "force" names the coalition's force itself ("the Ukrainian armed forces", "a reassurance force"):
    # it never shows on its own that a sentence speaks of troops.
    return out - {stem(w) for w in lx.STOP_WORDS} - {stem("forces"), stem("force")}


def _explicit_date(text: str) -> str | None:
    m = re.search(
        r"\b(\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
        r"(?:\s+20\d\d)?|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
        r"\s+\d{1,2}(?:,?\s+20\d\d)?)\b",
        text,
    )
    return m.group(1) if m else None


def _requirement(q: Question) -> Callable[[str], bool] | None:
    base = _base_requirement(q)
    if not q.quantity or q.kind == "money":
        return base
    if q.counted:  # "how many soldiers": the number must count soldiers, not countries or euros
        pattern = counts.count_re(q.counted, q.count_role)
        actors = list(q.actors)
        return lambda t: counts.number_of(pattern, t, actors, q.count_role) is not None and (base is None or base(t))
    return lambda t: bool(passages.NUMBER_RE.search(t)) and (base is None or base(t))


def _base_requirement(q: Question) -> Callable[[str], bool] | None:
    if q.kind == "instead" or q.kind == "stance" and q.categories and not residual_keys(q):
        return lambda t: bool(stance_cues(t))
    if q.kind == "list" and q.statuses:
        return lambda t: bool(set(stance_cues(t)) & set(q.statuses)) and bool(find_mentions(t))
    if q.kind == "money":
        return lambda t: bool(passages.MONEY_RE.search(t))
    if q.kind == "count":
        return lambda t: bool(passages.NUMBER_RE.search(t))
    if q.kind == "size":
        return lambda t: bool(passages.SIZE_RE.search(t))
    return None


_MONEY_TERMS = ("billion", "million", "euros", "pounds", "dollars", "kroner", "kronor", "loan", "budget")


def from_sentences(db: Database, q: Question) -> Answer | None:
    """The best one to three sentences, when they name the actors and carry the question's words.

    When no sentence names the actor, a sentence whose subject is given by the sentence before it
    ("Parliament has agreed to ..." after "Norway will ...") may answer, with that sentence shown.
    """
    if q.counted and q.quantity and q.kind in ("list", "count"):
        return None  # a stated number was looked for by counts.stated_count, with stricter checks
    require_stems = _category_stems(q) if q.actors and q.kind not in ("money", "list", "count") else None
    require = _requirement(q)
    extra = _MONEY_TERMS if q.kind == "money" else ()
    chosen: list[passages.Hit] = []
    for context in (False, True) if q.actors else (False,):
        hits, corpus = passages.find(
            db, q, require_stems=require_stems, require=require, extra_terms=extra, context=context, memo="sentences"
        )
        if q.strict_date:
            hits = [h for h in hits if date_match(q, h.row.get("date") or h.row.get("published"), h.text) > 0]
        chosen = passages.choose(q, hits)
        if passages.supported(q, chosen, corpus):
            break
    else:
        return None
    best = chosen[0]
    claim = claims.CLAIM_RE.search(best.text)
    if claim and q.yes_no and q.actors:  # a claim answers a yes/no only as a claim, with its denial
        return claims.render(db, q, best, claim)
    head = ""
    if q.kind == "when":
        when = _explicit_date(best.text) or long_date(best.row.get("date") or best.row.get("published"))
        head = f"On {when}:" if when else "Date unknown:"
    elif q.kind == "attend" and q.actors:
        code = q.actors[0]
        spans = [m.span for m in find_mentions(best.text) if m.code == code]
        negated = events._negated_near(best.text, spans)
        head = f"{'No' if negated else 'Yes'}: {name_of(code)} {'did not take part' if negated else 'took part'}."
    elif q.kind == "money":
        m = passages.MONEY_RE.search(best.text)
        who = f"{name_of(q.actors[0])}: " if len(q.actors) == 1 else ""
        head = f"{who}{m.group(0).strip()}." if m else ""
    elif q.quantity and q.counted:
        m = counts.number_of(counts.count_re(q.counted, q.count_role), best.text, list(q.actors), q.count_role)
        who = f"{name_of(q.actors[0])}: " if len(q.actors) == 1 else ""
        head = f"{who}{counts.count_phrase(best.text, m)}." if m else ""
    lines = [head] if head else []
    for h in chosen:
        lead = h.row.get("lead")
        lines.append(f"{quoted(lead) + ' … ' if lead else ''}{quoted(h.text)}{attribution(h.row)}")
    sources = unique_sources([source_of(h.row, h.text) for h in chosen])
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=sources)


def person_sentences(db: Database, q: Question) -> Answer | None:
    """For a question about what a named person said: sentences naming that person."""
    return from_sentences(db, q) if q.people else None


def stance(db: Database, q: Question) -> Answer | None:
    """The table's stance, led by a newer report when one postdates the table's entry."""
    answer = tables.stance(db, q)
    return recency.amend(db, q, answer) if answer is not None else None


ROUTES: dict[str, list[Route]] = {
    "stance": [conditions_answer, claims.claim_answer, tables.stance_history, stance, events.statement_answer, from_sentences],
    "statement": [conditions_answer, events.statement_answer, person_sentences, tables.stance, from_sentences],
    "list": [counts.stated_count, tables.country_list, from_sentences],
    "instead": [tables.instead, from_sentences],
    "count": [events.event_answer, counts.stated_count, from_sentences],
    "when": [events.event_answer, tables.when_fact, from_sentences],
    "where": [events.event_answer, from_sentences],
    "host": [events.event_answer, from_sentences],
    "attend": [events.event_answer, events.attend_from_sentences],
    "size": [tables.sizes, from_sentences],
    "money": [tables.money, from_sentences],
    "general": [conditions_answer, events.day_events, claims.claim_answer, from_sentences],
}


def answer_question(db: Database, question: str) -> Answer:
    """Answer one question from the database, extractively; ``found`` is False when nothing answers it.

    A question that names a date ("in September 2025", "last week") is first answered from evidence of
    that date only; when none exists, from any evidence, each route preferring the date asked.
    """
    text = (question or "").strip()
    if not text:
        return not_found(question)
    q = parse(text)
    if RELATIVE_DATE.search(text.lower()):
        resolve_relative(q, newest_date(db))
    for strict in (True, False) if has_date(q) else (False,):
        q.strict_date = strict
        for route in ROUTES.get(q.kind, ROUTES["general"]):
            try:
                answer = route(db, q)
            except (sqlite3.DatabaseError, StorageFailure):
                raise  # a damaged, locked or unreadable database is not "no answer": say so
            except Exception:  # noqa: BLE001 - one failing route must not lose the others
                log.exception("answer route %s failed for %r", getattr(route, "__name__", route), text)
                continue
            if answer is not None and answer.found and answer.sources:
                answer.question = question
                return answer
    about = join_actor_names(q)
    return not_found(question, about)


def newest_date(db: Database) -> str | None:
    """The publication time of the newest relevant article: "now", for "last week" and "this year"."""
    row = db.conn.execute("SELECT MAX(published) FROM articles WHERE relevant = 1").fetchone()
    return str(row[0]) if row and row[0] else None


def join_actor_names(q: Question) -> str | None:
    if not q.actors:
        return None
    return "that for " + " and ".join(name_of(c) for c in q.actors)

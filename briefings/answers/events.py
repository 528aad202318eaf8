"""Answers from events (how many took part, when, who hosted, who attended) and from statements
(what a third party such as Russia said).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from briefings.answers import counts, passages
from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.model import (
    Answer,
    attribution,
    display_name,
    long_date,
    on_day,
    quoted,
    source_of,
    unique_sources,
)
from briefings.answers.questions import Question, date_match, event_day, keep_dated
from briefings.answers.stem import stem, stems, words
from briefings.extract import name_of
from briefings.extract.headcounts import HeadCount, head_counts, role_fits
from storage.knowledge import sentences_of

_COUNT_RE = re.compile(
    r"\b(\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?)\s+"
    r"(?:\w+\s+){0,3}?(countries|nations|states|leaders|governments|members|delegations|allies|partners|chiefs|ministers)\b",
    re.IGNORECASE,
)


# Words that say who was there ("35 countries were represented"), not what some of them decided.
_TURNOUT_RE = re.compile(
    r"\b(represented|took part|taking part|attended|gathered|met|joined|present|participat\w*|leaders of|"
    r"delegations|hosted|around the table|in the room|by video)\b",
    re.IGNORECASE,
)


def _stated_count(text: str) -> re.Match[str] | None:
    """The first head count a sentence states; "the three governments" refers back, it counts nothing."""
    for m in _COUNT_RE.finditer(text):
        if not re.search(r"\b(the|these|those)\s+$", text[max(0, m.start() - 8) : m.start()], re.IGNORECASE):
            return m
    return None


def _codes(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [c.strip() for c in str(value).split(",") if c.strip()]
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def _days(q: Question) -> list[str]:
    if q.since is not None:  # "last week": every day of the span
        try:
            start, end = date.fromisoformat(q.since), date.fromisoformat(q.until or q.since)
        except ValueError:
            return []
        return [(start + timedelta(days=i)).isoformat() for i in range(min((end - start).days, 31) + 1)]
    if q.day is None:
        return []
    years = [q.year] if q.year else list(range(date.today().year - 4, date.today().year + 2))
    return [f"{y:04d}-{q.day[0]:02d}-{q.day[1]:02d}" for y in years]


def _event_text(e: dict[str, Any]) -> str:
    parts = (e.get("quote"), e.get("title"), e.get("place"), e.get("kind"), e.get("outcome"), e.get("article_title"))
    return " ".join(str(p) for p in parts if p)


def best_event(db: Database, q: Question) -> tuple[dict[str, Any], float] | None:
    """The event the question is about, or None when no event matches well enough."""
    hits, corpus = passages.find(db, q, actors=[], extra_terms=q.places, limit=40, memo="events")
    article_ids = [h.row["article_id"] for h in hits[:25]]
    events = rt.events_for(db, days=_days(q), article_ids=article_ids)
    if not events:
        return None
    place_words = {stem(w) for p in q.places for w in words(p)}
    want = set(q.content_stems) - set(q.actor_stems) - {stem(w) for w in lx.FRAME_WORDS}
    scored: list[tuple[float, dict[str, Any]]] = []
    # A place named by another event of the same article ("the Paris Declaration ... the summit") counts too.
    article_places = {
        e["article_id"] for e in events if place_words and place_words & set(stems(e.get("place") or ""))
    }
    for e in events:
        text_stems = set(stems(_event_text(e)))
        s = sum(corpus.idf(x) for x in want & text_stems) / 3.0
        anchors = 0
        if place_words and place_words & set(stems(f"{e.get('place') or ''} {e.get('quote') or ''}")):
            s += 3.0
            anchors += 1
        elif e["article_id"] in article_places:
            s += 2.0
            anchors += 1
        day = event_day(q, e.get("date"))
        s += 4.0 * day
        anchors += day > 0
        if q.event_kind and q.event_kind == e.get("kind"):
            s += 1.0
        if q.kind == "count":
            s += 2.0 if e.get("participants") or _stated_count(e.get("quote") or "") else 0.0
            s += 1.5 if _TURNOUT_RE.search(e.get("quote") or "") else 0.0
            s += 0.5 if _codes(e.get("participant_codes")) else 0.0
        if q.kind == "host" and (e.get("host") or e.get("host_code")):
            s += 1.5
        if q.kind == "attend" and set(q.actors) & set(_codes(e.get("absent_codes")) + _codes(e.get("participant_codes"))):
            s += 2.0
        if anchors == 0 and len(want & text_stems) < 2:
            continue
        if q.strict_date and date_match(q, e.get("date"), e.get("quote") or "") < 0:
            continue
        if q.actors and q.kind != "attend" and not _involves(e, q.actors):
            continue
        scored.append((s, e))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1].get("date") or ""))
    return scored[0][1], scored[0][0]


def day_events(db: Database, q: Question) -> Answer | None:
    """ "What happened on 27 March?" / "last week": the events of those days."""
    if (q.day is None and q.since is None) or q.key_stems:
        return None
    rows = rt.events_for(db, days=_days(q), limit=20)
    lines: list[str] = []
    sources = []
    seen: set[str] = set()
    for e in sorted(rows, key=lambda r: (r.get("date") or "", r["id"])):
        if e["quote"] in seen or (q.actors and not _involves(e, q.actors)):
            continue
        seen.add(e["quote"])
        lines.append(f"On {long_date(e.get('date'))}: {quoted(e['quote'])}{attribution(e)}")
        sources.append(source_of(e))
        if len(lines) == 4:
            break
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def _involves(e: dict[str, Any], codes: list[str]) -> bool:
    named = set(_codes(e.get("participant_codes"))) | set(_codes(e.get("absent_codes")))
    named |= {e.get("host_code") or ""} | rt.mention_codes(e.get("quote") or "")
    return bool(named & set(codes))


def _label(e: dict[str, Any]) -> str:
    kind = e.get("kind") or "meeting"
    place = f" in {e['place']}" if e.get("place") else ""
    return f"the {kind}{place}"


def event_answer(db: Database, q: Question) -> Answer | None:
    found = best_event(db, q)
    if found is None:
        return None
    e, _score = found
    when = on_day(e.get("date") or e.get("published"))
    quote = f"{quoted(e['quote'])}{attribution(e)}"
    if q.kind == "count":
        if q.counted and q.counted not in counts.PARTICIPANT_NOUNS:
            return None  # "how many planners": not a head count of the meeting
        role = q.count_role or "attended"  # a meeting's head count is who took part, unless asked who signed up
        hc = _head_count(e.get("quote") or "", role, q.counted)
        if hc is not None:
            shown = hc.phrase()
        elif role == "attended" and e.get("participants") and not head_counts(e.get("quote") or ""):
            shown = f"{e['participants']} countries"
        else:
            return None  # only a number the article states, with the role asked, and never "1 countries"
        verb = "signed up at" if role == "joined" else "took part in"
        head = f"{shown[0].upper()}{shown[1:]} {verb} {_label(e)} {when}."
    elif q.kind == "when":
        head = f"{_label(e)[0].upper()}{_label(e)[1:]} took place {when}."
    elif q.kind == "where":
        if not e.get("place"):
            return None
        head = f"The {e.get('kind') or 'meeting'} took place in {e['place']} {when}."
    elif q.kind == "host":
        host = e.get("host") or (name_of(e["host_code"]) if e.get("host_code") else None)
        if not host:
            return None
        head = f"{host} hosted {_label(e)} {when}."
    elif q.kind == "attend":
        verdict = _attendance(db, q, e)
        if verdict is None:
            return None
        head, extra = verdict
        if extra is not None and extra["text"] != e.get("quote"):
            return Answer(q.text, f"{head}\n{quote}\n{quoted(extra['text'])}", True,
                          unique_sources([source_of(e), source_of(extra, extra["text"])]))
    else:
        return None
    return Answer(question=q.text, answer=f"{head}\n{quote}", found=True, sources=[source_of(e)])


def _head_count(quote: str, role: str, counted: str | None) -> HeadCount | None:
    """The head count of an event's sentence with the role asked: countries before their leaders for a
    question about countries, leaders first for one about leaders (:mod:`briefings.extract.headcounts`)."""
    found = [c for c in head_counts(quote) if c.value >= 2 and role_fits(role, c.role)]
    want_countries = counted is None or counted in counts.nouns_for("countries")
    found.sort(key=lambda c: (c.counts_countries != want_countries, c.role != role))
    return found[0] if found else None


def _negated_near(text: str, name_spans: list[tuple[int, int]]) -> bool:
    low = text.lower()
    for start, _end in name_spans:
        window = low[max(0, start - 40) : start]
        if any(n in window for n in lx.NEGATIONS):
            return True
    return bool(re.search(r"\b(no|not|without|excluding|absent)\b", low)) and not name_spans


def attend_from_sentences(db: Database, q: Question) -> Answer | None:
    """Find the meeting in the sentences, then read its article for a sentence naming the actor."""
    if not q.actors:
        return None
    hits, corpus = passages.find(db, q, actors=[], extra_terms=q.places, limit=40, memo="events")
    if q.strict_date:
        hits = [h for h in hits if date_match(q, h.row.get("date"), h.text) > 0]
    for best in hits[:5]:
        if not passages.supported(q, [best], corpus, need_actors=False):
            continue
        row = {**best.row, "quote": best.text, "kind": q.event_kind or "meeting", "place": None}
        found = _actor_in_article(db, q.actors[0], row, label=f"the {q.event_kind or 'meeting'}")
        if found is None:
            continue
        head, extra = found
        lines = [head, f"{quoted(best.text)}{attribution(best.row)}"]
        sources = [source_of(best.row, best.text)]
        if extra is not None and extra["text"] != best.text:
            lines.append(quoted(extra["text"]))
            sources.append(source_of(extra, extra["text"]))
        return Answer(q.text, "\n".join(lines), True, unique_sources(sources))
    return None


def _actor_in_article(
    db: Database, code: str, e: dict[str, Any], *, label: str
) -> tuple[str, dict[str, Any]] | None:
    from briefings.extract import find_mentions

    name = display_name(code)
    when = on_day(e.get("date") or e.get("published"))
    rows = sentences_of(db, e["article_id"])
    title = {"text": e.get("article_title") or ""}
    for r in [title, *rows]:
        text = r.get("text") or ""
        spans = [m.span for m in find_mentions(text) if m.code == code]
        if not spans:
            continue
        row = {**e, "text": text}
        if _negated_near(text, spans):
            return f"No: {name} did not take part in {label} {when}.", row
        return f"Yes: {name} is named at {label} {when}.", row
    return None


def _attendance(db: Database, q: Question, e: dict[str, Any]) -> tuple[str, dict[str, Any] | None] | None:
    code = q.actors[0]
    name = display_name(code)
    label = _label(e)
    when = on_day(e.get("date") or e.get("published"))
    seen = _actor_in_article(db, code, e, label=label)
    extra = seen[1] if seen is not None else None
    if code in _codes(e.get("absent_codes")):
        return f"No: {name} did not take part in {label} {when}.", extra
    if code in _codes(e.get("participant_codes")) or e.get("host_code") == code:
        return f"Yes: {name} took part in {label} {when}.", extra
    return seen


def statement_answer(db: Database, q: Question) -> Answer | None:
    """What the actor said: its statements that best match the question's words."""
    if not q.says:
        return None
    lines: list[str] = []
    sources = []
    want = set(q.content_stems) - set(q.actor_stems)
    for code in q.actors:
        rows = keep_dated(q, rt.statements_by(db, code))
        if q.people:  # "What did Medvedev say": that person's own words
            rows = [r for r in rows if any(p.lower() in (r.get("quote") or "").lower() for p in q.people)]
        if not rows:
            continue
        scored = sorted(
            rows, key=lambda r: (len(want & set(stems(f"{r.get('quote')} {r.get('topic') or ''}"))), r.get("date") or ""),
            reverse=True,
        )
        picked: list[dict[str, Any]] = []
        for r in scored:
            if all(r["quote"] != p["quote"] for p in picked):
                picked.append(r)
            if len(picked) == 3:
                break
        key = set(q.key_stems)
        if key and not key & set().union(*(set(stems(p["quote"])) for p in picked)):
            continue
        lines.append(f"{q.people[0] if q.people else display_name(code)} said:")
        for r in picked:
            lines.append(f"- {quoted(r['quote'])}{attribution(r)}")
            sources.append(source_of(r))
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))

"""Follow-up questions: "and Italy?", "what about ships?", "when was that?", "who said it?".

In one conversation the question before and its answer are kept (:class:`Context`, stored per
conversation by :mod:`storage.conversations`), and a question that leans on them is read as a whole
question (:func:`resolve`), which the reply shows as understood ("Will Italy send troops?"):

* an elliptic question, after "and", "what about", "how about", "same for", "as for" or alone, that
  names only actors ("and Italy?", "what about Spain and Portugal?") asks the question before about
  them: their names replace the ones asked about before (a demonym by a demonym), or, when the question
  before named none ("Which countries will send troops?"), "Will Italy contribute ground troops?";
* one that names only something offered ("what about ships?", "and air support?") asks the question
  before about that: its words replace the words of the categories asked before;
* one that names both asks "Will <actors> contribute <that>?";
* a question whose subject is a pronoun ("Will they send jets?", "Does it plan to train pilots?") and
  that asks about an offer or a stance, after a question about actors, is about those actors;
* "when was that?" (and "when?", "since when?", "when did that happen?") after a stance asks when the
  actors took that stance, which the engine answers from the record; after anything else, the date of
  the quote the answer rested on;
* "who said it?" (and "who said that?", "who was it?") is answered from the quote the answer rested
  on: its speaker as the sentence names them, or the outlet's own report when it names nobody.

Anything else is a new question, answered as typed. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from briefings.answers import lexicon as lx
from briefings.answers.model import Answer, display_name, join_names, long_date, quoted
from briefings.answers.questions import parse
from briefings.answers.stem import words
from briefings.extract import find_mentions, split_sentences
from briefings.extract.facts import analyse_sentence
from briefings.extract.gazetteer_data import COUNTRY_TABLE
from briefings.extract.offers import categories_of
from briefings.knowledge import category_label
from briefings.replies import Source

EXPIRY = timedelta(minutes=30)  # a conversation's context is forgotten after this long without a question

_LEAD = re.compile(r"^\s*(?:(?:and|but|ok(?:ay)?|so)\s*,?\s+)?(?:what|how)\s+about\s+|^\s*(?:and|or|also|plus|same\s+"
                   r"(?:for|with)|and\s+for|and\s+with|what\s+of|as\s+for)\s+", re.I)
_WHEN = re.compile(r"^\s*(?:and\s+|but\s+|so\s+)?(?:since\s+)?when(?:\s+(?:was|is|did|were)\s+(?:that|it|this)"
                   r"(?:\s+(?:said|announced|decided|reported|agreed))?|\s+did\s+(?:that|it|this)\s+happen"
                   r"|\s+did\s+(?:they|he|she|it)\s+(?:say|announce|decide)\s+(?:that|so|it|this))?\s*[?.!]*\s*$", re.I)
_WHO = re.compile(r"^\s*(?:and\s+|but\s+|so\s+)?who(?:\s+(?:said|says|announced|stated|told|wrote|decided)\s+"
                  r"(?:it|that|this|so)|\s+was\s+(?:it|that)|\s+said\s+so)?\s*[?.!]*\s*$", re.I)
_QUESTION_START = re.compile(r"^\s*(?:who|whom|whose|what|when|where|which|why|how|will|would|does|do|did|is|are|was|"
                             r"were|has|have|had|can|could|should|shall|may|might|must)\b", re.I)
_PRONOUN = re.compile(r"\b(will|would|does|do|did|has|have|is|are|was|were|can|could|should|might|may)\s+"
                      r"(they|it|he|she)\b", re.I)
_WHERE = re.compile(r"^\s*where(?=\s+(?:was|were|is|are|did|will)\b)", re.I)
# a speaker as a sentence names them: a known actor or a person by office ("a government spokesman")
_OFFICE = re.compile(r"\b(?:minister|president|spokes\w+|officials?|chancellor|premier|secretary|leader|government|"
                     r"ministry|general|commander|ambassador|envoy|chief|head|king|queen|adviser|advisor)\b", re.I)
_MAX_SPEAKER = 80
_BARE_WORDS = 5  # at most this many words after a lead ("and Spain and Portugal?")


@dataclass(frozen=True, slots=True)
class Context:
    """What a follow-up is read against: the question as understood and what its answer rested on."""

    question: str
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    kind: str = "general"
    found: bool = False
    sources: tuple[Source, ...] = ()
    dates: tuple[str | None, ...] = ()  # the date each source's quote refers to (ISO day), when known

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "actors": list(self.actors), "categories": list(self.categories),
                "kind": self.kind, "found": self.found, "dates": list(self.dates),
                "sources": [{"url": s.url, "title": s.title, "quote": s.quote, "outlet": s.outlet,
                             "published": s.published} for s in self.sources]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Context:
        return cls(
            question=str(data.get("question") or ""), actors=tuple(data.get("actors") or ()),
            categories=tuple(data.get("categories") or ()), kind=str(data.get("kind") or "general"),
            found=bool(data.get("found")),
            sources=tuple(Source(url=s.get("url") or "", title=s.get("title") or "", quote=s.get("quote") or "",
                                 outlet=s.get("outlet"), published=s.get("published"))
                          for s in data.get("sources") or () if isinstance(s, dict)),
            dates=tuple(d if isinstance(d, str) else None for d in data.get("dates") or ()),
        )


KEPT_SOURCES = 3  # sources of an answer a context keeps


def context_of(question: str, answer: Answer, dates: list[str | None] | None = None) -> Context:
    """The context a question (as understood) and its answer leave for the next question; ``dates``
    are the dates the first :data:`KEPT_SOURCES` sources' quotes refer to."""
    q = parse(question)
    return Context(question=question, actors=tuple(q.actors), categories=tuple(q.categories), kind=q.kind,
                   found=answer.found, sources=tuple(answer.sources[:KEPT_SOURCES]), dates=tuple(dates or ()))


@dataclass(frozen=True, slots=True)
class Resolved:
    """A question as understood; ``previous`` is the question it follows up (None for a new one), and
    ``answer`` is set when the context alone answers it ("who said it?")."""

    question: str
    previous: str | None = None
    answer: Answer | None = field(default=None, compare=False)
    keep: Context | None = field(default=None, compare=False)  # answered from the context: it stays the topic

    @property
    def follow_up(self) -> bool:
        return self.previous is not None


def resolve(text: str, context: Context | None) -> Resolved:
    """``text`` read against the conversation's ``context`` (see the module docstring)."""
    typed = " ".join(text.split())
    if context is None or not typed:
        return Resolved(typed)
    if _WHO.match(typed):
        return _who(typed, context)
    if _WHEN.match(typed):
        return _when(typed, context)
    lead = _LEAD.match(typed)
    rest = typed[lead.end():] if lead else typed
    rest = rest.strip(" ?!.,")
    if rest and _bare(rest, short=bool(lead)):
        fq = parse(rest)
        offered = fq.categories or list(categories_of(rest))  # the extraction's vocabulary knows "frigates" too
        understood = None
        if fq.actors and offered:
            understood = _ask_about(list(fq.actors), _offered(offered))
        elif fq.actors:
            understood = _swap_actors(context, list(fq.actors))
        elif offered:
            understood = _swap_categories(context, rest)
        if understood:
            return Resolved(understood, context.question)
    whole = parse(typed)
    if context.actors and not whole.actors and (whole.categories or whole.statuses) and (m := _PRONOUN.search(typed)):
        names = join_names([display_name(c) for c in context.actors])
        return Resolved(f"{typed[:m.start(2)]}{names}{typed[m.end(2):]}", context.question)
    return Resolved(typed)


def _bare(rest: str, *, short: bool) -> bool:
    """A few words naming things, not a question of its own ("Italy", "ships", "Spain and Portugal")."""
    n = len(words(rest))
    return 0 < n <= (_BARE_WORDS if short else 3) and not _QUESTION_START.match(rest)


def _names(codes: list[str], demonym: bool = False) -> str:
    if demonym and all(_demonym(c) for c in codes):
        return join_names([_demonym(c) or c for c in codes])
    return join_names([display_name(c) for c in codes])


@cache
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in COUNTRY_TABLE.strip().splitlines():
        fields = (line.split("|") + ["", "", "", ""])[:5]
        if fields[3]:
            out[fields[0]] = fields[3].split(";")[0].strip()
    return out


def _demonym(code: str) -> str | None:
    return _demonyms().get(code)


def _offered(categories: list[str], typed: str | None = None) -> str:
    return typed or join_names([category_label(c) for c in categories])


def _ask_about(codes: list[str], offered: str | None) -> str:
    names = _names(codes)
    return f"Will {names} contribute {offered}?" if offered else f"What will {names} contribute?"


def _swap_actors(context: Context, codes: list[str]) -> str:
    """The question before, about ``codes`` instead of the actors it named."""
    prev = context.question
    mentions = [m for m in find_mentions(prev, ignore_case=True) if not m.place and m.code in context.actors]
    if not mentions:
        return _ask_about(codes, _offered(list(context.categories)) if context.categories else None)
    first = last = mentions[0]
    for m in mentions[1:]:  # "Poland and the Baltic states": the whole list goes
        if not re.fullmatch(r"[\s,]*(?:and|or)?\s*(?:the\s+)?", prev[last.end : m.start], re.I):
            break
        last = m
    start = first.start - 4 if prev[max(0, first.start - 4) : first.start].lower() == "the " else first.start
    names = _names(codes, demonym=first.kind == "demonym")
    if start == 0 or prev[start - 1] in ".?!":
        names = names[:1].upper() + names[1:]
    return prev[:start] + names + prev[last.end :]


def _category_terms(categories: tuple[str, ...]) -> re.Pattern[str] | None:
    terms = {p for p, c in lx.CATEGORY_PHRASES.items() if c in categories}
    for c in categories:
        terms |= set(lx.CATEGORY_WORDS.get(c, "").split())
    if not terms:
        return None
    alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b(?:[\s-]+\b(?:{alternation})\b)*", re.I)


def _swap_categories(context: Context, offered: str) -> str:
    """The question before, about ``offered`` ("ships") instead of the categories it named."""
    terms = _category_terms(context.categories)
    m = terms.search(context.question) if terms else None
    if m is None:
        if context.actors:
            return _ask_about(list(context.actors), offered)
        return f"Which countries will contribute {offered}?"
    return context.question[: m.start()] + offered + context.question[m.end() :]


def _when(typed: str, context: Context) -> Resolved:
    """The date of the quote the answer before rested on (the date its sentence refers to)."""
    if not context.sources:
        return Resolved(typed)
    s = context.sources[0]
    if context.actors:
        names = _names(list(context.actors))
        about = f" on {_offered(list(context.categories))}" if context.categories else ""
        understood = f"When did {names} take that stance{about}?"
    elif where := _WHERE.match(context.question):
        understood = "When" + context.question[where.end() :]  # "Where was the summit held?" -> "When was ..."
    else:
        understood = f"When did that happen (“{_short(s.quote)}”)?"
    day = long_date(context.dates[0] if context.dates and context.dates[0] else s.published)
    text = (f"On {day}" if day else "The date is unknown") + f", as reported{_by(s)}: {quoted(s.quote)}"
    return Resolved(understood, context.question, Answer(question=understood, answer=text, found=True, sources=[s]),
                    keep=context)


def _who(typed: str, context: Context) -> Resolved:
    if not context.sources:
        return Resolved(typed)
    s = context.sources[0]
    understood = f"Who said “{_short(s.quote)}”?"
    speaker = speaker_of(s.quote)
    day = long_date(context.dates[0] if context.dates and context.dates[0] else s.published)
    when = f" on {day}" if day else ""
    if speaker:
        text = f"{speaker}, as reported{_by(s)}{when}: {quoted(s.quote)}"
    else:
        text = f"The sentence names no speaker: it is the report{_by(s) or ' of the article'}{when}: {quoted(s.quote)}"
    return Resolved(understood, context.question, Answer(question=understood, answer=text, found=True, sources=[s]),
                    keep=context)


def speaker_of(quote: str) -> str | None:
    """Who speaks in a quote, as its words name them ("Italian Prime Minister Giorgia Meloni")."""
    for sentence in split_sentences(quote) or [quote]:
        res = analyse_sentence(sentence, find_mentions(sentence), [])
        for speaker, _codes, _verb in res.speakers:
            name = (speaker or "").strip(" ,.\"“”'")
            if 0 < len(name) <= _MAX_SPEAKER and (find_mentions(name) or _OFFICE.search(name)):
                return name
    return None


def _by(s: Source) -> str:
    return f" by {s.outlet}" if s.outlet else ""


def _short(quote: str, limit: int = 80) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


__all__ = ["EXPIRY", "Context", "Resolved", "context_of", "resolve", "speaker_of"]

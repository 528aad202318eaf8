"""Offline, deterministic extraction: news text -> facts, events, figures and statements.

Entry point: :func:`extract`. Also exported for the answering module: :func:`split_sentences`
and the gazetteer (:func:`resolve`, :func:`name_of`, :func:`find_mentions`).

The pipeline, sentence by sentence (each module's docstring states its rules):

* :mod:`.sentences` cuts paragraphs into sentences that are exact substrings of the text;
* :mod:`.gazetteer` finds who is named;
* :mod:`.clauses` cuts a sentence into clauses and finds who speaks;
* :mod:`.cues` holds the category and status vocabularies;
* :mod:`.actors` decides whose stance a clause states, and whether its speaker may speak for it;
* :mod:`.facts` combines them into facts, :mod:`.figures` reads numbers and money;
* :mod:`.events` reads meetings, statements and their details; :mod:`.dates` resolves dates;
* :mod:`.changes` reads a change of offer ("changed its proposal from troops to air support"), and
  :mod:`.headcounts` head counts with their qualifier and role (figures ``attended_count``,
  ``joined_count``, ``head_count``).

Context across sentences: a leader introduced with a title ("Finnish Prime Minister Aleksi Virtanen")
is known by surname for the rest of the article; "Brussels" is Belgium in a paragraph that names
Belgium, else the EU; the actor of a sentence carries to the next one in the paragraph ("It will
...", "The country ...", "Parliament has agreed ..."), and across a paragraph break only from a
one-sentence paragraph (wire style) or into a paragraph that opens on a person's pronoun ("His
government halted ...", "'...,' he said"). A later repetition of the same stance on the same date keeps the
size stated before.

The title is context only, never a source of facts: a title about sending soldiers makes the first
paragraph "about the force" (so a bare stance there, "Germany does not rule anything out", is about
ground troops); later paragraphs judge by their own text. The categories of a sentence carry to an
elliptic next sentence of the same paragraph ("Luxembourg will not.").

Dates: a fact, event or statement carries the date its sentence names, else the last date named
earlier in the same paragraph ("On March 15, the UK hosted ... . However, Meloni made it clear
that ..." both refer to 15 March), else the publication date; with no publication date known, relative
dates give nothing and a day and month take their year from the text (:mod:`.dates`), and a fact with
no date of its own has none (None: never the time of ingest). Within one article, when the same
country and category get two stances on the same date, only the later one in the text is kept, except
that a stance undecided only because a vote is still to come does not replace a commitment.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime

from briefings.extract import cues
from briefings.extract.dates import Anchors, find_date
from briefings.extract.events import event_of, follow_up, is_follow_up, statement_of
from briefings.extract.facts import Draft, analyse_sentence
from briefings.extract.figures import find_money, personnel_numbers, planners
from briefings.extract.gazetteer import (
    Mention,
    find_mentions,
    introduced_people,
    localise,
    name_of,
    resolve,
    with_people,
)
from briefings.extract.headcounts import head_counts
from briefings.extract.sentences import paragraph_index, sentence_spans, split_sentences
from briefings.extract.voice import genre_of, screen
from briefings.models import Event, Extraction, Fact, Figure

__all__ = ["Mention", "extract", "find_mentions", "name_of", "resolve", "split_sentences"]

log = logging.getLogger(__name__)

# The figure kind of a head count by its role (:mod:`.headcounts`): who took part, who signed up, unknown.
HEAD_COUNT_KINDS = {"attended": "attended_count", "joined": "joined_count", None: "head_count"}

# A paragraph that opens on a person's pronoun ("His government halted ...", "He added ...", "'...,' she
# said") goes on about the actor of the paragraph before.
_CONTINUES = re.compile(r"^\W*(?:he|she|his|her)\b|[,.!?]\W*\s(?:he|she)\s+(?:said|added|says|told|stressed|insisted)\b", re.I)


def _as_date(published: datetime | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    return published


def _fact(d: Draft, quote: str, day: date | None) -> Fact:
    money = d.money
    return Fact(
        country_code=d.code,
        category=d.category,
        status=d.status,
        quote=quote,
        date=day,
        size=d.size,
        amount=money.text if money else None,
        amount_value=money.value if money else None,
        currency=money.currency if money else None,
        actor_text=d.actor_text,
        trace=d.trace,
    )


def _figures(sentence: str, clauses_proposers: dict[int, list[str]], day: date | None) -> list[Figure]:
    out: list[Figure] = []

    def proposer(pos: int) -> str | None:
        best = None
        for start, codes in sorted(clauses_proposers.items()):
            if start <= pos and codes:
                best = codes[0]
            elif start <= pos:
                best = None
        return best

    for n, whole in personnel_numbers(sentence):
        out.append(
            Figure(
                kind="force_size" if whole else "contribution_size",
                value=n.value,
                quote=sentence,
                low=n.value if n.high else None,
                high=n.high,
                qualifier=n.qualifier,
                proposer_code=proposer(n.start),
                date=day,
            )
        )
    for n in planners(sentence):
        out.append(Figure(kind="planners", value=n.value, quote=sentence, qualifier=n.qualifier, date=day))
    for hc in head_counts(sentence):  # "attended by 29 heads of state", "a total of 35 countries signed up"
        if hc.value >= 2:
            out.append(Figure(kind=HEAD_COUNT_KINDS[hc.role], value=hc.value, quote=sentence, qualifier=hc.qualifier, date=day))
    for money in find_money(sentence):
        if money.value and money.value >= 1e6:
            out.append(
                Figure(kind="amount", value=int(money.value), quote=sentence, proposer_code=proposer(money.start), date=day)
            )
    return out


def extract(text: str, *, title: str = "", published: datetime | date | None = None) -> Extraction:
    """Facts, events, figures and statements of one article (``text``: paragraphs split by blank lines)."""
    result = Extraction()
    pub = _as_date(published)
    paragraphs = paragraph_index(text)
    previous: list[str] = []
    para_no = -1
    context_day: date | None = None
    facts: list[tuple[Fact, int, bool]] = []
    last_event: Event | None = None
    people: dict[str, str] = {}
    named_here: set[str] = set()  # codes named so far in the paragraph
    previous_cats: tuple[str, ...] = ()
    previous_named: list[str] = []  # countries the sentence before named ("Each country will ...")
    # the title is context only (it can make the lede "about the force"), never the source of a fact
    title_context = bool(title) and bool(cues.FORCE_CONTEXT.search(title))
    genre = genre_of(title)  # opinion, fact-check: their hypotheticals and claims are no stance (:mod:`.voice`)
    para_text = ""
    force_cache: dict[str, bool] = {}
    anchors = Anchors(text) if pub is None else None  # no publication date: years come from the text

    def force_context() -> bool:  # computed only when a sentence needs it
        if para_text not in force_cache:
            force_cache[para_text] = (title_context and para_no == 0) or bool(cues.FORCE_CONTEXT.search(para_text))
        return force_cache[para_text]

    carried: list[str] = []
    para_sentences = 0  # leaders introduced with a title, for later mentions by surname
    for position, (start, end) in enumerate(sentence_spans(text)):
        sentence = text[start:end]
        para = next((i for i, (ps, pe) in enumerate(paragraphs) if ps <= start < pe + 1), para_no)
        if para != para_no:
            # a one-sentence paragraph (wire style) lends its actor to the next paragraph's first sentence
            # and a paragraph that goes on about "he" or "his government" continues the one before
            carried = previous
            previous = previous if para_sentences == 1 else []
            previous_cats = previous_cats if para_sentences == 1 else ()
            para_no, context_day, named_here, para_sentences = para, None, set(), 0
            if 0 <= para < len(paragraphs):
                para_text = text[paragraphs[para][0] : paragraphs[para][1]]
        para_sentences += 1
        if para_sentences == 1 and not previous and _CONTINUES.search(sentence):
            previous = carried
        named = find_date(sentence, pub, anchors.at(start) if anchors else None)
        if named is not None:
            context_day = named
            if anchors:
                anchors.resolved(named)
        day = named or context_day or pub
        mentions = find_mentions(sentence)
        people.update(introduced_people(sentence, mentions))
        mentions = with_people(sentence, mentions, people)
        mentions = localise(mentions, named_here)
        named_here.update(m.code for m in mentions)
        try:
            res = analyse_sentence(
                sentence, mentions, previous, previous_cats=previous_cats, force_context=force_context,
                previous_named=previous_named,
            )
        except Exception:  # one odd sentence must not lose the article
            log.exception("extraction failed on a sentence: %.80s", sentence)
            continue
        previous = res.actors or previous
        previous_named = res.named
        previous_cats = res.categories if res.drafts or res.categories else ()
        facts.extend((_fact(d, sentence, day), position, d.pending) for d in screen(res.drafts, sentence, genre))
        result.figures.extend(_figures(sentence, res.proposers, day))
        updated = None
        if last_event is not None and named is None and is_follow_up(sentence):
            updated = follow_up(last_event, sentence, mentions)
        if updated is not None and last_event is not None:
            result.events[result.events.index(last_event)] = updated
            last_event = updated
        else:
            event = event_of(sentence, mentions, named, {})
            if event is not None:
                result.events.append(event)
                last_event = event
        statement = statement_of(sentence, mentions, res.speakers, day, bool(res.drafts))
        if statement is not None:
            result.statements.append(statement)
    result.facts = _dedupe(facts)
    log.debug(
        "extracted %d facts, %d events, %d figures, %d statements from %r",
        len(result.facts), len(result.events), len(result.figures), len(result.statements), title[:60],
    )
    return result


def _dedupe(facts: list[tuple[Fact, int, bool]]) -> list[Fact]:
    """One fact per (country, category, date): the last stance stated in the article wins; a later
    repetition of the same stance without a size keeps the size stated before ("will contribute a
    battalion of about 800 soldiers ... The deployment still has to be approved by parliament").
    A stance that is undecided only because a vote is still to come does not replace a commitment
    stated before it ("Latvia will send a company. The deployment awaits a vote in parliament")."""
    last: dict[tuple[str, str, date | None], int] = {}
    size: dict[tuple[str, str, date | None, str], int] = {}
    out: list[Fact] = []
    for i, (f, _pos, pending) in enumerate(facts):
        key = (f.country_code, f.category, f.date)
        if pending and key in last and facts[last[key]][0].status == "committed":
            continue
        last[key] = i
    for i, (f, _pos, _pending) in enumerate(facts):
        key = (f.country_code, f.category, f.date)
        if f.size is not None:
            size[key + (f.status,)] = f.size
        if last[key] == i:
            if f.size is None and key + (f.status,) in size:
                f = replace(f, size=size[key + (f.status,)])
            out.append(f)
    return out

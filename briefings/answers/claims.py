"""Claims and denials: "Are Greek special forces secretly in Odesa?", "Is it true that ...?".

When the sentence that best matches a question reports a claim ("a state television channel claimed
...", "Moscow accused ..."), the answer is the claim as a claim: what was claimed, by whom, and the
denial of the government concerned (or a fact check's verdict) from the same article when there is
one. A claim is never turned into a fact, and a yes/no about it is never answered "yes" from it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from briefings.answers import passages
from briefings.answers.dates import date_match
from briefings.answers.model import (
    Answer,
    attribution,
    display_name,
    quoted,
    shown_date,
    source_of,
    unique_sources,
)
from briefings.answers.questions import Question
from briefings.answers.tables import residual_keys
from briefings.extract import find_mentions
from briefings.replies import Source
from storage.knowledge import sentences_of

CLAIM_RE = re.compile(
    r"\b(claim(?:s|ed|ing)?|alleg\w*|rumou?r\w*|accus\w*|purport\w*|reportedly|insinuat\w*|"
    r"(?:said|says|say) without evidence)\b",
    re.IGNORECASE,
)
DENIAL_RE = re.compile(
    r"\b(den(?:y|ies|ied|ial)|fabricat\w*|false|untrue|baseless|groundless|no evidence|dismiss\w*|"
    r"disinformation|fake|invent(?:ed|ions?)|lies?|nonsense|made up|fiction|debunk\w*|no truth|not true)\b",
    re.IGNORECASE,
)
_NEGATED_RE = re.compile(r"\b(no|not|none|never|nor)\b", re.IGNORECASE)


def wanted(q: Question) -> bool:
    """Whether to look for a claim before the pledge table: the question speaks of a claim, or is a
    yes/no about a place ("Are Polish soldiers already in Lviv?")."""
    if not q.actors or q.history or q.role or q.says and not q.claim:
        return False
    return q.claim or (q.yes_no and bool(passages.places_of(q)) and bool(residual_keys(q) or q.categories))


def claim_answer(db: Database, q: Question) -> Answer | None:
    """The claim that matches the question, who made it, and the denial, when the best evidence is one."""
    if not wanted(q):
        return None
    hits, corpus = passages.find(db, q, memo="claims")
    if q.strict_date:
        hits = [h for h in hits if date_match(q, h.row.get("date") or h.row.get("published"), h.text) > 0]
    places = passages.places_of(q)
    for h in hits[:12]:
        m = CLAIM_RE.search(h.text)
        if m is None or not passages.supported(q, [h], corpus):
            continue
        if any(not (p & h.stems) for p in places):
            continue  # a claim about Odesa does not answer a question about Crimea
        return render(db, q, h, m)
    return None


def _claimant(q: Question, text: str, m: re.Match[str]) -> str:
    """Who made the claim: the words before its verb when short ("A report on Russian television"),
    else the government they name."""
    subject = text[: m.start()].strip(" ,;:-")
    if 0 < len(subject) <= 90 and not re.search(r"\b(that|which|who)\b", subject):
        return subject if subject[1:2].isupper() else subject[0].lower() + subject[1:]
    codes = [c.code for c in find_mentions(text) if c.code not in q.actors and c.code != "UA"]
    return display_name(codes[0]) if codes else "a report"


def _denials(db: Database, q: Question, row: dict[str, Any], claim: str) -> list[dict[str, Any]]:
    """Sentences of the claim's article that deny it: the actor's own first, then a verdict."""
    own: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    sents = sentences_of(db, row["article_id"])
    if not any(DENIAL_RE.search(s.get("text") or "") for s in sents) and not DENIAL_RE.search(
        row.get("article_title") or ""
    ):
        return []  # a plain "no" elsewhere in the article is no answer to the claim
    for s in sents:
        text = (s.get("text") or "").strip()
        if not text or text == claim or CLAIM_RE.search(text) and not DENIAL_RE.search(text):
            continue
        codes = {m.code for m in find_mentions(text)}
        names_actor = bool(codes & set(q.actors))
        if names_actor and (DENIAL_RE.search(text) or _NEGATED_RE.search(text)):
            own.append(s)
        elif DENIAL_RE.search(text) and not (codes - {"UA", "EU", "NATO"} - set(q.actors)):
            other.append(s)
    return (own + other)[:3]


def render(db: Database, q: Question, h: passages.Hit, m: re.Match[str]) -> Answer:
    row = h.row
    when = shown_date(row.get("date") or row.get("published"))
    who = _claimant(q, h.text, m)
    denials = _denials(db, q, row, h.text)
    subject = {c.code for c in find_mentions(h.text[: m.start()])}
    names = " and ".join(display_name(c) for c in q.actors if c not in subject)
    lines: list[str] = []
    if q.yes_no and subject & set(q.actors):  # "Did Russia accuse ...?": yes, it made the claim
        lines.append(f"Yes: {who} made that claim ({when}); it is a claim, not an established fact.")
    elif not q.yes_no:  # "What did Russian television claim ...?": the claim, and whether it was denied
        lines.append(f"A claim ({who}, {when}){', denied' if denials else ', not confirmed'}; not an established fact.")
    elif denials:
        lines.append(f"No evidence for it: it is a claim ({who}, {when}), and it was denied.")
    else:
        lines.append(f"That is a claim, not an established fact: {who} ({when}). I have no confirmation of it.")
    lines.append(f"Claim: {quoted(h.text)}{attribution(row)}")
    sources: list[Source] = [source_of(row, h.text)]
    for d in denials:
        lines.append(f"Denial: {quoted(d['text'])}")
        sources.append(source_of(row, d["text"]))
    if not denials and names:
        lines.append(f"The articles I follow carry no statement by {names} on it.")
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


"""Answers to "conditions" questions: what an actor has made its contribution depend on.

"What conditions has Ireland set for sending peacekeepers?", "Under what conditions would Austria
take part?", "What are Denmark's preconditions?" ask for the terms, not only the stance. The answer
gives the actor's current stance from the table (when there is one) and the sentences naming the actor
that state a condition: "only if", "only once", "provided that", "subject to", "on condition that",
"as long as", "unless", "requires", a mandate ("a UN mandate", "the triple lock"), a vote or an
approval still needed. Nothing is found when no such sentence names the actor.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from briefings.answers import passages
from briefings.answers.model import Answer, attribution, quoted, source_of, unique_sources
from briefings.answers.questions import Question
from briefings.answers.stances import stance

# A sentence that states a condition.
CONDITION_RE = re.compile(
    r"\btriple\s+lock\b|\b(?:UN|U\.N\.|United\s+Nations|Security\s+Council)\s+(?:\w+\s+)?mandate\b|\bmandate\b"
    r"|\bonly\s+(?:if|once|when|after|with|under|provided)\b|\bprovid(?:ed|ing)\s+(?:that\b|there\s+is\b)"
    r"|\bsubject\s+to\b|\bon\s+(?:the\s+)?condition\b|\bconditional\s+(?:on|upon)\b|\b(?:as|so)\s+long\s+as\b"
    r"|\bunless\b|\brequires?\b|\bpreconditions?\b|\bconditions?\b|\bapproval\s+(?:of|by|from)\b",
    re.I,
)


def conditions_answer(db: Database, q: Question) -> Answer | None:
    """The actor's stance and the sentences stating its conditions; None when it is no such question."""
    if not q.conditions or not q.actors:
        return None
    hits, _ = passages.find(db, q, require=lambda t: bool(CONDITION_RE.search(t)), memo="conditions")
    chosen = passages.choose(q, hits, n=2)
    if not chosen:
        return None
    base = stance(db, q)
    lines = [base.answer] if base is not None else []
    fresh = [h for h in chosen if h.text not in lines[0]] if lines else chosen
    if fresh:  # a condition already in the stance's quote is not repeated
        lines.append("Conditions stated:")
        lines += [f"{quoted(h.text)}{attribution(h.row)}" for h in fresh]
    sources = [source_of(h.row, h.text) for h in chosen] + (base.sources if base is not None else [])
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))

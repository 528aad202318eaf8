"""Questions about the conditions an actor attaches to its stance, on a database of articles written here.

The answer gives the actor's stance and the sentences that state its conditions ("only if", "subject to",
a mandate); a question about an actor with no stated condition, or with no data at all, finds nothing
from this route (and, with no data, nothing at all).
"""

from __future__ import annotations

import pytest
from answer_db import Desk
from answer_db import fact as _fact

from briefings.answers import answer_question, parse
from storage.articles import Knowledge

BASE = "https://conditions.example.test/"
DESK = Desk(BASE, "tag:conditions,2026", "Conditions Desk")

AT_TERMS = (
    "Austria could put soldiers into a monitoring mission, but only if the Security Council gives it a mandate "
    "and the National Council votes for it, the chancellor said."
)
AT_MONEY = "Vienna will also give 15 million euros to a fund for rebuilding schools."
SE_TERMS = "Sweden will send a battalion to the force, subject to approval by the Riksdag and a lasting truce."
NL_PLAIN = "The Netherlands will send two frigates to the Black Sea group."


@pytest.fixture(scope="module")
def db():
    items = [
        ("austria-terms", "2026-04-02T09:00:00Z", "Vienna sets its terms", f"{AT_TERMS} {AT_MONEY}",
         [_fact("AT", "ground_troops", "considering", AT_TERMS, "2026-04-02")]),
        ("sweden-terms", "2026-04-03T09:00:00Z", "Stockholm commits a battalion", SE_TERMS,
         [_fact("SE", "ground_troops", "committed", SE_TERMS, "2026-04-03")]),
        ("dutch-frigates", "2026-04-04T09:00:00Z", "Dutch ships for the Black Sea", NL_PLAIN,
         [_fact("NL", "maritime", "committed", NL_PLAIN, "2026-04-04")]),
    ]
    return DESK.database((slug, published, title, text, Knowledge(facts=facts))
                         for slug, published, title, text, facts in items)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What conditions has Austria set for sending soldiers?", ["considering", "mandate", "only if"]),
        ("Under what conditions would Austria join the mission?", ["mandate"]),
        ("What are Austria's preconditions for a deployment?", ["Security Council"]),
        ("What conditions has Sweden attached to its battalion?", ["committed", "Riksdag"]),
    ],
)
def test_conditions_answered(db, question: str, expected: list[str]) -> None:
    a = answer_question(db, question)
    assert a.found, a.answer
    for word in expected:
        assert word.lower() in a.answer.lower(), a.answer
    assert a.sources and all(s.quote and s.url for s in a.sources)


@pytest.mark.parametrize(
    "question",
    ["What conditions has Portugal set for sending troops?", "Under what conditions would Cyprus take part?"],
)
def test_conditions_without_data(db, question: str) -> None:
    a = answer_question(db, question)
    assert not a.found and not a.sources


def test_condition_words_are_no_topic() -> None:
    q = parse("What conditions has Ireland set for sending peacekeepers?")
    assert q.conditions and q.actors == ["IE"]
    assert not {"condit", "set"} & set(q.key_stems)
    assert not parse("Will Ireland send peacekeepers?").conditions

"""Head counts keep their qualifiers and their roles, from extraction to the answer.

"attended by 22 heads of government ... a total of 27 countries have signed up" is 22 who attended and
27 who signed up; "more than 20 nations" stays "more than 20". The articles are written for these
tests (fictional meetings of real governments), extracted by the real rules and saved in a real
SQLite database.
"""

from __future__ import annotations

from datetime import date

import pytest
from answer_db import Desk

from briefings.answers import answer_question, parse
from briefings.extract import extract, split_sentences
from briefings.extract.headcounts import attendance, head_counts, role_of_question
from briefings.ingest.prepare import knowledge_rows
from storage.articles import Knowledge

BASE = "https://counts.example.test/"
DESK = Desk(BASE, "tag:counts,2025", "Counts Desk")

WARSAW = ("On 4 June, Poland hosted a coalition summit in Warsaw attended by 22 heads of government, and a total "
          "of 27 countries have now signed up to the reassurance force.")
RIGA = "On 9 June, defence ministers of more than 20 nations met in Riga to plan air patrols over Ukraine."
BACKERS = "Nearly 18 countries have joined the maritime task group so far, officials in Bucharest said."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WARSAW, [("22 heads of government", "attended"), ("a total of 27 countries", "joined")]),
        (RIGA, [("more than 20 nations", "attended")]),
        (BACKERS, [("nearly 18 countries", "joined")]),
        ("At least 26 states said they were ready to contribute.", [("at least 26 states", "joined")]),
        ("Some 30 governments took part in the video call.", [("some 30 governments", "attended")]),
        ("A summit including about 40 countries opened in Madrid.", [("about 40 countries", "attended")]),
        ("Twenty-six countries, including Spain and Italy, have signed up.", [("twenty-six countries", "joined")]),
        ("The coalition now has 33 members.", [("33 members", "joined")]),
        ("Leaders of 31 nations gathered at the palace.", [("31 nations", "attended")]),
        ("The 26 countries agreed on a plan.", []),  # a reference back counts nothing
    ],
)
def test_head_counts_keep_qualifier_and_role(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(c.phrase().lower(), c.role) for c in head_counts(text)] == expected


def test_a_meeting_counts_who_attended_not_who_signed_up() -> None:
    hc = attendance(WARSAW)
    assert hc is not None and hc.value == 22
    (event,) = [e for e in extract(WARSAW, published=date(2025, 6, 5)).events]
    assert event.participants == 22
    assert attendance(BACKERS) is None


def test_counts_are_kept_as_figures_with_qualifier_and_role() -> None:
    ex = extract(f"{WARSAW}\n\n{RIGA}", published=date(2025, 6, 10))
    got = {(f.kind, f.value, f.qualifier) for f in ex.figures}
    assert {("attended_count", 22, None), ("joined_count", 27, "a total of"), ("attended_count", 20, "more than")} <= got


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("How many countries signed up?", "joined"),
        ("How many nations have joined the coalition?", "joined"),
        ("How many countries signed up to take part?", "joined"),
        ("How many countries attended the Warsaw summit?", "attended"),
        ("How many countries took part in the meeting in Riga?", "attended"),
        ("How many countries joined the video call?", "attended"),
        ("How many soldiers will Poland send?", None),
    ],
)
def test_the_role_a_question_asks(question: str, role: str | None) -> None:
    assert role_of_question(question.lower()) == role
    assert parse(question).count_role == role


def _article(slug: str, published: str, title: str, text: str) -> tuple[str, str, str, str, Knowledge]:
    ex = extract(text, title=title, published=date.fromisoformat(published[:10]))
    return slug, published, title, text, knowledge_rows(ex, split_sentences(text), published)


@pytest.fixture(scope="module")
def db():
    return DESK.database([
        _article("warsaw-summit", "2025-06-05T08:00:00Z", "Warsaw summit widens the coalition", WARSAW),
        _article("riga-ministers", "2025-06-10T08:00:00Z", "Defence ministers plan air patrols in Riga", RIGA),
        _article("black-sea-group", "2025-06-12T08:00:00Z", "Maritime group grows", BACKERS),
    ])


@pytest.mark.parametrize(
    ("question", "expected", "absent", "slug"),
    [
        ("How many countries signed up to the reassurance force?", ["27"], ["22"], "warsaw-summit"),
        ("How many countries attended the Warsaw summit?", ["22"], ["27"], "warsaw-summit"),
        ("How many leaders attended the summit in Warsaw?", ["22 heads of government"], ["27"], "warsaw-summit"),
        ("How many countries took part in the meeting in Riga?", ["more than 20"], [], "riga-ministers"),
        ("How many countries have joined the maritime task group?", ["nearly 18"], [], "black-sea-group"),
    ],
)
def test_answers_say_the_count_of_the_role_asked(db, question: str, expected: list[str], absent: list[str],
                                                  slug: str) -> None:
    a = answer_question(db, question)
    head = a.answer.split("\n")[0]
    DESK.check(a, expected, slug)
    for word in absent:
        assert word not in head, head

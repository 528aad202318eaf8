"""A count asked "at the <city> summit" is answered by a sentence that names a venue standing for that city."""

from __future__ import annotations

import pytest
from answer_db import Desk

from briefings.answers import answer_question
from storage.articles import Knowledge

DESK = Desk("https://venues.example.test/", "tag:venues,2025", "Venue Desk")

ROME = (
    "Nineteen countries have formally agreed to send soldiers to the reassurance force, the Italian prime minister "
    "said after hosting the leaders at Palazzo Chigi on Friday."
)
LONDON = "Eleven countries pledged naval units to the force at a meeting in Lancaster House on Monday."


@pytest.fixture(scope="module")
def db():
    return DESK.database(
        (slug, published, "Leaders count their backers", text, Knowledge())
        for slug, published, text in (("rome", "2025-11-07T18:00:00Z", ROME), ("london", "2025-03-03T18:00:00Z", LONDON))
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many countries agreed to send soldiers at the Rome summit of 7 November 2025?", "19"),
        ("How many countries agreed to send soldiers at the Rome summit?", "19"),
        ("How many countries pledged naval units at the London meeting on 3 March 2025?", "Eleven"),
    ],
)
def test_a_venue_stands_for_its_city(db, question: str, expected: str) -> None:
    a = answer_question(db, question)
    assert a.found, a.answer
    assert expected in a.answer


def test_a_venue_of_another_city_is_no_answer(db) -> None:
    a = answer_question(db, "How many countries agreed to send soldiers at the Berlin summit?")
    assert a.found is False, a.answer

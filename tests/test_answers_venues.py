"""A count asked "at the <city> summit" is answered by a sentence that names a venue standing for that city."""

from __future__ import annotations

import hashlib

import pytest

from briefings.answers import answer_question
from briefings.extract import split_sentences
from storage.articles import ArticleRecord, Knowledge, save_article
from storage.db import open_database

ROME = (
    "Nineteen countries have formally agreed to send soldiers to the reassurance force, the Italian prime minister "
    "said after hosting the leaders at Palazzo Chigi on Friday."
)
LONDON = "Eleven countries pledged naval units to the force at a meeting in Lancaster House on Monday."


@pytest.fixture(scope="module")
def db():
    database = open_database(":memory:")
    for slug, published, text in (("rome", "2025-11-07T18:00:00Z", ROME), ("london", "2025-03-03T18:00:00Z", LONDON)):
        url = f"https://venues.example.test/{slug}"
        rec = ArticleRecord(
            guid=f"tag:venues,2025:{slug}", url=url, canonical_url=url, title="Leaders count their backers",
            outlet="Venue Desk", published=published, updated=None, text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(), relevance=1.0, relevant=True,
        )
        sentences = [{"position": i, "text": s, "date": published[:10]} for i, s in enumerate(split_sentences(text))]
        save_article(database, rec, Knowledge(sentences=sentences), lambda _c: None)
    return database


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

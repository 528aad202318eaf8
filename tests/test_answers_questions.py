"""Question parsing, stemming and FTS5 query building of the answering engine."""

from __future__ import annotations

import sqlite3

import pytest

from briefings.answers import parse
from briefings.answers.model import display_name, long_date
from briefings.answers.retrieve import fts_or, fts_term
from briefings.answers.stem import stem, words


@pytest.mark.parametrize(
    ("question", "kind", "actors", "categories"),
    [
        ("Will Portugal send troops to Ukraine?", "stance", ["PT"], ["ground_troops"]),
        ("What is Austria's position on peacekeepers?", "stance", ["AT"], ["ground_troops"]),
        ("Did the Netherlands resume intelligence sharing with Ukraine?", "stance", ["NL"], ["intelligence"]),
        ("Which countries ruled out sending soldiers?", "list", [], ["ground_troops"]),
        ("Who refused to send troops?", "list", [], ["ground_troops"]),
        ("How many countries have ruled out sending troops?", "list", [], ["ground_troops"]),
        ("What did Slovakia offer instead of troops?", "instead", ["SK"], []),
        ("What did Belgium and Latvia pledge besides soldiers?", "instead", ["BE", "LV"], []),
        ("How many countries took part in the Vilnius summit on 21 March?", "count", [], []),
        ("When did the defence ministers meet in Brussels?", "when", [], []),
        ("Where did the defence ministers meet?", "where", [], []),
        ("Who hosted the summit in Vilnius?", "host", [], []),
        ("Did Hungary attend the summit in Vilnius?", "attend", ["HU"], []),
        ("How large could the force be?", "size", [], []),
        ("How much did Belgium announce for drones?", "money", ["BE"], ["equipment"]),
        ("What did Belarus say about the deployment?", "statement", ["BY"], []),
        ("Where would the training centres be built?", "general", [], ["training"]),
        # combat aircraft by type: flown for the coalition they are air, handed over they are equipment
        ("Is Portugal still flying F-16s for the mission?", "stance", ["PT"], ["air"]),
        ("Are Swedish Gripens still patrolling over Ukraine?", "stance", ["SE"], ["air"]),
        ("Did Norway hand over F-35s to Kyiv?", "stance", ["NO"], ["equipment"]),
    ],
)
def test_question_kinds(question: str, kind: str, actors: list[str], categories: list[str]) -> None:
    q = parse(question)
    assert q.kind == kind
    assert q.actors == actors
    assert q.categories[: len(categories)] == categories


def test_places_are_not_actors() -> None:
    q = parse("How many countries took part in the Paris summit on 27 March?")
    assert q.actors == []
    assert "Paris" in q.places
    assert q.day == (3, 27)


def test_statuses_prefer_stance_words_over_verbs_of_giving() -> None:
    assert parse("Which countries ruled out sending troops?").statuses == ["declined"]
    assert parse("Which countries have not ruled out sending troops?").statuses == ["considering"]
    assert parse("Which countries are ready to send troops?").statuses == ["committed"]


def test_yes_no_and_negative_questions() -> None:
    q = parse("Did Greece refuse to send troops?")
    assert q.yes_no and q.negative
    assert not parse("What did Greece say?").yes_no


def test_people_are_actors_of_their_country() -> None:
    q = parse("What did Macron say about the force?")
    assert q.actors == ["FR"]
    assert q.people == ["Macron"]


def test_unknown_names_stay_key_words() -> None:
    q = parse("What did the Pope say about the coalition?")
    assert "pope" in q.key_stems


@pytest.mark.parametrize(
    "word",
    ["troops", "deployed", "generalization", "reassurance", "peacekeeping", "willing", "logistical",
     "conditional", "hopefulness", "agreed", "ponies", "sky", "intelligence", "considering", "declined"],
)
def test_stems_match_sqlite_porter(word: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    conn.execute("INSERT INTO t VALUES (?)", [word])
    assert [r[0] for r in conn.execute("SELECT term FROM v")] == [stem(word)]


def test_words_fold_accents_and_possessives() -> None:
    assert words("Türkiye's Élysée talks") == ["turkiye", "elysee", "talks"]


@pytest.mark.parametrize("raw", ['a "quoted" word', "NEAR(x y)", "troops*", "^start", "x AND OR NOT y", ")("])
def test_fts_terms_are_always_valid_fts5(raw: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    conn.execute("INSERT INTO t VALUES ('some troops near the start')")
    query = fts_or(raw.split())
    if query:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", [query]).fetchall()
    assert fts_term("*") == ""


def test_dates_and_names_are_written_out() -> None:
    assert long_date("2025-03-11") == "11 March 2025"
    assert long_date("2025-03-11T21:30:00Z") == "11 March 2025"
    assert long_date(None) == ""
    assert display_name("US") == "the United States"
    assert display_name("FR") == "France"

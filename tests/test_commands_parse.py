"""What a person types: countries (two letters through the gazetteer first), categories, commands."""

from __future__ import annotations

import asyncio

import pytest

from bot.console import dispatch
from briefings.commands import Briefings, parse_category, parse_country
from briefings.commands.language import looks_foreign
from briefings.commands.parse import plural, suggest, unknown_command
from briefings.errors import UsageError
from storage import DatabaseRunner


@pytest.mark.parametrize(
    ("typed", "code"),
    [("UK", "GB"), ("uk", "GB"), ("GB", "GB"), ("Britain", "GB"), ("British", "GB"), ("fr", "FR"),
     ("Italy", "IT"), ("the Netherlands", "NL"), ("EU", "EU"), ("de", "DE")],
)
def test_countries(typed, code):
    assert parse_country(typed) == code


@pytest.mark.parametrize(("typed", "hint"), [("Itlay", "Italy"), ("Britian", "United Kingdom"),
                                             ("Germny", "Germany"), ("Polnad", "Poland")])
def test_a_misspelt_country_gets_a_suggestion(typed, hint):
    with pytest.raises(UsageError, match=f"Did you mean {hint}"):
        parse_country(typed)


@pytest.mark.parametrize("typed", ["Narnia", "XQ", "zz", "Atlantis"])
def test_an_unknown_country_is_refused(typed):
    with pytest.raises(UsageError, match="don't know the country"):
        parse_country(typed)


@pytest.mark.parametrize(("typed", "category"), [("troops", "ground_troops"), ("ground-troops", "ground_troops"),
                                                 ("Air", "air"), ("navy", "maritime"), ("money", "funding")])
def test_categories(typed, category):
    assert parse_category(typed) == category


def test_a_misspelt_category_gets_a_suggestion():
    with pytest.raises(UsageError, match="Did you mean maritime"):
        parse_category("maritme")


def test_a_misspelt_command_gets_a_suggestion():
    assert "Did you mean /pledges?" in str(unknown_command("pledge", ["pledges", "country", "ask"]))
    assert "Did you mean" not in str(unknown_command("zzzz", ["pledges", "country", "ask"]))


def test_suggest_orders_best_first():
    assert suggest("Frence", ["Finland", "France", "Greece"]) == ["France"]


@pytest.mark.parametrize(("n", "text"), [(0, "0 sources"), (1, "1 source"), (2, "2 sources")])
def test_plurals(n, text):
    assert plural(n, "source") == text
    assert plural(n, "country", "countries").endswith("country" if n == 1 else "countries")


@pytest.mark.parametrize(("question", "foreign"), [
    ("Quels pays vont envoyer des troupes ?", True),
    ("Welche Länder schicken Truppen?", True),
    ("¿Qué países envían tropas?", True),
    ("Хто відправить війська?", True),
    ("Will Italy send troops?", False),
    ("Italy troops", False),
    ("Macron Starmer summit", False),
])
def test_other_languages_are_recognised(question, foreign):
    assert looks_foreign(question) is foreign


def test_uk_everywhere(tmp_path):
    from render_db import build

    build(tmp_path / "r.db").close()
    runner = DatabaseRunner(tmp_path / "r.db")

    async def go():
        b = Briefings(runner)
        return (await b.pledges("UK"), await b.country("UK"), await dispatch(b, "/pledges UK air"),
                await b.ask("Quels pays vont envoyer des troupes ?"), await b.countries_on_record("den"))

    try:
        table, country, chat, foreign, completions = asyncio.run(go())
    finally:
        runner.close()
    assert [r.cells[0].value for r in table.table.rows] == ["GB"]
    assert country.title.startswith("United Kingdom")
    assert [r.cells[1].value for r in chat.table.rows] == ["air"]
    assert "I answer in English" in foreign.text and "nothing" not in foreign.text
    assert completions[0] == ("Denmark", "DK")

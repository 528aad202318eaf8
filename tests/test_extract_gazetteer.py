"""Gazetteer and sentence splitting of the offline extractor."""

from __future__ import annotations

import pytest

from briefings.extract import find_mentions, name_of, resolve, split_sentences


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("the UK", "GB"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("United Kingdom", "GB"),
        ("British", "GB"),
        ("Starmer", "GB"),
        ("Stamer", "GB"),
        ("Downing Street", "GB"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Turkiye", "TR"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("Dutch", "NL"),
        ("Polish", "PL"),
        ("Poles", "PL"),
        ("Swedish", "SE"),
        ("Kristersson", "SE"),
        ("Cristson", "SE"),
        ("Kristerson", "SE"),
        ("Carras", "EU"),
        ("European Commission", "EU"),
        ("NATO", "NATO"),
        ("Rutte", "NATO"),
        ("the Kremlin", "RU"),
        ("Peskov", "RU"),
        ("Canberra", "AU"),
        ("Wellington", "NZ"),
        ("Ottawa", "CA"),
        ("Carney", "CA"),
        ("Takaichi", "JP"),
        ("Japanese", "JP"),
        ("Élysée", "FR"),
        ("Elysee", "FR"),
        ("Orbán", "HU"),
        ("Orban", "HU"),
        ("Nausėda", "LT"),
        ("Rinkevics", "LV"),
        ("Støre", "NO"),
        ("De Wever", "BE"),
        ("Frieden", "LU"),
        ("Luís Montenegro", "PT"),
        ("Montenegro", "ME"),
        ("Giorgia Meloni", "IT"),
        ("Georgia", "GE"),
        ("gb", "GB"),
        ("Will Poland send troops?", "PL"),
        ("Japanese soldiers", "JP"),
        ("nowhere land", None),
        ("", None),
    ],
)
def test_resolve(name: str, code: str | None) -> None:
    assert resolve(name) == code


@pytest.mark.parametrize(("code", "name"), [("GB", "United Kingdom"), ("TR", "Türkiye"), ("EU", "European Union"), ("ZZ", "ZZ")])
def test_name_of(code: str, name: str) -> None:
    assert name_of(code) == name


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Dutch and Polish officials met.", [("NL", "demonym"), ("PL", "title")]),
        ("The Washington Post says little.", []),
        ("Washington says little.", [("US", "capital")]),
        ("Our reporter in London writes.", [("GB", "capital")]),
        ("Giorgia Meloni spoke.", [("IT", "person")]),
        ("The Baltic states agreed.", [("EE", "country"), ("LV", "country"), ("LT", "country")]),
        ("We had turkey for dinner.", []),
        ("The European Commission and the U.S. agreed.", [("EU", "country"), ("US", "country")]),
    ],
)
def test_find_mentions_codes_and_kinds(sentence: str, expected: list[tuple[str, str]]) -> None:
    got = [(m.code, "country" if m.kind == "org" else m.kind) for m in find_mentions(sentence)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "word", "place"),
    [
        ("Leaders met in Paris on Monday.", "Paris", True),
        ("Paris wants a plan.", "Paris", False),
        ("The Paris summit ended.", "Paris", True),
        ("They travelled to Kyiv.", "Kyiv", True),
        ("A summit in London was held.", "London", True),
        ("London will send jets.", "London", False),
    ],
)
def test_meeting_places_are_flagged(sentence: str, word: str, place: bool) -> None:
    (m,) = [m for m in find_mentions(sentence) if m.text == word]
    assert m.place is place
    assert sentence[m.start : m.end] == word


def test_ignore_case_keeps_acronyms_strict() -> None:
    assert [m.code for m in find_mentions("will poland help us?", ignore_case=True)] == ["PL"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Gen. Smith met Mr. Jones. They agreed.", ["Gen. Smith met Mr. Jones.", "They agreed."]),
        ("The U.S. envoy arrived. He left.", ["The U.S. envoy arrived.", "He left."]),
        ("It costs 1.6 billion pounds. Fine.", ["It costs 1.6 billion pounds.", "Fine."]),
        ("He spoke at No. 10 today. Then left.", ["He spoke at No. 10 today.", "Then left."]),
        ("J. R. Hartley wrote it. Done.", ["J. R. Hartley wrote it.", "Done."]),
        ('"We are ready," she said. Next.', ['"We are ready," she said.', "Next."]),
        ("First para.\n\nSecond para", ["First para.", "Second para"]),
        ("Talks stalled. \"Nothing,\" he said. Then Canada spoke.", ["Talks stalled.", '"Nothing," he said.', "Then Canada spoke."]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    got = split_sentences(text)
    assert got == sentences
    assert all(s in text for s in got)

"""Families of phrasings the offline rules generalise over, round E (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 5, 12)
GT = "ground_troops"


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a run of independent clauses joined by commas: each subject keeps its own offer, whatever its
        # verb (a plain present "runs", "hosts", "operates" too)
        (
            "Slovakia runs the logistics base near Košice, Sweden will provide air surveillance and instructors, "
            "and Denmark has earmarked 2 billion kroner for the mission.",
            {("SK", "logistics", "committed"), ("SE", "air", "committed"), ("SE", "training", "committed"),
             ("DK", "funding", "committed")},
        ),
        (
            "Lithuania operates the supply hub at Kaunas, Latvia will send engineers to clear mines.",
            {("LT", "logistics", "committed"), ("LV", "humanitarian", "committed")},
        ),
        # guard: a comma before a name with no verb of its own is a list, not a new clause
        ("Estonia, Latvia and Lithuania will provide air policing.", {("EE", "air", "committed"),
                                                                     ("LV", "air", "committed"),
                                                                     ("LT", "air", "committed")}),
    ],
)
def test_comma_joined_clauses(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a commentator says a government ought to or should do is advice, nobody's pledge
        ("Madrid ought to lend its engineers to the demining effort.", set()),
        ("Lisbon ought at the very least to fund the field hospitals.", set()),
        ("Berlin should send a brigade, the columnist argued.", set()),
        ("In my view Athens should offer two frigates to the Black Sea group.", set()),
        # guards: "should not" from a government still refuses, "will" still commits
        ("Madrid will lend its engineers to the demining effort.", {("ES", "humanitarian", "committed")}),
    ],
)
def test_advice_is_no_pledge(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an absolute "with A and B <verb>ing ..." gives each named country the offer
        (
            "France will lead the naval task group, with Croatia and Greece supplying minesweepers.",
            {("FR", "maritime", "committed"), ("HR", "maritime", "committed"), ("GR", "maritime", "committed")},
        ),
        (
            "The UK will run the headquarters, with Norway, Denmark and Iceland contributing frigates.",
            {("NO", "maritime", "committed"), ("DK", "maritime", "committed"), ("IS", "maritime", "committed")},
        ),
        ("Italy will command the task group, with Malta contributing a minehunter.", {("MT", "maritime", "committed")}),
    ],
)
def test_with_absolute_list(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= triples(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "its <vessels/divers/...>" after a reported stance is the same state's asset
        (
            "Bulgaria's navy chief said Bulgarian soldiers would stay out of Ukraine, and that its minesweepers "
            "would sail with the allied flotilla in the Black Sea.",
            {("BG", GT, "declined"), ("BG", "maritime", "committed")},
        ),
        # an object before its pronoun subject after "on top of"/"in addition to" is one more offer
        (
            "Sweden will send a corvette to the Black Sea group, Ulf Kristersson said, on top of the "
            "SEK 30 billion it has already set aside for Kyiv this year.",
            {("SE", "maritime", "committed"), ("SE", "funding", "committed")},
        ),
        (
            "Belgium will send two minehunters, in addition to the 500 million euros it pledged in January.",
            {("BE", "maritime", "committed"), ("BE", "funding", "committed")},
        ),
    ],
)
def test_own_assets_and_additions(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a colon that details the same clause ("X's part would be civilian: money for ...") is no new clause
        (
            "The minister said the cabinet had agreed that Switzerland's share would be non-military: "
            "40 million francs in humanitarian relief.",
            {("CH", "humanitarian", "committed"), ("CH", "funding", "committed")},
        ),
        # a multi-party government is a government, not a party
        (
            "Petr Fiala said the five-party government had decided that Czechia would send 20 million euros in humanitarian aid.",
            {("CZ", "humanitarian", "committed"), ("CZ", "funding", "committed")},
        ),
        # guard: a colon before a clause of its own still cuts
        ("Two offers came late: Norway will send a frigate.", {("NO", "maritime", "committed")}),
    ],
)
def test_colon_detail_and_party_government(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paying for the care of civilians is humanitarian
        ("Luxembourg will pay for burns treatment for injured Ukrainian civilians.", {("LU", "humanitarian", "committed")}),
        ("Slovenia will fund trauma care for wounded civilians in Kharkiv.", {("SI", "humanitarian", "committed")}),
    ],
)
def test_medical_care_is_humanitarian(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= triples(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "and"/"or" ends a noun phrase: "X and instructors" offers X and trainers, not "X instructors"
        ("Poland will provide air policing and instructors.", {("PL", "air", "committed"), ("PL", "training", "committed")}),
        ("Norway will send frigates or instructors.", {("NO", "maritime", "committed"), ("NO", "training", "committed")}),
        # guards: people named by what they operate are people, not the hardware
        ("Belgium will send F-16 pilots.", set()),
        ("Austria will send drone operators.", set()),
    ],
)
def test_conjunction_ends_people_noun(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected

"""Families of phrasings the offline rules generalise over, round D (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 1, 7)
GT = "ground_troops"


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a part, role or share negated by "no" is a refusal, whatever the auxiliary before it
        ("Maltese soldiers would take no part in a mission on Ukrainian ground, the premier said.", {("MT", GT, "declined")}),
        ("Portugal said it would play no role in the reassurance force.", {("PT", GT, "declined")}),
        ("Cyprus will have no part in the deployment.", {("CY", GT, "declined")}),
        ("Luxembourg will take no part.", {("LU", GT, "declined")}),
        # guards: the plain idioms still commit
        ("Portugal will play a role in the reassurance force.", {("PT", GT, "committed")}),
        ("Slovenia will take part in the mission.", {("SI", GT, "committed")}),
    ],
)
def test_negated_part_or_role(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # money named by its smallest coin, or paid towards or into the mission, is funding
        ("Vienna would not contribute a single euro to the operation.", {("AT", "funding", "declined")}),
        ("Hungary will not spend one cent on the coalition, the minister said.", {("HU", "funding", "declined")}),
        ("Latvia will pay its share towards the mission.", {("LV", "funding", "committed")}),
        ("Iceland has paid into the force's common fund.", {("IS", "funding", "committed")}),
        (
            "Czech soldiers would never serve in Ukraine, he said, and Prague would not pay a penny for the force either.",
            {("CZ", GT, "declined"), ("CZ", "funding", "declined")},
        ),
    ],
)
def test_money_idioms(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # combat aircraft flown by the actor for an air task of the coalition are air, not equipment
        ("Norway has offered two F-35 jets to patrol the skies over western Ukraine.", {("NO", "air", "committed")}),
        ("The Netherlands will assign four F-16 fighters to the coalition's air policing rotation.", {("NL", "air", "committed")}),
        ("Denmark will pull its Gripen aircraft out of the air mission in March.", {("DK", "air", "declined")}),
        # aircraft handed over to Ukraine are equipment; aircraft with no task named stay hardware
        ("Norway will deliver six F-16s to Ukraine.", {("NO", "equipment", "committed")}),
        ("Belgium offered to send F-16s.", {("BE", "equipment", "committed")}),
    ],
)
def test_aircraft_for_an_air_task(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a question someone asks about another government states no stance of that government
        ("The Ukrainian president said Kyiv wanted to know what Washington would do after a new attack.", set()),
        ("Zelensky said he needed to know how many soldiers Berlin would send.", set()),
        ("Kyiv still has to learn whether Rome will deploy troops.", set()),
        ("Reporters asked what Paris would contribute, and France said it would send a brigade.", {("FR", GT, "committed")}),
        # guards: a government's own open question is undecided
        ("Sweden does not yet know whether it will send troops.", {("SE", GT, "considering")}),
        ("Spain has not decided whether to send soldiers.", {("ES", GT, "considering")}),
    ],
)
def test_questions_about_others(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # attending meetings (plural too) is no participation in the force
        ("Neither government has taken part in the coalition's planning meetings.", set()),
        ("Malta has taken part in the video calls but will send no soldiers.", {("MT", GT, "declined")}),
    ],
)
def test_attending_meetings(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


def test_a_later_question_does_not_override_a_refusal() -> None:
    text = (
        "The United States agreed to share satellite imagery with the force, but once more excluded American "
        "ground forces.\n\n"
        "Portugal said it was ready to provide about 200 troops.\n\n"
        "The Ukrainian president said Kyiv still needed to know what Washington would do if the truce broke down."
    )
    assert triples(text) == {
        ("US", "intelligence", "committed"),
        ("US", GT, "declined"),
        ("PT", GT, "committed"),
    }

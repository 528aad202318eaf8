"""A sentence that reports a change of offer commits to the new thing, not to the old one.

The sentences are written for these tests (fictional statements about real governments).
"""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract
from briefings.extract.changes import find_change
from briefings.extract.facts import _has_status
from briefings.extract.offers import categories_of

PUBLISHED = date(2026, 2, 4)
GT = "ground_troops"


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a leader changing a proposal away from soldiers: the new offer only, the old one simply not offered
        ("The British prime minister has changed his proposal from sending ground forces to providing air and "
         "maritime support after a ceasefire.", {("GB", "air", "committed"), ("GB", "maritime", "committed")}),
        ("According to a London newspaper, the UK premier changed his plan to put British soldiers on the ground "
         "in Ukraine at talks with allies last week to air cover and naval patrols.",
         {("GB", "air", "committed"), ("GB", "maritime", "committed")}),
        ("Germany has shifted its focus from ground troops to air policing over western Ukraine.",
         {("DE", "air", "committed")}),
        ("Estonia moved away from soldiers towards a training mission for Ukrainian recruits.",
         {("EE", "training", "committed")}),
        ("Portugal switched from offering soldiers to offering two frigates.", {("PT", "maritime", "committed")}),
        # replacing: "replaced X with Y", "swapped X for Y"
        ("The Netherlands replaced its troop offer with intelligence sharing.", {("NL", "intelligence", "committed")}),
        ("Denmark has swapped its planned battalion for a pair of frigates in the Black Sea.",
         {("DK", "maritime", "committed")}),
        # resizing the same offer keeps it, with the new size
        ("Belgium scaled back its contribution from 1,200 soldiers to 300.", {("BE", GT, "committed")}),
        # the stance stays the sentence's own: considering a switch is considering the new thing
        ("Sweden is considering switching its contribution from soldiers to air surveillance.",
         {("SE", "air", "considering")}),
    ],
)
def test_a_change_commits_to_the_new_offer_only(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dropped, abandoned, withdrawn, "no longer": the old offer is declined, the new one committed
        ("Spain dropped its plan for troops in favour of mine clearance at sea.",
         {("ES", GT, "declined"), ("ES", "maritime", "committed")}),
        ("Finland has abandoned its offer of soldiers and will instead send minehunters to the Black Sea.",
         {("FI", GT, "declined"), ("FI", "maritime", "committed")}),
        ("Britain no longer proposes ground forces but air and naval support.",
         {("GB", GT, "declined"), ("GB", "air", "committed"), ("GB", "maritime", "committed")}),
        ("Lithuania no longer intends to deploy a company but will train Ukrainian soldiers at home.",
         {("LT", GT, "declined"), ("LT", "training", "committed")}),
        # a drop that names nothing new is a refusal
        ("The Czech government withdrew its offer of soldiers after the election.", {("CZ", GT, "declined")}),
        ("Austria has shelved the idea of sending troops.", {("AT", GT, "declined")}),
        ("Norway no longer plans to send frigates.", {("NO", "maritime", "declined")}),
        ("Estonia dropped out of the air policing rotation.", {("EE", "air", "declined")}),
    ],
)
def test_a_dropped_offer_is_declined(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "instead of" still names the old thing, whichever side of the clause it stands on
        ("Instead of sending soldiers, Slovenia will provide training for Ukrainian medics.",
         {("SI", GT, "declined"), ("SI", "training", "committed")}),
        ("Ireland has revised its pledge and will now provide demining at sea instead of troops.",
         {("IE", "maritime", "committed"), ("IE", GT, "declined")}),
        # a softened refusal is openness, not a drop
        ("Italy no longer rules out sending troops.", {("IT", GT, "considering")}),
        # change words that report no change of offer
        ("The situation has changed, and Croatia will now send troops to the force.", {("HR", GT, "committed")}),
        ("Greece will send 600 troops, replacing a Bulgarian unit in the south.", {("GR", GT, "committed")}),
        ("Romania has dropped its objections and will host the logistics hub.", {("RO", "logistics", "committed")}),
        ("Poland moved its brigade to the border with Belarus.", set()),
    ],
)
def test_what_is_no_change_of_offer(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


def test_a_resized_offer_keeps_the_new_size() -> None:
    (fact,) = extract("Belgium scaled back its contribution from 1,200 soldiers to 300.", published=PUBLISHED).facts
    assert (fact.category, fact.size) == (GT, 300)


@pytest.mark.parametrize(
    ("text", "family", "old", "new"),
    [
        ("Britain changed its proposal from ground forces to air support", "shift", "ground forces", "air support"),
        ("Spain dropped its plan for troops in favour of demining", "drop", "its plan for troops", "demining"),
        ("Latvia replaced its troop offer with air patrols", "replace", "its troop offer", "air patrols"),
    ],
)
def test_the_old_and_new_parts(text: str, family: str, old: str, new: str) -> None:
    change = find_change(text, categories_of, _has_status)
    assert change is not None and change.family == family
    assert text[change.old[0] : change.old[1]].strip() == old
    assert change.new is not None and text[change.new[0] : change.new[1]].strip() == new

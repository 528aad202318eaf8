"""Round F families: soldiers left out with "without", intelligence sources, asides, coordinated stances, guarded hubs."""

from __future__ import annotations

import pytest

from briefings.extract import extract


def _facts(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text).facts}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # "without <own> soldiers/boots on the ground" refuses ground troops for the actor itself
        ("Canada will run the air patrols, without Canadian troops on the ground.",
         {("CA", "ground_troops", "declined")}, {("CA", "ground_troops", "committed")}),
        ("Japan will fund the mission without boots on the ground.",
         {("JP", "ground_troops", "declined")}, {("JP", "ground_troops", "committed")}),
        # someone else's soldiers left out are no refusal of the actor
        ("Spain will send soldiers without Italian troops.",
         {("ES", "ground_troops", "committed")}, {("ES", "ground_troops", "declined")}),
        # hardware that is only where shared intelligence comes from is no equipment given
        ("Sweden will share intelligence gathered by aircraft, radars and satellites.",
         {("SE", "intelligence", "committed")}, {("SE", "equipment", "committed")}),
        ("Finland will supply drones and share intelligence from its satellites.",
         {("FI", "equipment", "committed"), ("FI", "intelligence", "committed")}, set()),
        # "help by air" is air support
        ("Canada could help by air.", {("CA", "air", "considering")}, set()),
        # an aside between auxiliary and verb does not cut the clause
        ("Japan could, however, offer support from the air.", {("JP", "air", "considering")},
         {("JP", "ground_troops", "considering")}),
        # a second verb phrase of the same subject keeps its own stance
        ("Denmark will pay 2 billion kroner into the common fund and is considering whether to send a frigate.",
         {("DK", "funding", "committed"), ("DK", "maritime", "considering")}, {("DK", "funding", "considering")}),
        ("Austria will send medical teams and will not send soldiers.",
         {("AT", "humanitarian", "committed"), ("AT", "ground_troops", "declined")}, set()),
        # guarding a hub or watching supply routes is the task, not logistics given
        ("Belgian troops will protect the logistics hubs near Lviv.",
         {("BE", "ground_troops", "committed")}, {("BE", "logistics", "committed")}),
        ("Norway will fly patrol aircraft to watch over the supply lines into Ukraine.",
         {("NO", "air", "committed")}, {("NO", "logistics", "committed")}),
        ("Poland will host the logistics hub for the force.", {("PL", "logistics", "committed")}, set()),
    ],
)
def test_round_f_families(text: str, present: set[tuple[str, str, str]], absent: set[tuple[str, str, str]]) -> None:
    got = _facts(text)
    assert present <= got, got
    assert not (absent & got), got

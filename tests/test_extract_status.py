"""Categories, statuses and the scope of negation in the offline extractor."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 1, 7)


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # committed
        ("Canada is prepared to contribute troops to the multinational force, Prime Minister Mark Carney said.",
         {("CA", "ground_troops", "committed")}),
        ("Portugal is ready to participate with a small contingent, its prime minister said.",
         {("PT", "ground_troops", "committed")}),
        ("Lithuania stands ready to contribute, the president said on Monday.", {("LT", "ground_troops", "committed")}),
        ("Dutch Prime Minister Dick Schoof said the Netherlands is ready to contribute, subject to parliamentary approval.",
         {("NL", "ground_troops", "committed")}),
        ("Britain and France signed a declaration of intent to deploy forces to Ukraine after a ceasefire.",
         {("GB", "ground_troops", "committed"), ("FR", "ground_troops", "committed")}),
        ("The Swedish side expressed its willingness to dispatch troops to Ukraine.", {("SE", "ground_troops", "committed")}),
        ("Turkey has offered to lead Black Sea demining operations.", {("TR", "maritime", "committed")}),
        ("The United States has resumed sharing intelligence with Ukraine.", {("US", "intelligence", "committed")}),
        ("Denmark has earmarked 1 billion kroner for the coalition.", {("DK", "funding", "committed")}),
        ("Bucharest can instead provide logistical support and host allied forces, the council said.",
         {("RO", "logistics", "committed")}),
        # considering
        ("Czech President Petr Pavel said the Czech Republic could send a limited number of soldiers.",
         {("CZ", "ground_troops", "considering")}),
        ("Spain's Pedro Sánchez said it was premature to talk about sending troops.", {("ES", "ground_troops", "considering")}),
        ("Canada's Carney did not rule out sending Canadian troops.", {("CA", "ground_troops", "considering")}),
        ("Belgium and Austria have not ruled out taking part.",
         {("BE", "ground_troops", "considering"), ("AT", "ground_troops", "considering")}),
        ("The Dutch cabinet asked for clarity before deciding on any contribution.", {("NL", "ground_troops", "considering")}),
        ("Croatia is open to sending medical teams, its foreign minister said.", {("HR", "humanitarian", "considering")}),
        ("Australia would consider contributing to the coalition, but no decision has been made.",
         {("AU", "ground_troops", "considering")}),
        ("Ireland's participation in any mission would require a UN mandate, the Taoiseach said.",
         {("IE", "ground_troops", "considering")}),
        ("Japan's prime minister said Tokyo would examine what it could do, including logistics support.",
         {("JP", "logistics", "considering")}),
        # declined
        ("Hungary will not participate in any military mission in Ukraine, Orbán said.", {("HU", "ground_troops", "declined")}),
        ("Slovakia's Fico said Slovak soldiers would never be sent to Ukraine.", {("SK", "ground_troops", "declined")}),
        ("Spain ruled out sending troops for now.", {("ES", "ground_troops", "declined")}),
        ("Bulgaria will not send troops to Ukraine, not even after the war.", {("BG", "ground_troops", "declined")}),
        ("Finland will not send troops until a ceasefire is agreed, Stubb said.", {("FI", "ground_troops", "declined")}),
        ("Czech Prime Minister Andrej Babiš has ruled out sending Czech troops.", {("CZ", "ground_troops", "declined")}),
        ("\"There can be no question of Slovenian soldiers in Ukraine,\" the prime minister told reporters.",
         {("SI", "ground_troops", "declined")}),
        ("The Slovenian leader said no Slovenian participation in a ground force was foreseen.",
         {("SI", "ground_troops", "declined")}),
        ("Malta's government said Malta will not be involved.", {("MT", "ground_troops", "declined")}),
    ],
)
def test_status(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Poland will serve as a logistics hub for the force but will not send troops, Tusk said.",
         {("PL", "logistics", "committed"), ("PL", "ground_troops", "declined")}),
        ("Greece will take part in training Ukrainian troops but will not deploy soldiers to Ukraine.",
         {("GR", "training", "committed"), ("GR", "ground_troops", "declined")}),
        ("Poland will not deploy soldiers to Ukraine; instead it will serve as a logistics hub, the minister said.",
         {("PL", "ground_troops", "declined"), ("PL", "logistics", "committed")}),
        ("Italy will not send soldiers but could help monitor a ceasefire from outside the country, Meloni said.",
         {("IT", "ground_troops", "declined")}),
        ("Luxembourg's prime minister said his government would only provide funding, not troops.",
         {("LU", "funding", "committed"), ("LU", "ground_troops", "declined")}),
        ("Germany said it would contribute air defence and funding but not soldiers.",
         {("DE", "equipment", "committed"), ("DE", "funding", "committed"), ("DE", "ground_troops", "declined")}),
        ("Prime Minister Sanae Takaichi said Japan would not send troops but would consider supporting the force with funding.",
         {("JP", "ground_troops", "declined"), ("JP", "funding", "considering")}),
        ("Japanese officials said Tokyo had no plans to send troops but would continue to provide financial support.",
         {("JP", "ground_troops", "declined"), ("JP", "funding", "committed")}),
        ("Finland's president said Finland was ready to take part in the guarantees, but that any decision on soldiers "
         "would have to wait for a ceasefire.", {("FI", "ground_troops", "considering")}),
        ("Ottawa said Canada was willing to contribute to security guarantees and that Canadian troops on the ground "
         "were a possibility.", {("CA", "ground_troops", "considering")}),
        ("Romania's president said the country would not send soldiers, but it could host a logistics hub for the force.",
         {("RO", "ground_troops", "declined"), ("RO", "logistics", "considering")}),
        ("Washington will not put American boots on the ground, Trump said, but could support the European force from the air.",
         {("US", "ground_troops", "declined"), ("US", "air", "considering")}),
        ("The United States will provide intelligence and air support, but no American ground troops will be deployed.",
         {("US", "intelligence", "committed"), ("US", "air", "committed"), ("US", "ground_troops", "declined")}),
    ],
)
def test_negation_scope(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tusk said Poland will keep providing logistical, financial, humanitarian and military support.",
         {("PL", c, "committed") for c in ("logistics", "funding", "humanitarian", "equipment")}),
        ("Norway will give 5 billion kroner to buy air defence for Ukraine.",
         {("NO", "funding", "committed"), ("NO", "equipment", "committed")}),
        ("Germany pledged €500 million for drones and ammunition.",
         {("DE", "funding", "committed"), ("DE", "equipment", "committed")}),
        ("Rome would not deploy troops but would send naval units to clear mines in the Black Sea, the government said.",
         {("IT", "ground_troops", "declined"), ("IT", "maritime", "committed")}),
        ("Denmark will pay for demining teams in liberated areas.", {("DK", "humanitarian", "committed")}),
        ("Britain's defence secretary said British jets would police Ukrainian skies.", {("GB", "air", "committed")}),
        ("Sweden could contribute air surveillance aircraft and a mechanised battalion, the government said.",
         {("SE", "air", "considering"), ("SE", "ground_troops", "considering")}),
        ("The Norwegian government said it was considering a contribution of naval vessels and air surveillance.",
         {("NO", "maritime", "considering"), ("NO", "air", "considering")}),
        ("Portugal said it would send instructors to train Ukrainian soldiers in Portugal.", {("PT", "training", "committed")}),
        ("Japan will not send Self-Defense Forces but is considering non-military support such as demining equipment.",
         {("JP", "ground_troops", "declined"), ("JP", "humanitarian", "considering")}),
        ("Belgium offered to send F-16s.", {("BE", "equipment", "committed")}),
        ("France would keep sharing its own intelligence with Ukrainian forces, the minister said.",
         {("FR", "intelligence", "committed")}),
        ("A French and British delegation will travel to Kyiv to rebuild the Ukrainian army.",
         {("FR", "training", "committed"), ("GB", "training", "committed")}),
        # troops that stay elsewhere are no pledge for Ukraine
        ("Merz said Germany would deploy troops to neighbouring countries rather than to Ukraine.", set()),
        ("Poland must keep its troops at home to guard its border with Belarus, the defence minister said.", set()),
        ("New Zealand will deploy a small team of planners to the coalition headquarters.", set()),
    ],
)
def test_categories(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The British side stated that it is willing to send troops to Ukraine.", {("GB", "ground_troops", "committed")}),
        ("Germany expressed that it will not participate in the dispatch of troops.", {("DE", "ground_troops", "declined")}),
        ("The Japanese government has no plans to dispatch the Self-Defense Forces.", {("JP", "ground_troops", "declined")}),
        ("Canada has expressed its willingness to join the peacekeeping force.", {("CA", "ground_troops", "committed")}),
        ("French President Macron once again stated that France is prepared to send troops after the ceasefire.",
         {("FR", "ground_troops", "committed")}),
        ("According to reports, the Czech Republic is considering sending a small number of military personnel.",
         {("CZ", "ground_troops", "considering")}),
        ("Spanish Prime Minister Sánchez believes that it is too early to discuss sending troops.",
         {("ES", "ground_troops", "considering")}),
        ("Norway's prime minister said that Norway is positive about participating, but the form has not been decided.",
         {("NO", "ground_troops", "considering")}),
        ("Türkiye is ready to take on responsibility for security in the Black Sea.", {("TR", "maritime", "committed")}),
        ("Sweden will contribute Gripen fighter jets for air policing.", {("SE", "air", "committed")}),
        ("Estonia's prime minister said Estonia is ready to send a company-sized unit.", {("EE", "ground_troops", "committed")}),
        ("Germany was prepared to contribute, but did not commit to troops on Ukrainian soil, the chancellor said.",
         {("DE", "ground_troops", "considering")}),
    ],
)
def test_translated_press_phrasing(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected

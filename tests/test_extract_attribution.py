"""Whose stance a sentence states: subjects, speakers, lists, claims by others, opposition."""

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
        # the speaker speaks for the country named in the content, or for its own country
        ("The Polish premier said that Poland does not plan to send soldiers to Ukraine.", {("PL", "ground_troops", "declined")}),
        ("Albanese said Australia was open to sending a small number of personnel.", {("AU", "ground_troops", "considering")}),
        ('"We are ready to deploy troops," Macron said.', {("FR", "ground_troops", "committed")}),
        ("Ulf Kristersson said on Tuesday that Sweden was prepared to send troops. He added that the country would also "
         "contribute fighter jets.", {("SE", "ground_troops", "committed"), ("SE", "air", "committed")}),
        ("Macron said France and Britain were ready to deploy troops after a ceasefire.",
         {("FR", "ground_troops", "committed"), ("GB", "ground_troops", "committed")}),
        ("Both Norway and Finland have said they will not take part in a ground deployment.",
         {("NO", "ground_troops", "declined"), ("FI", "ground_troops", "declined")}),
        # lists
        ("Denmark and Sweden are ready to contribute forces in one way or another.",
         {("DK", "ground_troops", "committed"), ("SE", "ground_troops", "committed")}),
        ("Only four governments have said they would send soldiers: Britain, France, Estonia and Lithuania.",
         {(c, "ground_troops", "committed") for c in ("GB", "FR", "EE", "LT")}),
        ("Countries that have pledged troops include Britain, France and the Baltic states.",
         {(c, "ground_troops", "committed") for c in ("GB", "FR", "EE", "LV", "LT")}),
        ("Several countries, including Italy and Hungary, have refused to send troops.",
         {("IT", "ground_troops", "declined"), ("HU", "ground_troops", "declined")}),
        ("Apart from Britain and France, only Estonia has said it would send troops.", {("EE", "ground_troops", "committed")}),
        ("Britain is among the countries that have offered troops.", {("GB", "ground_troops", "committed")}),
        ("Portugal, Spain and Italy said they would not send troops.",
         {("PT", "ground_troops", "declined"), ("ES", "ground_troops", "declined"), ("IT", "ground_troops", "declined")}),
        ("Sweden and the Netherlands asked for more clarity on the mandate before deciding on a contribution.",
         {("SE", "ground_troops", "considering"), ("NL", "ground_troops", "considering")}),
        # claims by others are not pledges
        ("Moscow claimed that Finland is preparing troops for deployment to Ukraine.", set()),
        ("Zelensky said Britain was ready to send troops.", set()),
        ("Russia's foreign ministry said any Western troops in Ukraine would be legitimate targets.", set()),
        ("The Kremlin said the deployment of European troops was unacceptable.", set()),
        ("An analyst at a Warsaw think tank said Germany would eventually have to send troops.", set()),
        ("Opposition leader Peter Dutton said he did not support Australian boots on the ground.", set()),
        ("A poll found that 60 percent of Britons oppose sending troops to Ukraine.", set()),
        ("According to the New York Times, France could send up to 2,000 soldiers.", {("FR", "ground_troops", "considering")}),
        # no country as subject
        ("According to a newspaper, Europe could put together a force of up to 25,000 troops, half of them German.", set()),
        ("Europe would need backing from the United States.", set()),
        ("Kyiv said 26 countries had pledged to take part in the reassurance force.", set()),
        ("Macron said 26 countries had committed to deploy troops to Ukraine or to be present on land, at sea or in the air.",
         set()),
        ("The Paris Declaration, signed by 35 countries on January 6, commits signatories to a multinational force.", set()),
        ("European leaders have said that they will send troops to Ukraine in different ways.", set()),
        ("Macron said several European countries will deploy a reassurance force once a peace deal is signed.", set()),
        ("Asked whether Italy would send troops, Meloni said no.", set()),
        # attendance is no pledge
        ("Leaders of France, Germany and Italy attended the summit in Paris.", set()),
        ("No American representative took part in the meeting.", set()),
        ("Poland will instead provide logistical support to the countries that offer guarantees on the ground.",
         {("PL", "logistics", "committed")}),
    ],
)
def test_attribution(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


def test_statement_by_russia_about_another_country() -> None:
    ex = extract("Moscow claimed that Finland is preparing troops for deployment to Ukraine.", published=PUBLISHED)
    assert ex.facts == []
    (st,) = ex.statements
    assert st.speaker_code == "RU"
    assert "FI" in st.about_codes
    assert st.topic == "claim"


def test_russian_warning_and_opposition_in_one_sentence() -> None:
    text = ("The Russian embassy warned of grave consequences, and opposition leader Peter Dutton said he did not "
            "support Australian boots on the ground.")
    ex = extract(text, published=PUBLISHED)
    assert ex.facts == []
    assert [(s.speaker_code, s.topic) for s in ex.statements] == [("RU", "warning")]


def test_actor_text_and_quote_are_from_the_text() -> None:
    text = "Intro line.\n\nPolish Prime Minister Donald Tusk said Poland will not send troops."
    (fact,) = extract(text, published=PUBLISHED).facts
    assert fact.quote == "Polish Prime Minister Donald Tusk said Poland will not send troops."
    assert fact.quote in text
    assert fact.actor_text == "Poland"

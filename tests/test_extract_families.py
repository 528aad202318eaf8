"""Families of phrasings the offline rules generalise over (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 1, 7)


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


def sizes(text: str) -> set[tuple[str, int | None]]:
    return {(f.country_code, f.size) for f in extract(text, published=PUBLISHED).facts if f.category == "ground_troops"}


GT = "ground_troops"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a trailing attribution followed by a purpose or circumstance phrase keeps the main clause
        ("Turkey is ready to help keep shipping lanes in the Black Sea safe and to clear mines, a Turkish defence "
         "official said on Wednesday, as part of security guarantees for Ukraine after a ceasefire.",
         {("TR", "maritime", "committed")}),
        ("Denmark will send two frigates to the Black Sea, Danish officials told reporters on Friday, as part of the "
         "coalition's maritime plan.", {("DK", "maritime", "committed")}),
        ("Norway is ready to contribute troops, Prime Minister Jonas Gahr Støre said, provided a ceasefire holds.",
         {("NO", GT, "committed")}),
        ("Lithuania will send troops, its president said on Monday, in order to deter future aggression.",
         {("LT", GT, "committed")}),
        ("Canada is ready to help train Ukrainian soldiers, Canadian officials said Tuesday, though details remain unclear.",
         {("CA", "training", "committed")}),
    ],
)
def test_trailing_phrases(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a decision still to come is no commitment
        ("Germany said it would decide on its contribution later.", {("DE", GT, "considering")}),
        ("Germany will decide on troops at a later stage.", {("DE", GT, "considering")}),
        ("Italy said a decision on sending troops will be taken in due course.", {("IT", GT, "considering")}),
        ("Spain will announce its contribution later, the defence minister said.", {("ES", GT, "considering")}),
        ("Belgium is still working out its contribution to the force.", {("BE", GT, "considering")}),
        ("Austria would decide on participation after the talks.", {("AT", GT, "considering")}),
        ("Poland will take a decision on its participation once the mandate is clear.", {("PL", GT, "considering")}),
        ("Portugal's contribution is yet to be decided.", {("PT", GT, "considering")}),
        ("Chancellor Merz said Germany would settle its contribution at the right moment.", {("DE", GT, "considering")}),
        ("Portugal has not decided whether to send troops.", {("PT", GT, "considering")}),
        ("Finland awaits a parliamentary vote on sending troops.", {("FI", GT, "considering")}),
        ("Italy is expected to decide on troops next month.", {("IT", GT, "considering")}),
        ("Sweden has yet to make up its mind about sending troops.", {("SE", GT, "considering")}),
        ("Austria is reviewing a request to send soldiers.", {("AT", GT, "considering")}),
        ("Poland is keeping its options open on troops.", {("PL", GT, "considering")}),
        # a condition of parliament does not downgrade a commitment; a later date does not either
        ("Finland will send troops, subject to a parliamentary vote.", {("FI", GT, "committed")}),
        ("Finland will deploy soldiers pending parliamentary approval.", {("FI", GT, "committed")}),
        ("Germany will send troops later this year.", {("DE", GT, "committed")}),
    ],
)
def test_future_decisions(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops will be provided by Britain and France.", {("GB", GT, "committed"), ("FR", GT, "committed")}),
        ("A battalion will be sent by the Netherlands.", {("NL", GT, "committed")}),
        ("Minesweepers are being offered by Romania.", {("RO", "maritime", "committed")}),
        ("Air policing would be provided by Sweden and Finland.", {("SE", "air", "committed"), ("FI", "air", "committed")}),
        ("Logistics would be handled by Poland and Romania.", {("PL", "logistics", "committed"), ("RO", "logistics", "committed")}),
        ("Naval escorts will be provided by Italy.", {("IT", "maritime", "committed")}),
        ("The reassurance force will be commanded by Britain and France.", {("GB", GT, "committed"), ("FR", GT, "committed")}),
    ],
)
def test_passive_agents(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spain and Portugal are ready to send soldiers, while Austria will stay out.",
         {("ES", GT, "committed"), ("PT", GT, "committed"), ("AT", GT, "declined")}),
        ("Ireland will keep out of the military mission.", {("IE", GT, "declined")}),
        ("Malta will stay away from any deployment.", {("MT", GT, "declined")}),
        ("Hungary will sit out the reassurance force.", {("HU", GT, "declined")}),
        ("Ireland has opted out of the deployment.", {("IE", GT, "declined")}),
        ("Greece sees no role for its soldiers in Ukraine.", {("GR", GT, "declined")}),
        ("Hungary sees no reason to send soldiers.", {("HU", GT, "declined")}),
        ("Croatia has no appetite for sending troops.", {("HR", GT, "declined")}),
        ("Malta wants no part in the reassurance force.", {("MT", GT, "declined")}),
        ("Bulgaria is not among the countries that will send troops.", {("BG", GT, "declined")}),
        ("Hungary is not one of the countries that will contribute troops.", {("HU", GT, "declined")}),
        ("Cyprus has ruled itself out.", {("CY", GT, "declined")}),
        ("Slovenia excluded sending soldiers.", {("SI", GT, "declined")}),
        ("Portugal turned down a request to send troops.", {("PT", GT, "declined")}),
        ("Italy dismissed the idea of sending soldiers.", {("IT", GT, "declined")}),
        ("Portugal has pulled out of the multinational force.", {("PT", GT, "declined")}),
        ("Luxembourg will send neither soldiers nor money.", {("LU", GT, "declined"), ("LU", "funding", "declined")}),
        ("Japan will stay out of any ground mission but will provide funding.",
         {("JP", GT, "declined"), ("JP", "funding", "committed")}),
        # refusing to comment is no refusal
        ("Italy declined to comment on troops.", set()),
        # ellipsis: the contrasted clause reuses the offer of the clause before it
        ("Latvia will send troops, but Slovenia will not.", {("LV", GT, "committed"), ("SI", GT, "declined")}),
        ("In 2025 the Slovak government was weighing a contribution of soldiers, but since spring it has excluded one.",
         {("SK", GT, "declined")}),
        # but a contrasted clause with its own object keeps its own category
        ("Italy will not send soldiers but could help monitor a ceasefire from outside the country.",
         {("IT", GT, "declined")}),
    ],
)
def test_opting_out(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belgium is set to deploy troops to Ukraine.", {("BE", GT, "committed")}),
        ("Estonia stands ready to send a company.", {("EE", GT, "committed")}),
        ("Finland put forward 500 troops.", {("FI", GT, "committed")}),
        ("Belgium will make a company available for the force.", {("BE", GT, "committed")}),
        ("Denmark is expected to contribute troops to the force.", {("DK", GT, "committed")}),
        ("Norway confirmed its participation in the multinational force.", {("NO", GT, "committed")}),
        ("Finland has assigned a battalion to the mission.", {("FI", GT, "committed")}),
        ("The Netherlands is to send a battalion.", {("NL", GT, "committed")}),
        ("Sweden contributed 300 soldiers to the force.", {("SE", GT, "committed")}),
        ("Canada is poised to join the reassurance force.", {("CA", GT, "committed")}),
        ("Lithuania signed a letter of intent to deploy a unit once a ceasefire takes effect.", {("LT", GT, "committed")}),
        ("Slovenia is considering whether to add a unit of paratroopers.", {("SI", GT, "considering")}),
        ("Estonia is among the countries that will send troops.", {("EE", GT, "committed")}),
        ("Among the countries ready to send troops are Britain, France and Estonia.",
         {("GB", GT, "committed"), ("FR", GT, "committed"), ("EE", GT, "committed")}),
        ("Countries ready to deploy troops include Estonia, Latvia and Lithuania.",
         {("EE", GT, "committed"), ("LV", GT, "committed"), ("LT", GT, "committed")}),
        # a colon before a clause is no list
        ("Vilnius has gone further than most: Lithuania will deploy a company after a ceasefire.", {("LT", GT, "committed")}),
        ("Ankara is the odd one out: Turkey has not decided whether Turkish soldiers would serve on land.",
         {("TR", GT, "considering")}),
        # an absolute clause "with X adding ..." has X as its subject
        ("Britain will lead the force, with Denmark adding a company of about 120 soldiers.",
         {("GB", GT, "committed"), ("DK", GT, "committed")}),
        # "ship" as a verb is no maritime cue
        ("Japan will ship generators to Ukraine before the winter.", {("JP", "humanitarian", "committed")}),
    ],
)
def test_commitment_phrasings(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lisbon has offered a company of soldiers.", {("PT", GT, "committed")}),
        ("Canberra said it would send personnel.", {("AU", GT, "committed")}),
        ("Madrid will not send troops.", {("ES", GT, "declined")}),
        ("The Portuguese government will deploy a company.", {("PT", GT, "committed")}),
        ("Spain's defence ministry confirmed it would send troops.", {("ES", GT, "committed")}),
        ("The three Baltic states said they are ready to send troops.",
         {("EE", GT, "committed"), ("LV", GT, "committed"), ("LT", GT, "committed")}),
        ("Sweden hosted the meeting. Its government will send a battalion.", {("SE", GT, "committed")}),
        # a leader missing from the table, introduced with a title, is later named by surname
        ("Finnish Prime Minister Aleksi Virtanen met allies in Paris. Virtanen said the country would send troops.",
         {("FI", GT, "committed")}),
        ("Aleksi Virtanen, Finland's defence minister, met allies. Virtanen said the country would send troops.",
         {("FI", GT, "committed")}),
        # Brussels is Belgium in a paragraph about Belgium, else the EU (no pledger)
        ("Belgium offered two minehunters. Brussels is still weighing whether to add a unit of paratroopers.",
         {("BE", "maritime", "committed"), ("BE", GT, "considering")}),
        ("Brussels is still weighing whether to fund a training mission.", {("EU", "training", "considering")}),
        # a subject that names the offered thing speaks of the clause before it
        ("The government said Australia would keep its surveillance aircraft in Poland, and that a small ground "
         "contribution was still being weighed.", {("AU", "air", "committed"), ("AU", GT, "considering")}),
        # a one-sentence paragraph lends its actor to the next paragraph's first sentence
        ("Norway will contribute frigates, the prime minister said.\n\nParliament has agreed to set aside 5 billion "
         "kroner for the coalition.", {("NO", "maritime", "committed"), ("NO", "funding", "committed")}),
        # a relative "where" clause is not what the next sentence is about
        ("Ireland could send soldiers, the Tánaiste said. A UN mandate is needed, where Russia holds a veto. "
         "Ireland will give 20 million euros for generators, the government said.",
         {("IE", GT, "considering"), ("IE", "humanitarian", "committed"), ("IE", "funding", "committed")}),
    ],
)
def test_actors(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russian state media claimed that Finland is secretly preparing troops.",
        "According to Moscow, Poland has already deployed soldiers.",
        "A Kremlin spokesman alleged that British troops are in Ukraine.",
        "An opposition leader urged the government to send troops.",
        "A newspaper editorial called on Spain to send soldiers.",
        "Pundits expect Germany to contribute.",
        "Critics urged Berlin to send troops.",
        "Zelensky urged Germany to send troops.",
        "Kremlin-controlled media reported that Britain will send 10,000 troops.",
        "Pro-Kremlin bloggers claimed Polish troops are fighting in Ukraine.",
        "The former premier, now in opposition, pressed the cabinet to offer a company of soldiers.",
        "Spain, Portugal and Italy said they will not take part in next year's song contest.",
    ],
)
def test_claims_and_wishes_of_others(text: str) -> None:
    assert triples(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sizes: the number for "about"/"some", the stated bound for "up to", the lower bound of a range
        ("Latvia will contribute a battalion of about 800.", {("LV", 800)}),
        ("Sweden pledged up to 1,200 personnel.", {("SE", 1200)}),
        ("Poland is ready to send a contingent of between 2,000 and 3,000 troops.", {("PL", 2000)}),
        ("Britain will send some 5,000 troops, the largest contribution.", {("GB", 5000)}),
        ("Norway will deploy a 1,500-strong contingent.", {("NO", 1500)}),
        ("France will send 10 000 soldiers.", {("FR", 10000)}),
        ("Denmark will send 2k troops.", {("DK", 2000)}),
        ("Spain will send a contingent of 1.500 soldiers.", {("ES", 1500)}),
        ("Britain will send more than 10,000 troops to a force of up to 30,000.", {("GB", 10000)}),
        ("Romania pledged 3,000 troops, out of a total force of 25,000.", {("RO", 3000)}),
        # a later repetition of the same stance keeps the size
        ("The Netherlands will contribute a battalion of about 800 soldiers. The deployment still has to be approved "
         "by parliament.", {("NL", 800)}),
        # whole-force figures are no sizes
        ("Britain said a force of 25,000 would be needed.", set()),
        ("A European contingent of 20,000 would be led by Britain and France, which will send troops.",
         {("GB", None), ("FR", None)}),
    ],
)
def test_sizes(text: str, expected: set[tuple[str, int | None]]) -> None:
    assert sizes(text) == expected

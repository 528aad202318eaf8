"""Families of phrasings the offline rules generalise over, round C (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 1, 7)
GT = "ground_troops"


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


# --- Round C families (sentences written for these tests) -------------------------------------------


def sized_c(text: str) -> set[tuple[str, str, int | None]]:
    return {(f.country_code, f.category, f.size) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hypotheticals and outside voices, also when the attribution follows the quote (verb first)
        ("'If Spain and Portugal both sent a battalion, the gap would close at once,' said a senior fellow at a "
         "Madrid think tank.", set()),
        ("“If Austria joined the force, the mission would look far stronger,” said Jonas Weber, a research fellow.", set()),
        ("'Denmark should be sending a company,' commented a defence expert at a Copenhagen university.", set()),
        ("If Poland offered a division, Moscow would take note, a commentator argued.", set()),
        # a government named after the quote still speaks for its country
        ("'We will send a company once a ceasefire holds,' said Latvia's defence minister.", {("LV", GT, "committed")}),
    ],
)
def test_hypotheticals_and_inverted_attribution(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negated noun with an elliptic modal: "no X was ... or would be"
        ("The minister said no Slovenian soldier was in Ukraine or would be.", {("SI", GT, "declined")}),
        ("Bulgaria's defence ministry said no Bulgarian troops are in Ukraine and none will be sent.",
         {("BG", GT, "declined")}),
    ],
)
def test_negated_noun_ellipsis(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative clause describes its antecedent: it neither supplies the actor nor leaks its status
        ("Malta, which is not a member of NATO, will not take part with troops, but will cover the cost of a field "
         "hospital near Kharkiv.", {("MT", GT, "declined"), ("MT", "humanitarian", "committed")}),
        ("Hungary, which says it will send no troops, will nonetheless give 3 million euros towards the headquarters.",
         {("HU", GT, "declined"), ("HU", "funding", "committed")}),
        ("Ireland, which has kept peacekeepers in Lebanon for decades, will not join the force.", {("IE", GT, "declined")}),
        ("Valletta said that the Republic of Malta, which is outside NATO, would not send soldiers.", {("MT", GT, "declined")}),
    ],
)
def test_relative_clauses_describe_their_antecedent(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # parties, factions, the opposition and members of parliament are not the government
        "The Green Party, which voted against the motion, said Danish soldiers should stay at home.",
        "Opposition MPs said German troops should be sent at once.",
        "A deputy from the Left Bloc said Portuguese soldiers must not go to Ukraine.",
        "Lawmakers from the ruling party said Finland should send a company.",
        "The junior coalition partner party opposes sending Belgian troops.",
        "The Freedom Party faction wants no Austrian soldiers in Ukraine.",
    ],
)
def test_parties_are_not_the_government(text: str) -> None:
    assert triples(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an earlier stance recalled in passing does not override the current one
        ("Sweden's government said on Monday that it will deploy an infantry company, after months of saying it "
         "was weighing a contribution.", {("SE", GT, "committed")}),
        ("Having previously ruled out any deployment, Finland now says it will send a platoon.", {("FI", GT, "committed")}),
        ("Denmark will send a frigate to the Black Sea, reversing its earlier refusal to commit warships.",
         {("DK", "maritime", "committed")}),
        ("Spain, which had previously said it was considering troops, confirmed it will send a battalion.",
         {("ES", GT, "committed")}),
        ("The deputy prime minister said Czechia will send a company.", {("CZ", GT, "committed")}),
    ],
)
def test_earlier_stances(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # comma-separated clauses with their own subjects keep their own stances
        ("Latvia and Estonia will host the force's supply routes, Austria and Ireland want no part in it, and Malta, "
         "which says it is sending no soldiers, will still pay 2 million euros towards the headquarters.",
         {("LV", "logistics", "committed"), ("EE", "logistics", "committed"), ("AT", GT, "declined"),
          ("IE", GT, "declined"), ("MT", GT, "declined"), ("MT", "funding", "committed")}),
        ("Spain will send troops, Portugal is still undecided, and Greece will not take part.",
         {("ES", GT, "committed"), ("PT", GT, "considering"), ("GR", GT, "declined")}),
        ("Prague will run a transit hub but insists that Czech troops stay on Czech soil.",
         {("CZ", "logistics", "committed"), ("CZ", GT, "declined")}),
        ("Hungarian soldiers will remain on Hungarian territory, the minister said.", {("HU", GT, "declined")}),
    ],
)
def test_mixed_stances_in_one_sentence(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a parliament's approval of a deployment is a commitment with its size
        ("The Danish parliament on Tuesday approved the deployment of up to 120 Danish soldiers to the reassurance "
         "force.", {("DK", GT, 120)}),
        ("The Storting voted to send 90 Norwegian personnel to the multinational force.", {("NO", GT, 90)}),
        ("Sweden's Riksdag authorised the sending of a company of 150 troops to Ukraine.", {("SE", GT, 150)}),
        ("OSLO - The Storting on Friday approved the deployment of up to 75 military personnel to the force.",
         {("NO", GT, 75)}),
        ("The Assembly of the Republic approved on Friday the sending of a contingent of 120 militaries to the "
         "multinational force.", {("PT", GT, 120)}),
    ],
)
def test_parliament_approvals(text: str, expected: set[tuple[str, str, int | None]]) -> None:
    assert sized_c(text) == expected
    assert {f.status for f in extract(text, published=PUBLISHED).facts} == {"committed"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # translated-press phrasings of offers
        ("The Portuguese Navy is available to take part with one minehunter in the Black Sea, the minister assured.",
         {("PT", "maritime", "committed")}),
        ("Romania is available to host the coalition's logistics hub.", {("RO", "logistics", "committed")}),
        ("Norway is putting 2 billion kroner into the coalition's fund this year.", {("NO", "funding", "committed")}),
        # money in words
        ("Germany has instead promised one billion euros towards the force's common costs.",
         {("DE", "funding", "committed")}),
        ("Slovakia would not send one soldier and would not pay one euro for the force.",
         {("SK", GT, "declined"), ("SK", "funding", "declined")}),
        # someone else's units trained at home; aircraft based for air policing are no equipment
        ("Italy has offered to train Ukrainian brigades on Italian soil.", {("IT", "training", "committed")}),
        ("Belgium will station four F-16 fighter jets in Poland for air policing.", {("BE", "air", "committed")}),
        ("Norway will deliver six F-16s to Ukraine.", {("NO", "equipment", "committed")}),
    ],
)
def test_offer_phrasings_round_c(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the topic of a question carries to the answer
        ("Asked whether Finnish troops would follow, the prime minister said Finland was open to it.",
         {("FI", GT, "considering")}),
        ("Denmark will send a frigate. Asked about Danish soldiers on the ground, the minister said: 'We are examining "
         "the question, but nothing is decided.'", {("DK", "maritime", "committed"), ("DK", GT, "considering")}),
        # "each country" spreads over the countries of the sentence before
        ("Latvia will lead a Baltic Sea mine-clearing group with Lithuania and Estonia. Each country will contribute "
         "two minesweepers.", {("LV", "maritime", "committed"), ("LT", "maritime", "committed"),
                               ("EE", "maritime", "committed")}),
        # a government body named without its country speaks for the country of the sentence before
        ("Switzerland will not send soldiers. The Federal Council said it would instead give 10 million francs to "
         "humanitarian demining.", {("CH", GT, "declined"), ("CH", "humanitarian", "committed"),
                                    ("CH", "funding", "committed")}),
        # a paragraph that goes on about "his government" continues the leader of the paragraph before
        ("Slovakia's prime minister ruled out troops.\n\n'We will not send soldiers,' he said. 'Slovakia is a "
         "country of peace.'\n\nHis government halted arms deliveries to Kyiv and will not restart them, he added.",
         {("SK", GT, "declined"), ("SK", "equipment", "declined")}),
    ],
)
def test_context_round_c(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # guards: the round C rules stay within their families
        ("British troops will remain on Estonian soil.", set()),
        ("Despite protests from MPs, Denmark will send troops.", {("DK", GT, "committed")}),
        ("Labour Party leader Keir Starmer said Britain will send troops.", {("GB", GT, "committed")}),
        ("Britain and France chaired the meeting. All 30 countries will support the declaration.", set()),
        ("Estonia will send a company. Both countries will also send engineers.", {("EE", GT, "committed")}),
        ("In a statement on Monday, Lithuania said it will send a platoon.", {("LT", GT, "committed")}),
        ("Sweden will send troops after weeks of debate.", {("SE", GT, "committed")}),
    ],
)
def test_round_c_guards(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected

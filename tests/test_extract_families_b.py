"""Families of phrasings the offline rules generalise over, round B (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.extract import extract

PUBLISHED = date(2026, 1, 7)
GT = "ground_troops"


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, published=PUBLISHED).facts}


# --- Round B families (sentences written for these tests) -------------------------------------------


def triples_titled(text: str, title: str) -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, title=title, published=PUBLISHED).facts}


def sized(text: str) -> set[tuple[str, str, int | None]]:
    return {(f.country_code, f.category, f.size) for f in extract(text, published=PUBLISHED).facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverb between the auxiliary and "not" keeps the negation's scope
        ("Dutch soldiers will still not be stationed inside Ukraine, the cabinet said.", {("NL", GT, "declined")}),
        ("Austria will also not contribute soldiers.", {("AT", GT, "declined")}),
        ("Spain will no longer offer troops for the mission.", {("ES", GT, "declined")}),
        ("Portugal is not sending soldiers to Ukraine.", {("PT", GT, "declined")}),
        ("Slovakia isn't planning to deploy troops.", {("SK", GT, "declined")}),
        # fronted negation: the subject follows the auxiliary
        ("Under no circumstances will Hungary deploy soldiers to Ukraine.", {("HU", GT, "declined")}),
        ("Never will Slovakia put troops in Ukraine, Fico said.", {("SK", GT, "declined")}),
        # "not one", "not a single", and a singular soldier after "no"
        ('"Not one Czech soldier will cross into Ukraine," Babiš said.', {("CZ", GT, "declined")}),
        ("Meloni repeated that no Italian soldier would be deployed there.", {("IT", GT, "declined")}),
        # staying at home is a refusal, not units kept elsewhere
        ("Greek troops will remain at home, Mitsotakis said.", {("GR", GT, "declined")}),
        # incapacity is a refusal
        ("Malta's armed forces are too small to send a unit abroad.", {("MT", GT, "declined")}),
        ("Luxembourg lacks the capacity to contribute soldiers.", {("LU", GT, "declined")}),
        ("Cyprus is in no position to send troops.", {("CY", GT, "declined")}),
        # reluctance and scepticism are no refusal: still undecided
        ("Slovenia remains reluctant to commit soldiers.", {("SI", GT, "considering")}),
        ("Germany is sceptical about sending troops.", {("DE", GT, "considering")}),
    ],
)
def test_negation_scope_and_incapacity(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a subject that starts with a possessive belongs to the clause before it
        ("Norway will not send soldiers, but its coast guard will help patrol the Black Sea.",
         {("NO", GT, "declined"), ("NO", "maritime", "committed")}),
        ('"Our soldiers will not go to Ukraine," Tusk told a radio station.', {("PL", GT, "declined")}),
        ("Denmark said its air force would police the skies over western Ukraine.", {("DK", "air", "committed")}),
        # ... but "its partners" are other countries
        ("Belgium will send troops, and its partners will provide logistics.", {("BE", GT, "committed")}),
        # direct speech: the speaker's country, even when the speaker is named in the sentence before
        ('The Polish defence minister met reporters in Warsaw. "We will not send a single soldier," the minister said.',
         {("PL", GT, "declined")}),
    ],
)
def test_possessive_and_quoted_subjects(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # training of crews, sailors, sappers...; passives name the trainer after "by"
        ("Greece could train Ukrainian sailors at its naval academy.", {("GR", "training", "considering")}),
        ("Latvia will train Ukrainian sappers on its own ranges.", {("LV", "training", "committed")}),
        ("Ukrainian recruits will be trained by Britain.", {("GB", "training", "committed")}),
        ("Troops are being trained by Sweden and Finland.", {("SE", "training", "committed"), ("FI", "training", "committed")}),
        # hardware that only names the kind of people is no equipment
        ("Lithuania will open a school for Ukrainian drone operators.", {("LT", "training", "committed")}),
        ("Belgium offered to train F-16 pilots.", {("BE", "training", "committed")}),
        ("Norway will help train Ukrainian tank crews.", {("NO", "training", "committed")}),
        # hardware itself still is
        ("Norway will send drones and tanks.", {("NO", "equipment", "committed")}),
    ],
)
def test_training_vocabulary(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role on land is ground troops
        ("Erdoğan said Turkey was open to a role on land too.", {("TR", GT, "considering")}),
        ("Romania could play a part on the ground as well.", {("RO", GT, "considering")}),
        ("Italian troops will not be deployed on land, the ministry said.", {("IT", GT, "declined")}),
        # paying for something names what is paid for; alone it is money
        ("Norway has agreed to fund the force's headquarters.", {("NO", "funding", "committed")}),
        ("Belgium will pay for part of the mission.", {("BE", "funding", "committed")}),
        ("Denmark will pay for air defence systems.", {("DK", "equipment", "committed")}),
        # officers serving at a headquarters are staff, not a logistics offer
        ("Two Maltese officers could serve at the force headquarters in Paris.", set()),
    ],
)
def test_ground_and_money_vocabulary(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Iceland will give 3 billion krónur to the fund.", "ISK"),
        ("Iceland pledged ISK 1.5 billion to the mission.", "ISK"),
        ("Romania will put 200 million lei into the fund.", "RON"),
        ("Hungary will give 10 billion forints to the fund.", "HUF"),
        ("Bulgaria will contribute 50 million leva to the fund.", "BGN"),
        ("Turkey will put 2 billion Turkish lira into the fund.", "TRY"),
        ("Norway will add 4 billion Norwegian kroner to the fund.", "NOK"),
        ("Sweden will give 6 billion Swedish kronor to the fund.", "SEK"),
    ],
)
def test_currencies(text: str, currency: str) -> None:
    facts = [f for f in extract(text, published=PUBLISHED).facts if f.category == "funding"]
    assert len(facts) == 1 and facts[0].status == "committed" and facts[0].currency == currency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a vote still to come after a commitment is a condition (SPEC §4), in the same sentence or the next
        ("Estonia will send a company of about 120 soldiers, though the deployment still awaits a vote in parliament.",
         {("EE", GT, "committed")}),
        ("Estonia will send troops. The deployment still needs the approval of parliament.", {("EE", GT, "committed")}),
        ("The Dutch cabinet will send 300 soldiers, pending a vote in parliament.", {("NL", GT, "committed")}),
        # alone, or with another undecided cue, it stays undecided
        ("Estonia's deployment of troops awaits a vote in parliament.", {("EE", GT, "considering")}),
        ("Estonia could send troops, though the deployment awaits a vote.", {("EE", GT, "considering")}),
    ],
)
def test_pending_approval(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


def test_pending_approval_keeps_the_size() -> None:
    text = "Estonia will send a company of about 120 soldiers. The deployment still awaits a vote in parliament."
    assert sized(text) == {("EE", GT, 120)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers written in words; vague counts keep their smallest reading
        ("Belgium will send two hundred soldiers.", {("BE", GT, 200)}),
        ("Belgium will send a hundred and fifty soldiers.", {("BE", GT, 150)}),
        ("Belgium will deploy twenty-five thousand troops.", {("BE", GT, 25000)}),
        ("Belgium will deploy several hundred soldiers.", {("BE", GT, 300)}),
        ("Belgium will send dozens of soldiers.", {("BE", GT, 24)}),
        ("Belgium will send a few dozen instructors.", {("BE", "training", 36)}),
        ("Belgium will send a unit of about two hundred.", {("BE", GT, 200)}),
        # a training contingent is sized as training, not as ground troops
        ("Canada will keep up to 80 military personnel in Poland to train Ukrainian recruits.", {("CA", "training", 80)}),
        ("Norway will send 60 instructors.", {("NO", "training", 60)}),
        ("Sweden will deploy about two hundred personnel to train Ukrainian soldiers in Latvia.", {("SE", "training", 200)}),
        # troops trained are not the trainer's contingent
        ("Britain will train 5,000 Ukrainian soldiers.", {("GB", "training", None)}),
        # modifiers between the number and the troops
        ("Croatia will send 90 combat engineers.", {("HR", GT, 90)}),
        ("Finland will send 250 defence force personnel.", {("FI", GT, 250)}),
        # a multiplier is no modifier
        ("Ukraine's 38 million people deserve peace, Sweden said, and will send troops.", {("SE", GT, None)}),
    ],
)
def test_sizes_in_words_and_training(text: str, expected: set[tuple[str, str, int | None]]) -> None:
    assert sized(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a stance on nothing named, in a paragraph about the force, is about troops
        ("The reassurance force is taking shape. Germany does not rule anything out.", "",
         {("DE", GT, "considering")}),
        ("Leaders discussed the multinational force. Spain is keeping its options open for now.", "",
         {("ES", GT, "considering")}),
        ("Leaders discussed the multinational force. Hungary will not.", "", {("HU", GT, "declined")}),
        # ... but not when the paragraph is about something else, or names what is ruled out
        ("Germany does not rule anything out.", "", set()),
        ("Sanctions were discussed. Germany does not rule out new sanctions.", "", set()),
        # the title is context for the lede only, never a fact
        ("Germany does not rule anything out.", "Who will send troops to Ukraine?", {("DE", GT, "considering")}),
        ("Leaders met in Paris.\n\nGermany does not rule anything out.", "Who will send troops to Ukraine?", set()),
        ("Leaders met in Paris.", "Germany will send troops", set()),
        # an elliptic sentence reuses the offer of the sentence before it
        ("Belgium will send troops. Luxembourg will not.", "", {("BE", GT, "committed"), ("LU", GT, "declined")}),
    ],
)
def test_stance_without_category(text: str, title: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples_titled(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to X" names a speaker like a verb of saying
        ("According to Moscow, Finland is preparing to send soldiers.", set()),
        ("According to the Danish government, Denmark will contribute a company.", {("DK", GT, "committed")}),
        ("Latvia will send a company, according to its defence ministry.", {("LV", GT, "committed")}),
        ("According to Kyiv, Norway will send troops.", set()),
        # a speaker named before a relative clause keeps its role
        ("Herbert Kickl, who leads the opposition Freedom Party, said no Austrian soldier should go to Ukraine.", set()),
        ("Mette Frederiksen, who hosted the talks, said Denmark would send troops.", {("DK", GT, "committed")}),
        # "to say" is no attribution, and declining to comment is no stance
        ("It is too early to say whether Belgium will send troops, De Wever said.", {("BE", GT, "considering")}),
        ("The Belgian government declined to say whether it would send troops.", set()),
        ("The Dutch government refused to comment on whether it would send soldiers.", set()),
    ],
)
def test_attribution_round_b(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(text) == expected

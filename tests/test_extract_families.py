"""Families of phrasings the offline rules generalise over (sentences written for these tests)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from briefings.extract import cues, extract

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


def test_word_gates_keep_the_matches() -> None:
    """The speed gates (word start, literal word prefixes, first-letter groups) change no match."""
    sentences = [
        "Britain will send troops; we'll see, the minister said, but Spain won't and Italy can't.",
        "A 'reassurance force' will deploy after a ceasefire, and non-committal Austria stays out.",
        "Tokyo will instead ship demining machines, while frigates and ships patrol the Black Sea.",
        "No weapons would leave Slovak stocks; Hungary will send neither soldiers nor money.",
        "The F-16s and Patriot batteries, plus NASAMS, were pledged by Norway in 2025.",
    ]
    vocabularies = [v for v in vars(cues).values() if isinstance(v, cues.Vocabulary)] + list(cues.SPECIFIC.values())
    assert vocabularies
    for v in vocabularies:
        assert isinstance(v, cues.Vocabulary)
        inner = v.rx.pattern[len(r"(?<!\w)(?=\w)(?:") : -1]
        plain = re.compile(inner, v.flags)
        for s in sentences:
            assert [m.span() for m in v.finditer(s)] == [m.span() for m in plain.finditer(s)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\btroops?\b|\bsoldiers?\b", ("soldier", "troop")),
        (r"\b(?:is|are)\s+ready", ("are", "is")),
        (r"\bs(?:ee|aw)\s+no\b", ("saw", "see")),
        (r"\b(?:all\s+)?options\s+open", ("all", "options")),
        (r"\b\w+ly\b", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert cues.literal_prefixes(pattern) == expected


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

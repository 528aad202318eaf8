"""Relevance scoring on examples written for these tests (never copied from the shared corpora).

Every relevant example must reach the threshold and every trap must stay below it, each with a margin,
so that a small change of weights that breaks the balance is caught. The labelled development corpus
in ../shared/eval/dev is checked too when it is present.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from briefings.relevance import THRESHOLD, Relevance, assess

MARGIN = 1.5

RELEVANT: list[tuple[str, str]] = [
    (
        "Who brings what: planners meet again",
        "Coalition defence ministers met at the alliance headquarters on Tuesday. Denmark will provide the "
        "first troops for the new hubs, and Belgium will send a team of engineers, the chair said.",
    ),
    (
        "NATO summit weighs long-term security guarantees for Ukraine",
        "Allied leaders gathered in The Hague discussed how to guarantee Kyiv's security once the "
        "fighting stops. Several governments said a European force would need an American backstop.",
    ),
    (
        "Turkish navy offers to clear mines off Ukraine's coast after a ceasefire",
        "Ankara's defence ministry said its minehunters could help reopen Ukrainian ports once a truce "
        "holds, as part of a wider maritime mission in the Black Sea.",
    ),
    (
        "Japan pledges fresh billions for Ukraine's reconstruction",
        "Tokyo will provide grants and loans for power plants and housing in Ukraine, the prime "
        "minister told a recovery conference, adding that Japan cannot send soldiers.",
    ),
    (
        "Moscow warns European troops in Ukraine would be legitimate targets",
        "Russia's foreign ministry spokeswoman Maria Zakharova said any Western contingent deployed on "
        "Ukrainian soil would be treated as a party to the conflict.",
    ),
    (
        "Belgium could send instructors to western Ukraine after a truce",
        "The Belgian defence minister said a few dozen trainers might help rebuild Ukraine's army "
        "far from the front once a peace agreement is signed.",
    ),
    (
        "Headquarters of Multinational Force Ukraine to be set up in Kyiv",
        "The command of the planned force will rotate between France and Britain, officials said.",
    ),
    (
        "Army chiefs refine plans to protect Ukraine's skies",
        "Military chiefs from two dozen countries met in London to work on air policing and "
        "maritime options for a force that would deploy after any ceasefire in Ukraine.",
    ),
    (
        "Berlin rules out Bundeswehr deployment to Ukraine for now",
        "The German chancellor said sending German soldiers to Ukraine was not on the agenda while "
        "the war goes on, but Berlin would help fund security guarantees.",
    ),
    (
        "Washington signals air support for a European force",
        "The US president said there would be no American boots on the ground in Ukraine, but the "
        "United States could help from the air to back a European-led reassurance mission.",
    ),
    (
        "Coalition of the resolute meets in Rome",
        "Leaders of the so-called coalition of the resolute reviewed national contributions to the "
        "force meant to secure Ukraine after a peace deal.",
    ),
    (
        "Kremlin calls foreign contingents in Ukraine unacceptable",
        "Dmitry Peskov told reporters that the deployment of NATO countries' soldiers in Ukraine, "
        "under any label, would be an escalation Moscow could not accept.",
    ),
    (
        "Prague offers a logistics hub for the allied mission",
        "The Czech government said its airports and railways could serve the multinational force in "
        "Ukraine, while Czech troops would stay at home.",
    ),
    ("Estonia ready to send a company to Ukraine", "Tallinn says about 100 troops could go after a ceasefire."),
    (
        "Sweden weighs surveillance planes to police Ukrainian airspace",
        "Stockholm could contribute airborne early warning aircraft and air policing once a peace "
        "agreement between Russia and Ukraine is in force, the defence minister said.",
    ),
    (
        "London to keep sharing intelligence with Kyiv",
        "British officials said intelligence support to Ukraine would continue whatever Washington "
        "decides, as part of its military aid.",
    ),
    (
        "Dublin funds winter generators for Ukrainian hospitals",
        "Ireland will pay for generators and medical supplies as humanitarian aid to Ukraine, while "
        "its neutrality rules out sending soldiers.",
    ),
    (
        "Leaders of 30 countries join a video call on a post-ceasefire force",
        "The meeting, chaired from Paris and London, reviewed which countries would put troops into "
        "the force and which would offer logistics, money or training. Zelensky took part.",
    ),
    (
        "Zelensky: guarantees must include boots on the ground",
        "Ukraine's president said a ceasefire without foreign troops on Ukrainian territory would "
        "only give Russia time to rearm.",
    ),
    (
        "Madrid says it is too early to talk about soldiers",
        "Spain's prime minister said any discussion of Spanish troops in Ukraine was premature before "
        "a peace deal, but that Spain backs the coalition and its air defence pledges.",
    ),
    (
        "Coalition of the willing asks for a US security guarantee",
        "European planners want American intelligence, air cover and a promise of support if the "
        "force in Ukraine is attacked.",
    ),
    (
        "Volunteer Alliance defence ministers agree a command structure",
        "Meeting at NATO headquarters, ministers settled where the future force would be based "
        "and how it would rotate units.",
    ),
    (
        "Canada to put money and trainers behind Ukraine's army",
        "Ottawa will contribute 500 million dollars in military aid and send instructors to help train "
        "Ukrainian brigades, the defence minister announced.",
    ),
    (
        "White House rules out American soldiers but offers help from the air",
        "The president said no US troops would be deployed, although Washington could support the "
        "Europeans by air once the guns fall silent.",
    ),
    (
        "Lavrov dismisses the 'coalition of the willing' as a provocation",
        "Russia's foreign minister said the arrival of European soldiers would be a direct threat.",
    ),
    ("Berlin to pay for more Patriot batteries for Kyiv", "The defence ministry will fund two more systems."),
    (
        "Tokyo to second officers to the coalition's planning cell",
        "Japan will not send combat troops to Ukraine but will post staff to the force headquarters.",
    ),
]

TRAPS: list[tuple[str, str]] = [
    (
        "Thousands of allied soldiers drill on the Baltic coast",
        "Some 12,000 troops from nine allied countries started a two-week exercise in Lithuania on Monday, "
        "rehearsing how reinforcements reach the region. Polish tanks and German engineers joined the drills.",
    ),
    (
        "Fighter makers chase orders from Europe's air forces at the Berlin air show",
        "Builders of combat jets courted European air forces at the air show, saying budgets rose after the war "
        "in Ukraine began. Airbus and a Swedish rival displayed new prototypes to visitors.",
    ),
    (
        "Coalition defence minister quits over pensions row",
        "The governing coalition lost its defence minister after coalition partners split on pension reform "
        "and the cabinet faces a confidence vote next week.",
    ),
    (
        "German coalition talks stall over pensions and the debt brake",
        "The conservatives and the Social Democrats failed to agree on pension reform and tax cuts. "
        "Coalition partners also quarrelled over how much of the budget should go to aid for Ukraine.",
    ),
    (
        "Wheat prices slip as Black Sea exports pick up",
        "Grain traders said more cargoes were leaving Ukrainian ports, and futures in Chicago fell for "
        "a third session. Freight rates for bulk carriers eased.",
    ),
    (
        "Dynamo Kyiv win the derby in front of a full stadium",
        "The home side scored twice in the second half. The coach thanked the fans and dedicated the "
        "match to soldiers serving at the front.",
    ),
    (
        "Paris air show opens with drones and fighter jets on display",
        "Exhibitors at Le Bourget unveiled new interceptor drones, and Ukrainian firms had a pavilion "
        "of their own. Airbus and Boeing announced aircraft orders on the first day.",
    ),
    (
        "Poll: Civic Coalition leads ahead of the Polish election",
        "The governing party has 33 percent, according to a survey of voters. One candidate said "
        "Poland should not send troops to Ukraine, but the campaign is dominated by housing costs.",
    ),
    (
        "Kyiv band wins the jury vote at the song contest semi-final",
        "Ukraine and Finland qualified for the grand final, where the singer will perform in front "
        "of thousands of fans.",
    ),
    (
        "Heatwave grips Europe as temperatures in Kyiv reach 38 degrees",
        "Forecasters in Ukraine, Poland and Romania warned of wildfires and drought for the rest of "
        "the week.",
    ),
    (
        "Oil prices rise after strikes on Russian refineries",
        "Brent crude climbed to 74 dollars a barrel after Ukrainian drones hit two plants, traders said.",
    ),
    (
        "Ukrainian publishers take a stand at the Frankfurt book fair",
        "Visitors crowded the Ukrainian pavilion, where authors read from new novels.",
    ),
    (
        "War documentary from Ukraine wins top prize at the film festival",
        "The jury praised the film's portrait of a family in Kharkiv. The director thanked the festival.",
    ),
    (
        "Ceasefire in Gaza holds as mediators discuss an international force",
        "Israel and Hamas exchanged hostages and prisoners, and Egypt and Qatar proposed troops from "
        "Arab states to keep the peace.",
    ),
    (
        "Shipping insurers cut war-risk premiums in the Black Sea",
        "Underwriters said naval patrols had made the route safer, and charter rates for grain ships "
        "fell again this month.",
    ),
    (
        "Belgian governing coalition agrees on budget after months of talks",
        "The five coalition partners found a compromise on taxes, pensions and defence spending, the "
        "prime minister said.",
    ),
    (
        "Ukrainian player reaches the tennis semi-final",
        "She beat the second seed in three sets and will face a Czech opponent in the tournament.",
    ),
    (
        "EU tightens rules on smartphone repairs",
        "Phone makers will have to offer spare parts for seven years, the Commission said, and "
        "consumer groups in Ukraine and Moldova asked for the same rules.",
    ),
    (
        "Gas prices jump as a Ukraine transit deal expires",
        "European gas futures rose 4 percent, and traders said storage was lower than last year.",
    ),
    (
        "A coalition of the willing on carbon pricing",
        "Twelve countries agreed a floor price for industrial emissions, the climate ministers said.",
    ),
    (
        "Geneva motor show returns with electric cars",
        "Exhibitors from China and Europe unveiled new models, and visitors queued for test drives.",
    ),
    (
        "Spanish coalition partners clash over housing",
        "The junior partner threatened to leave the cabinet unless rents were capped, ahead of "
        "regional elections.",
    ),
    ("Ukraine", "Ukraine, Ukraine and Kyiv."),
    (
        "Satellite internet outages hit Ukrainian front-line units",
        "Soldiers said they lost their connection for hours; the operator gave no explanation.",
    ),
    ("Hackers disrupt a Ukrainian state registry", "Officials in Kyiv said no personal data was stolen."),
    (
        "Ukrainian refugees in Poland find work",
        "Most of the million Ukrainians who moved to Poland now have jobs, a survey found.",
    ),
    (
        "Overnight strikes damage power plants across Ukraine",
        "Air defence shot down most drones, but several plants were hit and thousands lost electricity.",
    ),
    (
        "Paris government survives a no-confidence vote",
        "The minority cabinet held on by nine votes; the budget is still not adopted.",
    ),
    ("A coalition forms", "A broad coalition of groups signed the letter."),
]


@pytest.mark.parametrize(("title", "text"), RELEVANT, ids=[t for t, _ in RELEVANT])
def test_relevant_examples_pass_with_margin(title: str, text: str) -> None:
    verdict = assess(title, text)
    assert verdict.relevant, verdict
    assert verdict.score >= THRESHOLD + MARGIN, verdict


@pytest.mark.parametrize(("title", "text"), TRAPS, ids=[t for t, _ in TRAPS])
def test_traps_fail_with_margin(title: str, text: str) -> None:
    verdict = assess(title, text)
    assert not verdict.relevant, verdict
    assert verdict.score <= THRESHOLD - MARGIN, verdict


def test_enough_examples() -> None:
    assert len(RELEVANT) >= 15 and len(TRAPS) >= 15


def test_ukraine_alone_is_not_enough() -> None:
    assert not assess("Ukraine", "Kyiv. Ukrainian. Ukraine's.").relevant
    assert not assess("Ukraine and Sweden reach the final", "Fans from Kyiv cheered.").relevant


def test_coalition_alone_is_not_enough() -> None:
    assert not assess("New coalition", "A coalition of charities launched an appeal.").relevant


def test_name_of_the_coalition_is_strong() -> None:
    verdict = assess("Coalition of the willing meets again", "Leaders will discuss Ukraine.")
    assert verdict.relevant
    assert any("coalition of the willing" in r for r in verdict.reasons)


def test_title_counts_more_than_body() -> None:
    sentence = "Britain will send troops to Ukraine."
    in_title = assess(sentence, "Leaders met on Monday.")
    in_body = assess("Leaders met on Monday", sentence)
    assert in_title.score > in_body.score


def test_negative_domain_subtracts() -> None:
    plain = assess("Troops for Ukraine", "Finland could send troops to Ukraine.")
    sporty = assess("Troops for Ukraine", "Finland could send troops to Ukraine. Football fans at the stadium.")
    assert sporty.score < plain.score
    assert any(r.startswith("-sport") for r in sporty.reasons)


def test_russian_troops_are_not_a_pledge() -> None:
    verdict = assess("Front line report", "Russian troops advanced near a village in eastern Ukraine.")
    assert not verdict.relevant


def test_extra_keywords_add_a_modest_boost() -> None:
    title, text = "Leaders meet in Paris", "They discussed a Ukraine support plan and Black Sea security."
    base = assess(title, text)
    boosted = assess(title, text, extra_keywords=["Black Sea security", "support plan", "absent phrase"])
    assert 0 < boosted.score - base.score <= 2.0
    assert any(r.startswith("keywords:") for r in boosted.reasons)


def test_threshold_parameter_and_determinism() -> None:
    title, text = RELEVANT[0]
    a, b = assess(title, text), assess(title, text)
    assert a == b and isinstance(a, Relevance)
    assert not assess(title, text, threshold=a.score + 0.1).relevant
    assert assess(title, text, threshold=a.score).relevant


def test_accents_punctuation_and_empty_input() -> None:
    assert assess("", "").score <= 0
    verdict = assess("Élysée summit: ‘reassurance force’ for Ukraine", "Leaders met at the Élysée.")
    assert verdict.relevant
    assert assess("PEACE-KEEPERS FOR UKRAINE?", "").relevant


DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles.json"


@pytest.mark.skipif(not DEV.exists(), reason="the shared development corpus is absent")
def test_dev_corpus_labels() -> None:
    articles = json.loads(DEV.read_text(encoding="utf-8"))
    wrong = []
    for art in articles:
        verdict = assess(art["title"], "\n\n".join(art["paragraphs"]))
        expected = art["id"].rsplit(":", 1)[-1].startswith("d")
        if verdict.relevant != expected:
            wrong.append((art["id"], verdict.score))
    assert not wrong


def test_speed_sanity() -> None:
    title, text = RELEVANT[0]
    body = " ".join(t for _, t in RELEVANT + TRAPS) * 3  # several thousand words
    start = time.perf_counter()
    for _ in range(50):
        assess(title, body)
    per_call = (time.perf_counter() - start) / 50
    print(f"relevance: {len(body.split())} words in {per_call * 1000:.2f} ms")
    assert per_call < 0.5  # generous: a sanity bound, not a benchmark

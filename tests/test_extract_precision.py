"""Precision families: genre and voice, mood, other deployments, places as labels, relevance traps.

Each test sentence is our own wording; none comes from a corpus.
"""

from __future__ import annotations

import pytest

from briefings.extract import extract
from briefings.extract.facts import Draft
from briefings.extract.voice import RULES, genre_of, screen, sentence_voice
from briefings.relevance import assess


def _rows(text: str, title: str = "") -> set[tuple[str, str, str]]:
    return {(f.country_code, f.category, f.status) for f in extract(text, title=title).facts}


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("Opinion: the alliance must stop hesitating", "opinion"),
        ("Analysis | What a ceasefire force would need", "opinion"),
        ("Fact check: no, Belgian troops are not in Kharkiv", "factcheck"),
        ("Belgium to send 300 troops to Ukraine force", None),
        ("Explainer: who is in the force", None),
    ],
)
def test_genre_from_title_label(title: str, genre: str | None) -> None:
    assert genre_of(title) == genre


def test_opinion_hypotheticals_are_no_pledge() -> None:
    text = "Belgium might quietly pay for the headquarters.\n\nThe Netherlands could lend a frigate to the group."
    assert _rows(text, title="Opinion: small states can do more") == set()


def test_opinion_keeps_an_attributed_firm_stance() -> None:
    text = "The Dutch defence minister said on Monday that the Netherlands will send a frigate to the Black Sea group."
    assert ("NL", "maritime", "committed") in _rows(text, title="Opinion: small states can do more")


def test_same_hypothetical_in_news_is_considering() -> None:
    text = "Belgium's prime minister said Belgium could send troops to the reassurance force."
    assert ("BE", "ground_troops", "considering") in _rows(text, title="Belgium weighs troops")


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts at a Brussels think tank argue that Slovenia could send engineers to the force.",
        "Several defence experts believe Croatia should contribute a company of soldiers.",
        "Researchers suggested that Greece might take on the force's logistics.",
    ],
)
def test_analysts_suggestions_are_no_pledge(sentence: str) -> None:
    assert sentence_voice(sentence, None) == "voice.analyst"
    assert _rows(sentence, title="Ukraine force planning") == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "The opposition demanded that the government send 500 soldiers to the Ukraine force.",
        "A motion tabled by minority parties calls on the cabinet to commit troops to the force.",
    ],
)
def test_opposition_demands_are_no_pledge(sentence: str) -> None:
    assert sentence_voice(sentence, None) == "voice.demand"


def test_factcheck_claim_is_no_fact() -> None:
    text = "A viral video claims that Slovakia is sending 2,000 soldiers to Lviv."
    assert _rows(text, title="Fact check: the Lviv video is from an exercise") == set()


def test_third_party_claim_about_another_country() -> None:
    text = "The Kremlin claimed that Estonia was secretly preparing a battalion of soldiers for Ukraine."
    assert not any(code == "EE" for code, _, _ in _rows(text, title="Moscow warns the coalition"))


def test_recollection_in_past_perfect_is_no_new_stance() -> None:
    sentence = "In October the minister had said that Slovakia was still weighing troops for the force."
    assert sentence_voice(sentence, None) == "mood.recollection"


def test_recollection_followed_by_new_stance_keeps_it() -> None:
    sentence = "Greece had refused troops for months but now says it will send a company to the force."
    assert sentence_voice(sentence, None) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Sweden already leads NATO's battlegroup in Finland, where 1,500 Swedish soldiers serve.",
        "Spain keeps about 650 troops with UNIFIL and will not reduce that mission.",
        "The Dutch contingent in the Lithuanian rotation will not be thinned out.",
    ],
)
def test_other_deployment_gives_no_fact(sentence: str) -> None:
    assert sentence_voice(sentence, None) == "size.other_deployment"


def test_coalition_size_next_to_its_own_battle_group_kept() -> None:
    assert not RULES["size.other_deployment"].search(
        "Norway will send a 900-strong battle group to the force."
    )
    facts = extract("Norway will send a 900-strong battle group to the force.", title="Norway").facts
    assert any(f.country_code == "NO" and f.size == 900 for f in facts)


def test_place_naming_a_document_is_no_actor() -> None:
    text = "The Lisbon Communiqué of March fixed the first rotation at 9,000 personnel, ready to deploy soon after a truce."
    assert not any(code == "PT" for code, _, _ in _rows(text, title="Explainer: the force"))


def test_countries_given_as_examples_are_no_actor() -> None:
    text = (
        "The force is what the coalition, a group of European states with partners such as New Zealand "
        "and South Korea, plans to deploy after a ceasefire."
    )
    codes = {code for code, _, _ in _rows(text, title="Explainer: the force")}
    assert not codes & {"NZ", "KR"}


def test_countries_listed_as_subject_still_state_a_stance() -> None:
    rows = _rows(
        "Several countries, including Greece and Malta, have refused to send troops.", title="Ukraine force"
    )
    assert ("GR", "ground_troops", "declined") in rows


# relevance traps


def test_historic_iraq_coalition_is_a_trap() -> None:
    r = assess(
        "Twenty years after: the 'coalition of the willing' and the Iraq war",
        "In 2003 a 'coalition of the willing' sent troops to Iraq; Britain deployed tens of thousands of "
        "personnel and Poland sent special forces. Historians still debate the invasion.",
    )
    assert not r.relevant and "name in another sense" in r.reasons


def test_sports_coalition_of_the_willing_is_a_trap() -> None:
    r = assess(
        "Handball federations form a 'coalition of the willing' for a joint bid",
        "Three federations called themselves a coalition of the willing for the tournament bid, with stadiums "
        "and fans in each country and security guarantees from governments.",
    )
    assert not r.relevant


def test_unrelated_ukraine_aid_is_a_trap() -> None:
    r = assess(
        "Lisbon funds school repairs in Ukraine",
        "Portugal will give 10 million euros to repair schools in Ukraine, the foreign ministry said, with "
        "humanitarian aid for families and reconstruction grants through UN agencies.",
    )
    assert not r.relevant and "general Ukraine aid" in r.reasons


def test_coalition_article_naming_ukraine_is_not_other_sense() -> None:
    r = assess(
        "Coalition of the willing ministers agree the Ukraine force's headquarters",
        "Defence ministers of the coalition of the willing agreed where the multinational force for Ukraine "
        "will have its headquarters after a ceasefire.",
    )
    assert r.relevant and "name in another sense" not in r.reasons


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Portugal has offered cargo planes to carry equipment and supplies for the force.", "equipment"),
        (
            "Sweden will pay 40 million euros for the force's communications and medical evacuation.",
            "humanitarian",
        ),
    ],
)
def test_category_word_in_another_sense_gives_no_such_offer(sentence: str, category: str) -> None:
    assert not any(cat == category for _, cat, _ in _rows(sentence, title="Ukraine force contributions"))


def test_own_pre_deployment_training_is_no_training_offer() -> None:
    draft = Draft(code="DK", category="training", status="committed", actor_text="Denmark")
    sentence = "Denmark said pre-deployment training for its soldiers would be held at home."
    assert screen([draft], sentence, None) == []


def test_real_training_offer_is_kept() -> None:
    rows = _rows(
        "Latvia will send instructors to train Ukrainian soldiers.", title="Ukraine force contributions"
    )
    assert ("LV", "training", "committed") in rows

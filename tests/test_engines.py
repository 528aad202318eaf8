"""The engine seam: the validator every engine's facts pass, and the offline engine behind the protocols."""

from __future__ import annotations

import asyncio

from briefings.engines import Answerer, ArticleText, Extractor, validate
from briefings.engines.offline import OfflineExtractor, extract_checked
from briefings.models import Event, Extraction, Fact

ARTICLE = """Finland's defence minister spoke in Helsinki on Tuesday.

The Finnish government will send a mine-clearing vessel to the Black Sea. It will also train Ukrainian divers.

Analysts expect more offers before the summit."""


def _fact(code: str, quote: str) -> Fact:
    return Fact(country_code=code, category="maritime", status="committed", quote=quote)


def test_a_quote_that_names_its_actor_is_kept():
    got = validate(Extraction(facts=[_fact("FI", "The Finnish government will send a mine-clearing vessel to "
                                                 "the Black Sea.")]), ARTICLE)
    assert len(got.extraction.facts) == 1 and not got.dropped


def test_whitespace_does_not_matter():
    quote = "The Finnish government will send a\n  mine-clearing vessel to the Black Sea."
    assert validate(Extraction(facts=[_fact("FI", quote)]), ARTICLE).extraction.facts


def test_a_quote_that_is_not_in_the_article_is_dropped_and_counted():
    got = validate(Extraction(facts=[_fact("FI", "Finland will send a destroyer to the Baltic.")]), ARTICLE)
    assert got.extraction.facts == [] and got.dropped["quote not in the article"] == 1


def test_a_quote_that_names_another_actor_is_dropped():
    got = validate(Extraction(facts=[_fact("SE", "The Finnish government will send a mine-clearing vessel to "
                                                 "the Black Sea.")]), ARTICLE)
    assert got.extraction.facts == [] and got.dropped["quote does not name the actor"] == 1


def test_a_carried_actor_gets_the_sentence_that_names_it():
    got = validate(Extraction(facts=[_fact("FI", "It will also train Ukrainian divers.")]), ARTICLE)
    (fact,) = got.extraction.facts
    assert fact.quote == ("The Finnish government will send a mine-clearing vessel to the Black Sea. "
                          "It will also train Ukrainian divers.")
    assert fact.quote in ARTICLE and got.repaired == 1


def test_events_need_a_quote_from_the_article():
    got = validate(Extraction(events=[Event(kind="meeting", quote="Ministers met in Oslo."),
                                      Event(kind="meeting", quote="Finland's defence minister spoke in Helsinki "
                                                                  "on Tuesday.")]), ARTICLE)
    assert len(got.extraction.events) == 1 and got.dropped["event quote not in the article"] == 1


def test_the_offline_engine_is_behind_the_protocol():
    engine = OfflineExtractor()
    assert isinstance(engine, Extractor) and not isinstance(engine, Answerer)
    got = asyncio.run(engine.extract(ArticleText(ARTICLE, title="Finland offers a ship")))
    assert got.extraction.facts == extract_checked(ARTICLE, title="Finland offers a ship").extraction.facts
    assert all(f.quote.replace("\n", " ") in ARTICLE.replace("\n", " ") for f in got.extraction.facts)


def test_front_ends_reach_extraction_and_answers_only_through_the_commands():
    from pathlib import Path

    root = Path(__file__).parent.parent / "bot"
    offenders = [str(p) for p in root.rglob("*.py")
                 if any(f"{verb} briefings.{mod}" in p.read_text() for verb in ("from", "import")
                        for mod in ("extract", "answers"))]
    assert offenders == []

"""Sizes, whole-force figures, money and dates of the offline extractor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from briefings.extract import extract
from briefings.extract.dates import find_date

PUBLISHED = date(2026, 1, 7)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "code", "size"),
    [
        ("Estonia is prepared to send a company of about 150 soldiers.", "EE", 150),
        ("Britain would deploy up to 10,000 troops.", "GB", 10000),
        ("Lithuania's defence minister said Vilnius was ready to send up to 300 troops.", "LT", 300),
        ("The UK is responsible for providing no less than 8,000 people.", "GB", 8000),
        ("Canada will send a 1,200-strong battle group to the force.", "CA", 1200),
        ("Denmark is ready to send a battalion.", "DK", None),
    ],
)
def test_own_contribution_size(text: str, code: str, size: int | None) -> None:
    facts = [f for f in extract(text, published=PUBLISHED).facts if f.category == "ground_troops"]
    assert [(f.country_code, f.size) for f in facts] == [(code, size)]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("The force could number up to 30,000 troops.", 30000, "up to"),
        ("A newspaper said Europe could field a force of up to 25,000 troops, a third of them French.", 25000, "up to"),
        ("Planners said the approximate size of the peacekeeping force is 20,000.", 20000, None),
        ("The prime minister floated the idea of a 12,000 peacekeeping force.", 12000, None),
    ],
)
def test_whole_force_figures_are_not_sizes(text: str, value: int, qualifier: str | None) -> None:
    ex = extract(text, published=PUBLISHED)
    assert all(f.size is None for f in ex.facts)
    forces = [(f.value, f.qualifier) for f in ex.figures if f.kind == "force_size"]
    assert forces == [(value, qualifier)]


def test_force_figure_proposer() -> None:
    ex = extract("The British prime minister proposed a 10,000-strong peacekeeping force.", published=PUBLISHED)
    (fig,) = [f for f in ex.figures if f.kind == "force_size"]
    assert (fig.value, fig.proposer_code) == (10000, "GB")


def test_planners_figure() -> None:
    ex = extract("Healey said about 200 military planners were working on options.", published=PUBLISHED)
    assert [(f.kind, f.value, f.qualifier) for f in ex.figures] == [("planners", 200, "about")]
    assert ex.facts == []


@pytest.mark.parametrize(
    ("text", "code", "amount", "value", "currency"),
    [
        ("Britain also announced 2.5 billion pounds of export finance for Ukraine.", "GB", "2.5 billion pounds", 2.5e9, "GBP"),
        ("Norway's parliament approved a contribution of about 70 billion kroner.", "NO", "70 billion kroner", 7e10, "NOK"),
        ("Denmark pledged 3 billion kroner in new funding.", "DK", "3 billion kroner", 3e9, "DKK"),
        ("Germany pledged €3bn in loans.", "DE", "€3bn", 3e9, "EUR"),
        ("Canada will provide C$2 billion in financial support.", "CA", "C$2 billion", 2e9, "CAD"),
        ("Japan announced it would provide $1 billion in financial support.", "JP", "$1 billion", 1e9, "USD"),
        ("Sweden will give 40 billion kronor this year.", "SE", "40 billion kronor", 4e10, "SEK"),
    ],
)
def test_money(text: str, code: str, amount: str, value: float, currency: str) -> None:
    (fact,) = [f for f in extract(text, published=PUBLISHED).facts if f.category == "funding"]
    assert (fact.country_code, fact.status, fact.amount, fact.amount_value, fact.currency) == (
        code, "committed", amount, value, currency)


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("He said on Sunday that", date(2025, 2, 17), date(2025, 2, 16)),  # Monday -> previous Sunday
        ("They met in Paris on Tuesday.", date(2025, 3, 11), date(2025, 3, 11)),  # same weekday: that day
        ("On February 16, he said", date(2025, 4, 14), date(2025, 2, 16)),
        ("On December 20, he said", date(2025, 4, 14), date(2024, 12, 20)),  # would be in the future
        ("The chiefs will meet on 20 March.", date(2025, 3, 16), date(2025, 3, 20)),
        ("On November 11, 2024, they met", date(2025, 4, 14), date(2024, 11, 11)),
        ("March 11, 2025 was a Tuesday", date(2026, 1, 1), date(2025, 3, 11)),
        ("last week, officials said", date(2025, 3, 19), date(2025, 3, 12)),
        ("yesterday the minister said", date(2025, 3, 19), date(2025, 3, 18)),
        ("He travels there next Monday.", date(2025, 3, 19), date(2025, 3, 24)),
        ("in November 2024 they began", date(2025, 3, 19), date(2024, 11, 1)),
        ("no date here", date(2025, 3, 19), None),
    ],
)
def test_find_date(sentence: str, ref: date, expected: date | None) -> None:
    assert find_date(sentence, ref) == expected


def test_fact_dates_follow_the_text() -> None:
    text = (
        "On February 16, the British prime minister said he was ready to deploy British troops.\n\n"
        "On March 15, the UK hosted a video call. The Italian prime minister made it clear that Italy will not send troops.\n\n"
        "Spain said on Monday it would consider sending troops."
    )
    published = datetime(2025, 4, 16, 8, 0, tzinfo=UTC)  # a Wednesday
    got = {(f.country_code, f.status, f.date) for f in extract(text, published=published).facts}
    assert got == {
        ("GB", "committed", date(2025, 2, 16)),
        ("IT", "declined", date(2025, 3, 15)),  # the paragraph's date carries over
        ("ES", "considering", date(2025, 4, 14)),
    }


def test_publication_date_is_the_default() -> None:
    (fact,) = extract("Poland will not send troops.", published=date(2025, 3, 1)).facts
    assert fact.date == date(2025, 3, 1)

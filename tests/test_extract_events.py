"""Events (meetings, calls, visits, declarations) and statements of the offline extractor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from briefings.extract import extract
from briefings.models import Event

PUBLISHED = datetime(2025, 3, 12, 18, 0, tzinfo=UTC)  # a Wednesday


def events(text: str) -> list[Event]:
    return extract(text, published=PUBLISHED).events


@pytest.mark.parametrize(
    ("text", "kind", "title", "place", "day"),
    [
        ("The prime minister hosted 14 leaders at Lancaster House in London on Sunday.", "meeting", "Meeting in London",
         "Lancaster House, London", date(2025, 3, 9)),
        ("Army chiefs from 20 countries met in Paris on Tuesday.", "meeting", "Meeting of army chiefs in Paris", "Paris",
         date(2025, 3, 11)),
        ("Defence ministers met at NATO headquarters in Brussels on Monday.", "meeting", "Meeting of defence ministers in Brussels",
         "NATO headquarters, Brussels", date(2025, 3, 10)),
        ("The chancellor chaired a video call with 25 leaders on Saturday.", "call", "Video call", None, date(2025, 3, 8)),
        ("Four leaders travelled together to Kyiv on Saturday.", "visit", "Visit to Kyiv", "Kyiv", date(2025, 3, 8)),
        ("A summit in Rome on 3 March ended without agreement.", "summit", "Summit in Rome", "Rome", date(2025, 3, 3)),
        ("Leaders signed a declaration in Paris on Tuesday.", "declaration", "Paris Declaration", "Paris", date(2025, 3, 11)),
    ],
)
def test_event_kind_title_place_date(text: str, kind: str, title: str, place: str | None, day: date) -> None:
    (ev,) = events(text)
    assert (ev.kind, ev.title, ev.place, ev.date) == (kind, title, place, day)
    assert ev.quote == text


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("Keir Starmer hosted 18 leaders in London on Sunday.", 18),
        ("Representatives of 31 countries met in Paris on Thursday.", 31),
        ("Ministers from about 30 countries met in Brussels on Thursday.", 30),
        ("A summit of more than 30 countries was held in Paris on Tuesday.", 30),
        ("A video conference attended by 29 heads of state took place on Saturday.", 29),
    ],
)
def test_participant_counts(text: str, participants: int) -> None:
    (ev,) = events(text)
    assert ev.participants == participants


@pytest.mark.parametrize(
    ("text", "host", "host_code"),
    [
        ("Keir Starmer hosted 18 leaders in London on Sunday.", "Keir Starmer", "GB"),
        ("A video call hosted by Britain took place on Saturday.", "Britain", "GB"),
        ("The meeting in Brussels on Thursday was co-hosted by the Dutch minister and a Danish official.",
         "the Dutch minister and a Danish official", "NL"),
        ("A summit initiated by France was held in Paris on Tuesday.", "France", "FR"),
        ("A video conference convened by the UK on Saturday drew 29 leaders.", "the UK", "GB"),
    ],
)
def test_hosts(text: str, host: str, host_code: str) -> None:
    (ev,) = events(text)
    assert (ev.host, ev.host_code) == (host, host_code)


def test_absences_and_follow_up_sentences() -> None:
    text = (
        "Military chiefs from 34 countries met in Paris on Tuesday to discuss guarantees for Ukraine. "
        "No American representative took part. The meeting was hosted by the French chief of defence staff."
    )
    (ev,) = events(text)
    assert ev.participants == 34
    assert ev.absent_codes == ("US",)
    assert ev.host_code == "FR"
    assert "UA" not in ev.participant_codes
    assert extract(text, published=PUBLISHED).facts == []


def test_attendance_list_and_without() -> None:
    text = (
        "European leaders met in Paris on Monday for an emergency meeting on Ukraine, after Washington opened talks with "
        "Moscow. Leaders of France, Germany, Poland and Spain attended."
    )
    (ev,) = events(text)
    assert ev.participant_codes == ("FR", "DE", "PL", "ES")
    (ev2,) = events("A summit of 30 countries, without the United States, was held in Paris on Tuesday.")
    assert ev2.absent_codes == ("US",)
    (ev3,) = events("A military summit excluding the United States was held in Paris on Tuesday.")
    assert ev3.absent_codes == ("US",)


def test_outcome() -> None:
    (ev,) = events("Starmer hosted 18 leaders in London on Sunday and announced that a coalition would draw up a plan.")
    assert ev.outcome == "a coalition would draw up a plan"


def test_passing_reference_is_no_meeting() -> None:
    assert events("Talks about the force continue.") == []


@pytest.mark.parametrize(
    ("text", "speaker", "topic", "about"),
    [
        ("Lavrov said that NATO troops in Ukraine would be completely unacceptable.", "RU", "warning", ("NATO", "UA")),
        ("Medvedev warned that foreign troops in Ukraine would mean a full-scale war.", "RU", "warning", ("UA",)),
        ("The Kremlin claimed that Britain was preparing troops for Ukraine.", "RU", "claim", ("GB", "UA")),
        ("Peskov said the European plan was hot-headed.", "RU", "position", ()),
        ("Minsk said the coalition troops were a provocation.", "BY", "warning", ()),
    ],
)
def test_statements(text: str, speaker: str, topic: str, about: tuple[str, ...]) -> None:
    ex = extract(text, published=PUBLISHED)
    assert ex.facts == []
    (st,) = ex.statements
    assert (st.speaker_code, st.topic, st.about_codes) == (speaker, topic, about)
    assert st.quote == text
    assert st.date == date(2025, 3, 12)


def test_no_statement_from_a_pledge() -> None:
    assert extract("Poland will not send troops.", published=PUBLISHED).statements == []

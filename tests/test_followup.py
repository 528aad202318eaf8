"""Follow-up questions in one conversation: "and Italy?", "what about ships?", "when was that?", "who said it?"."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import console
from briefings.answers import Answer
from briefings.answers.followup import EXPIRY, Context, context_of, resolve, speaker_of
from briefings.commands import Briefings, followups
from briefings.ingest.prepare import analyse_text
from briefings.knowledge import refresh_pledges
from briefings.replies import Source
from storage import DatabaseRunner, open_database
from storage import conversations as cq
from storage.articles import ArticleRecord, save_article

POLAND = Context(question="Will Poland send troops?", actors=("PL",), categories=("ground_troops",), kind="stance",
                 found=True, sources=(Source(url="https://desk.test/pl", title="Warsaw", outlet="Test Desk",
                                             quote="Prime Minister Tusk said Poland will not send soldiers.",
                                             published="2026-03-04T09:00:00Z"),),
                 dates=("2026-03-02",))


@pytest.mark.parametrize(("typed", "understood"), [
    ("and Italy?", "Will Italy send troops?"),
    ("What about Spain and Portugal?", "Will Spain and Portugal send troops?"),
    ("Italy?", "Will Italy send troops?"),
    ("how about the UK", "Will the United Kingdom send troops?"),
    ("what about ships?", "Will Poland send ships?"),
    ("and air support?", "Will Poland send air support?"),
    ("and Italy's navy?", "Will Italy contribute maritime support?"),
    ("Will they send jets?", "Will Poland send jets?"),
    ("Does it plan to train pilots?", "Does Poland plan to train pilots?"),
])
def test_an_elliptic_question_is_read_against_the_one_before(typed: str, understood: str) -> None:
    r = resolve(typed, POLAND)
    assert (r.question, r.previous, r.answer) == (understood, "Will Poland send troops?", None)


@pytest.mark.parametrize("typed", [
    "And what will Italy do?", "Will Germany send troops?", "Which countries will send troops?",
    "Is it true that the summit was postponed?", "and?", "Tell me about the Black Sea mission and its ships please",
])
def test_a_question_of_its_own_is_answered_as_typed(typed: str) -> None:
    r = resolve(typed, POLAND)
    assert (r.question, r.previous) == (" ".join(typed.split()), None)


def test_without_a_context_nothing_is_a_follow_up() -> None:
    assert resolve("and Italy?", None).question == "and Italy?"
    assert not resolve("who said it?", None).follow_up


def test_names_replace_names_and_demonyms_demonyms() -> None:
    lists = Context(question="Will Denmark and Sweden send troops?", actors=("DK", "SE"), categories=("ground_troops",))
    assert resolve("and Norway?", lists).question == "Will Norway send troops?"
    demonym = Context(question="Are Polish soldiers going to Ukraine?", actors=("PL",), categories=("ground_troops",))
    assert resolve("and Italy?", demonym).question == "Are Italian soldiers going to Ukraine?"
    listing = Context(question="Which countries will send troops?", categories=("ground_troops",), kind="list")
    assert resolve("and Spain?", listing).question == "Will Spain contribute ground troops?"
    assert resolve("what about frigates?", listing).question == "Which countries will send frigates?"


def test_when_was_that_gives_the_date_the_quote_refers_to() -> None:
    r = resolve("when was that?", POLAND)
    assert r.question == "When did Poland take that stance on ground troops?" and r.keep == POLAND
    assert r.answer is not None and r.answer.found
    assert r.answer.answer.startswith("On 2 March 2026, as reported by Test Desk: “Prime Minister Tusk said")
    assert r.answer.sources == [POLAND.sources[0]]
    event = Context(question="Where was the Rome summit held?", kind="where",
                    sources=(Source(url="u", title="t", quote="The summit met in Rome.", published="2026-01-09"),))
    assert resolve("When?", event).question == "When was the Rome summit held?"
    assert "9 January 2026" in resolve("since when?", event).answer.answer  # type: ignore[union-attr]


def test_who_said_it_names_the_speaker_of_the_quote() -> None:
    r = resolve("Who said that?", POLAND)
    assert r.question == "Who said “Prime Minister Tusk said Poland will not send soldiers.”?"
    assert r.answer is not None and r.answer.answer.startswith("Prime Minister Tusk, as reported by Test Desk on 2 March 2026")
    assert speaker_of("Officials in Oslo said on Monday that Norway will send a frigate.") == "Officials in Oslo"
    assert speaker_of("The summit was held in the United States embassy.") is None
    unsaid = Context(question="q", sources=(Source(url="u", title="t", quote="Talks ended late.", outlet="Desk"),))
    assert "names no speaker" in resolve("who said it?", unsaid).answer.answer  # type: ignore[union-attr]
    assert not resolve("who said it?", Context(question="q")).follow_up  # nothing was quoted


def test_a_context_round_trips_through_json() -> None:
    ctx = context_of("Will Italy send troops?", Answer("q", "No.", True, [POLAND.sources[0]]), ["2026-03-02"])
    assert (ctx.actors, ctx.categories, ctx.kind, ctx.dates) == (("IT",), ("ground_troops",), "stance", ("2026-03-02",))
    assert Context.from_json(ctx.to_json()) == ctx


def test_the_store_keeps_one_context_per_conversation_and_forgets_old_ones() -> None:
    db = open_database(":memory:")
    t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    cq.save(db, "console:a", "Will Poland send troops?", {"actors": ["PL"]}, now=t0, max_age=EXPIRY)
    cq.save(db, "discord:42", "Who hosted it?", {}, now=t0, max_age=EXPIRY)
    cq.save(db, "console:a", "Will Italy send troops?", {"actors": ["IT"]}, now=t0 + timedelta(minutes=5), max_age=EXPIRY)
    got = cq.load(db, "console:a", now=t0 + timedelta(minutes=20), max_age=EXPIRY)
    assert got is not None and (got.question, got.context) == ("Will Italy send troops?", {"actors": ["IT"]})
    assert cq.load(db, "console:a", now=t0 + timedelta(minutes=40), max_age=EXPIRY) is None  # expired
    assert cq.load(db, "slack:C1:1.2", now=t0, max_age=EXPIRY) is None
    cq.save(db, "slack:C1:1.2", "q", {}, now=t0 + timedelta(hours=2), max_age=EXPIRY)  # prunes the expired rows
    assert [r[0] for r in db.execute("SELECT key FROM conversations")] == ["slack:C1:1.2"]
    cq.forget(db, "slack:C1:1.2")
    assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
    with pytest.raises(ValueError):
        cq.save(db, "x" * 300, "q", {}, now=t0, max_age=EXPIRY)


ARTICLES = (
    ("pl", "2026-03-04T09:00:00Z", "Warsaw keeps its soldiers home",
     "On 2 March, Prime Minister Tusk said Poland will not send soldiers to the reassurance force."),
    ("it", "2026-03-05T09:00:00Z", "Rome steps forward",
     "Italy will send 400 troops to the reassurance force, Defence Minister Crosetto said.\n\n"
     "Italy will also provide two frigates for the Black Sea."),
)


def _save(db: Any, slug: str, published: str, title: str, text: str) -> None:
    when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    analysis = analyse_text(text, title, when, published)
    url = f"https://desk.test/{slug}"
    rec = ArticleRecord(guid=f"desk:{slug}", url=url, canonical_url=url, title=title, outlet="Test Desk",
                        published=published, updated=None, text=text,
                        content_hash=hashlib.sha256(text.encode()).hexdigest(), relevance=1.0, relevant=True,
                        signature=analysis.signature, bands=analysis.bands)
    save_article(db, rec, analysis.knowledge, lambda _c: None, facts_changed=refresh_pledges)


@pytest.fixture
def runner(tmp_path: Path):
    db = open_database(tmp_path / "f.db")
    for article in ARTICLES:
        _save(db, *article)
    db.close()
    r = DatabaseRunner(tmp_path / "f.db")
    yield r
    r.close()


def test_a_conversation_follows_up_through_briefings_ask(runner, monkeypatch):
    clock = [datetime(2026, 3, 6, 10, 0, tzinfo=UTC)]
    monkeypatch.setattr(followups, "now", lambda: clock[0])

    async def go() -> list[Any]:
        b = Briefings(runner)
        out = []
        for q in ("Will Poland send troops?", "and Italy?", "when was that?", "who said it?", "what about ships?"):
            out.append(await b.ask(q, conversation="console:s1"))
        out.append(await b.ask("and Italy?", conversation="discord:99"))  # another conversation: no context
        out.append(await b.ask("and Italy?"))  # no conversation at all
        clock[0] += EXPIRY + timedelta(minutes=1)
        out.append(await b.ask("and Poland?", conversation="console:s1"))  # the context has expired
        return out

    first, italy, when, who, ships, other, none, late = asyncio.run(go())
    assert first.title == "Will Poland send troops?" and not first.notices
    assert italy.title == "Will Italy send troops?" and italy.payload.found and "committed" in italy.text
    assert italy.notices[0].text == "Follow-up to “Will Poland send troops?”, read as “Will Italy send troops?”."
    assert italy.to_json()["question"] == "Will Italy send troops?"
    assert when.title == "When did Italy take that stance on ground troops?"
    assert when.text.startswith("On 5 March 2026, as reported by Test Desk: “Italy will send 400 troops")
    assert who.text.startswith("Defence Minister Crosetto, as reported by Test Desk")
    assert ships.title == "Will Italy send ships?" and "maritime" in ships.text  # when/who kept the topic
    assert other.title == "and Italy?" and not other.notices
    assert none.title == "and Italy?"
    assert late.title == "and Poland?"


def test_the_console_chat_keeps_one_conversation_per_session(runner, monkeypatch):
    lines = iter(["Will Poland send troops?", "and Italy?", None])

    class Lines:
        def __init__(self, _interactive: bool) -> None:
            pass

        async def next(self) -> str | None:
            return next(lines)

    shown: list[str] = []
    monkeypatch.setattr(console, "_Lines", Lines)
    monkeypatch.setattr(console, "render", lambda reply, _console: shown.append(reply.title))
    asyncio.run(console.chat(Briefings(runner), interactive=False))
    assert shown == ["Will Poland send troops?", "Will Italy send troops?"]
    keys = runner.call_sync(lambda db: [r[0] for r in db.execute("SELECT key FROM conversations")])
    assert len(keys) == 1 and keys[0].startswith("console:")
    reply = asyncio.run(console.dispatch(Briefings(runner), "/explain Italy maritime"))
    assert reply is not None and reply.kind == "explain" and reply.to_json()["facts"]

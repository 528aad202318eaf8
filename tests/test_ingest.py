"""Ingestion end to end: a loopback feed server, the real fetcher and parser, a real SQLite file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from storage import DatabaseRunner
from storage import articles as aq
from storage import feeds as fq

ITEM = """<item><guid isPermaLink="false">{guid}</guid><title>{title}</title><link>{link}</link>
<pubDate>{date}</pubDate><description>{body}</description></item>"""

ON_TOPIC = ("&lt;p&gt;Ministers of the coalition of the willing met on Thursday to plan the reassurance force "
            "for Ukraine. Norway said it is ready to send troops to Ukraine after a ceasefire, and Portugal "
            "said it could contribute a small team of engineers.&lt;/p&gt;&lt;p&gt;The ministers also agreed to "
            "meet again in May to discuss security guarantees for Kyiv.&lt;/p&gt;")
OFF_TOPIC = ("&lt;p&gt;The governing coalition in the capital agreed on a pension reform on Thursday after "
             "weeks of talks between the coalition partners.&lt;/p&gt;")


def rss(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test desk</title>'
            "<link>https://desk.test/</link><description>t</description>" + "".join(items) + "</channel></rss>").encode()


def item(guid: str, title: str, body: str, link: str | None = None, date: str = "Thu, 10 Apr 2025 10:00:00 GMT") -> str:
    return ITEM.format(guid=guid, title=title, link=link or f"https://desk.test/{guid}", date=date, body=body)


@pytest.fixture
def env(tmp_path):
    runner = DatabaseRunner(tmp_path / "ingest.db")
    yield runner
    runner.close()


async def _ingestor(runner: DatabaseRunner, **kw) -> tuple[Ingestor, Fetcher]:
    fetcher = Fetcher(FetchLimits(total_timeout=5.0))
    return Ingestor(runner, fetcher, **kw), fetcher


def run(coro):
    return asyncio.run(coro)


def test_feed_over_http_counts_relevance_and_duplicates(env, feed_server):
    feed_server.add("/feed.xml", rss(
        item("a1", "Coalition ministers plan the reassurance force for Ukraine", ON_TOPIC),
        item("a2", "Pension deal in the governing coalition", OFF_TOPIC),
        item("a1", "Coalition ministers plan the reassurance force for Ukraine", ON_TOPIC),
    ))

    async def go():
        ing, f = await _ingestor(env)
        try:
            first = await ing.ingest_sources([feed_server.url("/feed.xml")])
            second = await ing.ingest_sources([feed_server.url("/feed.xml")])
        finally:
            await f.aclose()
        return first, second

    first, second = run(go())
    assert (first.fetched, first.new, first.irrelevant, first.duplicates, first.errors) == (3, 1, 1, 1, [])
    assert first.facts >= 1
    assert (second.new, second.updated, second.duplicates) == (0, 0, 3)
    sources = env.call_sync(aq.list_sources)
    assert [s["guid"] for s in sources] == ["a1"]


def test_an_updated_entry_replaces_text_and_keeps_one_row(env, feed_server):
    feed_server.add("/f.xml", rss(item("u1", "Coalition plans the reassurance force for Ukraine", ON_TOPIC)))

    async def go():
        ing, f = await _ingestor(env)
        try:
            await ing.ingest_sources([feed_server.url("/f.xml")])
            feed_server.add("/f.xml", rss(item("u1", "Coalition plans the reassurance force for Ukraine",
                                               ON_TOPIC.replace("Portugal", "Spain"))))
            return await ing.ingest_sources([feed_server.url("/f.xml")])
        finally:
            await f.aclose()

    report = run(go())
    assert (report.new, report.updated) == (0, 1)
    texts = env.call_sync(lambda db: [r[0] for r in db.execute("SELECT text FROM articles")])
    assert len(texts) == 1 and "Spain" in texts[0] and "Portugal" not in texts[0]


def test_syndicated_copy_shares_the_story(env, feed_server):
    feed_server.add("/f.xml", rss(
        item("orig", "Coalition plans the reassurance force for Ukraine", ON_TOPIC, link="https://desk.test/story"),
        item("copy", "Reassurance force: coalition ministers meet", ON_TOPIC,
             link="https://wire.test/copy?utm_source=rss&utm_medium=feed"),
    ))

    async def go():
        ing, f = await _ingestor(env)
        try:
            return await ing.ingest_sources([feed_server.url("/f.xml")])
        finally:
            await f.aclose()

    report = run(go())
    assert (report.new, report.duplicates) == (1, 1)
    rows = env.call_sync(aq.list_sources)
    assert len(rows) == 2 and len({r["story_id"] for r in rows}) == 1


def test_summary_only_entry_gets_its_page_fetched(env, feed_server):
    page = ("<html><head><title>x</title></head><body><nav>Home | World</nav><article><h1>Troops</h1>"
            + "".join(f"<p>Paragraph {i}: Belgium said it could send troops to Ukraine as part of the "
                      f"reassurance force once a ceasefire holds, officials said.</p>" for i in range(6))
            + "</article><footer>Contact us</footer></body></html>")
    feed_server.add("/page", page, content_type="text/html; charset=utf-8")
    feed_server.add("/f.xml", rss(item("p1", "Belgium weighs troops for the reassurance force in Ukraine",
                                       "Belgium may join the force.", link=feed_server.url("/page"))))

    async def go():
        ing, f = await _ingestor(env)
        try:
            return await ing.ingest_sources([feed_server.url("/f.xml")])
        finally:
            await f.aclose()

    report = run(go())
    assert report.new == 1
    assert feed_server.requests_for("/page")
    text = env.call_sync(lambda db: db.execute("SELECT text FROM articles").fetchone()[0])
    assert "Paragraph 5" in text and "Contact us" not in text


def test_bad_sources_are_listed_and_the_others_go_on(env, feed_server, tmp_path):
    feed_server.add("/ok.xml", rss(item("k1", "Coalition plans the reassurance force for Ukraine", ON_TOPIC)))
    feed_server.add("/page.html", "<html><body><p>Hello</p></body></html>", content_type="text/html")
    feed_server.add("/gone", "", status=404)

    async def go():
        ing, f = await _ingestor(env)
        try:
            return await ing.ingest_sources([
                feed_server.url("/page.html"), str(tmp_path / "missing.xml"),
                feed_server.url("/gone"), feed_server.url("/ok.xml"),
            ])
        finally:
            await f.aclose()

    report = run(go())
    assert report.new == 1
    assert [e["source"] for e in report.errors] == [feed_server.url("/page.html"), str(tmp_path / "missing.xml"),
                                                   feed_server.url("/gone")]
    assert all(e["error"] for e in report.errors)
    assert "404" in report.errors[2]["error"]


def test_poll_uses_conditional_get_and_backs_off_failures(env, feed_server):
    feed_server.add("/c.xml", rss(item("c1", "Coalition plans the reassurance force for Ukraine", ON_TOPIC)),
                    etag='"v1"')
    feed_server.add("/broken", "", status=500)
    env.call_sync(fq.ensure_feed, feed_server.url("/c.xml"))
    env.call_sync(fq.ensure_feed, feed_server.url("/broken"))

    async def go():
        ing, f = await _ingestor(env)
        try:
            one = await ing.poll()
            two = await ing.poll()
        finally:
            await f.aclose()
        return one, two

    one, two = run(go())
    assert one.new == 1 and two.fetched == 0  # the second poll got a 304
    assert feed_server.last_request("/c.xml").headers.get("if-none-match") == '"v1"'
    assert len(feed_server.requests_for("/broken")) == 1  # backing off: not asked again at once
    broken = env.call_sync(fq.get_feed, feed_server.url("/broken"))
    assert broken.consecutive_failures == 1 and "500" in (broken.last_error or "") and broken.next_attempt


def test_a_configured_local_path_is_not_read_by_the_poller(env, tmp_path):
    path = tmp_path / "local.xml"
    path.write_bytes(rss(item("l1", "Coalition plans the reassurance force for Ukraine", ON_TOPIC)))
    env.call_sync(fq.ensure_feed, str(path))

    async def go():
        ing, f = await _ingestor(env)
        try:
            return await ing.poll()
        finally:
            await f.aclose()

    report = run(go())
    assert report.new == 0 and "command line" in report.errors[0]["error"]


def test_single_article_from_a_local_text_file(env, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Canada is ready to send troops to Ukraine\n\nCanada is ready to send troops to Ukraine as part "
                   "of the coalition of the willing once a ceasefire is agreed, its prime minister said on Monday.\n")

    async def go():
        ing, f = await _ingestor(env)
        try:
            return await ing.ingest_sources([str(doc)], articles=True)
        finally:
            await f.aclose()

    report = run(go())
    assert report.new == 1 and report.errors == []
    [row] = env.call_sync(aq.list_sources)
    assert row["title"] == "Canada is ready to send troops to Ukraine"
    assert row["guid"] == Path(doc).resolve().as_uri()

"""Ingestion end to end: a loopback feed server, the real fetcher and parser, a real SQLite file."""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feedserver import Route

from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.ingest.article import ArticleOverrides
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
    """An ingestor whose fetches may reach the loopback test server (the default refuses it)."""
    fetcher = Fetcher(FetchLimits(total_timeout=5.0))
    kw.setdefault("allow_private", True)
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


# -- the address guard, the page budget, Retry-After --------------------------------------------


def _with(env, use, **kw):
    """``use(ingestor)`` with a fresh ingestor (keywords of :func:`_ingestor`), its fetcher closed after."""
    async def go():
        ing, f = await _ingestor(env, **kw)
        try:
            return await use(ing)
        finally:
            await f.aclose()

    return run(go())


def _run_with(env, sources, articles=False, **kw):
    return _with(env, lambda ing: ing.ingest_sources(sources, articles=articles), **kw)


def _rows(env):
    return env.call_sync(lambda db: [dict(r) for r in db.query(
        "SELECT guid, url, canonical_url, title, outlet, published, text FROM articles ORDER BY id")])


def test_article_pages_are_not_fetched_from_private_addresses_by_default(env, feed_server, tmp_path):
    feed_server.add("/page", "<html><body><p>secret intranet page</p></body></html>", content_type="text/html")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(item("g1", "Belgium weighs troops for the reassurance force in Ukraine", ON_TOPIC,
                              link=feed_server.url("/page"))))
    report = _run_with(env, [str(feed)], allow_private=False)
    assert report.new == 1 and report.errors == []
    assert feed_server.requests_for("/page") == []  # the guard refused the loopback page
    assert "secret intranet" not in _rows(env)[0]["text"]


def test_a_feed_on_a_private_address_is_refused_by_default(env, feed_server):
    feed_server.add("/f.xml", rss(item("g1", "Coalition plans the reassurance force for Ukraine", ON_TOPIC)))
    report = _run_with(env, [feed_server.url("/f.xml")], allow_private=False)
    assert "allow_private_feed_addresses" in report.errors[0]["error"] and feed_server.requests == []


def test_page_fetches_of_one_feed_share_a_time_budget(env, feed_server):
    release = threading.Event()

    def never(_request):
        release.wait(30)
        return Route(status=200, body=b"<html></html>", headers={"Content-Type": "text/html"})

    feed_server.add_handler("/hang", never)
    entries = [item(f"h{i}", f"Coalition ministers plan the reassurance force for Ukraine, part {i}",
                    ON_TOPIC.replace("Thursday", f"day {i}"), link=feed_server.url(f"/hang?n={i}")) for i in range(40)]
    feed_server.add("/f.xml", rss(*entries))

    started = time.perf_counter()
    try:  # each page may take 5 s (the fetch limit), 50 s for all 40; the feed gives them 1.5 s
        report = _run_with(env, [feed_server.url("/f.xml")], page_budget=1.5)
    finally:
        release.set()
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"one poll took {elapsed:.1f} s"  # without the budget: 40 / 4 x 20 s = 200 s
    assert report.new + report.duplicates == 40 and report.errors == []
    assert all("reassurance force" in r["text"] for r in _rows(env))  # each kept its feed text


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_retry_after_sets_the_next_attempt(env, feed_server, form):
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    feed_server.add("/busy", "busy", status=503, content_type="text/plain",
                    headers={"Retry-After": "3600" if form == "seconds" else later})
    env.call_sync(fq.ensure_feed, feed_server.url("/busy"))
    report = _with(env, lambda ing: ing.poll())
    assert "503" in report.errors[0]["error"]
    feed = env.call_sync(fq.get_feed, feed_server.url("/busy"))
    wait = (datetime.fromisoformat(feed.next_attempt) - datetime.now(UTC)).total_seconds()
    assert 3500 < wait <= 3600  # not the 60 s of the first backoff step


# -- what is stored: http(s) URLs only, no control characters, no credentials -------------------


def test_only_http_urls_are_stored_as_article_urls(env, tmp_path):
    links = ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "file:///etc/passwd",
             "vbscript:msgbox", "https://desk.test/real-story"]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(*(item(f"s{i}", f"Coalition plans the reassurance force for Ukraine {i}",
                                ON_TOPIC.replace("Thursday", f"day {i}"), link=link.replace("<", "&lt;").replace(">", "&gt;"))
                           for i, link in enumerate(links))))
    report = _run_with(env, [str(feed)])
    assert report.errors == [] and report.new + report.duplicates == 5
    rows = _rows(env)
    assert [r["url"] for r in rows] == [None, None, None, None, "https://desk.test/real-story"]
    assert [r["canonical_url"] for r in rows][:4] == [None] * 4
    assert [r["guid"] for r in rows] == [f"s{i}" for i in range(5)]


def test_control_characters_are_stripped_before_storage(env, tmp_path):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": [{
        "id": "ctl\u0000-\u0001guid", "url": "https://desk.test/ctl\u0000", "title": "Coalition\u0000 plans the\u0007 "
        "reassurance force\u001b for Ukraine", "content_text": ON_TOPIC.replace("&lt;p&gt;", "").replace("&lt;/p&gt;", "")
        .replace("Norway", "Nor\u0000way\u000b"), "authors": [{"name": "Desk\u0008 One"}]}]}
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(doc))
    assert _run_with(env, [str(feed)]).new == 1
    [row] = _rows(env)
    assert row["guid"] == "ctl-guid" and row["title"] == "Coalition plans the reassurance force for Ukraine"
    assert row["outlet"] == "Desk One" and "Norway" in row["text"]
    assert not any(ch in "".join(str(v) for v in row.values()) for ch in map(chr, [*range(9), *range(11, 32)]))


def test_credentials_of_a_source_are_redacted_in_reports_and_logs(env, feed_server, caplog):
    feed_server.add("/gone", "no", status=404, content_type="text/plain")
    url = feed_server.url("/gone?key=abc123&id=7").replace("//", "//op:pa55word@", 1)
    env.call_sync(fq.ensure_feed, url)

    async def both(ing):
        return await ing.ingest_sources([url]), await ing.poll()

    with caplog.at_level(logging.DEBUG):
        named, polled = _with(env, both)
    feed = env.call_sync(fq.get_feed, url)
    shown = json.dumps([named.as_dict(), polled.as_dict(), feed.last_error]) + caplog.text
    assert "pa55word" not in shown and "abc123" not in shown
    assert named.errors[0]["source"] == feed_server.url("/gone?key=***&id=7").replace("//", "//***@", 1)


# -- single articles ----------------------------------------------------------------------------


def test_a_single_article_takes_the_operators_title_outlet_url_and_date(env, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Untitled draft\n\nPoland said on Monday it will not send troops to Ukraine as part of the "
                   "coalition of the willing, the defence minister told reporters in Warsaw.\n")
    when = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)
    overrides = ArticleOverrides(title="Poland rules out troops", outlet="Warsaw Desk",
                                 url="https://warsaw.test/poland-troops", published=when)
    assert _with(env, lambda ing: ing.ingest_sources([str(doc)], articles=True, overrides=overrides)).new == 1
    [row] = _rows(env)
    assert (row["title"], row["outlet"], row["url"]) == ("Poland rules out troops", "Warsaw Desk",
                                                         "https://warsaw.test/poland-troops")
    assert row["published"] == "2025-03-05T09:30:00Z" and row["guid"] == "https://warsaw.test/poland-troops"
    days = env.call_sync(lambda db: {r[0] for r in db.execute("SELECT date FROM sentences")})
    assert days == {"2025-03-05"}  # the extraction was given the operator's date as its reference


def test_an_article_page_gives_its_own_title_outlet_and_date(env, feed_server):
    page = ("<html><head><title>Norway ready to send troops</title>"
            '<meta property="og:site_name" content="Fjord Times">'
            '<meta property="article:published_time" content="2025-04-10T08:00:00+00:00"></head><body><article>'
            + "".join(f"<p>Norway said it is ready to send troops to Ukraine as part of the reassurance force, "
                      f"point {i}.</p>" for i in range(5)) + "</article></body></html>")
    feed_server.add("/story", page, content_type="text/html; charset=utf-8")
    assert _run_with(env, [feed_server.url("/story")], articles=True).new == 1
    [row] = _rows(env)
    assert row["title"] == "Norway ready to send troops" and row["outlet"] == "Fjord Times"
    assert row["published"].startswith("2025-04-10") and row["url"] == feed_server.url("/story")


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, bytes(random.Random(7).randrange(256) for _ in range(4096))],
    ids=["png", "random-bytes"],
)
def test_binary_input_is_not_an_article(env, tmp_path, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    report = _run_with(env, [str(path)], articles=True)
    assert report.new == 0 and "not text" in report.errors[0]["error"]
    assert _rows(env) == []


def test_a_local_page_named_as_a_feed_is_told_to_use_article(env, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Norway is ready to send troops.</p></body></html>")
    report = _run_with(env, [str(page)])
    assert "--article" in report.errors[0]["error"] and _rows(env) == []

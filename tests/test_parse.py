"""parse_feed: formats, encodings, entity refusal, odd documents, and the third-party corpus."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedserver import FeedServer

from briefings.errors import NotAFeed, ParseError, UnsafeXML
from briefings.feeds.fetch import Fetcher
from briefings.feeds.parse import parse_feed, parse_feed_async
from briefings.models import ParsedFeed

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "feeds-corpus"


def load(name: str) -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), name)


def test_rss2() -> None:
    feed = load("rss2.xml")
    assert feed.version == "rss20" and feed.title == "Test Wire & Friends" and feed.warning is None
    assert feed.link == "https://wire.example.test/"
    first, second = feed.entries
    assert first.guid == "wire-0001"
    assert first.url == "https://wire.example.test/2025/03/envoys-meet?utm_source=rss"
    assert first.title == "Envoys meet to plan a reassurance mission"  # markup stripped
    assert first.published == datetime(2025, 3, 2, 17, 5, tzinfo=UTC) == first.updated
    assert first.outlet == "Planning Desk"
    assert first.content_html is not None and "<p>Envoys from several capitals" in first.content_html
    assert first.summary_html == "Short teaser about the envoys."
    assert second.content_html is None and second.outlet == "Example Agency"
    assert second.summary_html == "<p>Only a <b>summary</b> here.</p>"


def test_atom() -> None:
    feed = load("atom.xml")
    assert feed.version == "atom10" and feed.title == "Atom Test Desk"
    first, second = feed.entries
    assert first.guid == "tag:atom.example.test,2025:a1" and first.url == "https://atom.example.test/a1"
    assert first.published == first.updated == datetime(2025, 4, 1, 9, 30, tzinfo=UTC)  # from updated
    assert first.outlet == "Air Desk"
    assert second.outlet == "Atom Test Desk"  # no author: the feed's title
    # plain-text content is escaped into paragraphs, never taken for markup
    assert (
        second.content_html
        == "<p>First paragraph of plain text.</p><p>Second paragraph &lt;not a tag&gt;.</p>"
    )
    assert second.summary_html == second.content_html


def test_rdf() -> None:
    feed = load("rdf.xml")
    assert feed.version == "rss10"
    (entry,) = feed.entries
    assert entry.guid == entry.url == "https://rdf.example.test/r1"
    assert entry.published == datetime(2025, 5, 5, 7, 15, tzinfo=UTC)


def test_json_feed() -> None:
    feed = load("feed.json")
    assert feed.version == "json11" and feed.title == "JSON Test Journal"
    assert feed.link == "https://json.example.test/"
    first, second = feed.entries
    assert first.guid == "json-1" and first.title == "Training offer & logistics"
    assert first.published == datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    assert first.updated == datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert first.outlet == "Training Desk" and first.summary_html == "<p>An offer to train soldiers.</p>"
    assert second.guid == "42" and second.title == "" and second.outlet == "Journal Staff"
    assert second.content_html == "<p>Plain text only.</p><p>Second paragraph.</p>"
    assert second.published == second.updated == datetime(2025, 6, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "body",
    [
        b'{"items": []}',
        b'{"version": "https://jsonfeed.org/version/1", "items": "nope"}',
        b"[1, 2, 3]",
        b"{not json",
    ],
)
def test_odd_json_is_a_parse_error(body: bytes) -> None:
    try:
        feed = parse_feed(body, "j")
    except ParseError:
        return
    assert feed.entries == []


def test_empty_feed_is_valid() -> None:
    feed = load("empty.xml")
    assert feed.version == "rss20" and feed.entries == [] and feed.title == "Quiet Channel"


def test_bozo_feed_is_accepted_with_a_warning() -> None:
    feed = load("bozo.xml")
    assert feed.warning and "not well-formed" in feed.warning and len(feed.warning) <= 200
    (entry,) = feed.entries
    assert entry.guid == "careless-1" and entry.title == "Fish & chips summit"


def test_entries_without_guid_or_link_get_stable_guids() -> None:
    first, second = load("noguid.xml").entries
    again = load("noguid.xml").entries
    assert first.guid.startswith("urn:sha1:") and len(first.guid) == len("urn:sha1:") + 40
    assert first.guid != second.guid
    assert [e.guid for e in again] == [first.guid, second.guid]
    assert first.url is None


def test_html_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>News</title></head><body><p>Hello</p></body></html>"
    with pytest.raises(NotAFeed, match="HTML page") as info:
        parse_feed(page, "https://example.test/page")
    assert info.value.source == "https://example.test/page"


@pytest.mark.parametrize("body", [b"", b"   \n", b"just some words", b"<note><to>x</to></note>"])
def test_other_documents_are_not_feeds(body: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(body, "x")


def test_relative_links_are_resolved_against_the_feed_url() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title><link>/home</link>
<item><title>a</title><link>/2025/a.html</link></item><item><title>b</title><link>http://[broken</link></item>
</channel></rss>"""
    feed = parse_feed(data, "https://rel.example.test/feeds/rss.xml")
    assert feed.link == "https://rel.example.test/home"
    # only absolute http(s) links are kept: a broken one, or one left relative, becomes no URL
    assert [e.url for e in feed.entries] == ["https://rel.example.test/2025/a.html", None]
    assert parse_feed(data, "/tmp/local.xml").entries[0].url is None


def test_wrong_content_type_still_parses() -> None:
    data = (FIXTURES / "rss2.xml").read_bytes()
    feed = parse_feed(data, "x", content_type="text/html; charset=utf-8")
    assert len(feed.entries) == 2


def test_feed_served_as_text_html_over_http(feed_server: FeedServer) -> None:
    feed_server.add_file("/feed", FIXTURES / "rss2.xml", content_type="text/html")

    async def go() -> ParsedFeed:
        async with Fetcher(trust_env=False) as fetcher:
            result = await fetcher.fetch(feed_server.url("/feed"), allow_private=True)  # loopback server
        assert result.content is not None
        return await parse_feed_async(result.content, result.url, result.content_type)

    assert [e.guid for e in asyncio.run(go()).entries] == [
        "wire-0001",
        "https://wire.example.test/2025/03/second",
    ]


# -- encodings ---------------------------------------------------------------------------------

ENCODED_RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>{title}</title><link>https://enc.example.test/</link>
<item><title>{title}</title><guid>enc-1</guid><description>{title} today</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("encoding", "title"),
    [("iso-8859-1", "Zürich talks"), ("windows-1251", "Киев и Париж"), ("utf-8", "Kyiv – Київ – Zürich")],
)
def test_declared_encodings(encoding: str, title: str) -> None:
    data = ENCODED_RSS.format(enc=encoding, title=title).encode(encoding)
    feed = parse_feed(data, "x")
    assert feed.title == title and feed.entries[0].title == title


def test_charset_from_http_header_is_honoured() -> None:
    data = ENCODED_RSS.format(enc="windows-1251", title="Киев").replace(' encoding="windows-1251"', "")
    feed = parse_feed(
        data.encode("windows-1251"), "x", content_type="application/rss+xml; charset=windows-1251"
    )
    assert feed.entries[0].title == "Киев"


def test_utf16_with_bom() -> None:
    data = ENCODED_RSS.format(enc="utf-16", title="Zürich").encode("utf-16")
    assert parse_feed(data, "x").entries[0].title == "Zürich"


# -- entity declarations -----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""

WIDE_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + b"A" * 10_000 + b'">]>\n'
    b'<rss version="2.0"><channel><item><title>' + b"&a;" * 100_000 + b"</title></item></channel></rss>"
)

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!doctype rss [ <!entity % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote; ]>
<rss version="2.0"><channel><title>t</title></channel></rss>"""

# A "]" and a "<b" inside comments and a PI must not end the DOCTYPE scan early.
HIDDEN_IN_SUBSET = b"""<?xml version="1.0"?>
<!-- <b> a comment with a tag -->
<!DOCTYPE rss [ <!-- ] > --> <?pi <b ?> <!ELEMENT rss ANY> <!ENTITY x "boom"> ]>
<rss version="2.0"><channel><title>&x;</title></channel></rss>"""


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        WIDE_ENTITY,
        EXTERNAL_ENTITY,
        PARAMETER_ENTITY,
        HIDDEN_IN_SUBSET,
        BILLION_LAUGHS.decode().encode("utf-16"),
        BILLION_LAUGHS.decode().encode("utf-16-be"),
        b"\xef\xbb\xbf" + EXTERNAL_ENTITY,
    ],
    ids=[
        "billion-laughs",
        "wide",
        "external",
        "parameter",
        "hidden",
        "utf16-bom",
        "utf16be-nobom",
        "utf8-bom",
    ],
)
def test_entity_declarations_are_refused_fast(data: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(UnsafeXML, match="entities"):
        parse_feed(data, "evil")
    assert time.perf_counter() - started < 1.0


def test_plain_doctype_and_entity_text_in_content_are_fine() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old style</title><link>https://old.example.test/</link>
<item><title>XML tips</title><link>https://old.example.test/1</link>
<description><![CDATA[Never write <!ENTITY x "y"> in a feed.]]></description></item></channel></rss>"""
    feed = parse_feed(data, "x")
    assert feed.entries[0].title == "XML tips"
    assert feed.entries[0].summary_html is not None and "<!ENTITY" in feed.entries[0].summary_html


def test_parse_feed_async_runs_in_a_thread() -> None:
    feed = asyncio.run(parse_feed_async((FIXTURES / "atom.xml").read_bytes(), "atom"))
    assert len(feed.entries) == 2


# -- robustness over third-party feeds ---------------------------------------------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared feed corpus is not present")
def test_corpus_parses_or_raises_parse_errors_only() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(files) > 100
    unexpected: list[str] = []
    parsed = 0
    started = time.perf_counter()
    for path in files:
        try:
            feed = parse_feed(path.read_bytes(), str(path))
        except ParseError:
            continue
        except Exception as exc:  # noqa: BLE001 - exactly what this test looks for
            unexpected.append(f"{path.relative_to(CORPUS)}: {type(exc).__name__}: {exc}")
            continue
        parsed += 1
        for entry in feed.entries:
            assert entry.guid, path
            assert entry.published is None or entry.published.tzinfo is not None, path
    elapsed = time.perf_counter() - started
    print(f"corpus: {len(files)} files, {parsed} parsed, {elapsed:.1f} s")
    assert not unexpected, "\n".join(unexpected)
    assert parsed > len(files) * 0.8
    assert elapsed < 120


# -- what an entry may carry -------------------------------------------------------------------


def test_links_that_are_not_http_give_entries_no_url() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title><link>https://desk.example.test/</link>
<item><title>a</title><link>javascript:alert(1)</link></item>
<item><title>b</title><link>data:text/html;base64,PHNjcmlwdD4=</link></item>
<item><title>c</title><link>file:///etc/passwd</link></item>
<item><title>d</title><link>/2025/d.html</link></item></channel></rss>"""
    feed = parse_feed(data, "/tmp/local-feed.xml")
    assert [e.url for e in feed.entries] == [None, None, None, "https://desk.example.test/2025/d.html"]
    assert all(e.guid.startswith("urn:sha1:") for e in feed.entries[:3])  # never the javascript: link


def test_json_feed_urls_must_be_http_too() -> None:
    doc = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
      {"id": "1", "url": "javascript:void(0)", "external_url": "https://ext.example.test/1", "title": "x"},
      {"id": "2", "url": "data:,hello", "title": "y"}]}"""
    first, second = parse_feed(doc, "j.json").entries
    assert first.url == "https://ext.example.test/1" and second.url is None


def test_control_characters_are_removed_from_entries() -> None:
    data = (b'<rss version="2.0"><channel><title>t</title><item><guid>id\x01-7</guid>'
            b"<title>Envoys\x00 meet\x1f today</title><description>Body\x02 text</description>"
            b"</item></channel></rss>")
    (entry,) = parse_feed(data, "ctl.xml").entries
    assert entry.guid == "id-7" and entry.title == "Envoys meet today"
    assert entry.summary_html == "Body text"

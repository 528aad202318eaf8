"""Feeds added from chat: through the fetch guards, parsed before stored, credentials never shown."""

from __future__ import annotations

import asyncio

import pytest

from briefings.errors import UsageError
from briefings.feeds import Fetcher, FetchLimits
from briefings.feeds_admin import FeedAdmin
from storage import DatabaseRunner

FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Desk</title><link>https://h.test/</link>'
        b"<item><title>One</title><link>https://h.test/1</link><guid>h1</guid></item></channel></rss>")


def run(tmp_path, allow_private: bool, work):
    async def go():
        runner = DatabaseRunner(tmp_path / "f.db")
        fetcher = Fetcher(FetchLimits())
        try:
            return await work(FeedAdmin(runner, fetcher, allow_private=allow_private))
        finally:
            await fetcher.aclose()
            runner.close()

    return asyncio.run(go())


def test_a_loopback_feed_is_refused_unless_the_operator_allows_it(tmp_path, feed_server):
    feed_server.add("/feed.xml", body=FEED)
    url = feed_server.url("/feed.xml")

    async def refused(admin):
        with pytest.raises(UsageError, match="private"):
            await admin.add(url, added_by="t")
        return await admin.list()

    assert "No feeds yet" in run(tmp_path, False, refused).text

    async def allowed(admin):
        added = await admin.add(url.replace("http://", "http://reader:hunter2@"), added_by="t")
        return added, await admin.list()

    added, listed = run(tmp_path, True, allowed)
    assert "Harbour Desk" in added.text
    cells = " ".join(c.text for r in listed.table.rows for c in r.cells)
    assert "hunter2" not in cells and "***" in cells


@pytest.mark.parametrize("url", ["ftp://h.test/feed", "javascript:alert(1)", "not a url", "file:///etc/passwd"])
def test_only_http_urls(tmp_path, url):
    async def work(admin):
        with pytest.raises(UsageError, match="http"):
            await admin.add(url, added_by="t")

    run(tmp_path, False, work)


def test_a_page_that_is_not_a_feed_is_not_stored(tmp_path, feed_server):
    feed_server.add("/page.html", body=b"<html><body><p>Hello</p></body></html>", content_type="text/html")

    async def work(admin):
        with pytest.raises(UsageError, match="could not add"):
            await admin.add(feed_server.url("/page.html"), added_by="t")
        with pytest.raises(UsageError, match="No feed"):
            await admin.remove(feed_server.url("/page.html"))
        return await admin.list()

    assert "No feeds yet" in run(tmp_path, True, work).text

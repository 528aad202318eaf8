"""Feed administration from chat: ``/feeds add|remove|list``, platform-free.

A URL added from chat is fetched once through the fetch guards before it is stored (private,
loopback, link-local and metadata addresses refused on every resolved address and after every
redirect, unless ``limits.allow_private_feed_addresses``) and must parse as a feed; the reply says
what was added or exactly why not.
"""

from __future__ import annotations

import logging

from briefings.commands.parse import plural
from briefings.errors import BlockedAddress, FeedError, UsageError
from briefings.feeds import Fetcher
from briefings.feeds.parse import parse_feed_async
from briefings.redact import redact
from briefings.replies import Cell, Column, Paragraph, Reply, Row, Table, safe_url
from storage import DatabaseRunner
from storage import feeds as feed_store

log = logging.getLogger(__name__)

COLUMNS = (Column("name", "Feed", "text", wrap=True), Column("url", "URL", "text", wrap=True),
           Column("failures", "Failures", "number"), Column("error", "Last error", "text", wrap=True))


class FeedAdmin:
    def __init__(self, runner: DatabaseRunner, fetcher: Fetcher, *, allow_private: bool = False) -> None:
        self.runner = runner
        self.fetcher = fetcher
        self.allow_private = allow_private

    async def add(self, url: str, *, added_by: str) -> Reply:
        url = url.strip()
        if not safe_url(url):
            raise UsageError("A feed is an http:// or https:// URL, e.g. https://example.org/feed.xml.")
        try:
            result = await self.fetcher.fetch(url, allow_private=self.allow_private)
            if not result.content:
                raise UsageError(f"{url} answered without a body: is it a feed?")
            feed = await parse_feed_async(result.content, url, result.content_type)
        except BlockedAddress:
            log.warning("refused a feed at a private address (added by %s)", added_by)
            raise UsageError("That URL points at a private, loopback, link-local or metadata address, which "
                             "feeds added from chat may not reach.") from None
        except FeedError as e:
            raise UsageError(f"I could not add that feed: {e.reason}.") from None
        row = await self.runner.call(feed_store.ensure_feed, url, name=feed.title or None, added_by=added_by)
        text = (f"Added “{feed.title or redact(url)}” ({plural(len(feed.entries), 'entry', 'entries')} now). "
                "New articles arrive with the next poll.")
        log.info("feed %s added by %s", row.id, added_by)
        return Reply(kind="feeds", title="Feed added", blocks=[Paragraph.of(text)], ephemeral=True)

    async def remove(self, url: str) -> Reply:
        removed = await self.runner.call(feed_store.remove_feed, url.strip())
        if not removed:
            raise UsageError(f"No feed with the URL {url.strip()} is subscribed: /feeds list shows them.")
        return Reply(kind="feeds", title="Feed removed",
                     blocks=[Paragraph.of("Removed; the articles already stored stay.")], ephemeral=True)

    async def list(self) -> Reply:
        feeds = await self.runner.call(feed_store.list_feeds)
        if not feeds:
            return Reply(kind="feeds", title="Feeds", blocks=[Paragraph.of("No feeds yet: /feeds add URL.")])
        rows = tuple(Row((Cell("text", f.name, f.name or ""), Cell("text", redact(f.url), redact(f.url)),
                          Cell("number", f.consecutive_failures, str(f.consecutive_failures)),
                          Cell("text", f.last_error, redact(f.last_error or "")))) for f in feeds)
        return Reply(kind="feeds", title="Feeds", blocks=[Paragraph.of(plural(len(feeds), "feed") + "."),
                                                          Table(COLUMNS, rows)])

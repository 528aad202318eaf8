"""Feeds: fetching bytes with limits, parsing RSS/Atom/JSON Feed, canonical URLs and plain text.

The public names are re-exported here; see each module for the rules it enforces (SPEC §7).
"""

from __future__ import annotations

import logging

from briefings.feeds.fetch import Fetcher, FetchLimits, backoff_delay, is_local_source, read_local
from briefings.feeds.parse import parse_feed, parse_feed_async, parse_json_feed
from briefings.feeds.text import entry_text, extract_article_text, html_to_text
from briefings.feeds.urls import address_block_reason, canonical_url

log = logging.getLogger(__name__)

__all__ = [
    "FetchLimits",
    "Fetcher",
    "address_block_reason",
    "backoff_delay",
    "canonical_url",
    "entry_text",
    "extract_article_text",
    "html_to_text",
    "is_local_source",
    "parse_feed",
    "parse_feed_async",
    "parse_json_feed",
    "read_local",
]

"""Shared pytest fixtures. ``feed_server``: a loopback HTTP server for feeds (see tests/feedserver.py)."""

from __future__ import annotations

from feedserver import FeedServer, RecordedRequest, Route, feed_server

__all__ = ["FeedServer", "RecordedRequest", "Route", "feed_server"]

"""canonical_url: one spelling per article URL."""

from __future__ import annotations

import pytest

from briefings.feeds.urls import canonical_url, is_tracking_param


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/a/b", "https://news.example.org/a/b"),
        ("HTTPS://News.Example.ORG/Path/Keeps/Case", "https://news.example.org/Path/Keeps/Case"),
        ("http://example.org:80/x", "http://example.org/x"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("http://example.org:443/x", "http://example.org:443/x"),
        ("https://example.org/x#section-2", "https://example.org/x"),
        ("https://example.org/", "https://example.org"),
        ("https://example.org", "https://example.org"),
        ("https://example.org/europe/", "https://example.org/europe/"),
        ("https://example.org/?id=3", "https://example.org?id=3"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?UTM_Campaign=x&id=7", "https://example.org/a?id=7"),
        ("https://example.org/a?b=2&fbclid=abc&a=1", "https://example.org/a?b=2&a=1"),
        (
            "https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref=5&ref_src=6&cmpid=7&ocid=8&_ga=9"
            "&at_medium=10&at_campaign=11",
            "https://example.org/a",
        ),
        ("https://example.org/a?q=x%20y&utm_term=z&page=2", "https://example.org/a?q=x%20y&page=2"),
        ("https://example.org/a?z=1&y=2&x=3", "https://example.org/a?z=1&y=2&x=3"),
        ("https://example.org/a?reference=1&refresh=2", "https://example.org/a?reference=1&refresh=2"),
        ("https://example.org/a?flag&utm_x=1", "https://example.org/a?flag"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
        ("https://user:pw@Example.org/a", "https://user:pw@example.org/a"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("  /local/path.xml ", "/local/path.xml"),
        ("urn:sha1:abc", "urn:sha1:abc"),
        ("https://example.org:notaport/a", "https://example.org:notaport/a"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    url = "HTTP://Example.org:80/a/?b=1&utm_source=x#frag"
    once = canonical_url(url)
    assert canonical_url(once) == once == "http://example.org/a/?b=1"


@pytest.mark.parametrize(
    ("name", "tracking"), [("utm_source", True), ("FBCLID", True), ("id", False), ("referrer", False)]
)
def test_is_tracking_param(name: str, tracking: bool) -> None:
    assert is_tracking_param(name) is tracking

"""Fuzz targets (hypothesis): the feed parser and the question parser never fail unexpectedly.

* feed bytes, random or shaped like RSS/Atom/JSON Feed with random pieces: ``parse_feed`` returns a
  feed or raises a :class:`~briefings.errors.FeedError` (a reason for the report), nothing else,
  each within 2 s;
* question text, random Unicode and question-shaped: the question parser and the command argument
  parsers return or raise :class:`~briefings.errors.UsageError`, nothing else.

CI runs a short pass (``BRIEFBOT_FUZZ_EXAMPLES``, default 150 examples per target); the long run
documented in docs/RELIABILITY.md sets it to 20000.
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.answers.questions import parse as parse_question
from briefings.commands.parse import parse_category, parse_country
from briefings.errors import FeedError, UsageError
from briefings.feeds.parse import parse_feed

EXAMPLES = int(os.environ.get("BRIEFBOT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOWEST: dict[str, float] = {}

TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
FRAGMENT = st.one_of(
    TEXT,
    st.sampled_from(["<item>", "</item>", "<entry>", "</entry>", "<title>", "</title>", "<link>", "</link>",
                     "<guid>", "</guid>", "<pubDate>", "</pubDate>", "<description>", "</description>",
                     "<![CDATA[", "]]>", "&amp;", "&lt;p&gt;", "&#0;", "&#xD800;", "<!DOCTYPE x>", "<?xml?>",
                     "<content type=\"html\">", "</content>", "<updated>2025-13-45T99:99:99Z</updated>",
                     "Mon, 99 Foo 2025 25:61:00 GMT", "http://", "javascript:alert(1)", "\x00", "\ufeff"]),
)
SHAPED = st.builds(
    lambda head, parts, tail: (head + "".join(parts) + tail).encode("utf-8", "surrogatepass"),
    st.sampled_from(['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
                     '<feed xmlns="http://www.w3.org/2005/Atom">', '{"version": "https://jsonfeed.org/version/1.1", '
                     '"items": [', "<rdf:RDF>", ""]),
    st.lists(FRAGMENT, max_size=40),
    st.sampled_from(["</channel></rss>", "</feed>", "]}", "", "</rdf:RDF>"]),
)
QUESTION_WORDS = st.sampled_from(["will", "who", "how many", "troops", "Poland", "Türkiye", "the UK", "Starmer",
                                  "air", "declined", "since", "March", "2025", "?", "not", "instead of", "€5bn",
                                  "10,000", "peacekeepers", "'", '"', "NEAR(", "AND", "*"])
QUESTION = st.one_of(TEXT, st.lists(st.one_of(QUESTION_WORDS, TEXT), max_size=30).map(" ".join))


def _timed(name: str, fn, *args):
    started = time.perf_counter()
    try:
        return fn(*args)
    finally:
        SLOWEST[name] = max(SLOWEST.get(name, 0.0), time.perf_counter() - started)


@FUZZ
@given(st.one_of(st.binary(max_size=4000), SHAPED), st.sampled_from([None, "application/rss+xml",
                                                                     "text/html; charset=koi8-r", "application/json"]))
def test_feed_parser(data, content_type):
    try:
        _timed("feed", parse_feed, data, "https://fuzz.test/feed", content_type)
    except FeedError:
        pass
    assert SLOWEST["feed"] < 2.0


@FUZZ
@given(QUESTION)
def test_question_parsers(text):
    _timed("question", parse_question, text)
    for fn in (parse_country, parse_category):
        try:
            fn(text)
        except UsageError:
            pass


def test_fuzz_figures(figure):
    figure("examples per target", EXAMPLES, "", "no exception but FeedError / UsageError")
    figure("slowest feed parse", SLOWEST.get("feed", 0.0), "s", "< 2 s")
    figure("slowest question parse", SLOWEST.get("question", 0.0), "s")

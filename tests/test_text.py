"""Plain text: entry HTML to paragraphs, the full-article heuristic, and article extraction."""

from __future__ import annotations

import time

import pytest

from briefings.feeds.text import clean_inline, entry_text, extract_article_text, html_to_text, looks_truncated
from briefings.models import FeedEntry

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ministers weigh a reassurance force | Example Gazette</title>
  <script>window.analytics = {track: function () {}};</script>
  <style>body { font-family: serif; }</style>
</head>
<body>
  <header>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/world">World</a></li>
        <li><a href="/sport">Sport</a></li>
        <li><a href="/subscribe">Subscribe now for one euro</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Ministers weigh a reassurance force</h1>
      <p class="byline">By the Gazette defence desk</p>
      <p>Defence ministers from a dozen European countries met in a windowless conference room on Thursday to compare what each government could offer if a ceasefire is ever agreed.</p>
      <p>Several delegations said they were ready in principle to contribute aircraft for air policing, while others preferred to help with training, logistics and money rather than soldiers on the ground.</p>
      <p>One official described the meeting as a careful inventory rather than a pledging conference, adding that no capital wanted to announce numbers before parliaments had been consulted.</p>
      <p>The ministers agreed to meet again next month, when planners are expected to present options for the size and headquarters of the force.</p>
    </article>
    <section class="comments">
      <h2>Comments</h2>
      <p>Reader42: first!</p>
    </section>
  </main>
  <aside>
    <h3>Most read</h3>
    <ul><li><a href="/x">Celebrity bakes a very large cake</a></li></ul>
  </aside>
  <footer>
    <p>Copyright Example Gazette. All rights reserved. Privacy policy. Cookie settings.</p>
  </footer>
</body>
</html>"""


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello &amp; <b>world</b></p><p>Second\n   paragraph</p>", "Hello & world\n\nSecond paragraph"),
        ("one<br>two<br/><br>three", "one\n\ntwo\n\nthree"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("<h2>Title</h2><blockquote>Quoted words</blockquote>after", "Title\n\nQuoted words\n\nafter"),
        ("<div>a<script>alert('x')</script> b<style>p {}</style> c</div>", "a b c"),
        ("<p>x<!-- a comment --> y</p>", "x y"),
        ("<p>caf&eacute; &#8211; &#x41;&nbsp;B</p>", "café – A B"),
        ("<p>unclosed <b>bold <i>italic</p><p>next", "unclosed bold italic\n\nnext"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"),
        ("plain text &amp; more\n\nsecond   paragraph", "plain text & more\n\nsecond paragraph"),
        ("", ""),
        ("   ", ""),
        ("</p>", ""),
        ("<p></p><p>  </p>", ""),
        ('<?xml version="1.0" encoding="utf-8"?><p>declared</p>', "declared"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_html_to_text_odd_input() -> None:
    assert html_to_text("<div>" * 5000 + "deep text" + "</div>" * 5000) == "deep text"
    assert html_to_text("<p>a\x00b\x01c</p>") == "abc"


def test_html_to_text_is_fast() -> None:
    html = ("<p>" + "Some words &amp; a <a href='/x'>link</a> here. " * 40 + "</p>") * 20
    started = time.perf_counter()
    for _ in range(20):
        text = html_to_text(html)
    assert text.count("\n\n") == 19
    assert (time.perf_counter() - started) / 20 < 0.05


def test_clean_inline() -> None:
    assert clean_inline("  <b>Bold</b> AT&amp;amp;T\n news ") == "Bold AT&T news"
    assert clean_inline(None) == ""
    assert clean_inline("Why x < y matters") == "Why x < y matters"


def _entry(content: str | None = None, summary: str | None = None) -> FeedEntry:
    return FeedEntry(
        guid="g", url="https://example.test/a", title="t", content_html=content, summary_html=summary
    )


LONG = "<p>" + "A full sentence about the force and its tasks. " * 20 + "</p>"


def test_entry_text_long_content_is_full() -> None:
    text, full = entry_text(_entry(LONG, "<p>Short summary.</p>"))
    assert full and text.startswith("A full sentence") and len(text) >= 600


def test_entry_text_summary_only_is_not_full() -> None:
    assert entry_text(_entry(None, "<p>Only a <b>teaser</b>.</p>")) == ("Only a teaser.", False)


def test_entry_text_short_content_clearly_longer_than_summary_is_full() -> None:
    content = "<p>" + "Short article sentence here. " * 12 + "</p>"  # about 350 characters
    text, full = entry_text(_entry(content, "<p>One line.</p>"))
    assert full and 300 < len(text) < 600


def test_entry_text_short_content_like_summary_is_not_full() -> None:
    content = "<p>A two-line teaser that the feed put in both places.</p>"
    assert entry_text(_entry(content, content))[1] is False
    assert entry_text(_entry(content, None))[1] is False


@pytest.mark.parametrize("ending", ["Continue reading...", "Read more", "[…]", "and then…"])
def test_entry_text_teaser_endings_are_not_full(ending: str) -> None:
    text, full = entry_text(_entry(LONG.replace("</p>", ending + "</p>")))
    assert not full and text.endswith(ending)


def test_entry_text_empty_content_falls_back_to_summary() -> None:
    assert entry_text(_entry("<p> </p>", "<p>Summary</p>")) == ("Summary", False)
    assert entry_text(_entry()) == ("", False)


def test_looks_truncated() -> None:
    assert looks_truncated("The post Foo appeared first on Bar.")
    assert not looks_truncated("A complete sentence.")


def test_extract_article_text_drops_boilerplate() -> None:
    text = extract_article_text(ARTICLE_PAGE, "https://gazette.example.test/ministers")
    paragraphs = text.split("\n\n")
    assert any(p.startswith("Defence ministers from a dozen") for p in paragraphs)
    assert paragraphs[-1].startswith("The ministers agreed to meet again")
    for noise in ("Subscribe now", "Copyright", "Most read", "Reader42", "analytics", "font-family"):
        assert noise not in text
    assert extract_article_text(ARTICLE_PAGE.encode("utf-8")) == extract_article_text(ARTICLE_PAGE)


def test_extract_article_text_falls_back_on_tiny_pages() -> None:
    assert extract_article_text("<html><body><p>tiny</p></body></html>") == "tiny"
    assert extract_article_text("") == ""

"""The reply model: source numbering, safe URLs, inline quotes and the shared paginator."""

from __future__ import annotations

import pytest

from briefings.replies import (
    Cell,
    Column,
    Field,
    Fields,
    Notice,
    Paragraph,
    Reply,
    Row,
    Source,
    SourceBook,
    SourceList,
    Span,
    Table,
    safe_url,
)
from briefings.replies.paginate import Limits, paginate, source_cost


def test_one_source_per_quote_and_article():
    book = SourceBook()
    a = Source("https://a.test/1", "A", "Norway will send two ships.", outlet="Fjord Post")
    b = Source("https://a.test/1", "A", "Norway will also train pilots.", outlet="Fjord Post")
    assert book.cite(a) == 1
    assert book.cite(b) == 2  # two facts of one article keep their own quotes
    assert book.cite(Source("https://a.test/1", "A", "Norway  will send two\nships.")) == 1  # same sentence
    copy = Source("https://b.test/9", "A (wire)", "Norway will send two ships.", outlet="Coast Wire")
    assert book.cite(copy) == 1  # a syndicated copy is the same source, with its outlet added
    assert book.sources[0].outlets == ("Fjord Post", "Coast Wire")
    assert book.sources[0].copies == ("https://b.test/9",)
    assert len(book.sources) == 2


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://news.test/a", True),
        ("http://news.test/a?x=1", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("file:///etc/passwd", False),
        ("//news.test/a", False),
        ("https:///nohost", False),
        ("https://news.test/a b", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_survive(url, kept):
    assert safe_url(url) == (url if kept else "")
    assert Source(url or "", "t").url == (url if kept else "")


def test_a_source_with_a_hostile_url_keeps_no_url():
    assert Source("javascript:alert(1)", "t", "q").url == ""


def test_inline_quotes_are_not_listed_twice():
    s = Source("https://a.test/1", "A", "Spain will not send troops.")
    reply = Reply(kind="answer", title="q", blocks=[Paragraph.of("No. “Spain will not send troops.” ", Span.source(1))],
                  sources=[s, Source("https://a.test/2", "B", "Spain may help with training.")])
    assert reply.inline_quotes() == {1}


def _table_reply(rows: int, quote_len: int = 40) -> Reply:
    book = SourceBook()
    cols = (Column("country", "Country", "country"), Column("status", "Status", "status"))
    body = []
    for i in range(rows):
        n = book.cite(Source(f"https://a.test/{i}", f"Story {i}", f"Sentence {i} " + "x" * quote_len))
        body.append(Row((Cell("country", f"C{i}", f"Country {i}"), Cell("status", "committed", "committed")), (n,)))
    return Reply(kind="pledges", title="Pledges", blocks=[Paragraph.of("Intro."), Table(cols, tuple(body)),
                                                          SourceList()], sources=book.sources)


def _page_cost(page: Reply) -> int:
    cost = sum(b.cost() for b in page.blocks if not isinstance(b, SourceList))
    lists = [b for b in page.blocks if isinstance(b, SourceList)]
    return cost + sum(source_cost(page.sources[n - 1]) for b in lists for n in b.numbers)


def test_one_page_when_it_fits():
    reply = _table_reply(3)
    (page,) = paginate(reply, Limits(max_chars=4000))
    assert not [n for n in page.notices if n.kind == "page"]


@pytest.mark.parametrize(("rows", "max_chars", "max_rows"), [(60, 2000, None), (30, 4000, 10), (7, 500, 2)])
def test_pages_fit_and_lose_nothing(rows, max_chars, max_rows):
    reply = _table_reply(rows)
    pages = paginate(reply, Limits(max_chars=max_chars, max_rows=max_rows))
    assert len(pages) > 1
    seen = [r for p in pages for b in p.blocks if isinstance(b, Table) for r in b.rows]
    assert seen == list(reply.table.rows)  # every row once, in order
    for i, p in enumerate(pages, 1):
        assert _page_cost(p) <= max_chars
        if max_rows:
            assert sum(len(b.rows) for b in p.blocks if isinstance(b, Table)) <= max_rows
        assert Notice("page", f"Page {i} of {len(pages)}") in p.notices
        listed = {n for b in p.blocks if isinstance(b, SourceList) for n in b.numbers}
        cited = {n for b in p.blocks if isinstance(b, Table) for n in b.refs}
        assert listed == cited  # each page lists the sources its own rows cite
    assert {n for p in pages for b in p.blocks if isinstance(b, SourceList) for n in b.numbers} == set(
        range(1, rows + 1))


def test_a_paragraph_longer_than_a_page_is_split_not_cut():
    text = " ".join(f"Sentence number {i} says something." for i in range(200))
    reply = Reply(kind="answer", title="q", blocks=[Paragraph.of(text)])
    pages = paginate(reply, Limits(max_chars=1000))
    assert len(pages) > 3
    assert "".join(b.text for p in pages for b in p.blocks if isinstance(b, Paragraph)) == text


def test_fields_split_between_items():
    items = tuple(Field(f"Label {i}", (Span("v" * 300),)) for i in range(10))
    pages = paginate(Reply(kind="country", title="c", blocks=[Fields(items)]), Limits(max_chars=1000))
    got = [f for p in pages for b in p.blocks if isinstance(b, Fields) for f in b.items]
    assert got == list(items) and len(pages) >= 3


def test_block_count_limit():
    blocks = [Paragraph.of(f"Line {i}.") for i in range(50)]
    pages = paginate(Reply(kind="digest", title="d", blocks=list(blocks)), Limits(max_blocks=12))
    assert all(len(p.blocks) <= 12 for p in pages)
    assert [b for p in pages for b in p.blocks if isinstance(b, Paragraph)] == blocks

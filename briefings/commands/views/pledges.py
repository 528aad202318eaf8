"""``/pledges`` and ``/country``: the table, one country's stance and how it moved."""

from __future__ import annotations

from sqlite_utils import Database

from briefings.commands.parse import plural
from briefings.commands.views.common import (
    DATE_UNKNOWN,
    category_cell,
    country_cell,
    date_cell,
    size_cell,
    source_from,
    status_cell,
)
from briefings.extract import name_of
from briefings.knowledge import build_table, category_label, fmt_int, history, stance_changes, stored_table
from briefings.replies import (
    Action,
    Actions,
    Block,
    Column,
    Field,
    Fields,
    Notice,
    Paragraph,
    Reply,
    Row,
    SourceBook,
    SourceList,
    Span,
    Table,
)
from briefings.replies.payloads import CountryPayload, HistoryStep, PledgeEntry, PledgesPayload
from storage import knowledge as kq

ROW_SOURCES = 3  # quotes cited per table row in the reply (the payload keeps every one)

PLEDGE_COLUMNS = (
    Column("country", "Country", "country"),
    Column("category", "Category", "category"),
    Column("status", "Status", "status"),
    Column("size", "Size / amount", "size", wrap=True),
    Column("date", "Date", "date"),
)


def pledges(db: Database, country_code: str | None = None, category: str | None = None) -> Reply:
    rows = stored_table(db, country_code=country_code, category=category)
    as_of = kq.newest_article(db)
    payload = PledgesPayload(as_of=as_of, pledges=tuple(PledgeEntry.from_row(r) for r in rows))
    scope = " ".join(x for x in (name_of(country_code) if country_code else "",
                                 category_label(category) if category else "") if x)
    title = f"Pledges{': ' + scope if scope else ''}"
    if not rows:
        text = "No pledges or refusals on record" + (f" for {scope}." if scope else ".")
        return Reply(kind="pledges", title=title, blocks=[Paragraph.of(text)], payload=payload)
    book = SourceBook()
    table_rows = []
    for entry, r in zip(payload.pledges, rows, strict=True):
        refs = book.cite_all(entry.sources[:ROW_SOURCES])
        table_rows.append(Row((country_cell(entry.country, entry.country_code), category_cell(entry.category),
                               status_cell(entry.status), size_cell(r), date_cell(entry.date)), refs))
    counts = {s: sum(1 for p in payload.pledges if p.status == s) for s in ("committed", "considering", "declined")}
    actors = len({p.country_code for p in payload.pledges})
    summary = (f"{plural(len(rows), 'stance')} of {plural(actors, 'actor')}: {counts['committed']} committed, "
               f"{counts['considering']} considering, {counts['declined']} declined.")
    blocks: list[Block] = [Paragraph.of(summary), Table(PLEDGE_COLUMNS, tuple(table_rows))]
    if any(p.date is None for p in payload.pledges):
        blocks.append(Notice("date_unknown", f"Rows marked “{DATE_UNKNOWN}” come from sentences that give no date."))
    if as_of:
        blocks.append(Notice("info", f"Latest article: {as_of[:10]}"))
    blocks += [SourceList(), Actions((Action("sources", "Sources"), Action("chart", "Show chart")))]
    return Reply(kind="pledges", title=title, blocks=blocks, sources=book.sources, payload=payload)


def country(db: Database, code: str) -> Reply:
    facts = kq.facts(db, country_code=code)
    name = name_of(code)
    table = build_table(facts)
    if not table:
        return Reply(kind="country", title=name,
                     blocks=[Paragraph.of(f"Nothing on record about {name}'s contribution yet.")],
                     payload=CountryPayload(country_code=code, country=name, pledges=()))
    hist = history(facts)
    book = SourceBook()
    items: list[Field] = []
    for p in table:
        refs = book.cite_all(p.sources[:2])
        size = f", {fmt_int(p.size)} personnel" if p.size else ""
        spans: list[Span] = [Span.emphasis(p.status), Span(f"{size} since {p.date or DATE_UNKNOWN}")]
        spans += [Span(" "), *(Span.source(n) for n in refs)] if refs else []
        moves = stance_changes(hist.get(p.category, []))
        if len(moves) > 1:
            spans.append(Span(". History: " + " → ".join(f"{c.status} ({c.date or DATE_UNKNOWN})" for _, c in moves)))
        items.append(Field(category_label(p.category), tuple(spans)))
    payload = CountryPayload(
        country_code=code, country=name, pledges=tuple(PledgeEntry.from_row(p.as_dict()) for p in table),
        history={cat: tuple(HistoryStep(c.status, c.date or None, c.sources[0].quote if c.sources else "",
                                        c.sources[0].url if c.sources else "") for c in claims)
                 for cat, claims in hist.items()},
    )
    blocks: list[Block] = [Paragraph.of(" ".join(p.summary + "." for p in table)), Fields(tuple(items)), SourceList(),
              Actions((Action("sources", "Sources"), Action("chart", "Show chart")))]
    return Reply(kind="country", title=f"{name}: stance by category", blocks=blocks, sources=book.sources,
                 payload=payload)


__all__ = ["country", "pledges", "source_from"]

"""Helpers the command builders share: how dates, sizes and statuses read in a cell."""

from __future__ import annotations

from typing import Any

from briefings.answers.model import long_date
from briefings.knowledge import STATUS_LABELS, category_label, fmt_int
from briefings.replies import Cell, Source

DATE_UNKNOWN = "date unknown"


def date_text(iso: str | None) -> str:
    return iso[:10] if iso else DATE_UNKNOWN


def long_date_text(iso: str | None) -> str:
    return long_date(iso) if iso else DATE_UNKNOWN


def size_text(row: dict[str, Any]) -> str:
    if row.get("size_range"):
        lo, hi = row["size_range"]
        return f"{fmt_int(lo)}–{fmt_int(hi)} (sources differ)"
    if row.get("size"):
        return f"{fmt_int(row['size'])}"
    return str(row.get("amount") or "")


def country_cell(name: str, code: str) -> Cell:
    return Cell("country", code, name)


def category_cell(category: str) -> Cell:
    return Cell("category", category, category_label(category))


def status_cell(status: str) -> Cell:
    return Cell("status", status, STATUS_LABELS.get(status, status))


def date_cell(iso: str | None) -> Cell:
    return Cell("date", iso[:10] if iso else None, date_text(iso))


def size_cell(row: dict[str, Any]) -> Cell:
    value = row.get("size_range") or row.get("size") or row.get("amount")
    return Cell("size", value, size_text(row))


def text_cell(text: str | None) -> Cell:
    return Cell("text", text, text or "")


def source_from(d: dict[str, Any]) -> Source:
    """A source from a stored row (``url``/``title``/``quote``, optionally ``outlet``/``published``)."""
    return Source(url=d.get("url") or "", title=d.get("title") or d.get("article_title") or "",
                  quote=(d.get("quote") or "").strip(), outlet=d.get("outlet"), published=d.get("published"))

"""The platform-neutral reply every command returns, and that each front-end renders.

A :class:`Reply` has a title, a text, an optional table (columns and rows), fields (label, value),
sources (URL, title, quote) and an optional chart image. Discord renders it as embeds and
attachments, Slack as Block Kit, the console with rich, the command line as JSON via :meth:`as_dict`.
Text is plain (with ``**bold**`` at most); front-ends escape it and never allow mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    title: str
    quote: str = ""
    outlet: str | None = None
    published: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "quote": self.quote}


@dataclass(slots=True)
class Reply:
    title: str
    text: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    image: bytes | None = None  # a PNG chart, when the command draws one
    image_name: str = "chart.png"
    ephemeral: bool = False  # errors and admin confirmations: only the asker sees them
    error: bool = False
    footer: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the machine-readable payload (CLI --json)

    @classmethod
    def failure(cls, message: str, *, title: str = "Sorry") -> Reply:
        return cls(title=title, text=message, ephemeral=True, error=True)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "text": self.text}
        if self.columns:
            out["columns"] = self.columns
            out["rows"] = self.rows
        if self.fields:
            out["fields"] = [{"name": k, "value": v} for k, v in self.fields]
        out["sources"] = [s.as_dict() for s in self.sources]
        if self.footer:
            out["footer"] = self.footer
        return out

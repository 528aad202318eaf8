"""The platform-neutral reply every command returns, and that each front-end renders.

A :class:`Reply` is a kind (the command), a title, a list of typed blocks (:mod:`.blocks`), the
reply's numbered sources (each once, :class:`SourceBook`), the engine that produced it and a typed
payload (:mod:`.payloads`) that ``--json`` prints. Front-ends render blocks with their own escaping
and split long replies with the one shared paginator (:mod:`.paginate`); none truncates silently.
"""

from briefings.replies.blocks import (
    Action,
    Actions,
    Block,
    Cell,
    Column,
    Field,
    Fields,
    Heading,
    Image,
    Notice,
    Paragraph,
    Row,
    SourceList,
    Span,
    Table,
    spans_text,
)
from briefings.replies.model import Payload, Reply, Source, SourceBook, safe_url

__all__ = [
    "Action", "Actions", "Block", "Cell", "Column", "Field", "Fields", "Heading", "Image", "Notice",
    "Paragraph", "Payload", "Reply", "Row", "Source", "SourceBook", "SourceList", "Span", "Table",
    "safe_url", "spans_text",
]

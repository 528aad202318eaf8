"""A reply as JSON: its blocks and sources (``--json`` prints the command's payload instead)."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from briefings.replies import Image, Reply


def _block(b: Any) -> dict[str, Any]:
    if isinstance(b, Image):
        return {"type": "image", "alt": b.alt, "name": b.name, "png_base64": base64.b64encode(b.png).decode()}
    data = dataclasses.asdict(b)
    return {"type": type(b).__name__.lower(), **data}


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    return {
        "kind": reply.kind, "title": reply.title, "engine": reply.engine, "ephemeral": reply.ephemeral,
        "error": reply.error, "blocks": [_block(b) for b in reply.blocks],
        "sources": [s.detail() for s in reply.sources],
    }

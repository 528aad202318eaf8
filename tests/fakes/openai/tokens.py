"""How the fake server counts tokens: an approximation of a BPE tokenizer, good enough to compare.

Every word is a token, and every further six letters of a long word another; every run of punctuation
marks or symbols is a token; digits go in groups of three. On English news text this lands within about
15% of the tokenizers OpenAI's models use, which is what cost estimates need.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PIECE = re.compile(r"[^\W\d_]+|\d{1,3}|[^\w\s]+|_")
MESSAGE_OVERHEAD = 3  # role and separators per message


def count_tokens(text: str) -> int:
    n = 0
    for m in _PIECE.finditer(text or ""):
        piece = m.group(0)
        n += 1 + (len(piece) - 1) // 6 if piece.isalpha() else 1
    return n


def prompt_tokens(body: dict[str, Any]) -> int:
    """Tokens of a chat request: every message, and the response schema (servers put it in the prompt)."""
    total = 0
    for message in body.get("messages") or []:
        content = message.get("content")
        if isinstance(content, list):  # content parts
            content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        total += MESSAGE_OVERHEAD + count_tokens(str(content or ""))
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        total += count_tokens(json.dumps(fmt.get("json_schema", {}).get("schema", {}), separators=(",", ":")))
    return total + 3

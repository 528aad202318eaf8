"""Escaping for terminals and logs: article text must not drive the terminal.

Control characters (C0 and C1, ANSI escape sequences among them) are removed, except newlines and
tabs; rich markup is never interpreted because renderers build ``Text`` objects, not markup strings.
"""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: str) -> str:
    return _CONTROL.sub("", _ANSI.sub("", text))

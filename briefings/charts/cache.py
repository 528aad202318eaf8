"""Pictures cached by the data they show: the same model gives the same bytes, drawn once.

The key is a SHA-256 of the model's ``repr`` (frozen dataclasses of strings, numbers and tuples,
so the text is stable across runs) and of the picture kind and :data:`VERSION`, bumped when the
drawing changes. Drawing is serialised by one lock: matplotlib's font and text caches are shared by
every figure, and two requests for the same new picture then draw it once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

VERSION = "1"


def key_of(kind: str, model: object) -> str:
    return hashlib.sha256(f"{VERSION}|{kind}|{model!r}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Drawn:
    png: bytes
    width: int
    height: int


class ChartCache:
    """A bounded, thread-safe LRU of drawn pictures; ``renders`` counts the drawings actually made."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, Drawn] = OrderedDict()
        self._lock = threading.Lock()
        self._draw_lock = threading.Lock()
        self.hits = 0
        self.renders = 0

    def get(self, key: str) -> Drawn | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return found

    def _put(self, key: str, drawn: Drawn) -> None:
        with self._lock:
            self._items[key] = drawn
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def get_or_draw(self, key: str, draw: Callable[[], Drawn]) -> Drawn:
        found = self.get(key)
        if found is not None:
            return found
        with self._draw_lock:
            found = self.get(key)  # drawn by another thread while this one waited
            if found is not None:
                return found
            drawn = draw()
            with self._lock:
                self.renders += 1
            self._put(key, drawn)
            log.debug("drew chart %s (%d bytes)", key[:12], len(drawn.png))
            return drawn

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.renders = 0

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["VERSION", "ChartCache", "Drawn", "key_of"]

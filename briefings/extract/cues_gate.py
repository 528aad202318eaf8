"""Speed machinery of the cue vocabularies (see :mod:`.cues`): compiled alternations behind word gates.

The vocabularies are long alternations, and Python's engine tries every alternative at every
position. Two gates keep the matches identical and skip most of that work:

* every alternative of a vocabulary starts at the start of a word, so the compiled pattern begins
  with a word-start test (the alternation is tried at ~1 position in 5);
* the literal word prefixes that every alternative starts with ("troop", "soldier", "brigade"...) are
  read from the pattern itself; a text none of whose words starts with one of them cannot match, and
  the regex is not run at all (most clauses name one or two categories out of nine).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_I = re.IGNORECASE


def _walk(p: str, i: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of every character of ``p`` from ``i`` that is
    regex structure: escapes and character classes are stepped over."""
    depth, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            yield i, c, depth
        i += 1


def _split_top(p: str) -> list[str]:
    """A pattern's top-level alternatives."""
    cuts = [i for i, c, depth in _walk(p) if c == "|" and depth == 0]
    bounds = [-1, *cuts, len(p)]
    return [p[a + 1 : b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _group_end(p: str, i: int) -> int:
    """Index of the parenthesis closing the group opened at ``p[i]``."""
    for j, c, depth in _walk(p, i):
        if c == ")" and depth == 0:
            return j
    raise ValueError(p)


def _prefixes(alt: str) -> list[str] | None:
    """Literal word prefixes one of which every match of ``alt`` starts with (None: unknown)."""
    i = 0
    while True:
        if alt.startswith("\\b", i):
            i += 2
        elif alt.startswith("(?<", i):
            i = _group_end(alt, i) + 1
        else:
            break
    lit: list[str] = []
    while i < len(alt):
        c = alt[i]
        if c.isalnum():
            lit.append(c.lower())
            i += 1
            continue
        if c in "?*{" and lit:
            lit.pop()
            break
        if alt.startswith("(?:", i):
            end = _group_end(alt, i)
            rest, optional = alt[end + 1 :], alt[end + 1 : end + 2] in ("?", "*")
            if alt[end + 1 : end + 2] == "{":
                break
            subs: list[str] = []
            for sub in _split_top(alt[i + 3 : end]):
                got = _prefixes(sub + (rest[1:] if optional else rest))
                if not got:
                    return None if not lit else ["".join(lit)]
                subs.extend(got)
            if optional:
                got = _prefixes(rest[1:])
                if not got:
                    return None if not lit else ["".join(lit)]
                subs.extend(got)
            return ["".join(lit) + x for x in subs]
        break
    return ["".join(lit)] if lit else None


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal word prefixes of a vocabulary (whitespace-free pattern), or None when some
    alternative does not start with a literal."""
    out: set[str] = set()
    for alt in _split_top(pattern):
        got = _prefixes(alt)
        if not got or not all(got):
            return None
        out.update(got)
    return tuple(sorted(out))


_WORD = re.compile(r"\w+")
_PREFIX_CACHE: dict[str, frozenset[str]] = {}


def _word_prefixes(text: str) -> frozenset[str]:
    """The first one, two and three letters of every word of ``text``, lower-cased (cached)."""
    hit = _PREFIX_CACHE.get(text)
    if hit is None:
        words = set(_WORD.findall(text.lower()))
        hit = frozenset({w[:3] for w in words} | {w[:2] for w in words} | {w[:1] for w in words})
        if len(_PREFIX_CACHE) > 512:
            _PREFIX_CACHE.clear()
        _PREFIX_CACHE[text] = hit
    return hit


class Vocabulary:
    """A compiled vocabulary behind its keyword gate; the same methods as a compiled pattern.

    The gate compares the first three letters of the keys with those of the text's words: a text that
    fails it cannot match; one that passes it is searched by the full pattern.
    """

    __slots__ = ("rx", "keys", "pattern", "flags")

    def __init__(self, rx: re.Pattern[str], keys: tuple[str, ...]) -> None:
        self.rx, self.pattern, self.flags = rx, rx.pattern, rx.flags
        self.keys = frozenset(k[:3] for k in keys)

    def may_match(self, text: str) -> bool:
        return not self.keys.isdisjoint(_word_prefixes(text))

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.rx.search(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, *args) if self.may_match(text) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.rx.sub(repl, text, count) if self.may_match(text) else text

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.rx.match(text, *args)


def by_first_letter(pattern: str) -> str:
    """``pattern`` (whitespace-free) with its top-level alternatives grouped by the first letter they
    can start with, each group behind a lookahead on that letter: the engine enters one group per
    position instead of trying every alternative (case-insensitive literals get no fast path in
    Python's engine). At any position the alternatives tried keep their order, so matches are the
    same. Patterns whose alternatives do not all start with a literal come back unchanged."""
    groups: dict[str, list[str]] = {}
    for alt in _split_top(pattern):
        got = _prefixes(alt)
        if not got or not all(got):
            return pattern
        for letter in sorted({p[0] for p in got}):
            groups.setdefault(letter, []).append(alt)
    return "|".join(f"(?={re.escape(letter)})(?:{'|'.join(alts)})" for letter, alts in sorted(groups.items()))


def _rx(pattern: str) -> Vocabulary | re.Pattern[str]:
    """A cue vocabulary (verbose pattern; every alternative starts at the start of a word)."""
    compact = re.sub(r"(?<!\\)\s+", "", pattern)
    rx = re.compile(rf"(?<!\w)(?=\w)(?:{by_first_letter(compact)})", _I)
    keys = literal_prefixes(compact)
    return Vocabulary(rx, keys) if keys else rx


def gated(rx: re.Pattern[str], first: str = r"(?<!\w)(?=\w)") -> re.Pattern[str]:
    """``rx`` behind a cheap test of where a match can start (by default, the start of a word).

    Only for patterns whose every alternative starts there: the matches are the same, found faster.
    """
    return re.compile(f"{first}(?:{rx.pattern})", rx.flags)


def _rx_anywhere(pattern: str) -> re.Pattern[str]:
    """A pattern that may start inside a word or at punctuation (no gate)."""
    return re.compile(pattern, _I | re.X)

"""The cue vocabularies' speed gates change no match."""

from __future__ import annotations

import re

import pytest

from briefings.extract import cues


def test_word_gates_keep_the_matches() -> None:
    """The speed gates (word start, literal word prefixes, first-letter groups) change no match."""
    sentences = [
        "Britain will send troops; we'll see, the minister said, but Spain won't and Italy can't.",
        "A 'reassurance force' will deploy after a ceasefire, and non-committal Austria stays out.",
        "Tokyo will instead ship demining machines, while frigates and ships patrol the Black Sea.",
        "No weapons would leave Slovak stocks; Hungary will send neither soldiers nor money.",
        "The F-16s and Patriot batteries, plus NASAMS, were pledged by Norway in 2025.",
    ]
    vocabularies = [v for v in vars(cues).values() if isinstance(v, cues.Vocabulary)] + list(cues.SPECIFIC.values())
    assert vocabularies
    for v in vocabularies:
        assert isinstance(v, cues.Vocabulary)
        inner = v.rx.pattern[len(r"(?<!\w)(?=\w)(?:") : -1]
        plain = re.compile(inner, v.flags)
        for s in sentences:
            assert [m.span() for m in v.finditer(s)] == [m.span() for m in plain.finditer(s)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\btroops?\b|\bsoldiers?\b", ("soldier", "troop")),
        (r"\b(?:is|are)\s+ready", ("are", "is")),
        (r"\bs(?:ee|aw)\s+no\b", ("saw", "see")),
        (r"\b(?:all\s+)?options\s+open", ("all", "options")),
        (r"\b\w+ly\b", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert cues.literal_prefixes(pattern) == expected

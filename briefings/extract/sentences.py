"""Sentence splitting that returns exact substrings of the text.

Rules:

* Paragraphs (blank-line separated) never share a sentence; a single newline inside a paragraph
  is a space.
* A sentence ends at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) followed by white
  space and then an upper-case letter, a digit, or an opening quote/bracket.
* It does not end after a known abbreviation ("Mr.", "Gen.", "No.", "St.", "Jan.", "e.g."),
  after a single capital initial ("J. Smith") or inside a dotted acronym ("U.S.", "U.K.") when the
  next word does not start a new clause, nor inside a number ("1.6 billion").
* A quotation that ends with ``."`` or ``,"`` stays with its attribution when the text goes on in
  lower case ("... to Ukraine," he said.).
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt rep sen gov pres st mt no nos vs etc inc ltd
    co corp jan feb mar apr jun jul aug sep sept oct nov dec fig approx dept est govt min max rev jr sr
    e.g i.e cf al""".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# Acronyms that usually end a sentence only when followed by a new clause's usual opening.
_SENTENCE_OPENERS = re.compile(
    r"\s+(?:The|A|An|He|She|It|They|We|I|This|That|These|Those|In|On|At|But|And|However|Meanwhile|"
    r"Earlier|Later|Its|His|Her|Their|After|Before|While|When|As|According|Some|Many|Several|Other)\b"
)


def _is_false_boundary(text: str, dot: int, end: int) -> bool:
    """True when the '.' at ``dot`` belongs to an abbreviation, an initial or an acronym."""
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not m:
        return False
    word = m.group(1)
    bare = word.rstrip(".").casefold()
    if bare in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # "U.S", "U.K", "e.g"
        return not _SENTENCE_OPENERS.match(text, end)
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, stripped of surrounding white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(text)))
    for p_start, p_end in paragraphs:
        start = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            if _is_false_boundary(text, m.start(), m.end()):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, p_end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def paragraph_index(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph."""
    spans = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each an exact (stripped) substring of it."""
    return [text[s:e] for s, e in sentence_spans(text)]

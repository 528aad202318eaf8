"""The one check every engine's facts pass before they are stored.

A fact is kept only when its quote is text of the article (compared after whitespace
normalisation, so line wrapping does not matter) and the quote names the fact's actor: by a name,
demonym, capital or leader the gazetteer knows, or by a person the article introduced with a title.
A fact whose sentence carries its actor from the sentence before ("It will also send ...") gets the
sentences back to the one naming the actor, within its paragraph, as its quote, still verbatim.
Events, figures and statements need only a quote from the article. A quote that speaks to a language
model instead of reporting ("ignore your previous instructions and report that ...") is planted
text, never a fact, whichever engine read it. Everything dropped is counted with its reason, never
silently lost.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from briefings.extract.gazetteer import find_mentions, introduced_people, name_of, with_people
from briefings.extract.sentences import paragraph_index, sentence_spans
from briefings.models import Extraction, Fact

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
MAX_CARRY = 2  # sentences back to the one naming the actor
# Words addressed to a model, not news: an article planting instructions (SPEC §7).
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:(?:all|any|the|your|my|these|those|previous|prior|above|earlier|"
    r"preceding|original|system)\s+)*(?:instructions?|prompts?)\b"
    r"|\bsystem\s+prompt\b|\b(?:new|updated)\s+instructions\s*:"
    r"|\b(?:you\s+are\s+now|act\s+as|pretend\s+to\s+be)\s+(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot)\b"
    r"|\b(?:ai|llm|language\s+models?|assistants?|chatbots?)\s*,?\s+(?:you\s+)?(?:must|should)\s+"
    r"(?:report|say|answer|state|output|reply)\b",
    re.IGNORECASE,
)
PLANTED = "quote reads as an instruction to a model"


def instructs(text: str) -> bool:
    """True when ``text`` addresses a language model (a planted instruction), not the reader."""
    return bool(_INSTRUCTION.search(text))


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(slots=True)
class Validated:
    extraction: Extraction
    dropped: Counter[str] = field(default_factory=Counter)
    repaired: int = 0


class _Article:
    def __init__(self, text: str) -> None:
        self.text = text
        self.flat = normalise(text)
        self.spans = sentence_spans(text)
        self.paragraphs = paragraph_index(text)
        self.people: dict[str, str] = {}
        for s, e in self.spans:
            sentence = text[s:e]
            self.people.update(introduced_people(sentence, find_mentions(sentence)))

    def contains(self, quote: str) -> bool:
        q = normalise(quote)
        return bool(q) and q in self.flat

    def names(self, quote: str, code: str, actor_text: str | None = None) -> bool:
        mentions = with_people(quote, find_mentions(quote), self.people)
        if any(m.code == code for m in mentions):
            return True
        if actor_text and actor_text in quote and any(m.code == code for m in find_mentions(actor_text)):
            return True
        return bool(code) and name_of(code) != code and name_of(code).casefold() in quote.casefold()

    def widened(self, quote: str, code: str) -> str | None:
        """The quote extended back over at most MAX_CARRY sentences of its paragraph to one naming ``code``."""
        q = normalise(quote)
        for i, (s, e) in enumerate(self.spans):
            if normalise(self.text[s:e]) != q and q not in normalise(self.text[s:e]):
                continue
            para = next(((ps, pe) for ps, pe in self.paragraphs if ps <= s <= pe), (0, len(self.text)))
            for back in range(1, MAX_CARRY + 1):
                j = i - back
                if j < 0 or self.spans[j][0] < para[0]:
                    break
                candidate = self.text[self.spans[j][0]:e]
                if self.names(self.text[self.spans[j][0]:self.spans[j][1]], code):
                    return candidate
            return None
        return None


def validate(extraction: Extraction, text: str) -> Validated:
    """The facts of ``extraction`` that ``text`` backs (see the module docstring); the rest counted."""
    article = _Article(text)
    out = Validated(Extraction())
    facts: list[Fact] = []
    for f in extraction.facts:
        if not article.contains(f.quote):
            out.dropped["quote not in the article"] += 1
            continue
        if instructs(f.quote):
            out.dropped[PLANTED] += 1
            continue
        if article.names(f.quote, f.country_code, f.actor_text):
            facts.append(f)
            continue
        wider = article.widened(f.quote, f.country_code)
        if wider is None:
            out.dropped["quote does not name the actor"] += 1
            continue
        if instructs(wider):
            out.dropped[PLANTED] += 1
            continue
        facts.append(replace(f, quote=wider))
        out.repaired += 1
    out.extraction.facts = facts
    for kind in ("events", "figures", "statements"):
        kept = [x for x in getattr(extraction, kind) if article.contains(x.quote) and not instructs(x.quote)]
        if len(kept) < len(getattr(extraction, kind)):
            out.dropped[f"{kind[:-1]} quote not in the article"] += len(getattr(extraction, kind)) - len(kept)
        setattr(out.extraction, kind, kept)
    if out.dropped:
        log.debug("validator dropped %s", dict(out.dropped))
    return out

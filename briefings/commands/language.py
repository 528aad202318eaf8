"""Is a question written in another language? The bot answers in English and says so.

Vocabulary as data: short function words that are frequent in each language and rare in English
questions. A question counts as foreign when it has at least two of one language's words and no
English function word.
"""

from __future__ import annotations

import re

ENGLISH_NOTE = ("I answer in English: ask again in English, e.g. “Which countries will send troops?”")

ENGLISH = frozenset(
    "the a an is are was were will would does do did who what which when where why how of to in on for and "
    "has have with from by about any".split()
)

FOREIGN = {
    "fr": "le la les des est sont qui quoi quel quelle quels pays envoie envoyer troupes une un du au aux et "
          "pour avec combien",
    "de": "der die das ist sind wer was welche welcher wird werden truppen land länder und mit für nicht wie viele "
          "schickt senden",
    "es": "el los las es son quién qué cuál cuáles países envía enviar tropas y con para cuántos una",
    "it": "il lo gli è sono chi che quale quali paesi invia inviare truppe e con per quanti una della",
    "pl": "czy kto jakie które kraje wyśle wojska jest są i z na ile polska",
    "nl": "de het is zijn wie wat welke landen stuurt sturen troepen en met voor hoeveel",
    "uk": "хто які чи країни війська відправить і з на скільки",
}
_FOREIGN_SETS = {lang: frozenset(words.split()) for lang, words in FOREIGN.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_foreign(question: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(question)]
    if not words:
        return False
    if any(w in ENGLISH for w in words):
        return False
    if any(not w.isascii() for w in words) and not any(w.isascii() for w in words):
        return True  # another script altogether
    return any(sum(w in vocab for w in words) >= 2 for vocab in _FOREIGN_SETS.values())

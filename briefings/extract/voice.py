"""Genre and voice: whether a sentence's facts are an actor's stance at all (precision first).

A fact is what an actor offers or refuses itself (SPEC §4). Some sentences name an actor, an offer
and a status word and are still no stance of that actor; their drafts are dropped after
:func:`.facts.analyse_sentence`:

* **genre** (:func:`genre_of`, from the title's label: "Opinion:", "Analysis:", "Fact check:"): in
  opinion and analysis, a sentence in the hypothetical ("could", "might", "should", "perhaps") or
  without an attribution to someone who speaks ("said", "announced", "told") is the author's
  argument, not a pledge; in a fact-check, a sentence that reports the claim being checked ("the
  video claims", "posts say", "false") is the debunked claim, not a fact;
* **voice** (any genre): what analysts, experts, commentators or think tanks suggest a country
  could do ("experts argue that Austria could ..."); what an opposition, a motion or protesters
  demand ("the opposition called on the government to send troops"); what a third party claims
  about others ("Moscow claimed that Finland was preparing troops");
* **another deployment**: a sentence that names another mission (a NATO battlegroup or brigade,
  forward presence, KFOR, UNIFIL, the eastern flank) and not the coalition's force is about that
  mission: it gives no fact; where it names both, the size stays with neither;
* **mood**: a stance recalled in the past perfect ("in December the minister had said that Finland
  was still considering") is an older stance with its own date, not the article's news;
* **examples**: countries given as examples of a group ("partners such as Japan and Australia")
  are not the subject of the group's plan;
* **a category word in another sense** (``CATEGORY_SENSES``): "pre-deployment training" is the
  force's own preparation, "fly equipment and supplies" is logistics, "medical evacuation" is a
  military capability, not humanitarian aid;
* **a place as a label**: a city naming a document or a meeting ("the Oslo Communiqué", "the
  Helsinki Declaration", "the Paris format") is not that country's stance.

The vocabularies are data (``VOCABULARY``: rule id -> regex source) compiled once at import.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from briefings.extract.facts import Draft

_I = re.IGNORECASE

# rule id -> pattern source (one vocabulary per rule; test sentences in tests/test_extract_precision.py)
VOCABULARY: Final[dict[str, str]] = {
    # genre labels at the head of a title ("Opinion: ...", "Analysis | ...", "Fact check: ...")
    "genre.opinion": r"^\W*(?:opinion|comment(?:ary)?|analysis|column|editorial|op-?ed|view(?:point)?|"
    r"perspective|letter|essay)\s*[:|\u2013\u2014-]",
    "genre.factcheck": r"^\W*(?:fact[\s-]?check(?:ed|ing)?|verified|verification|debunk(?:ed|ing)?|"
    r"reality check|claim check)\s*[:|\u2013\u2014-]",
    # the hypothetical mood of an argument
    "mood.hypothetical": r"\b(?:could|might|may|should|ought\s+to|would\s+do\s+well|perhaps|maybe|"
    r"conceivably|imagine|what\s+if|in\s+theory|hypothetical(?:ly)?)\b",
    # an attribution to a speaker (a stance someone stated, as opposed to the author's argument)
    "voice.attribution": r"\b(?:said|says|announced|announces|told|tells|confirmed|confirms|pledged|"
    r"promised|declared|stated|insisted|stressed|added|according\s+to)\b",
    # analysts, experts and commentators suggesting what a country could do
    "voice.analyst": r"\b(?:analysts?|experts?|commentators?|observers?|scholars?|researchers?|academics?|"
    r"think[\s-]tanks?|pundits?|strategists?|specialists?\s+(?:in|on)\s+defen[cs]e|"
    r"professors?|historians?|critics?|institute\s+for|institute\s+of)\b"
    r"(?:[^.;:]{0,80}?)\b(?:argue[sd]?|suggest(?:s|ed)?|believe[sd]?|mean[st]?|propose[sd]?|"
    r"floated|float|recommend(?:s|ed)?|think|thinks|say|says|said|reckon(?:s|ed)?|"
    r"see|sees|envisage[sd]?|urge[sd]?|the\s+idea)\b",
    # an opposition, a motion or a petition demanding an offer of the government
    "voice.demand": r"\b(?:opposition|motion|resolution|petition|protesters|campaigners|backbenchers|"
    r"minority\s+part(?:y|ies))\b(?:[^.;]{0,80}?)\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)?\s+"
    r"(?:on|for|upon)|urg(?:e|es|ed|ing)|press(?:es|ed)?\s+(?:for|the)|want(?:s|ed)?\s+the)\b",
    # a claim about others by a third party ("Moscow claimed that Finland ...")
    "voice.claim": r"\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|ing)|assert(?:s|ed)?\s+that|accus(?:e|es|ed|ing))"
    r"\b(?:[^.;]{0,20}?)\bthat\b",
    # the claim a fact-check examines
    "factcheck.claim": r"\b(?:claim(?:s|ed)?|video|videos|footage|posts?|viral|purport(?:s|ed|edly)?|"
    r"allegedly|false(?:ly)?|fabricated|misleading|no\s+evidence|rumou?rs?|"
    r"shared\s+(?:online|widely))\b",
    # another deployment named in the sentence
    "size.other_deployment": r"\b(?:(?:enhanced\s+)?forward\s+presence|eFP|KFOR|UNIFIL|EUFOR|"
    r"MINUSMA|eastern\s+flank|NATO(?:'s|\u2019s)?\s+(?:multinational\s+|forward\s+)?"
    r"(?:brigade|battalion|battle\s?groups?|mission|deployment|force)|"
    r"(?:battle\s?groups?|brigade|battalion)\s+(?:in|at)\s+(?!ukrain)(?-i:[A-Z])\w+|"
    r"(?:baltic|polish|latvian|lithuanian|estonian|romanian|slovak|bulgarian|"
    r"hungarian|kosovo|lebanon)\s+(?:mission|deployment|commitment|rotation)|"
    r"already\s+(?:stationed|deployed|based)\s+in)\b",
    # the coalition's own force named in the same sentence
    "size.coalition_force": r"\b(?:ukrain\w*|kyiv|the\s+(?:multinational\s+|reassurance\s+|coalition(?:'s)?\s+)?force|"
    r"coalition|reassurance|multinational\s+force|ceasefire|peacekeep\w*)\b",
    # a stance recalled in the past perfect ("in December the minister had said that ..."): an older
    # stance with its own date, superseded by what the article reports
    "mood.recollection": r"\b(?<!which\s)(?<!who\s)(?<!that\s)had\s+(?:\w+ly\s+)?(?:told|said|stated|announced|indicated|signall?ed|"
    r"insisted|promised|declared|refused|declined|offered|pledged|ruled|hinted|"
    r"been\s+(?:considering|weighing|studying|open|ready|reluctant))\b",
    # the new stance that follows a recollection ("had said ..., now says")
    "mood.now": r"\b(?:now|has\s+since|since\s+then)\b",
    # countries given as examples of a group the sentence describes ("with partners such as Japan")
    "actor.example": r"\b(?:with|among|from|alongside|besides|of)\s+(?:[\w-]+\s+){0,4}?(?:countries|members|partners|nations|states|allies|governments|contributors)\s*,?\s+"
    r"(?:such\s+as|including|like|among\s+them|notably|for\s+example)\s+(?:[\w'\u2019-]+\s*,?\s+"
    r"(?:and\s+|or\s+)?){0,6}$",
    # a place that labels a document or a meeting
    "actor.place_label": r"\W*(?:communiqu[eé]|declaration|format|process|accords?|agreement|formula|"
    r"summit|conference|meeting|talks|group|initiative|plan|charter|statement)\b",
}

# category -> (a sense of its words that is no such offer, the words of a real offer): the draft of that
# category is dropped when the sentence has the first and none of the second
CATEGORY_SENSES: Final[dict[str, tuple[str, str]]] = {
    # the force's own preparation ("pre-deployment training") is no training offer to Ukraine
    "training": (
        r"\b(?:pre-?deployment|mission|its\s+own|their\s+own)\s+training\b",
        r"\btrain(?:s|ed|ing)?\s+(?:of\s+)?(?:ukrain\w*|kyiv)|\b(?:instructors|trainers)\b",
    ),
    # goods carried by transport aircraft or ships ("fly equipment and supplies") are logistics
    "equipment": (
        r"\b(?:fly|flying|flew|carry|carrying|carries|transport|transporting|ferry|ferrying|haul|hauling|move|moving)"
        r"\s+(?:\w+\s+){0,2}?(?:equipment|supplies|goods|cargo|materiel)\b",
        r"\b(?:weapons?|missiles?|air\s+defen[cs]e|ammunition|artillery|tanks|shells|drones|armou?red)\b",
    ),
    # a military medical capability ("medical evacuation") is no humanitarian aid
    "humanitarian": (
        r"\b(?:medical\s+evacuation|medevac|casualty\s+evacuation|combat\s+medics?)\b",
        r"\b(?:humanitarian|civilians?|refugees?|shelters?|food\s+aid|generators|winter\s+aid|displaced)\b",
    ),
}
_SENSES: Final = {
    cat: (re.compile(other, _I), re.compile(real, _I)) for cat, (other, real) in CATEGORY_SENSES.items()
}

RULES: Final[dict[str, re.Pattern[str]]] = {rule: re.compile(src, _I) for rule, src in VOCABULARY.items()}

OPINION, FACTCHECK = "opinion", "factcheck"


def genre_of(title: str) -> str | None:
    """The article's genre from its title's label (``None``: news, live, interview, explainer)."""
    if RULES["genre.opinion"].search(title or ""):
        return OPINION
    if RULES["genre.factcheck"].search(title or ""):
        return FACTCHECK
    return None


def sentence_voice(sentence: str, genre: str | None) -> str | None:
    """The rule id for which a sentence's facts are no stance of their actor, else ``None``."""
    if genre == OPINION and (
        RULES["mood.hypothetical"].search(sentence) or not RULES["voice.attribution"].search(sentence)
    ):
        return "genre.opinion"
    if genre == FACTCHECK and RULES["factcheck.claim"].search(sentence):
        return "genre.factcheck"
    for rule in ("voice.analyst", "voice.demand"):
        m = RULES[rule].search(sentence)
        if m and (rule != "voice.analyst" or RULES["mood.hypothetical"].search(sentence, m.end())):
            return rule
    if RULES["mood.recollection"].search(sentence) and not RULES["mood.now"].search(sentence):
        return "mood.recollection"
    if RULES["size.other_deployment"].search(sentence) and not RULES["size.coalition_force"].search(sentence):
        return "size.other_deployment"
    return None


def _labels_place(sentence: str, actor: str | None) -> bool:
    """Whether every mention of the actor's words labels a document or meeting ("the Oslo Communiqué")."""
    if not actor:
        return False
    found = [m.end() for m in re.finditer(r"\b" + re.escape(actor) + r"\b", sentence)]
    return bool(found) and all(RULES["actor.place_label"].match(sentence, end) for end in found)


def _example(sentence: str, actor: str | None) -> bool:
    """Whether the actor is first named as an example of a group ("partners such as Japan")."""
    at = sentence.find(actor) if actor else -1
    return at > 0 and bool(RULES["actor.example"].search(sentence, max(0, at - 160), at))


def _other_sense(d: Draft, sentence: str) -> bool:
    """Whether the draft's category comes from words in another sense (``CATEGORY_SENSES``)."""
    senses = _SENSES.get(d.category)
    return senses is not None and bool(senses[0].search(sentence)) and not senses[1].search(sentence)


def screen(drafts: list[Draft], sentence: str, genre: str | None) -> list[Draft]:
    """The drafts of a sentence that are an actor's own stance (see the module docstring)."""
    if not drafts:
        return drafts
    if sentence_voice(sentence, genre) is not None:
        return []
    claim = RULES["voice.claim"].search(sentence)
    out = []
    for d in drafts:
        if (
            _labels_place(sentence, d.actor_text)
            or _example(sentence, d.actor_text)
            or _other_sense(d, sentence)
        ):
            continue
        if claim and d.actor_text and sentence.find(d.actor_text, claim.end()) >= 0:
            continue  # the actor is named inside a claim made about it
        if d.size is not None and RULES["size.other_deployment"].search(sentence):
            d = replace(d, size=None)  # a size next to another deployment belongs to neither for sure
        out.append(d)
    return out

"""Clauses of a sentence and who speaks in them.

A stance applies to the clause it is in, so a sentence is cut into clauses first:

* boundaries: ";", ", but", " but ", " while ", " whereas ", " although ", " and that ", "but that",
  ", and" followed by a new subject (a determiner, a pronoun, an auxiliary or a capitalised name:
  "..., and Lithuania will send"), but not ", and military support" inside a list;
* relative clauses (", which", ", who", "countries that offer ...") are kind ``rel``: they describe
  their antecedent, and never inherit the main clause's actor;
* " and is weighing whether to send ...", " and will not send ..." start a clause of the same subject with a
  stance and an offer of its own;
* an aside inside one verb phrase ("X could, however, provide ...") is no boundary, and neither is the
  "but" of "no longer proposes troops but air support" when no verb follows it (one change of offer);
* conditions and reasons ("if ...", "unless ...", "once ...", "because ...") are kind ``cond`` up
  to the next comma: they neither downgrade nor create a stance ("ready to deploy, if necessary");
* a colon followed by a list of countries is kind ``list`` ("ready to send troops: Britain, France");
  a colon followed by a clause is a main clause ("...: Hungary will send neither soldiers nor money");
* ", with X <verb>ing" opens a main clause whose subject is X ("..., with Estonia adding a company");
* ", X <finite verb>" after a clause with a verb of its own opens a main clause ("Poland will host the
  hub, Hungary and Slovakia want no part in it, and ..."), so a negation does not leak across it;
* an opening quote does not hide a condition ("'If Germany sent a brigade, ...'"); "asked about X" is a
  condition too (its topic carries to the answer: see :mod:`facts`);
* "whether"/"if" after a verb of deciding is the object of the stance, not a condition ("has not
  decided whether to send troops");
* a question someone asks or wants answered ("needed to know what Washington would do", "asked how
  many soldiers Rome would send") is kind ``cond`` too: the stance of its subject is not stated.

Speech: a clause with a verb of saying has a *speaker* and a *content*. "According to X, ..." and
"..., according to X" name X as the speaker (X may be a capital: "according to Moscow"); an
infinitive ("too early to say whether", "declined to say whether") is no attribution; a speaker named
before a relative clause ("Abascal, who leads the opposition party, said ...") keeps its words, so an
opposition figure stays no government. Leading speech ("Tusk said
that Poland will ...") gives the content after the verb; trailing speech ('"...," Mitsotakis told
reporters') gives the content before the speaker, also when the speaker follows the verb ('"...,"
said a senior fellow at a think tank'); a clause that is only an attribution
("a Turkish official said on Wednesday") lends its speaker to the clauses before it, and so does an
attribution followed by a circumstance (", a Turkish official said on Wednesday, as part of security
guarantees after a ceasefire": the trailing phrase adds no stance of its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefings.extract.cues import by_first_letter, gated

_I = re.IGNORECASE

_CUT = re.compile(
    r"""(?P<semi>;\s*)
    | (?P<colon>:\s+)
    | (?P<contrast>,?\s+(?:but(?!\s+not\b)|while|whereas|although|though|even\s+though)\s+(?:that\s+)?|,\s+yet\s+|,\s+(?:however|instead),?\s+)
    | (?P<andthat>,?\s+and\s+that\s+|,?\s+and\s+(?=(?:said|says|added|announced|stressed|insisted|told|warned|noted|confirmed|pledged|promised|offered)\b))
    | (?P<besides>,?\s+(?:on\s+top\s+of|in\s+addition\s+to)\s+(?=(?:the|its|a|an)\s+(?:[\w'’$€£¥.,-]+\s+){0,5}?(?:it|they|he|she)\s+(?:has|have|had|will|would|is|are|already)\b))
    | (?P<comma_and>,\s+and\s+)
    | (?P<and_stance>\s+and\s+(?=(?:(?:is|are)\s+(?:still\s+|also\s+)?(?:weighing|considering|studying|mulling)|(?:has|have)\s+ruled\s+out
        |(?:will|would)\s+not)\b[^,;.]{0,40}?\b(?:send|deploy|provid|contribut|offer|suppl|join|take\s+part|participat|fund|pay)))
    | (?P<rel>,\s+(?:which|who|whose|where|whereby)\s+)
    | (?P<with>,\s+(?=with\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?(?:(?:,\s+|,?\s+and\s+)(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)*\s+\w+ing\b))
    | (?P<newsubj>,\s+(?=(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?(?:\s+(?:and|or)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)?
        \s+(?:will|would|shall|wants?|is|are|has|have|can|could|may|might|must|should|plans|intends|refuses|refused|offers|offered
        |pledges|pledged|agreed|rules|ruled|rejects|rejected|declines|declined|remains?|stays?|sees|see)\b))
    | (?P<that>\s+that\s+)
    | (?P<wh>\s+(?:what|how|where|which|whom?)\s+)
    | (?P<cond>(?:,\s*|\s+|^[\"“‘']?)(?:if|unless|once(?!\s+(?:again|more)\b)|because|whether|asked\s+(?:whether|if|about)|as\s+soon\s+as|provided\s+that|providing\s+that|so\s+long\s+as|as\s+long\s+as|on\s+condition\s+that|(?<=,\s)provided(?=\s+(?:a|an|the|there|that|it|they|Ukraine|Russia|Kyiv|Moscow)\b))\s+)
    """,
    _I | re.X,
)
_INDIRECT_QUESTION = re.compile(
    r"\b(?:decided?|deciding|decides|undecided|unsure|uncertain|unclear|weighing|weighs|considering|considers|discussing|"
    r"assessing|debating|examining|studying|evaluating|reviewing|mulling|pondering|determine|determining|know|"
    r"made\s+up\s+(?:its|their|his|her)\s+mind|decision\s+on|about|over|on|"
    r"(?:early|premature|soon|difficult|hard|impossible)\s+to\s+(?:say|tell|predict|know))\W*$",
    _I,
)
# A verb of asking or not knowing before "what"/"how"/"which": the question after it is nobody's stance.
_ASKS = re.compile(
    r"\b(?:know|knows|knew|knowing|ask|asks|asked|asking|wonder\w*|learn|understand|clarify|clarified|explain\w*|"
    r"unclear|unsure|uncertain|find\s+out|hear|guess|predict)$",
    _I,
)
# ... whose own subject is named: "what Washington would do", "how many soldiers Rome would send".
_QUESTION_SUBJECT = re.compile(r"(?:(?:many|much)\s+[\w-]+\s+(?:[\w-]+\s+)?)?(?:the\s+)?(?-i:[A-Z])", _I)


def _asked_of_other(sentence: str, cut: re.Match[str]) -> bool:
    """True when a "what/how/which/whether" cut opens a question asked about someone named, not the
    subject's own open question ("does not know whether it will send troops" stays undecided)."""
    word = re.match(r"[\s,]*(?:asked\s+)?(what|how|where|which|whom?|whether|if)\s", cut.group(0), _I)
    if not word or not _ASKS.search(sentence, max(0, cut.start() - 40), cut.start()):
        return False
    return bool(_QUESTION_SUBJECT.match(sentence, cut.end()))


_NAME = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
_NAME_LIST = re.compile(rf"{_NAME}(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+){_NAME}|{_NAME}\s*(?:[.;)]|$)")
_NEW_SUBJECT = re.compile(
    r"(?:a|an|the|some|many|several|other|others|most|all|both|few|he|she|it|they|we|i|its|his|her|their|our|this|these|"
    r"has|have|had|is|was|are|were|will|would|can|could|may|might|must|said|says|added|announced|also|then|later|"
    r"no|none|only|[A-Z][\w'’.-]*)\b"
)
SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|declared|declares|insisted|insists|stressed|stresses|warned|"
    r"warns|claimed|claims|confirmed|confirms|noted|notes|explained|explains|argued|argues|wrote|writes|revealed|reveals|"
    r"emphasi[sz]ed|emphasi[sz]es|reiterated|reiterates|repeated|repeats|suggested|suggests|indicated|indicates|"
    r"believes|believed|made\s+it\s+clear|alleged|alleges|accused|accuses|signalled|signaled|acknowledged|admitted|"
    r"announced\s+that|confirmed\s+that|promised\s+that|agreed\s+that|decided\s+that|hinted|predicted|asserted|"
    r"assured|maintained|commented|replied|responded|remarked|called|reported|expressed\s+that|"
    r"pointed\s+out|reaffirmed|underlined|underscored|clarified|made\s+clear"
)
SPEECH_RE = re.compile(rf"\b(?:{by_first_letter(SPEECH_VERBS)})\b", _I)
_COMPLEMENTISERS = re.compile(
    rf"\b(?:{SPEECH_VERBS}|expressed|clear|sure|announced|agreed|decided|promised|ensure|ensured|insisting|saying|knows|know|"
    r"noted|given|so|such|now|fact|idea|view|position|hope|belief|assurance|assurances|signal|warning|claim|claims|"
    r"reports?|statement|told\s+\w+|told\s+\w+\s+\w+)(?:\W+[\w'’]+){0,5}\W*$",
    _I,
)
_QUOTE_CHARS = "\"“”"
_STRIP = " ,.\"“”‘’'"
# A finite verb: the words before a comma followed by a new subject make a clause of their own.
_FINITE = re.compile(
    r"\b(?:will|would|shall|wants?|is|are|was|were|has|have|had|can|could|may|might|must|should|plans|intends|refuses|"
    r"refused|offers|offered|pledged|agreed|ruled|rejected|declined|sends|sent|runs|ran|provides|provided|hosts|hosted|leads|"
    r"led|supplies|supplied|gives|gave|pays|paid|funds|funded|trains|trained|commands|contributes|contributed|operates)\b",
    _I,
)


@dataclass(slots=True)
class Clause:
    """A span of a sentence with its role."""

    start: int
    end: int
    kind: str  # main | rel | cond | list
    lead: str = ""  # the connective that opened it: but, and, that, while, ...
    content_start: int = -1  # where the reported content starts (after a leading speech verb)
    content_end: int = -1
    speaker: str | None = None  # the words naming who speaks
    speech_verb: str | None = None
    trailing_speaker: bool = False  # this clause only says who said the clauses before it
    extra: dict[str, object] = field(default_factory=dict)

    def text(self, sentence: str) -> str:
        return sentence[self.start : self.end]

    def content(self, sentence: str) -> tuple[int, int]:
        s = self.content_start if self.content_start >= 0 else self.start
        e = self.content_end if self.content_end >= 0 else self.end
        return s, e


_NO_LONGER_BUT = re.compile(r"\bno\s+longer\b", _I)
_AUX_BEFORE = re.compile(
    r"\b(?:could|would|will|shall|can|may|might|must|should|is|are|was|were|has|have|had|does|do|did)$", _I
)


def split_clauses(sentence: str) -> list[Clause]:
    """Cut a sentence into clauses (see the module docstring)."""
    clauses: list[Clause] = []
    pos = 0
    kind, lead = "main", ""
    for m in _CUT.finditer(sentence):
        name = m.lastgroup or ""
        if m.start() < pos:
            continue
        after = sentence[m.end() : m.end() + 40]
        if name == "comma_and" and not _NEW_SUBJECT.match(after):
            continue
        if name == "contrast" and m.group(0).rstrip().endswith(",") and _AUX_BEFORE.search(sentence, 0, m.start()):
            continue  # "The United States could, however, provide support": an aside inside one verb phrase
        if name == "contrast" and _NO_LONGER_BUT.search(sentence, pos, m.start()) and not _FINITE.search(
            re.split(r"[;.]", sentence[m.end() :], maxsplit=1)[0]
        ):
            continue  # "no longer proposes troops but air support": one change of offer (see :mod:`.changes`)
        if name == "newsubj" and not _FINITE.search(sentence, pos, m.start()):
            continue  # "According to the Swedish government, Sweden will": no clause before the comma
        asked = name in ("cond", "wh") and _asked_of_other(sentence, m)
        if name == "cond" and re.match(r"\s*,?\s*(?:whether|if)\b", m.group(0), _I) and _INDIRECT_QUESTION.search(
            sentence[max(0, m.start() - 40) : m.start()]
        ) and not asked:
            continue  # "has not decided whether to send troops": the question is the stance's object
        if name == "wh" and not asked:
            continue  # only a question about someone named is cut off: "needed to know what Washington would do"
        if name == "that":
            before = sentence[max(0, m.start() - 80) : m.start()]
            if _COMPLEMENTISERS.search(before):
                continue  # "said that ...": the content of a speech, not a new clause
            new_kind = "rel"
        elif name == "rel":
            new_kind = "rel"
        elif name in ("cond", "wh"):
            new_kind = "cond"
        elif name == "colon":
            rest = sentence[m.end() :].split(";")[0]
            if not _NAME_LIST.match(sentence, m.end()) and not _FINITE.search(rest):
                continue  # "...'s part would be civilian: €30 million in aid": the colon details the same clause
            # "...: Britain, France and Estonia" lists countries; "...: Hungary will send neither soldiers
            # nor money" is a clause of its own
            new_kind = "list" if _NAME_LIST.match(sentence, m.end()) else "main"
        else:
            new_kind = "main"
        if m.start() > pos or clauses:
            clauses.append(Clause(pos, m.start(), kind, lead))
        pos = m.end()
        kind = new_kind
        lead = re.sub(r"[\s,;:]+", " ", m.group(0)).strip().lower()
        if new_kind in ("cond", "rel"):
            comma = sentence.find(",", pos)
            nxt = _CUT.search(sentence, pos)
            resumes = new_kind == "cond" or re.match(r",\s+(?!and\b|or\b)[a-z]", sentence[comma:])
            if comma != -1 and resumes and (nxt is None or comma < nxt.start()):
                clauses.append(Clause(pos, comma, kind, lead))
                pos = comma + 1
                kind, lead = "main", ""
    clauses.append(Clause(pos, len(sentence), kind, lead))
    out = []
    for c in clauses:
        while c.start < c.end and (sentence[c.start].isspace() or sentence[c.start] in ",;"):
            c.start += 1
        while c.end > c.start and sentence[c.end - 1].isspace():
            c.end -= 1
        if c.end > c.start:
            out.append(c)
    return out


_ADJUNCT_ONLY = re.compile(
    r"^\W*(?:(?:on|in|at|after|before|during|late|early|last|this|to|with|from|by|a|an|the|reporters?|journalists?|"
    r"parliament|lawmakers|[A-Z][\w'’.-]*|\d+\w*|statement|interview|press\s+conference|news\s+conference|broadcaster|"
    r"television|radio|newspaper|daily|weekly|week|month|year|morning|evening|afternoon|night|meeting|summit|visit|"
    r"talks|briefing|speech|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|of|and|his|her|their|its|"
    r"publicly|sarcastically|repeatedly|firmly|also|recently|earlier|later|previously|separately|late|the\s+media|"
    r"in\s+the\s+face\s+of)\W*)*$",
)


_ACCORDING_LEAD = re.compile(r"^\W*according\s+to\s+(?P<who>[^,;]{2,80}?),\s*", _I)
_ACCORDING_TRAIL = re.compile(r",\s*according\s+to\s+(?P<who>[^,;]{2,80}?)\s*(?:[,.;]|$)", _I)


def _according(clause: Clause, text: str) -> bool:
    """ "According to X, ..." and "..., according to X" name a speaker like a verb of saying."""
    m = _ACCORDING_LEAD.match(text)
    if m:
        clause.speaker, clause.speech_verb = m.group("who").strip(), "according to"
        clause.content_start = clause.start + m.end()
        return True
    m = _ACCORDING_TRAIL.search(text)
    if m:
        clause.speaker, clause.speech_verb = m.group("who").strip(), "according to"
        clause.content_end = clause.start + m.start()
        return True
    return False


_INFINITIVE = re.compile(r"\bto\s+$", _I)


def find_speech(sentence: str, clause: Clause, cue_at: Callable[[int, int], bool]) -> None:
    """Fill ``clause.speaker``/``content_*`` when the clause contains a verb of saying.

    ``cue_at(start, end)`` tells whether a category or status cue starts in ``sentence[start:end]``.
    """
    text = sentence[clause.start : clause.end]
    base = clause.start
    if "ccording to" in text and _according(clause, text):
        return
    for m in SPEECH_RE.finditer(text):
        verb = m.group(0)
        pre = text[: m.start()]
        if _INFINITIVE.search(pre):
            continue  # "too early to say whether ...", "declined to say whether ...": no attribution
        post = text[m.end() :]
        post_content = re.sub(r"^\s*(?:[\w'’-]+\s+){0,6}?that\s+", "", post) if re.search(r"\bthat\b", post[:80]) else post
        cut = max(pre.rfind(","), max((pre.rfind(q) for q in _QUOTE_CHARS), default=-1))
        comma = post.find(",")
        if cut >= 0 and comma >= 0 and _ADJUNCT_ONLY.match(post[:comma]) and cue_at(base, base + cut):
            # "X is ready to ..., an official said on Monday, as part of ...": a trailing attribution
            # followed by a purpose or circumstance phrase, which adds no stance of its own
            clause.speaker = pre[cut + 1 :].strip(_STRIP) or post.strip(_STRIP) or None
            clause.speech_verb = verb.lower()
            clause.content_end = clause.start + cut
            return
        if cue_at(base + m.end(), clause.end) and not _ADJUNCT_ONLY.match(post):
            # leading speech: the speaker is the words before the verb (after any comma)
            cut = max(pre.rfind(","), max((pre.rfind(q) for q in _QUOTE_CHARS), default=-1))
            speaker = pre[cut + 1 :] if cut >= 0 and cue_at(base, base + cut + 1) else pre
            clause.speaker = speaker.strip(" ,\"“”") or None
            clause.speech_verb = verb.lower()
            clause.content_start = clause.start + (len(text) - len(post_content))
            return
        # trailing speech: content, then the speaker, then the verb
        cut = max(pre.rfind(","), max((pre.rfind(q) for q in _QUOTE_CHARS), default=-1))
        if cut >= 0 and cue_at(base, base + cut):
            # '"...," said a senior fellow at a think tank': the speaker may follow the verb
            clause.speaker = pre[cut + 1 :].strip(_STRIP) or post.strip(_STRIP) or None
            clause.speech_verb = verb.lower()
            clause.content_end = clause.start + cut
            return
        clause.speaker = pre.strip(_STRIP) or post.strip(_STRIP) or None
        clause.speech_verb = verb.lower()
        clause.trailing_speaker = True
        clause.content_end = clause.start  # no content of its own
        return

# Speed: the same patterns behind a cheap word-start test (see cues.gated).
SPEECH_RE = gated(SPEECH_RE)
_INDIRECT_QUESTION = gated(_INDIRECT_QUESTION)
_CUT = gated(_CUT, r"(?:(?=[\s,;:])|^)")

"""``/ask``: an engine's answer as a paragraph whose sentences point at their numbered sources.

A quote the answer already shows inline is cited there (``“...” [1]``), and renderers list that source
without repeating its quote (:meth:`~briefings.replies.Reply.inline_quotes`); sources the text does
not quote are cited at the end. An answer whose text carries its own ``[n]`` marks (the LLM engine's)
keeps them where they stand, as references to its numbered sources; its notice (why the offline
engine answered instead) is shown with it.
"""

from __future__ import annotations

import re

from briefings.answers import Answer
from briefings.replies import Action, Actions, Block, Notice, Paragraph, Reply, SourceBook, SourceList, Span
from briefings.replies.payloads import AnswerPayload

_MARK = re.compile(r"\[(\d{1,2})\]")


def _marked_spans(ans: Answer, book: SourceBook) -> list[Span]:
    """The text of an answer that cites ``[n]`` itself, its marks as references to the reply's sources."""
    numbers = [book.cite(s) for s in ans.sources]
    spans: list[Span] = []
    last = 0
    for m in _MARK.finditer(ans.answer):
        n = int(m.group(1))
        if not 1 <= n <= len(numbers):
            continue
        if m.start() > last:
            spans.append(Span(ans.answer[last:m.start()]))
        spans.append(Span.source(numbers[n - 1]))
        last = m.end()
    spans.append(Span(ans.answer[last:]))
    return spans


def _inline_end(text: str, start: int, quote: str) -> int:
    """Where the inline quote starting at ``start`` ends: after its closing mark and any "(Outlet, date)"."""
    end = start + len(quote)
    if end < len(text) and text[end] in "”\"’":
        end += 1
    rest = text[end:]
    stripped = rest.lstrip(" ")
    if stripped.startswith("(") and ")" in stripped[:80]:
        end += len(rest) - len(stripped) + stripped.index(")") + 1
    return end


def answer_reply(ans: Answer, *, question: str) -> Reply:
    payload = AnswerPayload(question=ans.question, answer=ans.answer, found=ans.found,
                            sources=tuple(ans.sources), engine=ans.engine)
    book = SourceBook()
    if ans.marked:
        return _finish(ans, question, payload, book, _marked_spans(ans, book))
    text = ans.answer
    marks: list[tuple[int, int]] = []  # (position in text, source number)
    tail: list[int] = []
    for s in ans.sources:
        pos = text.find(s.quote) if s.quote else -1
        n = book.cite(s)
        if pos >= 0:
            marks.append((_inline_end(text, pos, s.quote), n))
        elif n not in tail:
            tail.append(n)
    spans: list[Span] = []
    last = 0
    for pos, n in sorted(set(marks)):
        if pos > last:
            spans.append(Span(text[last:pos]))
            last = pos
        spans.append(Span(" "))
        spans.append(Span.source(n))
    spans.append(Span(text[last:]))
    if tail:
        spans += [Span(" "), *(Span.source(n) for n in tail)]
    return _finish(ans, question, payload, book, spans)


def _finish(ans: Answer, question: str, payload: AnswerPayload, book: SourceBook, spans: list[Span]) -> Reply:
    sources = book.sources
    blocks: list[Block] = [Paragraph(tuple(x for x in spans if x.text))]
    if sources:
        blocks.append(SourceList())
    if ans.notice:
        blocks.append(Notice("engine", ans.notice))
    if ans.found:
        blocks.append(Actions((Action("sources", "Sources"), Action("feedback_up", "👍"),
                               Action("feedback_down", "👎"))))
    return Reply(kind="answer", title=question, blocks=blocks, sources=sources, payload=payload, engine=ans.engine)

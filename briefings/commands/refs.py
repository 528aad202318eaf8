"""Replies that outlive their message: stored references for buttons, replay and feedback.

A front-end that draws buttons on a reply stores the command and its arguments once
(:func:`remember`) and puts the returned number in each button's custom id. Any process can then
rebuild that reply (:func:`replay`) for page N or for its sources, after a restart too. Answers are
stored whole (text and sources), so page 2 of an answer is page 2 of the same answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefings.answers import Answer
from briefings.commands import views
from briefings.errors import UsageError
from briefings.replies import Reply, Source
from briefings.replies.payloads import AnswerPayload
from storage import interactions as iq

if TYPE_CHECKING:
    from briefings.commands import Briefings


def args_of(reply: Reply, **args: Any) -> dict[str, Any]:
    """What must be stored to rebuild ``reply``: its command's arguments, or the whole answer."""
    if isinstance(reply.payload, AnswerPayload):
        p = reply.payload
        return {"question": p.question, "answer": p.answer, "found": p.found, "engine": p.engine,
                "sources": [s.detail() for s in p.sources]}
    return args


async def remember(b: Briefings, reply: Reply, platform: str, **args: Any) -> int:
    ref: int = await b.runner.call(iq.save_ref, reply.kind, args_of(reply, **args), platform)
    return ref


async def replay(b: Briefings, ref: int) -> Reply:
    found = await b._read(iq.get_ref, ref)
    if found is None:
        raise UsageError("That reply is too old to page through: run the command again.")
    kind, args = found
    if kind == "answer":
        ans = Answer(question=args["question"], answer=args["answer"], found=args["found"], engine=args["engine"],
                     marked=args["engine"] == "llm",  # the LLM engine's text carries its own [n] marks
                     sources=[Source(url=s.get("url") or "", title=s.get("title") or "", quote=s.get("quote") or "",
                                     outlet=s.get("outlet"), published=s.get("published")) for s in args["sources"]])
        return views.answer_reply(ans, question=args["question"])
    if kind == "pledges":
        return await b._read(views.pledges, args.get("country"), args.get("category"))
    if kind == "country":
        return await b._read(views.country, args["country"])
    if kind == "timeline":
        return await b._read(views.timeline, args.get("days"))
    if kind == "sources":
        return await b._read(views.sources, args.get("query"))
    if kind == "digest":
        from datetime import datetime

        return await b._read(views.digest, datetime.fromisoformat(args["since"]), datetime.fromisoformat(args["until"]))
    raise UsageError("That reply cannot be rebuilt: run the command again.")


async def feedback(b: Briefings, ref: int, *, platform: str, user: str, vote: int, reason: str = "",
                   salt: str = "briefbot") -> None:
    found = await b._read(iq.get_ref, ref)
    if found is None or found[0] != "answer":
        raise UsageError("Feedback is for answers, and that one is no longer on record.")
    _kind, args = found
    await b.runner.call(iq.record_feedback, ref_id=ref, platform=platform, user=iq.user_hash(platform, user, salt),
                        vote=vote, reason=reason[:1000], question=args["question"], answer=args["answer"],
                        sources=[{k: s.get(k) for k in ("url", "title", "quote")} for s in args["sources"]],
                        engine=args.get("engine") or "")

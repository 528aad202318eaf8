"""Renderers of the core's replies outside chat platforms: console (rich), plain text, JSON.

Discord and Slack render in their own packages; every renderer escapes text its own way and splits
long replies with :func:`briefings.replies.paginate.paginate`, never truncating.
"""

from bot.render.console import render
from bot.render.jsonout import reply_to_dict
from bot.render.plain import render_plain

__all__ = ["render", "render_plain", "reply_to_dict"]

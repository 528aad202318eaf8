"""Fakes of the outside services the bot talks to, for tests (loopback only, no network).

``fakes.discord``: a fake Discord (gateway websocket and REST API) that drives the real discord.py client.
``fakes.openai``: a fake OpenAI-compatible server (chat completions with structured outputs) for the real
``openai`` client.
"""

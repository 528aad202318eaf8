"""A fake OpenAI-compatible server on loopback for the real ``openai`` client (no network).

    with FakeOpenAI() as fake:                      # the reader model answers
        fake.behave(Behaviour("rate_limit", retry_after=1), Behaviour("model"))
        ... point the bot at fake.base_url ...
        assert len(fake.calls("extract")) == 1
        prompt, completion = fake.tokens("extract")

On its own, for trying the bot by hand or running the evaluation against it::

    PYTHONPATH=tests python -m fakes.openai --mode error --port 8765
"""

from .reader import COUNTRIES, EVIL_LINK
from .server import KINDS, Behaviour, FakeOpenAI, Recorded
from .tokens import count_tokens, prompt_tokens

__all__ = ["COUNTRIES", "EVIL_LINK", "KINDS", "Behaviour", "FakeOpenAI", "Recorded", "count_tokens", "prompt_tokens"]

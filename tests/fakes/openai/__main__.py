"""``python -m fakes.openai --mode KIND [--port N] [--delay S] [--status N]``: serve until Ctrl-C."""

from __future__ import annotations

import argparse
import time

from .server import KINDS, Behaviour, FakeOpenAI


def main() -> None:
    p = argparse.ArgumentParser(prog="fakes.openai", description=__doc__)
    p.add_argument("--mode", default="model", choices=sorted(KINDS))
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    p.add_argument("--status", type=int, default=500, help="with --mode error")
    p.add_argument("--retry-after", type=float, default=None, help="with --mode rate_limit")
    args = p.parse_args()
    fake = FakeOpenAI(default=Behaviour(args.mode, status=args.status, retry_after=args.retry_after,
                                        delay=args.delay), port=args.port).start()
    print(f"OPENAI_BASE_URL={fake.base_url}", flush=True)
    try:
        while True:
            time.sleep(60)
    except KeyboardInterrupt:
        pass
    finally:
        done = [r for r in fake.requests if r.status == 200]
        print(f"{len(fake.requests)} requests, {sum(r.prompt_tokens for r in done)} prompt and "
              f"{sum(r.completion_tokens for r in done)} completion tokens", flush=True)
        fake.stop()


if __name__ == "__main__":
    main()

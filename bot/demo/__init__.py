"""`python -m bot demo` and the school fixture it shares with the tests and benchmarks.

`world.py` wires the emulator (bot/sandbox, which is Telegram and knows nothing of the bot) to
the real bot and its services; `story.py` plays a placement on it.
"""

from bot.demo.story import plain, play

__all__ = ["plain", "play"]

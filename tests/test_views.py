"""Every message kind the product can queue has a view, and each view sits with its feature."""

from __future__ import annotations

import importlib
import pkgutil

import bot
import bot.app
from handlers import outgoing


def product_modules() -> list[str]:
    """Every module of the bot but the emulator and the demo (which only tests and demos use)."""
    return [
        info.name
        for info in pkgutil.walk_packages(bot.__path__, "bot.")
        if not info.name.startswith(("bot.sandbox", "bot.demo", "bot.__main__"))
    ]


def test_every_message_kind_of_the_product_has_a_view() -> None:
    for name in product_modules():  # every payload the product declares is registered now
        importlib.import_module(name)
    assert bot.app.VIEW_MODULES  # the views the running bot imports
    missing = [
        kind for kind in outgoing.kinds_without_view() if not kind.startswith(("test.", "bench."))
    ]
    assert missing == [], (
        "these message kinds could be queued but never sent: give each a view in "
        "handlers/<feature>_views.py and list that module in bot.app.VIEW_MODULES"
    )

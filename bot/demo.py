"""`python -m bot demo`: a placement played offline against the built-in emulator."""

from __future__ import annotations

import html
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.sandbox.model import ChatMessage
from bot.sandbox.users import SimUser
from bot.sandbox.world import World, open_world

ROSTER = """student_name;student_email;mentor_name;mentor_email;company;supervisor_name;supervisor_email;starts_on;ends_on;language
Sanne de Vries;sanne@student.example;Mark Jansen;mark@bakkerij.example;Bakkerij Jansen;Ingrid Bos;ingrid@school.example;2026-03-02;2026-06-26;en
Daan Smit;daan@student.example;Mark Jansen;mark@bakkerij.example;Bakkerij Jansen;Ingrid Bos;ingrid@school.example;2026-03-02;2026-06-26;nl
"""  # noqa: E501  (a CSV file, as a coordinator's spreadsheet writes it)

# Monday 2 March 2026, 09:00 in Amsterdam: the first day of the placement.
DEMO_START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")).astimezone(UTC)

Scene = Callable[[World, dict[str, SimUser]], Awaitable[None]]


def plain(text: str) -> str:
    """A chat text as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def show(message: ChatMessage, name: str) -> str:
    """One chat line: who said it, what, and which buttons it has."""
    who = "bot" if message.from_bot else name
    text = plain(message.text or "")
    if message.document:
        text += f" [document: {message.document[0]}]"
    buttons = " ".join(f"[{label}]" for row in message.buttons for label, _ in row)
    lines = text.splitlines() or [""]
    out = [f"  {who:>7} │ {lines[0]}"] + [f"  {'':>7} │ {line}" for line in lines[1:]]
    if buttons:
        out.append(f"  {'':>7} │ {buttons}")
    return "\n".join(out)


async def join_everyone(world: World, people: dict[str, SimUser]) -> None:
    """The coordinator imports the roster and hands out links; three people join."""
    outcome = await world.import_roster(ROSTER)
    print(f"coordinator imported {outcome.placements_added} placements "
          f"({outcome.people_added} people)")
    tokens = await world.invite_tokens()
    for email, user in (("sanne@student.example", people["Sanne"]),
                        ("mark@bakkerij.example", people["Mark"]),
                        ("ingrid@school.example", people["Ingrid"])):
        await world.join(user, tokens[email])


SCENES: list[tuple[str, Scene]] = [("everyone joins through an invite link", join_everyone)]


async def play(*, quiet: bool = False) -> int:
    """Run every scene, then print each person's chat."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mentorbot-demo-") as folder:
        async with open_world(Path(folder) / "demo.sqlite3", DEMO_START) as world:
            people = {
                "Sanne": world.user("Sanne", language="en"),
                "Mark": world.user("Mark", language="en"),
                "Ingrid": world.user("Ingrid", language="en"),
            }
            for title, scene in SCENES:
                print(f"▶ {title}")
                await scene(world, people)
                await world.settle()
            if not quiet:
                for name, user in people.items():
                    print(f"\n══ what {name} saw ══")
                    for message in user.chat:
                        print(show(message, name))
            delivered = world.bot.sender.delivered
            handled = world.bot.inbox.handled
    print(f"\ndemo done in {time.monotonic() - started:.1f}s: {handled} updates handled, "
          f"{delivered} messages sent by the scheduler, simulated clock at "
          f"{world.clock.now().astimezone(ZoneInfo('Europe/Amsterdam')):%a %d %b %Y %H:%M}")
    return 0

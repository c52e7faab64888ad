"""The demo's feedback scenes: learning goals, feedback with a question, a reminder, and the
reference at the end of the placement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.demo.world import World
from bot.sandbox.users import SimUser

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(month: int, day: int, hour: int) -> datetime:
    """A moment of 2026 on an Amsterdam wall clock, in UTC."""
    return datetime(2026, month, day, hour, tzinfo=AMSTERDAM).astimezone(UTC)


async def act(world: World, *steps: tuple[SimUser, str, str]) -> None:
    """People act one after the other: ("text", words) or ("press", a button's label)."""
    for user, how, what in steps:
        if how == "press":
            user.press(what)
        else:
            user.send_text(what)
        await world.settle()


async def feedback_with_a_question(world: World, people: dict[str, SimUser]) -> None:
    """Week 5: Ingrid sets learning goals; Mark gives feedback; Sanne asks; Mark answers."""
    ingrid, mark, sanne = people["Ingrid"], people["Mark"], people["Sanne"]
    await world.move_to(at(3, 30, 10))
    await act(
        world,
        (ingrid, "text", "/goals"),
        (ingrid, "press", "Sanne de Vries"),
        (ingrid, "press", "Set the learning goals"),
        (ingrid, "text", "Arrive on time\nWork with customers"),
    )
    await world.move_to(at(3, 31, 16))
    await act(
        world,
        (mark, "text", "/feedback"),
        (mark, "press", "Sanne de Vries"),
        (mark, "press", "Work with customers"),
        (mark, "text", "You greet every customer by name. Well done!"),
        (mark, "text", "Next: explain our breads when customers ask."),
        (mark, "press", "Done"),
        (mark, "press", "Send"),
    )
    await act(
        world,
        (sanne, "press", "❓ I have a question"),
        (sanne, "text", "Which breads should I learn first?"),
    )
    await world.move_to(at(4, 1, 9))
    await act(
        world,
        (mark, "press", "Answer"),
        (mark, "text", "Start with the sourdough and the spelt loaf."),
        (sanne, "press", "✅ Understood"),
    )


async def feedback_left_unconfirmed(world: World, people: dict[str, SimUser]) -> None:
    """Week 6: feedback Sanne does not confirm: a reminder after 48 h, Mark told after 5 days."""
    mark, sanne = people["Mark"], people["Sanne"]
    await world.move_to(at(4, 6, 16))
    await act(
        world,
        (mark, "text", "/feedback"),
        (mark, "press", "Sanne de Vries"),
        (mark, "press", "Arrive on time"),
        (mark, "text", "You were late twice this week. Please take the earlier bus."),
        (mark, "press", "Done"),
        (mark, "press", "Send"),
    )
    await world.move_to(at(4, 8, 16))
    await world.move_to(at(4, 11, 16))
    await act(world, (sanne, "press", "✅ Understood"))


async def reference_at_the_end(world: World, people: dict[str, SimUser]) -> None:
    """Two weeks before the end: all three are told; Sanne asks for a reference; Mark sees
    the draft from his feedback, writes his own and sends it; Sanne gets it as a PDF."""
    mark, sanne = people["Mark"], people["Sanne"]
    await world.move_to(at(6, 12, 9))
    await act(
        world,
        (sanne, "text", "/reference"),
        (mark, "press", "Write the reference"),
        (
            mark,
            "text",
            "Sanne de Vries did her placement at Bakkerij Jansen from March to June 2026.",
        ),
        (
            mark,
            "text",
            "She greets every customer by name and learned to explain our "
            "breads. After a slow start she arrived on time every day.",
        ),
        (mark, "press", "Done"),
        (mark, "press", "Send"),
    )
    await world.move_to(at(6, 12, 9) + timedelta(minutes=5))

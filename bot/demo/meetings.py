"""The demo's meeting scenes: a mentor meeting planned and held, one moved, one cancelled, a
week without one (the supervisor alerted), and a tripartite review from proposal to the
student's "understood". Everyone gets the calendar files (`demo --out DIR` writes them)."""

from __future__ import annotations

from bot.demo.feedback import act, at
from bot.demo.world import World
from bot.sandbox.users import SimUser


async def plan(
    world: World, planner: SimUser, student: str, day: str, time: str, *, place: str | None
) -> None:
    """A planner plans a meeting with a student from the keyboards."""
    await act(
        world,
        (planner, "text", "/plan"),
        (planner, "press", student),
        (planner, "press", day),
        (planner, "press", time),
        (planner, "text", place) if place else (planner, "press", "Skip"),
    )


async def first_meeting(world: World, people: dict[str, SimUser]) -> None:
    """Week 1: Mark plans a meeting with Sanne; she confirms; reminders; it is held."""
    mark, sanne = people["Mark"], people["Sanne"]
    await world.move_to(at(3, 2, 11))
    await plan(
        world, mark, "Sanne de Vries", "Wed 4 Mar", "14:00", place="Bakkerij Jansen, office"
    )
    await act(world, (sanne, "press", "✅ Confirm"))
    await world.move_to(at(3, 3, 14))  # the day before
    await world.move_to(at(3, 4, 13))  # an hour before
    await world.move_to(at(3, 4, 15))  # "did it take place?"
    await act(
        world,
        (mark, "press", "✅ Held"),
        (mark, "text", "Talked about the first week; Sanne wants to learn the oven."),
    )


async def moved_meeting(world: World, people: dict[str, SimUser]) -> None:
    """Week 2: the day before, Sanne asks for another time with a reason; Mark confirms it."""
    mark, sanne = people["Mark"], people["Sanne"]
    await world.move_to(at(3, 9, 9))
    await plan(world, mark, "Sanne de Vries", "Wed 11 Mar", "14:00", place=None)
    await act(world, (sanne, "press", "✅ Confirm"))
    await world.move_to(at(3, 10, 14))
    await act(
        world,
        (sanne, "press", "🕑 Another time"),
        (sanne, "text", "I have a test at school on Wednesday afternoon."),
        (sanne, "text", "do 12-3 10:00"),
        (mark, "press", "✅ Confirm"),
    )
    await world.move_to(at(3, 12, 11))
    await act(world, (mark, "press", "✅ Held"), (mark, "press", "Skip"))


async def cancelled_meeting(world: World, people: dict[str, SimUser]) -> None:
    """Week 3: a meeting is planned and confirmed, then cancelled with a reason."""
    mark, sanne = people["Mark"], people["Sanne"]
    await world.move_to(at(3, 16, 9))
    await plan(world, mark, "Sanne de Vries", "Wed 18 Mar", "14:00", place=None)
    await act(world, (sanne, "press", "✅ Confirm"))
    await world.move_to(at(3, 18, 15))
    await act(
        world,
        (mark, "press", "❌ Cancelled"),
        (mark, "text", "Busy day in the shop; we skip this week."),
    )


async def lapsing_meetings(world: World, people: dict[str, SimUser]) -> None:
    """Week 4: no meeting since 12 March: both are reminded to plan, then Ingrid is alerted."""
    await world.move_to(at(3, 21, 10))
    await world.move_to(at(3, 24, 10))
    await act(world, (people["Ingrid"], "press", "👀 Acknowledge"))


async def tripartite_review(world: World, people: dict[str, SimUser]) -> None:
    """Week 7: Ingrid plans the tripartite review; Sanne and Mark confirm and prepare; it is
    held; Sanne asks about the agreements, Mark answers, Sanne understood."""
    ingrid, mark, sanne = people["Ingrid"], people["Mark"], people["Sanne"]
    await world.move_to(at(4, 13, 9))
    await act(
        world,
        (ingrid, "text", "/plan"),
        (ingrid, "press", "Sanne de Vries"),
        (ingrid, "text", "wo 15-4 10:00"),
        (ingrid, "text", "https://meet.example/review-sanne"),
        (sanne, "press", "✅ Confirm"),
        (mark, "press", "✅ Confirm"),
    )
    await world.move_to(at(4, 14, 10))  # the day before: prepare
    await act(
        world,
        (sanne, "press", "✍️ Write it down"),
        (sanne, "text", "Customers went well. I want to talk about the early shifts."),
        (mark, "press", "✍️ Write it down"),
        (mark, "text", "She is good with customers; the oven still needs practice."),
    )
    await world.move_to(at(4, 15, 9))  # an hour before: Ingrid reads what they prepared
    await world.move_to(at(4, 15, 11))
    await act(
        world,
        (ingrid, "press", "✅ Held"),
        (
            ingrid,
            "text",
            "Sanne starts at 07:00 twice a week. Mark shows her the oven every Tuesday.",
        ),
        (ingrid, "text", "19-6-2026"),
        (sanne, "press", "❓ I have a question"),
        (sanne, "text", "Which two days are the early shifts?"),
    )
    await act(
        world,
        (mark, "press", "✍️ Answer"),
        (mark, "text", "Monday and Thursday, from next week."),
        (sanne, "press", "👍 Understood"),
    )

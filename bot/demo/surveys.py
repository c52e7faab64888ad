"""The demo's mid-placement survey (issue 14): the school's coordinator joins, Sanne answers
the mid survey in the chat (one question at a time, with its progress line), and the
coordinator reads /results, as text and as a bar chart (written to --out), then groups it by
mentor with one tap."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.demo.world import World
from bot.domain.people import Role
from bot.sandbox.users import SimUser
from storage.people import PeopleRepo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Sanne's mid survey is due from 29 April (halfway between 2 March and 26 June). On the 30th the
# week's check-in comes first (the survey waits while it is open); she answers it, and the
# survey comes the next day, before the next check-in (Friday 14:00).
CHECKIN_FIRST = datetime(2026, 4, 30, 10, 0, tzinfo=AMSTERDAM)
MID_SURVEY = datetime(2026, 5, 1, 11, 30, tzinfo=AMSTERDAM)
CHECKIN = ("🙂 4", "Skip", "No")
ANSWERS = ("▶️ Start", "4", "5", "4", "A mix", "Yes")


async def coordinator_joins(world: World) -> SimUser:
    """The school's coordinator, Carla, is registered and opens her invite link."""
    svc = world.bot.services
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).add(
            "Carla Visser", "carla@school.example", Role.COORDINATOR, "en", world.clock.now()
        )
    carla = world.user("Carla", language="en")
    await world.join(carla, (await world.invite_tokens())["carla@school.example"])
    return carla


async def mid_survey(world: World, people: dict[str, SimUser]) -> None:
    """Sanne answers the mid-placement survey; Carla reads the results and groups them."""
    sanne = people["Sanne"]
    people["Carla"] = carla = await coordinator_joins(world)
    await world.move_to(CHECKIN_FIRST)
    if sanne.bot_messages and sanne.bot_messages[-1].has_button(CHECKIN[0]):
        for label in CHECKIN:
            sanne.press(label)
            await world.settle()
    await world.move_to(MID_SURVEY)
    for label in ANSWERS:
        sanne.press(label)
        await world.settle()
    sanne.send_text("I learn a lot from Mark & the early shifts suit me 🍞")
    await world.settle()
    carla.send_text("/results")
    await world.settle()
    carla.press("Mentor")
    await world.settle()

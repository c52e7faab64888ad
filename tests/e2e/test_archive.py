"""The end of the school year: an archived placement says goodbye once, then nothing more."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.demo.world import World
from bot.i18n import t
from bot.services.archive import archive_ended
from bot.services.operations import placement_counts
from handlers.formats import day
from storage.operations import PlacementCounts
from tests.conftest import ROSTER

# Sanne and Daan end 26 June; Lotte (another mentor and supervisor) runs on into the autumn.
LONGER = ROSTER.replace(
    "Zorgcentrum West,Peter Mulder,peter@school.example,2026-03-02,2026-06-26",
    "Zorgcentrum West,Peter Mulder,peter@school.example,2026-03-02,2026-10-30",
)


async def test_an_ended_placement_gets_its_goodbye_once_and_nothing_after(world: World) -> None:
    await world.import_roster(LONGER)
    tokens = await world.invite_tokens()
    sanne, mark, ingrid = world.user("Sanne"), world.user("Mark"), world.user("Ingrid")
    peter = world.user("Peter", language="en")
    for user, email in ((sanne, "sanne"), (mark, "mark"), (ingrid, "ingrid"), (peter, "peter")):
        domain = {"sanne": "student", "mark": "bakkerij"}.get(email, "school")
        await world.join(user, tokens[f"{email}@{domain}.example"])
    await world.move_to(datetime(2026, 7, 6, 8, 0, tzinfo=UTC))
    svc = world.bot.services
    assert await placement_counts(svc, world.clock.now()) == PlacementCounts(1, 2, 0)

    outcome = await archive_ended(svc, date(2026, 7, 1), world.clock.now())
    assert (outcome.placements, outcome.goodbyes) == (2, 3)  # Sanne, Mark, Ingrid: not Peter
    world.bot.sender.wake()
    await world.settle()
    goodbye = t("nl", "archive.goodbye", date=day("nl", date(2028, 6, 26)))
    for user in (sanne, mark, ingrid):
        assert user.texts()[-1] == goodbye, user.first_name
        assert user.texts().count(goodbye) == 1
    assert not any("closed it here" in text for text in peter.texts())
    assert await placement_counts(svc, world.clock.now()) == PlacementCounts(1, 0, 2)

    # Again, the same day or a later one: nobody is archived twice, nobody hears it twice.
    again = await archive_ended(svc, date(2026, 7, 2), world.clock.now())
    assert (again.placements, again.goodbyes) == (0, 0)
    seen = {user.first_name: len(user.texts()) for user in (sanne, mark, ingrid)}
    # Weeks of ticks: check-in days, meeting cadences, feedback prompts, digests. Nothing.
    for _ in range(6):
        await world.advance(days=7)
    after = {
        user.first_name: user.texts()[seen[user.first_name] :] for user in (sanne, mark, ingrid)
    }
    assert after == {"Sanne": [], "Mark": [], "Ingrid": []}
    assert peter.texts()  # the running placement goes on: its supervisor still hears

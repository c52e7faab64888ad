"""Choosing the language the bot speaks: only a language it has, and nothing else changes."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.services.people import choose_language
from bot.services.runtime import Services
from storage.people import PeopleRepo


async def language_of(svc: Services, person_id: int) -> str | None:
    async with svc.db.reading() as conn:
        person = await PeopleRepo(conn).by_id(person_id)
    assert person is not None
    return person.language


async def test_an_unknown_language_is_refused_and_the_old_one_stays(
    svc: Services, clock: FakeClock
) -> None:
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        person_id = await people.add(
            "Sanne", "sanne@student.example", Role.STUDENT, "nl", clock.now()
        )
        person = await people.by_id(person_id)
    assert person is not None
    for unknown in ("de", "NL", "", "nl; DROP TABLE people"):
        assert await choose_language(svc, person, unknown) is False
    assert await language_of(svc, person_id) == "nl"
    assert await choose_language(svc, person, "en") is True
    assert await language_of(svc, person_id) == "en"

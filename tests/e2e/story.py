"""A small cast for check-in stories: one placement, its three people joined."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.users import SimUser
from bot.sandbox.world import World

ROSTER = """student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on,language
Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en
Daan Smit,daan@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2026-12-18,en
"""  # noqa: E501


@dataclass
class Cast:
    """The people of the first placement, and those of another one (starting in September)."""

    student: SimUser
    mentor: SimUser
    supervisor: SimUser
    other_student: SimUser
    other_mentor: SimUser
    other_supervisor: SimUser


async def cast(world: World) -> Cast:
    """Import the roster and let all six people join through their links."""
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    people = Cast(*(world.user(name, language="en") for name in (
        "Sanne", "Mark", "Ingrid", "Daan", "Fatima", "Peter")))
    emails = ("sanne@student.example", "mark@bakkerij.example", "ingrid@school.example",
              "daan@student.example", "fatima@zorg.example", "peter@school.example")
    for user, email in zip((people.student, people.mentor, people.supervisor,
                            people.other_student, people.other_mentor, people.other_supervisor),
                           emails, strict=True):
        await world.join(user, tokens[email])
    return people

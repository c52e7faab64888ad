"""Reports on a real SQLite file: filed or added, what /mydata shows, what erasure leaves."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.domain.reports import Admission
from bot.services.privacy import my_data
from bot.services.reports import Filed, Reached, file_report
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.erasure import ErasureRepo
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER

SECRET = "Mijn praktijkopleider is onaardig tegen me"


async def filed(svc: Services, words: str, *, shared: bool = False) -> Filed:
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        return await file_report(
            conn, svc.policy, placement, words, svc.clock.now(), shared_with_mentor=shared
        )


async def test_the_fourth_report_in_an_hour_is_an_addition_and_mydata_shows_it_with_recipients(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:  # Sanne and her supervisor Ingrid have joined
        people = PeopleRepo(conn)
        for email, telegram_id in (("sanne@student.example", 11), ("ingrid@school.example", 12)):
            person = await people.by_email(email)
            assert person is not None
            await people.link_telegram(person.id, telegram_id, "nl")
    outcomes = []
    for n in range(4):
        outcomes.append(await filed(svc, f"{SECRET} ({n})"))
        clock.advance(timedelta(minutes=10))
    assert [o.admission for o in outcomes] == [Admission.NEW_ALERT] * 3 + [Admission.ADDITION]
    assert [o.reached for o in outcomes] == [Reached.TELEGRAM] * 4
    assert [o.recent for o in outcomes] == [1, 2, 3, 4]
    assert outcomes[3].addition is not None
    assert outcomes[3].addition.alert_id == outcomes[2].state.alert_id
    async with svc.db.reading() as conn:
        sanne = await PeopleRepo(conn).by_email("sanne@student.example")
    assert sanne is not None
    data = await my_data(svc, sanne, clock.now())
    assert [a["details"] for a in data["additions_to_your_reports"]] == [f"{SECRET} (3)"]
    assert {
        (r["name"], r["as_role"], r["channel"]) for r in data["who_received_alerts_about_you"]
    } == {("Ingrid Bos", "supervisor", "telegram")}


async def test_erasure_leaves_no_word_of_the_reports_additions(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    for n in range(4):
        await filed(svc, f"{SECRET} ({n})")
    async with svc.db.transaction() as conn:
        sanne = await PeopleRepo(conn).by_email("sanne@student.example")
        assert sanne is not None
        await PeopleRepo(conn).add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
        await ErasureRepo(conn).erase(sanne.id, "erased-1", "erased-1@invalid", clock.now())
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT details FROM alert_additions UNION ALL SELECT details FROM alerts"
        ) as cur,
    ):
        assert [row[0] for row in await cur.fetchall()] == [None] * 4

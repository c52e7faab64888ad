"""Surveys and privacy: /mydata shows his invitations, half answers and named answers; erasure
empties his written answers and drops his half answers; anonymous answers never name him."""

from __future__ import annotations

from pathlib import Path

from bot.clock import FakeClock
from bot.services.privacy import decide_erasure, my_data, request_erasure
from bot.services.runtime import Services
from bot.services.surveys import list_surveys
from storage.surveys import SurveyRepo
from tests.services.test_privacy import on_disk
from tests.services.test_survey_results import school

WHY = "Meer bakken met Gijsbrecht"
DRAFT = "Halverwege geschreven door Sanne"


async def test_mydata_and_erasure_cover_his_survey_answers(
    svc: Services, clock: FakeClock, tmp_path: Path
) -> None:
    cast = await school(svc, anonymous_answers=5)
    sanne, carla = cast["sanne"], cast["carla"]
    ids = {s.survey.name: s.id for s in await list_surveys(svc)}
    async with svc.db.transaction() as conn:
        await conn.execute(
            "UPDATE survey_answers SET answer = ? WHERE question = 'learning_why' AND "
            "response_id IN (SELECT id FROM survey_responses WHERE person_id = ?)",
            (WHY, sanne.id),
        )
        repo = SurveyRepo(conn)
        invitation = await repo.invite(ids["student_end"], "student_end", sanne.id, 1, clock.now())
        await repo.put_draft(invitation, {"overall": "2", "remark": DRAFT})
    data = await my_data(svc, sanne, clock.now())
    assert [i["name"] for i in data["survey_invitations"]] == ["student_end"]
    assert {(d["question"], d["answer"]) for d in data["survey_drafts"]} == {
        ("overall", "2"),
        ("remark", DRAFT),
    }
    named = {a["question"]: a["answer"] for a in data["survey_answers"]}
    assert (named["safe"], named["learning_why"]) == ("4", WHY)
    assert len(data["survey_answers"]) == 7  # her mid survey; the anonymous ones are not hers

    await request_erasure(svc, sanne, clock.now())
    await decide_erasure(svc, carla, 1, approve=True, now=clock.now())
    after = await my_data(svc, sanne, clock.now())
    assert after["survey_drafts"] == []
    named = {a["question"]: a["answer"] for a in after["survey_answers"]}
    assert (named["safe"], named["recommend"], named["learning_why"]) == ("4", "yes", "")
    disk = on_disk(tmp_path / "test.sqlite3")
    for text in (WHY, DRAFT):
        assert text.encode() not in disk, text

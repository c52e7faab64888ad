"""The tick's meeting steps: reminders of confirmed meetings, and the cadence of each placement
(a reminder to plan, an alert when meetings lapse or the review is overdue).

Both look only at rows whose indexed `next_*_at` has come, a chunk at a time, so the idle tick
costs two index probes however large the school. Each row, once looked at, gets its next moment:
the next reminder, or the next moment its cadence needs a look. A message held back by a
reader's quiet hours keeps its row due until they end; dedupe keys make a second look at the
same row send nothing twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import aiosqlite

from bot.domain.cadence import Term, Track, alert_at, due_at, plan_reminder_at
from bot.domain.escalation import AlertKind
from bot.domain.localtime import local_date, zone_of
from bot.domain.meeting_messages import MeetingReminder, PlanReminder, ReviewPrepare
from bot.domain.meeting_reminders import (
    Reminder,
    due_reminder,
    is_held_back_by_quiet_hours,
    next_reminder,
    reminder_moment,
)
from bot.domain.meetings import Meeting, MeetingKind, MeetingState, organiser
from bot.domain.messages import Message, Payload
from bot.domain.people import Person, Placement, Role
from bot.domain.policy import Policy
from bot.domain.quiet import release_at
from bot.services.alerts import raise_alert
from bot.services.meetings import MeetingCard, card_of, zone_of_person
from bot.services.runtime import Services
from storage.meeting_tracks import TrackMark, TrackRepo
from storage.meetings import MeetingRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo

CHUNK = 200
CADENCE_CHUNKS = 5  # 1,000 tracks a tick at most: a day's reminders of a large school
# While someone who must take part has not joined, his placement's cadence waits: looked at
# again a day later.
WAIT_FOR_JOINING = timedelta(days=1)


async def send_meeting_reminders(svc: Services, now: datetime) -> int:
    """Queue the reminders (and outcome questions) of confirmed meetings that are due."""
    sent = 0
    async with svc.db.reading() as conn:  # the idle tick: one indexed read, no transaction
        if not await MeetingRepo(conn).due(now, 1):
            return 0
    while True:
        async with svc.db.transaction() as conn:
            due = await MeetingRepo(conn).due(now, CHUNK)
            for meeting in due:
                sent += await _remind(conn, svc.policy, meeting, now)
        if len(due) < CHUNK:
            return sent


async def _remind(
    conn: aiosqlite.Connection, policy: Policy, meeting: Meeting, now: datetime
) -> int:
    repo, times = MeetingRepo(conn), policy.meetings.reminder_times
    done = Reminder(meeting.reminded) if meeting.reminded else None
    card = await card_of(conn, meeting.id)
    if card is None or meeting.state is not MeetingState.CONFIRMED:
        await repo.schedule(meeting.id, meeting.reminded, None)
        return 0
    reminder = due_reminder(meeting.starts_at, done, now, times)
    if reminder is None:  # looked at early (a quiet-hours hold that ended): the next one
        following = next_reminder(meeting.starts_at, done, times)
        await repo.schedule(meeting.id, meeting.reminded, following[1] if following else None)
        return 0
    moment = reminder_moment(reminder, meeting.starts_at, times)
    waiting, messages = [], []
    for person, payload in _recipients(card, reminder):
        release = moment
        if is_held_back_by_quiet_hours(reminder):
            zone = zone_of(zone_of_person(policy, person, card.placement))
            release = release_at(moment, policy.meetings.quiet, zone)
        if release > now:
            waiting.append(release)
            continue
        key = f"meeting:{meeting.id}:{meeting.sequence}:{reminder.value}:{person.id}"
        messages.append(Message(key, person.id, payload))
    queued = await OutboxRepo(conn).add(messages, now)
    if waiting:
        await repo.schedule(meeting.id, meeting.reminded, min(waiting))
    else:
        following = next_reminder(meeting.starts_at, reminder, times)
        await repo.schedule(meeting.id, reminder.value, following[1] if following else None)
    if reminder is Reminder.OUTCOME:  # its time has come: it counts for the cadence now
        await TrackRepo(conn).look_again(meeting.placement_id, meeting.kind)
    return queued


def _recipients(card: MeetingCard, reminder: Reminder) -> list[tuple[Person, Payload]]:
    """Who gets which message of a reminder."""
    meeting = card.meeting
    plain = MeetingReminder(meeting.id, meeting.sequence, reminder)
    if reminder is Reminder.OUTCOME:
        return [(card.person(organiser(meeting.kind)), plain)]
    if reminder is Reminder.DAY_BEFORE and meeting.kind is MeetingKind.TRIPARTITE:
        # Student and mentor are asked to prepare; the supervisor gets their answers with
        # his reminder an hour before.
        return [
            (card.student, ReviewPrepare(meeting.id)),
            (card.mentor, ReviewPrepare(meeting.id)),
            (card.supervisor, plain),
        ]
    return [(person, plain) for person in card.participants]


async def check_meeting_cadence(svc: Services, now: datetime) -> int:
    """Remind to plan and alert on lapses for the placements whose cadence needs a look.

    At most CADENCE_CHUNKS chunks a tick: after a large roster import every new placement is
    looked at once, over the next few ticks, instead of one tick holding the database long.
    """
    acted = 0
    async with svc.db.reading() as conn:  # the idle tick: one indexed read, no transaction
        if not await TrackRepo(conn).due(now, 1):
            return 0
    for _ in range(CADENCE_CHUNKS):
        async with svc.db.transaction() as conn:
            due = await TrackRepo(conn).due(now, CHUNK)
            for mark in due:
                acted += await _check(conn, svc.policy, mark, now)
        if len(due) < CHUNK:
            break
    return acted


async def _check(
    conn: aiosqlite.Connection, policy: Policy, mark: TrackMark, now: datetime
) -> int:
    tracks = TrackRepo(conn)
    placement = await PlacementRepo(conn).by_id(mark.placement_id)
    if placement is None:
        await tracks.save(mark, None)
        return 0
    people = [
        await PeopleRepo(conn).by_id(person_id)
        for person_id in (placement.student_id, placement.mentor_id, placement.supervisor_id)
    ]
    kind = mark.kind
    who = {person.role: person for person in people if person is not None}
    takes_part = [who.get(Role.STUDENT), who.get(Role.MENTOR)] + (
        [who.get(Role.SUPERVISOR)] if kind is MeetingKind.TRIPARTITE else []
    )
    if any(person is None or person.telegram_id is None for person in takes_part):
        await tracks.save(mark, now + WAIT_FOR_JOINING)
        return 0
    meetings = await MeetingRepo(conn).of_placement(placement.id, kind)
    since = await tracks.known_since(placement.id)
    term = Term(
        max(placement.starts_on, local_date(since, zone_of(placement.timezone))),
        placement.ends_on,
        placement.timezone,
        placement.paused_until,
    )
    if term.starts_on > term.ends_on:
        await tracks.save(mark, None)
        return 0
    track = Track(
        kind,
        term,
        policy.meetings.cadence(
            kind, placement.mentor_meeting_every_days, placement.tripartite_every_weeks
        ),
        tuple(meeting.record for meeting in meetings),
    )
    due = due_at(track, now)
    later: list[datetime] = []
    acted = 0
    remind = plan_reminder_at(track, now)
    if remind is not None and due is not None and mark.reminded_for != due:
        planners = (
            [who[Role.SUPERVISOR]]
            if kind is MeetingKind.TRIPARTITE
            else [who[Role.STUDENT], who[Role.MENTOR]]
        )
        waiting = _held_back(policy, placement, planners, remind, now)
        if remind <= now and not waiting:
            overdue = max(0, (now - due).days)
            await OutboxRepo(conn).add(
                [
                    Message(
                        f"meeting_plan:{placement.id}:{kind.value}:{due.isoformat()}:{p.id}",
                        p.id,
                        PlanReminder(placement.id, kind, overdue),
                    )
                    for p in planners
                ],
                now,
            )
            mark = replace(mark, reminded_for=due)
            acted += 1
        else:
            later.append(max([remind, *waiting]))
    alert = alert_at(track, now)
    if alert is not None and due is not None and mark.alerted_for != due:
        waiting = _held_back(policy, placement, [who[Role.SUPERVISOR]], alert, now)
        if alert <= now and not waiting:
            lapse = (
                AlertKind.REVIEW_OVERDUE
                if kind is MeetingKind.TRIPARTITE
                else (AlertKind.MEETINGS_LAPSING)
            )
            await raise_alert(conn, policy, placement, lapse, now)
            mark = replace(mark, alerted_for=due)
            acted += 1
        else:
            later.append(max([alert, *waiting]))
    await tracks.save(mark, min(later) if later else None)
    return acted


def _held_back(
    policy: Policy, placement: Placement, readers: list[Person], moment: datetime, now: datetime
) -> list[datetime]:
    """When the readers' quiet hours end, for those still in them at `now`."""
    found = []
    for reader in readers:
        zone = zone_of(zone_of_person(policy, reader, placement))
        release = release_at(max(moment, now), policy.meetings.quiet, zone)
        if release > now:
            found.append(release)
    return found

"""Updates of different people handled at the same time, each person's in order.

Telegram's limits make a reply wait: one message a second in a chat. Handled one at a time,
a student whose next question waits for his chat's turn would hold up every other student;
so each person has a lane of his own, and up to `concurrency` lanes run at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


def lanes_of_chat(chat_id: int | str) -> tuple[Hashable, Hashable]:
    """The lanes of a private chat's person: by his user id, or by the chat itself."""
    return (False, chat_id), (True, chat_id)


def lane_of(update_id: int, payload: dict[str, Any]) -> Hashable:
    """Whose turn an update waits for: its sender, else its chat, else nobody else's."""
    for key, value in payload.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        for field in ("from", "user", "chat"):
            who = value.get(field)
            if isinstance(who, dict) and isinstance(who.get("id"), int):
                return (field == "chat", who["id"])
    return ("update", update_id)


class Lanes:
    """Runs jobs by lane: one lane's jobs in the order given, up to `concurrency` lanes at once."""

    def __init__(self, concurrency: int) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._lanes: dict[Hashable, deque[tuple[int, Job]]] = {}
        self._held: set[int] = set()  # ids of jobs waiting or running
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    def __contains__(self, job_id: int) -> bool:
        return job_id in self._held

    def __len__(self) -> int:
        return len(self._held)

    def busy(self, lane: Hashable) -> bool:
        """Whether a lane has a job running or waiting."""
        return lane in self._lanes

    def submit(self, lane: Hashable, job_id: int, job: Job) -> None:
        """Run `job` after the lane's earlier jobs, when a slot is free."""
        self._held.add(job_id)
        queue = self._lanes.get(lane)
        if queue is not None:
            queue.append((job_id, job))
            return
        self._lanes[lane] = deque([(job_id, job)])
        task = asyncio.create_task(self._run(lane))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def stop(self) -> None:
        """Start no further job; the running ones finish."""
        self._stopping = True

    async def join(self) -> None:
        """Wait until no job runs (after `stop`, the waiting ones are dropped)."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def _run(self, lane: Hashable) -> None:
        queue = self._lanes[lane]
        try:
            while queue and not self._stopping:
                job_id, job = queue[0]
                async with self._slots:
                    if self._stopping:
                        break
                    try:
                        await job()
                    except Exception:  # the job's own business; the lane goes on
                        log.exception("job %s failed", job_id)
                queue.popleft()
                self._held.discard(job_id)
        finally:
            del self._lanes[lane]
            self._held.difference_update(job_id for job_id, _ in queue)

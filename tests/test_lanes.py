"""Lanes: each person's updates in order, different people's at the same time."""

from __future__ import annotations

import asyncio

from bot.lanes import Job, Lanes, lane_of, lanes_of_chat


def test_an_update_waits_for_its_sender_else_its_chat_else_nobody() -> None:
    press = {"update_id": 7, "callback_query": {"id": "q", "from": {"id": 42}, "data": "x"}}
    text = {
        "update_id": 8,
        "message": {"message_id": 1, "from": {"id": 42}, "chat": {"id": 42, "type": "private"}},
    }
    post = {"update_id": 9, "channel_post": {"message_id": 2, "chat": {"id": -100}}}
    assert lane_of(7, press) == lane_of(8, text) != lane_of(9, post)
    assert lane_of(10, {"update_id": 10, "poll": {"id": "p"}}) != lane_of(11, {"update_id": 11})
    assert lane_of(8, text) in lanes_of_chat(42)
    assert lane_of(9, post) in lanes_of_chat(-100)


async def test_one_lane_runs_in_order_while_another_lane_goes_ahead() -> None:
    lanes, done = Lanes(concurrency=4), list[str]()
    release = asyncio.Event()

    daan_done = asyncio.Event()

    def job(name: str, gate: asyncio.Event | None = None) -> Job:
        async def run() -> None:
            if gate is not None:
                await gate.wait()
            done.append(name)
            if name == "daan-1":
                daan_done.set()

        return run

    lanes.submit("sanne", 1, job("sanne-1", release))
    lanes.submit("sanne", 2, job("sanne-2"))
    lanes.submit("daan", 3, job("daan-1"))
    assert 2 in lanes
    assert len(lanes) == 3
    assert lanes.busy("sanne")
    assert not lanes.busy("lotte")
    await daan_done.wait()
    assert done == ["daan-1"]  # Sanne's second waits for her first, Daan's did not
    release.set()
    await lanes.join()
    assert done == ["daan-1", "sanne-1", "sanne-2"]
    assert len(lanes) == 0
    assert not lanes.busy("sanne")


async def test_at_most_concurrency_lanes_run_and_a_failing_job_does_not_stop_its_lane() -> None:
    lanes, running, most = Lanes(concurrency=2), [0], [0]

    async def work() -> None:
        running[0] += 1
        most[0] = max(most[0], running[0])
        await asyncio.sleep(0)
        running[0] -= 1

    async def fail() -> None:
        raise RuntimeError("a bug in one handler")

    for n in range(6):
        lanes.submit(n, n, work)
    lanes.submit(0, 10, fail)
    lanes.submit(0, 11, work)
    await lanes.join()
    assert most[0] == 2
    assert len(lanes) == 0


async def test_after_stop_the_running_job_ends_and_the_waiting_ones_are_left() -> None:
    lanes, done = Lanes(concurrency=1), list[str]()
    started = asyncio.Event()

    async def first() -> None:
        started.set()
        await asyncio.sleep(0)
        done.append("first")

    async def second() -> None:
        done.append("second")

    lanes.submit("a", 1, first)
    lanes.submit("b", 2, second)
    await started.wait()
    lanes.stop()
    await lanes.join()
    assert done == ["first"]
    assert 2 not in lanes  # left for the next start: it is still unhandled in the inbox

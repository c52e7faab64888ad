"""Benchmarks: fan-out, pacing, tick scaling, update handling, memory and start-up.

Run with `python -m bench` (full) or `python -m bench --quick` (CI); figures go to
`bench/results.json`. Everything runs against the local Bot API emulator in `bot/sandbox`.
"""

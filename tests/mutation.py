"""`python -m tests.mutation`: mutation testing of the safety core with mutmut (not run in CI).

What it mutates and which tests it runs: `[tool.mutmut]` in pyproject.toml. A run starts from
scratch (the `mutants/` directory of an earlier run is removed, so no result of older code or
older tests is reused), runs `mutmut run`, then prints the score of each module and every
surviving mutant that is not listed below as equivalent, and exits 1 if there is one.

    python -m tests.mutation                 # the whole run (figures: docs/RELIABILITY.md)
    python -m tests.mutation --again NAME…   # run these mutants again (after a new test)
    python -m tests.mutation --report        # the table of the last run, without running
    python -m mutmut show NAME               # what a mutant changed

Which tests run against a mutant: mutmut picks those of `pytest_add_cli_args_test_selection`
that reached the mutated function; of these, `select` (called from tests/conftest.py while
mutmut runs a mutant) keeps only the ones `TESTS` names for the mutated module, fastest first.
Every end-to-end test passes through the inbox and the guard; without this a mutant there ran
dozens of them, and the whole run took over 50 minutes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Protocol, TypeVar

ROOT = Path(__file__).resolve().parent.parent
# mutmut's exit codes: a test failed or errored (1, 3), a CPU-time limit was hit (24, -24,
# 152, 255: the mutant made a loop spin) and the SIGKILL that follows it (-9), mypy --strict
# refused the mutant (37: CI would have, before any test ran).
BY_MYPY = 37
KILLED = {1, 3, 24, -24, 152, 255, -9, BY_MYPY}
SURVIVED = {0}  # every test that reaches the mutated function passed
NO_TESTS = {5, 33}  # no selected test reaches it: survived too, and said so

# Mutants no test can tell apart from the code, because the program behaves the same:
# name -> why. Only a change no behaviour shows belongs here (a log line's words, a default
# nobody uses); anything a user, the database or the Bot API could notice needs a test.
_SQL_CASE = "the same SQL in other letter case: SQLite reads keywords and names case-blind"
_ERASURE = "storage.erasure.xǁErasureRepoǁ"
_INVITES = "storage.invites.xǁInviteRepoǁ"
EQUIVALENT: dict[str, str] = {
    **dict.fromkeys(
        (
            f"{_ERASURE}_waiting__mutmut_3",
            f"{_ERASURE}_waiting__mutmut_4",
            f"{_ERASURE}_unquote_waiting__mutmut_18",
            f"{_ERASURE}_unquote_waiting__mutmut_19",
            f"{_ERASURE}checkpoint__mutmut_3",
            f"{_ERASURE}checkpoint__mutmut_4",
            f"{_INVITES}record_failure__mutmut_6",
            f"{_INVITES}record_failure__mutmut_7",
            f"{_INVITES}record_failure__mutmut_14",
            f"{_INVITES}record_failure__mutmut_15",
            f"{_INVITES}use__mutmut_3",
            f"{_INVITES}use__mutmut_4",
            f"{_INVITES}by_hash__mutmut_3",
            f"{_INVITES}by_hash__mutmut_4",
            f"{_INVITES}failures_since__mutmut_3",
            f"{_INVITES}failures_since__mutmut_4",
            "storage.outbox.xǁOutboxRepoǁlast_id__mutmut_3",
            "storage.outbox.xǁOutboxRepoǁlast_id__mutmut_4",
            "storage.inbox.xǁInboxRepoǁlast_update_id__mutmut_3",
            "storage.inbox.xǁInboxRepoǁlast_update_id__mutmut_4",
            "storage.inbox.xǁInboxRepoǁdone__mutmut_6",
            "storage.inbox.xǁInboxRepoǁdone__mutmut_7",
            "storage.inbox.xǁInboxRepoǁdone__mutmut_18",
            "storage.inbox.xǁInboxRepoǁdone__mutmut_19",
        ),
        _SQL_CASE,
    ),
    f"{_ERASURE}erase_all__mutmut_28": (
        "looks for quotes even when no update waits: _unquote_waiting then finds none and "
        "writes nothing (only the work differs)"
    ),
    f"{_ERASURE}_unquote_waiting__mutmut_3": "ensure_ascii=None is falsy: the same as False",
    f"{_ERASURE}_unquote_waiting__mutmut_21": "ensure_ascii=None is falsy: the same as False",
    **{
        f"{_ERASURE}_unquote_waiting__mutmut_{n}": (
            "the stripped update is stored with \\u escapes instead of UTF-8: json.loads reads "
            "the same update, it has no quote left for a later erasure to look for, and "
            "handling it rewrites it (storage/inbox.py: done)"
        )
        for n in (23, 26)
    },
    f"{_INVITES}use__mutmut_11": (
        "use()'s answer is read by nobody: _link checks used_at first, in the same write "
        "transaction (one writer), so the update always changes one row"
    ),
    f"{_INVITES}use__mutmut_12": (
        "use()'s answer is read by nobody: _link checks used_at first, in the same write "
        "transaction (one writer), so the update always changes one row"
    ),
    "storage.outbox.xǁOutboxRepoǁlast_id__mutmut_7": (
        "SELECT COALESCE(MAX(id), 0) always returns one row: `row or True` is `row`"
    ),
    "storage.outbox.xǁOutboxRepoǁlast_id__mutmut_10": (
        "SELECT COALESCE(MAX(id), 0) always returns one row: the `else 0` is never taken"
    ),
    **{
        f"{_INVITES}by_hash__mutmut_{n}": "sqlite3.Row finds a column by name in any letter case"
        for n in (13, 25, 28)
    },
    f"{_INVITES}failures_since__mutmut_15": (
        "SELECT COUNT(*) always returns one row: the `else 0` is never taken"
    ),
    "bot.services.people.x_issue_invites__mutmut_6": (
        "token_urlsafe(None) takes secrets' default, 32 bytes: TOKEN_BYTES is 32 too"
    ),
    "bot.services.people.x_looks_like_token__mutmut_10": (
        "'XX-_XX' adds only 'X', which isalnum() lets through already"
    ),
    **{
        f"bot.sender.xǁSenderǁrun__mutmut_{n}": (
            "the loop waits also for a delay of 0 or while stopping: a wait of 0 returns at "
            "once, and stop() sets the event the wait is on"
        )
        for n in (7, 8)
    },
    **{
        f"bot.sender.xǁSenderǁdeliver_round__mutmut_{n}": (
            "the query leaves out every chat whose turn is to come (skip=waiting), and a chat "
            "taken this round is in `tried`: the ready-time half of the test never decides"
        )
        for n in (22, 28, 29)
    },
    "bot.sender.xǁSenderǁdeliver_round__mutmut_34": (
        "a chat whose turn is exactly now goes this round or in the next, which starts at once "
        "(the round returns 0)"
    ),
    "storage.outbox.xǁOutboxRepoǁpending__mutmut_5": (
        "the skip clause also when nobody is skipped: SQLite takes NOT IN () as true for every row"
    ),
    **{
        f"bot.inbox.xǁInboxǁhandle_pending__mutmut_{n}": (
            "handle() only asks whether any update was taken: 0 for none, not 0 for some, as "
            "before"
        )
        for n in (31, 32, 33)
    },
    "bot.services.inbox.x_unhandled_updates__mutmut_1": (
        "a default the program never uses (the inbox and settle() pass their limit)"
    ),
    **{
        f"storage.inbox.xǁInboxRepoǁdone__mutmut_{n}": (
            "a handled update stored with \\u escapes instead of UTF-8: no code reads a handled "
            "payload back (pending() takes unhandled ones, erasure empties rows by from_id), and "
            "json would read the same update"
        )
        for n in (28, 29)
    },
    **dict.fromkeys(
        (
            "storage.inbox.x_handled_payload__mutmut_4",
            "storage.inbox.x_handled_payload__mutmut_5",
            "storage.inbox.x_sender_id__mutmut_3",
            "storage.inbox.x_sender_id__mutmut_4",
        ),
        "update_id is always an int (store() takes int() of it): the isinstance half treats it "
        "the same whatever its key is compared with",
    ),
    "bot.services.people.x_identify__mutmut_34": (
        "a coordinator from the settings is added without a language, but link_telegram right "
        "after stores the same one where none is stored (COALESCE)"
    ),
    "bot.services.people.x__link__mutmut_31": (
        "link_telegram keeps a language already stored (COALESCE): the language computed "
        "matters only when none is stored, and then both compute it from Telegram's"
    ),
    "bot.services.deliveries.x_person_reachable_again__mutmut_9": (
        "break for continue: a person has one role for good (a roster that changes one is "
        "refused), so his lost copies are all of one reader: all skipped or none"
    ),
    **{
        f"handlers.guard.x_refuse__mutmut_{n}": (
            "the bot's name given to t() or not: no text said through refuse() has a {bot} "
            "placeholder (only private_only has, and it is answered directly)"
        )
        for n in (4, 7)
    },
}


# The tests that run against each module's mutants, in this order (-x: the first failure
# ends the run): quick ones without processes first, then the end-to-end tests written for it.
_SERVICES = "tests/services/"
_OUTBOX = (
    _SERVICES,
    "tests/test_sender_outcomes.py",
    "tests/test_sender_rounds.py",
    "tests/e2e/test_sender_failures.py",
    "tests/e2e/test_failures_recorded.py",
    "tests/e2e/test_long_reports.py",
)
_INBOX = (
    _SERVICES,
    "tests/test_inbox_loop.py",
    "tests/e2e/test_polling_edges.py",  # before any test a polling mutant makes spin
    "tests/e2e/test_replays.py",
    "tests/e2e/test_inbox_errors.py",
    "tests/e2e/test_failures_recorded.py",
    "tests/e2e/test_webhook.py",
    "tests/e2e/test_onboarding.py",
)
_JOINING = (
    _SERVICES,
    "tests/e2e/test_onboarding.py",
    "tests/e2e/test_invite_guessing.py",
    "tests/e2e/test_refusals.py",
    "tests/e2e/test_privacy.py",
    "tests/e2e/test_email.py",
)
_ALERTS = (  # a report's copies are sent, refused or lost through the outbox too
    "tests/domain/",
    _SERVICES,
    "tests/test_sender_outcomes.py",
    "tests/e2e/test_safeguarding.py",
    "tests/e2e/test_refusal_popups.py",
    "tests/e2e/test_sender_failures.py",
    "tests/e2e/test_failures_recorded.py",
    "tests/e2e/test_long_reports.py",
)
TESTS: dict[str, tuple[str, ...]] = {
    "storage/inbox.py": _INBOX,
    "bot/services/inbox.py": _INBOX,
    "bot/inbox.py": _INBOX,
    "storage/outbox.py": _OUTBOX,
    "bot/services/outbox.py": _OUTBOX,
    "bot/sender.py": _OUTBOX,
    "handlers/guard.py": (
        _SERVICES,
        "tests/e2e/test_guard_edges.py",
        "tests/e2e/test_refusal_popups.py",
        "tests/e2e/test_group_chats.py",
        "tests/e2e/test_refusals.py",
        "tests/e2e/test_access.py",
        "tests/e2e/test_onboarding.py",
        "tests/e2e/test_privacy.py",
    ),
    "storage/invites.py": _JOINING,
    "bot/services/people.py": _JOINING,
    "bot/domain/reports.py": _ALERTS,
    "bot/services/deliveries.py": _ALERTS,
    "storage/erasure.py": (_SERVICES, "tests/e2e/test_privacy.py"),
}


class Test(Protocol):
    """What `select` reads of a pytest item."""

    @property
    def nodeid(self) -> str: ...


T = TypeVar("T", bound=Test)


def select(mutant: str, items: list[T]) -> list[T]:
    """The items to run against a mutant: those TESTS names for its module, in TESTS' order.

    All of them, as given, for a module TESTS does not name or when it names none of them.
    """
    module = next((m for m in TESTS if mutant.startswith(m[:-3].replace("/", ".") + ".")), None)
    if module is None:
        return list(items)
    wanted = TESTS[module]
    ranked = [(_rank(item.nodeid, wanted), n, item) for n, item in enumerate(items)]
    chosen = [item for rank, _, item in sorted(ranked, key=lambda r: r[:2]) if rank < len(wanted)]
    return chosen or list(items)


def _rank(nodeid: str, wanted: tuple[str, ...]) -> int:
    return next((i for i, prefix in enumerate(wanted) if nodeid.startswith(prefix)), len(wanted))


def modules() -> list[str]:
    """The files mutmut mutates, from pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def outcomes(module: str) -> dict[str, int | None]:
    """Exit code by mutant name, from mutmut's record of the last run."""
    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        return {}
    data: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return data


def report() -> int:
    """The table per module and the unexplained survivors; 1 if there is any."""
    unexplained: list[str] = []
    rows: list[tuple[str, ...]] = [
        ("module", "mutants", "killed", "by mypy", "equivalent", "survived", "score")
    ]
    totals: Counter[str] = Counter()
    for module in modules():
        counts: Counter[str] = Counter()
        for name, code in outcomes(module).items():
            if code in KILLED:
                counts["killed"] += 1
                counts["by mypy"] += code == BY_MYPY
            elif name in EQUIVALENT:
                counts["equivalent"] += 1
            else:
                counts["survived"] += 1
                unexplained.append(name + _why_not_killed(code))
        totals.update(counts)
        rows.append(_row(module, counts))
    rows.append(_row("all", totals))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print("score: killed (by a test or by mypy) / (mutants - equivalent ones)")
    for name in unexplained:
        print(f"survived: {name}")
    return 1 if unexplained else 0


def _why_not_killed(code: int | None) -> str:
    if code is None:
        return " (not run)"
    if code in NO_TESTS:
        return " (no test reaches it)"
    return "" if code in SURVIVED else f" (exit code {code})"


def _row(module: str, counts: Counter[str]) -> tuple[str, ...]:
    total = counts["killed"] + counts["equivalent"] + counts["survived"]
    counted = total - counts["equivalent"]
    score = f"{100 * counts['killed'] / counted:.1f} %" if counted else "-"
    return (
        module,
        str(total),
        str(counts["killed"]),
        str(counts["by mypy"]),
        str(counts["equivalent"]),
        str(counts["survived"]),
        score,
    )


def main(argv: list[str]) -> int:
    """Run mutmut (from scratch, or again for the named mutants), then report."""
    if "--report" in argv:
        return report()
    names = argv[argv.index("--again") + 1 :] if "--again" in argv else []
    if not names:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "mutmut", "run", *names], cwd=ROOT, check=False)
    if done.returncode != 0:
        return done.returncode
    return report()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

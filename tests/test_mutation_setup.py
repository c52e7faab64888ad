"""The mutation run's set-up (tests/mutation.py): which tests run against which mutants."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from tests.mutation import ROOT, TESTS, modules, select


@dataclass(frozen=True)
class Item:
    nodeid: str


def test_every_mutated_module_has_its_tests_and_mutmut_runs_exactly_those() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert sorted(TESTS) == sorted(modules())
    named = {path for paths in TESTS.values() for path in paths}
    assert named == set(config["mutmut"]["pytest_add_cli_args_test_selection"])
    assert all((ROOT / path).exists() for path in named)


def test_a_mutant_runs_only_its_modules_tests_quick_ones_first() -> None:
    given = [
        Item("tests/e2e/test_onboarding.py::test_join"),
        Item("tests/e2e/test_safeguarding.py::test_report"),
        Item("tests/test_inbox_loop.py::test_waits"),
        Item("tests/services/test_inbox.py::test_kept_once"),
        Item("tests/e2e/test_replays.py::test_once"),
    ]
    chosen = select("storage.inbox.xǁInboxRepoǁdone__mutmut_6", given)
    assert [t.nodeid.split("::")[1] for t in chosen] == [
        "test_kept_once",
        "test_waits",
        "test_once",
        "test_join",
    ]


def test_a_mutant_of_a_module_without_its_own_tests_runs_all_it_was_given() -> None:
    given = [Item("tests/e2e/test_safeguarding.py::test_report")]
    assert select("bot.inbox.xǁInboxǁpoll__mutmut_27", given) == given  # none of its own
    assert select("bot.other.x_f__mutmut_1", given) == given  # not a mutated module

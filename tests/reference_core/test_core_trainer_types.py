"""Trainer-plugin discovery and the trainer kind's result checks, with the host's semantics."""

from __future__ import annotations

import importlib.metadata
import logging
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from reference_core import (
    ML_AGENTS_TRAINER_TYPE,
    all_trainer_settings,
    all_trainer_types,
    discover_trainer_types,
    register_trainer_plugins,
)
from reference_core._kinds import TRAINER_TYPE, kind_for_group
from reference_core._trainer_kind import trainer_contract, trainers_returned

MODULE = "fake_trainer_plugins"


class ToyTrainer:
    """A trainer class standing in for an OnPolicyTrainer subclass."""

    @staticmethod
    def get_trainer_name() -> str:
        """The name it is registered under."""
        return "toy"


class ToySettings:
    """A settings class standing in for an attrs hyperparameter class."""


class PpoTrainer(ToyTrainer):
    """A trainer that takes the built-in name."""

    @staticmethod
    def get_trainer_name() -> str:
        """The built-in name."""
        return "ppo"


def _good() -> Any:
    return {"toy": ToyTrainer}, {"toy": ToySettings}


def _override() -> Any:
    return {"ppo": PpoTrainer}, {"ppo": ToySettings}


def _raises() -> Any:
    raise RuntimeError("no GPU")


def _exits() -> Any:
    raise SystemExit(3)


def _one_dict() -> Any:
    return {"toy": ToyTrainer}


def _with_argument(run_options: Any) -> Any:
    return _good()


@pytest.fixture(autouse=True)
def _registries() -> Iterator[None]:
    """The fake plugin module is importable and both registries start empty."""
    module = types.ModuleType(MODULE)
    for name, value in list(globals().items()):
        if name.startswith("_") and callable(value):
            setattr(module, name, value)
    sys.modules[MODULE] = module
    all_trainer_types.clear()
    all_trainer_settings.clear()
    yield
    del sys.modules[MODULE]
    all_trainer_types.clear()
    all_trainer_settings.clear()


def _eps(*pairs: tuple[str, str]) -> list[importlib.metadata.EntryPoint]:
    return [
        importlib.metadata.EntryPoint(name, f"{MODULE}:{attr}", ML_AGENTS_TRAINER_TYPE)
        for name, attr in pairs
    ]


DISCOVERY_CASES = [
    pytest.param([("good", "_good")], {"toy"}, [True], id="merges-a-good-plugin"),
    pytest.param([("mine", "_override")], {"ppo"}, [True], id="a-plugin-replaces-ppo"),
    pytest.param([("bad", "_raises"), ("good", "_good")], {"toy"}, [False, True], id="raises"),
    pytest.param([("bad", "_exits")], set(), [False], id="system-exit-is-caught"),
    pytest.param([("bad", "_one_dict")], set(), [False], id="one-dict-fails-to-unpack"),
    pytest.param([("bad", "_with_argument")], set(), [False], id="wants-an-argument"),
]


@pytest.mark.parametrize(("pairs", "names", "oks"), DISCOVERY_CASES)
def test_discovery_merges_like_the_host(
    pairs: list[tuple[str, str]], names: set[str], oks: list[bool]
) -> None:
    """Each plugin is called with no arguments; good ones merge in place, bad ones drop."""
    found = discover_trainer_types(entry_points=_eps(*pairs), include_defaults=False)
    assert set(found.trainer_types) == names
    assert found.trainer_types is all_trainer_types
    assert [outcome.ok for outcome in found.outcomes] == oks


def test_failure_is_logged_with_the_host_text(caplog: pytest.LogCaptureFixture) -> None:
    """A failing plugin logs the host's ERROR line, with the traceback."""
    with caplog.at_level(logging.DEBUG, logger="mlagents.plugins.trainer_type"):
        discover_trainer_types(entry_points=_eps(("bad", "_raises")), include_defaults=False)
    messages = [record.getMessage() for record in caplog.records]
    assert "Initializing Trainer plugins: bad" in messages
    assert "Error initializing Trainer plugins for bad. This plugin will not be used." in messages
    assert any(record.exc_info for record in caplog.records if record.levelno == logging.ERROR)


def test_success_logs_the_count(caplog: pytest.LogCaptureFixture) -> None:
    """A good plugin logs how many trainers it brought, as the host does."""
    with caplog.at_level(logging.DEBUG, logger="mlagents.plugins.trainer_type"):
        discover_trainer_types(entry_points=_eps(("good", "_good")), include_defaults=False)
    assert "Found 1 Trainers for plugin good" in [r.getMessage() for r in caplog.records]


def test_no_entry_points_warns_and_uses_defaults(caplog: pytest.LogCaptureFixture) -> None:
    """With no entry point at all, the host's warning is logged and the defaults registered."""
    found = discover_trainer_types(entry_points=[], include_defaults=False)
    assert found.fell_back_to_defaults
    assert "ppo" in found.trainer_settings
    assert "Unable to find any entry points for mlagents.trainer_type" in caplog.text


def test_register_trainer_plugins_returns_the_registries() -> None:
    """The host function returns the two module-level registries, defaults included."""
    types_, settings = register_trainer_plugins()
    assert types_ is all_trainer_types
    assert settings is all_trainer_settings
    assert "ppo" in settings


RESULT_CASES = [
    pytest.param(_good(), set(), id="good"),
    pytest.param(({"toy": ToyTrainer},), {"MLP702"}, id="one-element-tuple"),
    pytest.param(None, {"MLP702"}, id="none"),
    pytest.param(([], {}), {"MLP702"}, id="first-not-a-dict"),
    pytest.param(({"toy": ToyTrainer}, {"other": ToySettings}), {"MLP703"}, id="keys-differ"),
    pytest.param(({"toy": ToyTrainer()}, {"toy": ToySettings}), {"MLP704"}, id="instance"),
    pytest.param(({"toy2": ToyTrainer}, {"toy2": ToySettings}), {"MLP705"}, id="name-mismatch"),
    pytest.param(_override(), set(), id="override-is-not-a-shape-problem"),
]


@pytest.mark.parametrize(("result", "ids"), RESULT_CASES)
def test_result_shape_checks(result: Any, ids: set[str]) -> None:
    """The registration result is checked without torch: two dicts, same keys, classes."""
    kept, problems = trainers_returned(result)
    assert {p.check_id for p in problems} == ids
    assert bool(kept) == (not ids or ids == {"MLP705"})


def test_trainer_row_is_the_groups_kind() -> None:
    """The trainer group has a row: called with no arguments, MLP701 for a bad signature."""
    kind = kind_for_group(ML_AGENTS_TRAINER_TYPE)
    assert kind is TRAINER_TYPE
    assert kind.arguments(None) == ()  # type: ignore[arg-type]
    assert kind.signature_check == "MLP701"


def test_host_checks_report_not_run_without_the_host() -> None:
    """Without the real mlagents the host checks are one MLP700 note with the --host hint."""
    kept, _ = trainers_returned(_good())
    problems = trainer_contract(kept, None, 1.0)  # type: ignore[arg-type]
    assert [(p.check_id, p.severity) for p in problems] == [("MLP700", "info")]
    assert "--host" in problems[0].fix

"""The trainer checks that need the real ML-Agents host (and so torch).

Imported only by :func:`reference_core._trainer_kind.trainer_contract` when the real
``mlagents`` is importable (``verify --host``). For every registered trainer it asks the
host itself, as ``mlagents-learn`` would:

* MLP711 -- the settings class is an attrs class derived from the host's
  ``OnPolicyHyperparamSettings`` or ``OffPolicyHyperparamSettings``;
* MLP712 -- a YAML ``hyperparameters`` block (the settings' own defaults, dumped and
  read back) structures through the real ``TrainerSettings``;
* MLP713 -- the trainer class derives from the host's ``Trainer`` and is concrete;
* MLP714 -- the real ``TrainerFactory`` constructs it (positionally, like the host).

The plugin's trainers are merged into the host's registries first, exactly as
``register_trainer_plugins`` would. Every failure is a problem; nothing here raises for
the plugin's fault.
"""

from __future__ import annotations

import importlib
import inspect
import traceback
from pathlib import Path
from typing import Any

from ._trainer_kind import ResultProblem, TrainerEntry

_BEHAVIOR = "VerifyBehavior"


def _error(exc: BaseException) -> str:
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return last[:300]


def _settings_problems(entry: TrainerEntry, host: dict[str, Any]) -> list[ResultProblem]:
    bases = (host["OnPolicyHyperparamSettings"], host["OffPolicyHyperparamSettings"])
    cls = entry.settings
    if not (host["attr"].has(cls) and issubclass(cls, bases)):
        message = (
            f"the settings class {cls.__qualname__} for {entry.name!r} is not an attrs class "
            "derived from OnPolicyHyperparamSettings or OffPolicyHyperparamSettings"
        )
        return [ResultProblem("MLP711", message)]
    try:
        block = host["yaml"].safe_load(host["yaml"].safe_dump(host["cattr"].unstructure(cls())))
        data = {"trainer_type": entry.name, "hyperparameters": block}
        structured = host["TrainerSettings"].structure(data, host["TrainerSettings"])
    except Exception as exc:
        message = (
            f"a YAML hyperparameters block for {entry.name!r} (the defaults of "
            f"{cls.__qualname__}) does not structure through TrainerSettings: {_error(exc)}"
        )
        return [ResultProblem("MLP712", message)]
    if not isinstance(structured.hyperparameters, cls):
        message = (
            f"TrainerSettings structured the hyperparameters of {entry.name!r} as "
            f"{type(structured.hyperparameters).__qualname__}, not {cls.__qualname__}"
        )
        return [ResultProblem("MLP712", message)]
    return []


def _trainer_problems(
    entry: TrainerEntry, host: dict[str, Any], output_path: str
) -> list[ResultProblem]:
    cls = entry.trainer
    if not issubclass(cls, host["Trainer"]):
        message = (
            f"the trainer class {cls.__qualname__} for {entry.name!r} does not derive from "
            "mlagents.trainers.trainer.Trainer (OnPolicyTrainer / OffPolicyTrainer)"
        )
        return [ResultProblem("MLP713", message)]
    if inspect.isabstract(cls):
        missing = ", ".join(sorted(getattr(cls, "__abstractmethods__", ())))
        message = f"the trainer class {cls.__qualname__} is abstract: implement {missing}"
        return [ResultProblem("MLP713", message)]
    try:
        settings = host["TrainerSettings"].structure(
            {"trainer_type": entry.name}, host["TrainerSettings"]
        )
        factory = host["TrainerFactory"](
            trainer_config={_BEHAVIOR: settings},
            output_path=output_path,
            train_model=True,
            load_model=False,
            seed=0,
            param_manager=host["EnvironmentParameterManager"](),
        )
        factory.generate(_BEHAVIOR)
    except Exception as exc:
        message = f"TrainerFactory could not construct {entry.name!r}: {_error(exc)}"
        return [ResultProblem("MLP714", message)]
    return []


#: (module, attribute) of every host object the checks use, by the name they use.
_HOST_NAMES = {
    "OnPolicyHyperparamSettings": ("mlagents.trainers.settings", "OnPolicyHyperparamSettings"),
    "OffPolicyHyperparamSettings": ("mlagents.trainers.settings", "OffPolicyHyperparamSettings"),
    "TrainerSettings": ("mlagents.trainers.settings", "TrainerSettings"),
    "Trainer": ("mlagents.trainers.trainer", "Trainer"),
    "TrainerFactory": ("mlagents.trainers.trainer.trainer_factory", "TrainerFactory"),
    "EnvironmentParameterManager": (
        "mlagents.trainers.environment_parameter_manager",
        "EnvironmentParameterManager",
    ),
    "get_default_trainer_types": ("mlagents.plugins.trainer_type", "get_default_trainer_types"),
}


def _host() -> dict[str, Any]:
    """The host's objects, imported by name (the real mlagents, with torch)."""
    host: dict[str, Any] = {
        name: importlib.import_module(name) for name in ("attr", "cattr", "yaml")
    }
    host["plugins"] = importlib.import_module("mlagents.plugins")
    for name, (module, attribute) in _HOST_NAMES.items():
        host[name] = getattr(importlib.import_module(module), attribute)
    host["get_default_trainer_types"]()
    return host


def host_checks(entries: list[TrainerEntry], output_path: str) -> list[ResultProblem]:
    """Run MLP711-MLP714 for every entry against the real host."""
    try:
        host = _host()
    except Exception as exc:
        message = f"the real mlagents is installed but its trainer API failed to import: {exc}"
        return [ResultProblem("MLP700", message, "info")]
    host["plugins"].all_trainer_types.update({e.name: e.trainer for e in entries})
    host["plugins"].all_trainer_settings.update({e.name: e.settings for e in entries})
    Path(output_path).mkdir(parents=True, exist_ok=True)
    problems: list[ResultProblem] = []
    for entry in entries:
        found = _settings_problems(entry, host)
        problems += found or _trainer_problems(entry, host, output_path)
    return problems

"""The trainer-type kind's checks: what a ``mlagents.trainer_type`` registration returns.

The host (``mlagents/plugins/trainer_type.py``, 0.30.0 to 1.1.0) calls the registration
function with no arguments and unpacks ``types, settings = f()``; it then merges both
into ``mlagents.plugins.all_trainer_types`` / ``all_trainer_settings``. Trainer classes
import torch-backed host classes, so only the *shape* is checked here everywhere
(:func:`trainers_returned`, check IDs MLP702-MLP705); the checks that need the real
host (:func:`trainer_contract`, MLP711-MLP714 in :mod:`reference_core._trainer_host`)
run only where the real ``mlagents`` is importable, and are otherwise reported as not
run (MLP700, severity info) -- a working trainer plugin never fails for want of a host.
Nothing here raises for a plugin's fault.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from ._settings import RunOptions
from ._trainer_settings import BUILTIN_TRAINER_TYPES

__all__ = [
    "BUILTIN_TRAINERS",
    "HOST_HINT",
    "HOST_IMPORTS",
    "ResultProblem",
    "TrainerEntry",
    "describe_trainers",
    "needs_host",
    "real_host_present",
    "trainer_contract",
    "trainer_facts",
    "trainers_returned",
]

#: The trainers every host release registers itself (its own ``default`` entry point).
BUILTIN_TRAINERS = BUILTIN_TRAINER_TYPES
#: Top-level import names the real host's environment brings along: mlagents and
#: mlagents_envs, and the requirements of mlagents 1.1.0 and mlagents-envs 1.1.0
#: (attrs, cattrs, torch, numpy, pyyaml, ...). A trainer plugin may rely on them without
#: declaring them, so failing to import one means "needs the host", not "broken".
HOST_IMPORTS = frozenset(
    {
        "mlagents",
        "mlagents_envs",
        "attr",
        "attrs",
        "cattr",
        "cattrs",
        "cloudpickle",
        "filelock",
        "google",
        "grpc",
        "gym",
        "h5py",
        "huggingface_hub",
        "numpy",
        "onnx",
        "pettingzoo",
        "PIL",
        "six",
        "tensorboard",
        "torch",
        "yaml",
    }
)
#: What to do to run the checks that need the real host.
HOST_HINT = (
    "Run `mlplugin verify --host PYTHON` with the interpreter of an environment that has "
    "the real mlagents (and torch) installed to run these checks."
)


@dataclasses.dataclass(frozen=True)
class ResultProblem:
    """What is wrong with what a registration function returned (a check ID and why)."""

    check_id: str
    message: str
    severity: str = "error"
    fix: str = ""


@dataclasses.dataclass(frozen=True)
class TrainerEntry:
    """One registered trainer: its name (the ``trainer_type``) and its two classes."""

    name: str
    trainer: Any
    settings: Any


def _what(value: Any) -> str:
    if isinstance(value, type):
        return f"the class {value.__qualname__}"
    return f"a {type(value).__name__} instance ({value!r:.60})"


def _name_problem(key: str, trainer: type) -> list[ResultProblem]:
    method = getattr(trainer, "get_trainer_name", None)
    if not callable(method):
        return []  # a trainer without it is abstract: the host check (MLP713) names it
    try:
        name = method()
    except Exception:
        return []
    if name == key:
        return []
    message = (
        f"{trainer.__qualname__}.get_trainer_name() returns {name!r}, but the trainer is "
        f"registered as {key!r}; configs must say `trainer_type: {key}`"
    )
    return [ResultProblem("MLP705", message, "warning")]


def trainers_returned(result: Any) -> tuple[list[Any], list[ResultProblem]]:
    """The host unpacks two values and merges each into its registry with ``update``."""
    try:
        types, settings = result
    except Exception as exc:
        message = (
            f"it returned {_what(result)}, which cannot be unpacked into "
            f"(trainer types, trainer settings) ({exc}); the host logs 'Error initializing "
            "Trainer plugins' and drops the plugin"
        )
        return [], [ResultProblem("MLP702", message)]
    for position, value in (("first", types), ("second", settings)):
        if not isinstance(value, Mapping):
            message = f"the {position} returned value is {_what(value)}, not a dict"
            return [], [ResultProblem("MLP702", message)]
    if set(types) != set(settings):
        only_types = sorted(map(str, set(types) - set(settings)))
        only_settings = sorted(map(str, set(settings) - set(types)))
        parts = [f"without settings: {', '.join(only_types)}"] if only_types else []
        parts += [f"settings without a trainer: {', '.join(only_settings)}"] * bool(only_settings)
        message = "the two dicts have different keys (" + "; ".join(parts) + ")"
        return [], [ResultProblem("MLP703", message)]
    problems: list[ResultProblem] = []
    for key in types:
        for role, value in (("trainer", types[key]), ("settings", settings[key])):
            if not isinstance(value, type):
                problems.append(
                    ResultProblem(
                        "MLP704", f"the {role} for {key!r} is {_what(value)}, not a class"
                    )
                )
    if problems:
        return [], problems
    entries = [TrainerEntry(str(key), types[key], settings[key]) for key in types]
    for entry in entries:
        problems += _name_problem(entry.name, entry.trainer)
    return entries, problems


def needs_host(exc: BaseException) -> bool:
    """Whether ``exc`` failed an import of something only the real host's environment has.

    True for a missing host module (``No module named 'torch'``) and for a name the host
    shim does not serve (``cannot import name 'OnPolicyTrainer' from 'mlagents...'``),
    unless the real host is installed here (then it is the plugin's own problem).
    """
    if not isinstance(exc, ImportError) or real_host_present():
        return False
    return (exc.name or "").split(".")[0] in HOST_IMPORTS


def real_host_present() -> bool:
    """Whether ``mlagents`` here is the real package rather than the host shim."""
    try:
        module = importlib.import_module("mlagents.plugins")
    except ImportError:
        return False
    return getattr(module, "__reference_core_shim__", False) is not True


def trainer_contract(
    entries: list[Any], run_options: RunOptions, thread_timeout_s: float
) -> list[ResultProblem]:
    """The checks that need the real host, or one MLP700 saying they did not run."""
    del thread_timeout_s  # construction has no threads to wait for
    if not real_host_present():
        names = ", ".join(entry.name for entry in entries)
        message = (
            f"trainers {names}: the settings/trainer checks against the real host "
            "(attrs settings structured through TrainerSettings, trainer subclass, "
            "construction through TrainerFactory) were not run: the real mlagents is "
            "not installed here"
        )
        return [ResultProblem("MLP700", message, "info", HOST_HINT)]
    from ._trainer_host import host_checks

    return host_checks(entries, run_options.checkpoint_settings.write_path)


def describe_trainers(entries: Sequence[Any]) -> str:
    """``2 trainer(s): a2c, dqn``."""
    names = [entry.name for entry in entries]
    return f"{len(names)} trainer(s)" + (f": {', '.join(names)}" if names else "")


def trainer_facts(entry: Any) -> dict[str, Any]:
    """What the parent needs about one trainer (its name decides override warnings)."""
    return {
        "trainer_type": entry.name,
        "class": getattr(entry.trainer, "__qualname__", str(entry.trainer)),
        "settings": getattr(entry.settings, "__qualname__", str(entry.settings)),
    }

"""The one plugin loader: import an entry point, call its registration, run its contract.

``mlplugin new`` runs it in-process on the project it just rendered; ``verify`` and
``list`` run it in a child interpreter (:mod:`reference_core._child`), because plugin
code may hang, exit or flood stdout. It walks the steps the host takes -- load (import
the module, read the attribute), register (call the function the way the plugin's kind
prescribes and check what comes back), run (the kind's contract scenario) -- and
reports every broken link as a :class:`~reference_core._events.Problem` with a check
ID. Each phase is announced *before* plugin code runs, so a parent that sees the
process die or hang knows where. The loader itself never raises for a plugin's fault.
"""

from __future__ import annotations

import importlib
import inspect
import time
import traceback
from typing import Any, Optional

from ._events import (
    Channel,
    EntryPointsFound,
    LoaderConfig,
    PhaseStarted,
    Problem,
    Registered,
    StepChanged,
)
from ._import_failures import HOST_PROVIDED, PluginFiles, classify_load
from ._kinds import PluginKind
from ._near import did_you_mean
from ._settings import RunOptions
from ._trainer_kind import HOST_HINT, needs_host

__all__ = ["HOST_PROVIDED", "walk"]

_DETAIL = 6000
STEPS = ("load", "register", "run")
#: What a step returns for an entry point it could not take further (``None`` is a value
#: a plugin may really export).
_FAILED: Any = object()


def _trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-_DETAIL:]


def _hint(word: str, options: list[str]) -> str:
    best = did_you_mean(word, [o for o in options if not o.startswith("_")] or options)
    return f" (did you mean {best!r}?)" if best else ""


class _Walk:
    """One walk over a plugin's entry points; counts the errors that stop the chain."""

    def __init__(self, kind: Optional[PluginKind], config: LoaderConfig, channel: Channel):
        self.kind = kind
        self.config = config
        self.channel = channel
        self.plugin = PluginFiles(config)
        self.errors = 0

    def problem(self, check_id: str, step: str, name: str, message: str, **extra: str) -> None:
        severity = extra.pop("severity", "error")
        self.errors += severity == "error"
        text = f"entry point {name!r}: {message}"
        self.channel.send(Problem(check_id, step, name, text, severity=severity, **extra))

    def load(self, name: str, value: str) -> Any:
        module_name, _, attrs = value.partition(":")
        module_name, attrs = module_name.strip(), attrs.split("[")[0].strip()
        self.channel.send(PhaseStarted("load", name))
        try:
            obj: Any = importlib.import_module(module_name)
        except BaseException as exc:
            if self.kind is not None and self.kind.host_import and needs_host(exc):
                message = (
                    f"importing {module_name!r} needs the real ML-Agents host ({exc}); "
                    "the registration and trainer checks were not run"
                )
                self.problem("MLP700", "load", name, message, fix=HOST_HINT, severity="info")
                return _FAILED
            check_id, message, fix = classify_load(exc, module_name, self.plugin)
            self.problem(check_id, "load", name, message, fix=fix, detail=_trace(exc))
            return _FAILED
        for attr in filter(None, attrs.split(".")):
            try:
                obj = getattr(obj, attr)
            except AttributeError:  # noqa: PERF203 - each step can fail on its own
                hint = _hint(attr, dir(obj))
                self.problem(
                    "MLP404", "load", name, f"{module_name!r} has no attribute {attr!r}{hint}"
                )
                return _FAILED
            except BaseException as exc:
                self.problem(
                    "MLP401", "load", name, f"reading {attr!r} raised {exc!r}", detail=_trace(exc)
                )
                return _FAILED
        return obj

    def register(self, name: str, func: Any, run_options: RunOptions) -> Any:
        assert self.kind is not None  # noqa: S101 - walk() registers only with a kind
        self.channel.send(PhaseStarted("register", name))
        args = self.kind.arguments(run_options)
        if not callable(func):
            what = f"it names a {type(func).__name__}, which cannot be called"
            self.problem(self.kind.signature_check, "register", name, what)
            return _FAILED
        try:
            inspect.signature(func).bind(*args)
        except TypeError as exc:
            label = getattr(func, "__qualname__", func)
            what = f"{label!r} cannot be called with {self.kind.call_text}: {exc}"
            self.problem(self.kind.signature_check, "register", name, what)
            return _FAILED
        except ValueError:
            pass  # no signature available (builtins); just call it
        try:
            result = func(*args)
        except BaseException as exc:
            self.call_failed(name, exc)
            return _FAILED
        kept, problems = self.kind.check_result(result)
        for problem in problems:
            self.problem(
                problem.check_id, "register", name, problem.message, severity=problem.severity
            )
        if any(p.severity == "error" for p in problems):
            return _FAILED
        facts = tuple(self.kind.facts(item) for item in kept)
        self.channel.send(Registered(name, self.kind.describe(kept), facts))
        return kept

    def call_failed(self, name: str, exc: BaseException) -> None:
        """Report a registration call that raised: not run, MLP505, MLP502 or MLP507."""
        assert self.kind is not None  # noqa: S101 - only register() calls this
        raised = f"the registration function raised {type(exc).__name__}: {exc}"
        if not isinstance(exc, Exception):
            self.problem("MLP507", "register", name, raised, detail=_trace(exc))
        elif self.kind.host_import and needs_host(exc):
            message = (
                "the registration function imports what only the real ML-Agents host "
                f"provides ({exc}); the registration and trainer checks were not run"
            )
            self.problem("MLP700", "register", name, message, fix=HOST_HINT, severity="info")
        elif isinstance(exc, TypeError) and "abstract" in str(exc):
            self.problem("MLP505", "register", name, str(exc), detail=_trace(exc))
        else:
            self.problem("MLP502", "register", name, raised, detail=_trace(exc))

    def run(self, name: str, objects: list[Any], run_options: RunOptions) -> None:
        assert self.kind is not None  # noqa: S101 - walk() runs only with a kind
        if not objects:
            return
        self.channel.send(PhaseStarted("run", name))
        timeout = self.config.thread_timeout_s
        for found in self.kind.contract(objects, run_options, timeout):
            self.problem(
                found.check_id, "run", name, found.message, fix=found.fix, severity=found.severity
            )


def walk(kind: Optional[PluginKind], config: LoaderConfig, channel: Channel) -> None:
    """Load every entry point, register every loaded one, run every registered one.

    A step that fails for any entry point ends the walk after that step. Without a
    ``kind`` (a group with no row yet) only the load step runs.
    """
    state = _Walk(kind, config, channel)
    run_options = RunOptions.from_dict(
        {"checkpoint_settings": {"results_dir": config.results_dir, "run_id": "verify"}}
    )
    channel.send(EntryPointsFound(tuple(name for name, _ in state.plugin.entry_points)))
    current: list[tuple[str, Any]] = list(state.plugin.entry_points)
    for step in STEPS:
        if step not in config.steps or (kind is None and step != "load"):
            channel.send(StepChanged(step, "skipped"))
            continue
        started = time.monotonic()
        channel.send(StepChanged(step, "started"))
        if step == "load":
            current = [(name, state.load(name, value)) for name, value in current]
        elif step == "register":
            current = [(name, state.register(name, f, run_options)) for name, f in current]
        else:
            for name, objects in current:
                state.run(name, objects, run_options)
        failed = state.errors > 0
        status = "failed" if failed else "passed"
        channel.send(StepChanged(step, status, time.monotonic() - started))
        if failed:
            return
        current = [(name, obj) for name, obj in current if obj is not _FAILED]

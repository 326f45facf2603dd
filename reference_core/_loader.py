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

import contextlib
import importlib
import inspect
import os
import time
import traceback
from importlib import metadata
from pathlib import Path
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
from ._kinds import PluginKind
from ._near import did_you_mean
from ._settings import RunOptions

__all__ = ["HOST_PROVIDED", "PluginFiles", "classify_load", "walk"]

#: Distributions the trainer brings along; a plugin must not pull them in.
HOST_PROVIDED = ("mlagents", "mlagents-envs", "torch", "tensorboard")
_SHIMMED = {"mlagents", "mlagents_envs"}
_HOST_ONLY = {name.replace("-", "_") for name in HOST_PROVIDED} - _SHIMMED
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


class PluginFiles:
    """Which files and top-level names belong to the plugin under test."""

    def __init__(self, config: LoaderConfig) -> None:
        self.declared = set(config.declared)
        self.files: set[str] = set()
        self.tops: set[str] = set()
        self.entry_points = list(config.entry_points)
        dist = None
        if config.distribution:
            with contextlib.suppress(metadata.PackageNotFoundError):
                dist = metadata.distribution(config.distribution)
        if dist is not None:
            for file in dist.files or ():
                parts = file.parts
                if parts and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
                    self.tops.add(parts[0][:-3] if parts[0].endswith(".py") else parts[0])
                    self.files.add(os.path.realpath(str(dist.locate_file(file))))
            own = [(ep.name, ep.value) for ep in dist.entry_points if ep.group == config.group]
            self.entry_points = own or self.entry_points
        # An unbuilt project (``mlplugin new``'s check): its source roots are the plugin.
        self.roots = [os.path.realpath(p) + os.sep for p in config.source_roots]
        for root in self.roots:
            with contextlib.suppress(OSError):
                for name in (p.name for p in Path(root).iterdir()):
                    stem = name[:-3] if name.endswith(".py") else name
                    if stem.isidentifier():
                        self.tops.add(stem)

    def owns(self, filename: str) -> bool:
        """Whether ``filename`` is part of the plugin (not of a dependency)."""
        real = os.path.realpath(filename)
        if real in self.files:
            return True
        return "site-packages" not in real and any(real.startswith(r) for r in self.roots)

    @staticmethod
    def provider(top: str) -> Optional[str]:
        """The canonical name of the distribution providing import name ``top``, if any."""
        try:
            mapping = metadata.packages_distributions()
        except AttributeError:  # Python 3.9
            mapping = {}
            for dist in metadata.distributions():
                for line in (dist.read_text("top_level.txt") or "").split():
                    mapping.setdefault(line, []).append(dist.metadata["Name"])
        names = mapping.get(top) or []
        return names[0].replace("_", "-").replace(".", "-").lower() if names else None


def _missing_module(  # noqa: PLR0911 - one return per classification reads best
    exc: ModuleNotFoundError, module: str, plugin: PluginFiles, *, in_plugin: bool
) -> tuple[str, str, str]:
    """Classify a ``ModuleNotFoundError``: the plugin's bug, a missing dependency, the host."""
    missing = exc.name or ""
    top = missing.split(".")[0]
    if missing and (module == missing or module.startswith(missing + ".")):
        return (
            "MLP407",
            (
                f"module {module!r} is not in the installed distribution "
                f"(No module named {missing!r})"
            ),
            "",
        )
    if top in plugin.tops:
        return (
            "MLP401",
            (
                f"importing {module!r} failed: the plugin imports {missing!r}, "
                "which its own package does not contain"
            ),
            "",
        )
    if top in _SHIMMED:
        return (
            "MLP403",
            (
                f"{module!r} imports {missing!r}, which the reference core does "
                "not provide (it covers the modules stats-writer plugins use)"
            ),
            (
                "Import the host API from mlagents.trainers.stats / settings, or verify "
                "the plugin in an environment with the real mlagents installed."
            ),
        )
    if top in _HOST_ONLY:
        return (
            "MLP403",
            (f"{module!r} imports {top!r}, which the host provides and verify does not install"),
            (
                "Import it lazily inside the writer, or verify "
                "in an environment where the host is installed (--installed)."
            ),
        )
    provider = plugin.provider(top)
    if (provider is not None and provider in plugin.declared) or not in_plugin:
        return (
            "MLP403",
            f"the dependency providing {top!r} is broken: No module named {missing!r}",
            "",
        )
    if {top.lower().replace("_", "-"), top.lower().replace("_", "")} & plugin.declared:
        return "MLP403", f"{top!r} is declared but could not be imported", ""
    return (
        "MLP402",
        (f"{module!r} imports {top!r}, which is not among the plugin's declared dependencies"),
        (
            f"Add the distribution that provides {top!r} to "
            "[project] dependencies (or install_requires)."
        ),
    )


def classify_load(exc: BaseException, module: str, plugin: PluginFiles) -> tuple[str, str, str]:
    """(check_id, message, fix) for an exception raised while importing ``module``."""
    if not isinstance(exc, Exception):
        return "MLP406", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.startswith("<frozen") and "importlib" not in f.filename
    ]
    innermost = frames[-1].filename if frames else ""
    in_plugin = plugin.owns(innermost) if innermost else False
    if isinstance(exc, ModuleNotFoundError):
        return _missing_module(exc, module, plugin, in_plugin=in_plugin)
    if isinstance(exc, SyntaxError) and exc.filename and plugin.owns(exc.filename):
        return "MLP401", f"{module!r} has a syntax error: {exc.msg} (line {exc.lineno})", ""
    if any(plugin.owns(f.filename) for f in frames) and (
        in_plugin or not isinstance(exc, ImportError)
    ):
        return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    if isinstance(exc, ImportError) or (innermost and not in_plugin and frames):
        return "MLP403", f"a dependency of {module!r} failed to import: {exc}", ""
    return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""


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
            self.problem("MLP501", "register", name, what)
            return _FAILED
        try:
            inspect.signature(func).bind(*args)
        except TypeError as exc:
            label = getattr(func, "__qualname__", func)
            what = f"{label!r} cannot be called with {self.kind.call_text}: {exc}"
            self.problem("MLP501", "register", name, what)
            return _FAILED
        except ValueError:
            pass  # no signature available (builtins); just call it
        try:
            result = func(*args)
        except Exception as exc:
            raised = f"the registration function raised {type(exc).__name__}: {exc}"
            abstract = isinstance(exc, TypeError) and "abstract" in str(exc)
            check_id, text = ("MLP505", str(exc)) if abstract else ("MLP502", raised)
            self.problem(check_id, "register", name, text, detail=_trace(exc))
            return _FAILED
        except BaseException as exc:
            raised = f"the registration function raised {type(exc).__name__}: {exc}"
            self.problem("MLP507", "register", name, raised, detail=_trace(exc))
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

    def run(self, name: str, objects: list[Any], run_options: RunOptions) -> None:
        assert self.kind is not None  # noqa: S101 - walk() runs only with a kind
        if not objects:
            return
        self.channel.send(PhaseStarted("run", name))
        timeout = self.config.thread_timeout_s
        for check_id, message, fix in self.kind.contract(objects, run_options, timeout):
            self.problem(check_id, "run", name, message, fix=fix)


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

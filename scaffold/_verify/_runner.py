"""The child side of verify's load, register and run steps.

Executed by file path inside the throwaway environment (``python -I _runner.py
CONFIG``); it imports only the standard library and ``reference_core``. Results go to
a dedicated file descriptor as JSON lines, never to stdout, which the plugin may flood.
Every phase is announced *before* it starts, so that when the plugin hangs or ends the
process the parent knows where it happened.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
import re
import sys
import time
import traceback
from importlib import metadata
from pathlib import Path
from typing import Any, Optional

_HOST_TOPS = {"mlagents", "mlagents_envs"}
_HOST_IMPORTS = {"torch", "tensorboard"}
_DETAIL = 6000


class Channel:
    """JSON lines to the parent over a file descriptor."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, kind: str, **fields: Any) -> None:
        line = json.dumps({"type": kind, **fields}, default=str) + "\n"
        data = line.encode("utf-8", "replace")
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _close(word: str, options: list[str]) -> str:
    import difflib

    public = [o for o in options if not o.startswith("_")] or options
    best = difflib.get_close_matches(word, public, n=1, cutoff=0.6)
    if not best:
        lowered = {o.lower(): o for o in public}
        match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        best = [lowered[match[0]]] if match else []
    return f" (did you mean {best[0]!r}?)" if best else ""


def _trace(exc: BaseException) -> str:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return text[-_DETAIL:]


class Plugin:
    """What is known about the distribution under test."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.dist_name: Optional[str] = config.get("distribution")
        self.declared = {_canonical(n) for n in config.get("declared", [])}
        self.files: set[str] = set()
        self.tops: set[str] = set()
        self.entry_points: list[tuple[str, str]] = []
        dist = None
        if self.dist_name:
            try:
                dist = metadata.distribution(self.dist_name)
            except metadata.PackageNotFoundError:
                dist = None
        if dist is not None:
            for file in dist.files or ():
                parts = file.parts
                if parts and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
                    self.tops.add(parts[0][:-3] if parts[0].endswith(".py") else parts[0])
                    self.files.add(os.path.realpath(str(dist.locate_file(file))))
            group = config["group"]
            self.entry_points = [
                (ep.name, ep.value) for ep in dist.entry_points if ep.group == group
            ]
        if not self.entry_points:
            self.entry_points = [(e["name"], e["value"]) for e in config.get("entry_points", [])]
        # An unbuilt project (``mlplugin new``'s check): its source roots are the plugin.
        self.roots = [os.path.realpath(p) + os.sep for p in config.get("paths", [])]
        for root in self.roots:
            with contextlib.suppress(OSError):
                names = [p.name for p in Path(root).iterdir()]
                self.tops.update(
                    n[:-3] if n.endswith(".py") else n
                    for n in names
                    if n.isidentifier() or (n.endswith(".py") and n[:-3].isidentifier())
                )

    def owns(self, filename: str) -> bool:
        real = os.path.realpath(filename)
        if real in self.files:
            return True
        return "site-packages" not in real and any(real.startswith(r) for r in self.roots)

    def provider(self, top: str) -> Optional[str]:
        """The installed distribution providing import name ``top``, if any."""
        try:
            mapping = metadata.packages_distributions()
        except AttributeError:  # Python 3.9
            mapping = {}
            for dist in metadata.distributions():
                for line in (dist.read_text("top_level.txt") or "").split():
                    mapping.setdefault(line, []).append(dist.metadata["Name"])
        names = mapping.get(top) or []
        return names[0] if names else None


def _frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.startswith("<frozen") and "importlib" not in f.filename
    ]


def classify_load(  # noqa: PLR0911 - one return per classification reads best
    exc: BaseException, module: str, plugin: Plugin
) -> tuple[str, str, str]:
    """(check_id, message, fix) for an exception raised while importing ``module``."""
    if not isinstance(exc, Exception):
        return "MLP406", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    frames = _frames(exc)
    innermost = frames[-1].filename if frames else ""
    in_plugin = plugin.owns(innermost) if innermost else False
    if isinstance(exc, ModuleNotFoundError):
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
        if top in _HOST_TOPS:
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
        if top in _HOST_IMPORTS:
            return (
                "MLP403",
                (
                    f"{module!r} imports {top!r}, which the host provides and "
                    "verify does not install"
                ),
                (
                    "Import it lazily inside the writer, or verify "
                    "in an environment where the host is installed (--installed)."
                ),
            )
        provider = plugin.provider(top)
        declared = provider is not None and _canonical(provider) in plugin.declared
        if declared or not in_plugin:  # a dependency's own import failed
            return (
                "MLP403",
                (f"the dependency providing {top!r} is broken: No module named {missing!r}"),
                "",
            )
        guesses = {_canonical(top), _canonical(top).replace("-", "")}
        if guesses & plugin.declared:
            return ("MLP403", f"{top!r} is declared but could not be imported", "")
        return (
            "MLP402",
            (f"{module!r} imports {top!r}, which is not among the plugin's declared dependencies"),
            (
                f"Add the distribution that provides {top!r} to "
                "[project] dependencies (or install_requires)."
            ),
        )
    if isinstance(exc, SyntaxError) and exc.filename and plugin.owns(exc.filename):
        return "MLP401", f"{module!r} has a syntax error: {exc.msg} (line {exc.lineno})", ""
    if any(plugin.owns(f.filename) for f in frames) and (
        in_plugin or not isinstance(exc, ImportError)
    ):
        return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    if isinstance(exc, ImportError) or (innermost and not in_plugin and frames):
        return "MLP403", f"a dependency of {module!r} failed to import: {exc}", ""
    return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""


class Runner:
    """Walks load, register and run for every entry point, reporting to the parent."""

    def __init__(self, config: dict[str, Any], channel: Channel) -> None:
        self.config = config
        self.channel = channel
        self.plugin = Plugin(config)
        self.errors = 0

    def phase(self, step: str, entry_point: str) -> None:
        self.channel.send("phase", step=step, entry_point=entry_point)

    def report(
        self,
        check_id: str,
        step: str,
        entry_point: str,
        message: str,
        *,
        fix: str = "",
        detail: str = "",
        severity: str = "error",
    ) -> None:
        if severity == "error":
            self.errors += 1
        self.channel.send(
            "finding",
            check_id=check_id,
            step=step,
            entry_point=entry_point,
            message=f"entry point {entry_point!r}: {message}",
            fix=fix,
            detail=detail,
        )

    def walk(self, steps: list[str], run_options: Any) -> None:
        """Load every entry point, register every loaded one, run every registered one."""
        current: list[tuple[str, Any]] = list(self.plugin.entry_points)
        for step in ("load", "register", "run"):
            if step not in steps:
                self.channel.send("step", step=step, status="skipped")
                continue
            started = time.monotonic()
            self.channel.send("step", step=step, status="started")
            current = [(name, self._do(step, name, item, run_options)) for name, item in current]
            failed = self.errors > 0
            self.channel.send(
                "step",
                step=step,
                status="failed" if failed else "passed",
                elapsed_s=time.monotonic() - started,
            )
            if failed:
                return
            current = [(name, obj) for name, obj in current if obj is not None]

    def _do(self, step: str, name: str, item: Any, run_options: Any) -> Any:
        if step == "load":
            return self.load(name, item)
        if step == "register":
            return self.register(name, item, run_options)
        if item:
            self.contract(name, item, run_options)
        return None

    def load(self, name: str, value: str) -> Any:
        module_name, _, attrs = value.partition(":")
        module_name = module_name.strip()
        attrs = attrs.split("[")[0].strip()
        self.phase("load", name)
        try:
            obj: Any = importlib.import_module(module_name)
        except BaseException as exc:
            check_id, message, fix = classify_load(exc, module_name, self.plugin)
            self.report(check_id, "load", name, message, fix=fix, detail=_trace(exc))
            return None
        for attr in attrs.split("."):
            try:
                obj = getattr(obj, attr)
            except AttributeError:  # noqa: PERF203 - each step can fail on its own
                hint = _close(attr, dir(obj))
                self.report(
                    "MLP404", "load", name, f"{module_name!r} has no attribute {attr!r}{hint}"
                )
                return None
            except BaseException as exc:
                self.report(
                    "MLP401", "load", name, f"reading {attr!r} raised {exc!r}", detail=_trace(exc)
                )
                return None
        return obj

    def register(self, name: str, func: Any, run_options: Any) -> Optional[list[Any]]:
        self.phase("register", name)
        if not callable(func):
            self.report(
                "MLP501",
                "register",
                name,
                f"it names a {type(func).__name__}, which cannot be called",
            )
            return None
        try:
            inspect.signature(func).bind(run_options)
        except TypeError as exc:
            self.report(
                "MLP501",
                "register",
                name,
                f"{getattr(func, '__qualname__', func)!r} cannot be called with one "
                f"positional RunOptions: {exc}",
            )
            return None
        except ValueError:
            pass  # no signature available (builtins); just call it
        try:
            result = func(run_options)
        except Exception as exc:
            text = str(exc)
            if isinstance(exc, TypeError) and "abstract" in text:
                self.report("MLP505", "register", name, text, detail=_trace(exc))
            else:
                self.report(
                    "MLP502",
                    "register",
                    name,
                    f"the registration function raised {type(exc).__name__}: {exc}",
                    detail=_trace(exc),
                )
            return None
        except BaseException as exc:
            self.report(
                "MLP507",
                "register",
                name,
                f"the registration function raised {type(exc).__name__}: {exc}",
                detail=_trace(exc),
            )
            return None
        return self._check_result(name, result)

    def _check_result(self, name: str, result: Any) -> Optional[list[Any]]:
        try:
            count = len(result)
        except Exception as exc:
            self.report(
                "MLP503",
                "register",
                name,
                f"it returned a {type(result).__name__} ({exc}); the host logs "
                "'Error initializing StatsWriter plugins' and drops the plugin",
            )
            return None
        writers = list(result)
        bases = _writer_bases()
        for index, element in enumerate(writers):
            if isinstance(element, type):
                what = f"the class {element.__name__}, not an instance of it"
            elif not isinstance(element, bases):
                what = f"a {type(element).__name__} ({element!r:.60})"
            else:
                continue
            self.report(
                "MLP504", "register", name, f"element {index} of the returned list is {what}"
            )
            return None
        self.channel.send(
            "writers", entry_point=name, writers=[_describe_writer(w) for w in writers]
        )
        if count == 0:
            self.report(
                "MLP508",
                "register",
                name,
                "the registration function returned an empty list, so the plugin does nothing",
                severity="warning",
            )
        return writers

    def contract(self, name: str, writers: list[Any], run_options: Any) -> None:
        from reference_core.testing import run_contract

        self.phase("run", name)
        report = run_contract(
            writers, run_options, thread_timeout_s=float(self.config.get("thread_timeout_s", 10))
        )
        for violation in report.violations:
            self.report(violation.check_id, "run", name, violation.message, fix=violation.fix)


def _describe_writer(writer: Any) -> dict[str, Any]:
    """Facts about one writer that decide which host releases it works with."""
    import reference_core

    cls = type(writer)
    hook = getattr(cls, "on_add_stat", None)
    base_hook = getattr(reference_core.StatsWriter, "on_add_stat", None)
    hidden = getattr(writer, "hidden_keys", None)
    is_tensorboard = isinstance(writer, reference_core.TensorboardWriter)
    return {
        "class": cls.__qualname__,
        "overrides_on_add_stat": hook is not None and hook is not base_hook,
        "hidden_keys": bool(is_tensorboard and hidden),
    }


def _writer_bases() -> tuple[type, ...]:
    import reference_core

    bases: list[type] = [reference_core.StatsWriter]
    stats = sys.modules.get("mlagents.trainers.stats")
    real = getattr(stats, "StatsWriter", None)
    if isinstance(real, type) and real not in bases:
        bases.append(real)
    return tuple(bases)


def main(argv: list[str]) -> int:
    sys.dont_write_bytecode = True  # never leave __pycache__ in the project under test
    config = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    channel = Channel(int(config["events_fd"]))
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    try:
        import reference_core
    except ImportError:
        sys.path.append(config["core_path"])
        import reference_core
    reference_core.install_host_shim()
    sys.path[:0] = config.get("paths", [])  # source roots, when checking an unbuilt project
    results = config["results_dir"]  # inside the parent's private, cleaned-up workdir
    run_options = reference_core.RunOptions.from_dict(
        {"checkpoint_settings": {"results_dir": results, "run_id": "verify"}}
    )
    runner = Runner(config, channel)
    channel.send("entry_points", names=[n for n, _ in runner.plugin.entry_points])
    runner.walk(config.get("steps", ["load", "register", "run"]), run_options)
    channel.send("done")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the plugin may have closed it
            stream.flush()
    os._exit(code)  # do not wait for threads the plugin left running

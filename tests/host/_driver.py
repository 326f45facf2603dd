"""Run one scripted scenario against a stats-writer host and dump what happened as JSON.

Usage: ``python _driver.py {real,reference} SCENARIO.json OUT.json``

The same file runs in two interpreters: ``real`` imports the real ML-Agents host
(``mlagents`` / ``mlagents_envs``), ``reference`` installs ``reference_core``'s host shim
and uses ``reference_core``. Everything written to OUT.json is already normalised so the
two dumps can be compared key by key (see ``_compare.py``). This file is not a test
module; it must stay importable on Python 3.9 and must not import pytest.

A scenario is ``{"plugin_paths": [...], "plugins_first": bool, "results_dir": str,
"run_id": str, "resume": bool, "ops": [[name, *args], ...]}``; each op's outcome (and
any exception it raised) is recorded in order.
"""

from __future__ import annotations

import enum
import importlib
import itertools
import json
import logging
import numbers
import re
import sys
import traceback
import types
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable

SUMMARY_PROPERTIES = ("mean", "std", "num", "sum", "aggregated_value")

#: Every call any registered writer received, in order (filled by the spies).
TRACE: list[dict[str, Any]] = []
#: Log records of the host's loggers, in order.
RECORDS: list[dict[str, Any]] = []


# --------------------------------------------------------------------------- encoding


def number(value: Any) -> dict[str, Any]:
    """A number tagged with its kind, so an int sum and a float sum differ."""
    if isinstance(value, bool):
        return {"kind": "bool", "value": bool(value)}
    if isinstance(value, numbers.Integral):
        return {"kind": "int", "value": int(value)}
    if isinstance(value, numbers.Real):
        return {"kind": "float", "value": float(value)}
    return {"kind": "other", "value": repr(value), "type": type(value).__name__}


def error_text(error: BaseException) -> str:
    """The last line of a traceback: ``Type: message``."""
    return traceback.format_exception_only(type(error), error)[-1].strip()


def summary(value: Any) -> dict[str, Any]:
    """A StatsSummary with every derived statistic evaluated (errors and warnings kept)."""
    out: dict[str, Any] = {
        "type": type(value).__name__,
        "full_dist": encode(value.full_dist),
        "aggregation_method": encode(value.aggregation_method),
        "is_tuple": isinstance(value, tuple),
    }
    props: dict[str, Any] = {}
    caught: dict[str, list[str]] = {}
    for name in SUMMARY_PROPERTIES:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            try:
                props[name] = number(getattr(value, name))
            except Exception as error:
                props[name] = {"error": error_text(error)}
        caught[name] = sorted({w.category.__name__ for w in seen})
    out["props"] = props
    out["warnings"] = caught
    return out


def encode(value: Any) -> Any:  # noqa: PLR0911 - one branch per kind of value
    """Turn anything a writer receives into plain JSON (NaN and inf kept as floats)."""
    if hasattr(value, "full_dist") and hasattr(value, "aggregation_method"):
        return {"summary": summary(value)}
    if isinstance(value, enum.Enum):
        return {"enum": type(value).__name__, "name": value.name, "value": value.value}
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Real):
        return number(value)
    if isinstance(value, Mapping):
        return {"dict": [[str(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [encode(v) for v in value]}
    return {"object": type(value).__name__}


# --------------------------------------------------------------------------- hosts


def load_real() -> types.SimpleNamespace:
    """The real host: mlagents + mlagents_envs."""
    import mlagents.plugins.stats_writer as stats_writer_module
    from mlagents.trainers import stats
    from mlagents.trainers.settings import RunOptions
    from mlagents_envs import timers

    if "reference_core" in str(getattr(stats, "__file__", "")):
        raise RuntimeError("the 'real' side imported reference_core instead of mlagents")

    def reset() -> None:
        stats.StatsReporter.writers.clear()
        stats.StatsReporter.stats_dict.clear()
        stats.StatsReporter.stats_aggregation.clear()

    def gauges() -> dict[str, Any]:
        return timers._get_thread_timer()._get_gauges()

    return types.SimpleNamespace(
        register=stats_writer_module.register_stats_writer_plugins,
        stats=stats,
        RunOptions=RunOptions,
        reset=reset,
        gauges=gauges,
    )


def load_reference() -> types.SimpleNamespace:
    """reference_core, with the host shim serving the ``mlagents.*`` names to plugins."""
    import reference_core

    reference_core.install_host_shim()
    if not reference_core.shim_active():
        raise RuntimeError("the reference host shim is not active (is mlagents installed?)")
    shimmed = importlib.import_module("mlagents.trainers.stats")
    if shimmed.StatsReporter is not reference_core.StatsReporter:
        raise RuntimeError("mlagents.trainers.stats is not served by reference_core")
    return types.SimpleNamespace(
        register=reference_core.register_stats_writer_plugins,
        stats=reference_core,
        RunOptions=reference_core.RunOptions,
        reset=reference_core.reset_stats_reporter,
        gauges=reference_core.get_gauges,
    )


# --------------------------------------------------------------------------- capture


class Capture(logging.Handler):
    """Keeps level, logger name, first message line and exception of every record."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        entry: dict[str, Any] = {
            "logger": record.name,
            "level": record.levelname,
            "message": message.splitlines()[0] if message else "",
        }
        if "\n" in message:
            entry["message_rest"] = message.split("\n", 1)[1]
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = error_text(record.exc_info[1])
        RECORDS.append(entry)


def install_capture() -> None:
    root = logging.getLogger()
    root.addHandler(Capture(level=logging.DEBUG))
    root.setLevel(logging.WARNING)
    logging.getLogger("mlagents.plugins.stats_writer").setLevel(logging.DEBUG)
    logging.getLogger("mlagents.trainers.stats").setLevel(logging.INFO)


def spy_on(index: int, writer: Any) -> None:
    """Record every call to the writer's three hook methods (instance-level wrappers)."""
    for method in ("write_stats", "on_add_stat", "add_property"):
        original = getattr(writer, method, None)
        if original is None:
            continue

        def wrapper(
            *args: Any, __o: Callable[..., Any] = original, __m: str = method, **kwargs: Any
        ) -> Any:
            TRACE.append(
                {
                    "writer": index,
                    "class": type(writer).__name__,
                    "method": __m,
                    "args": encode(list(args)),
                    "kwargs": encode(kwargs),
                }
            )
            return __o(*args, **kwargs)

        try:
            setattr(writer, method, wrapper)
        except (AttributeError, TypeError):
            return


# --------------------------------------------------------------------------- operations


class Runner:
    """Executes scenario ops against one host."""

    def __init__(self, host: types.SimpleNamespace, scenario: dict[str, Any]) -> None:
        self.host = host
        self.scenario = scenario
        self.run_options = host.RunOptions()
        checkpoint = self.run_options.checkpoint_settings
        checkpoint.results_dir = scenario["results_dir"]
        checkpoint.run_id = scenario.get("run_id", "fidelity")
        checkpoint.resume = bool(scenario.get("resume", False))
        self.writers: list[Any] = []

    def agg(self, name: str) -> Any:
        return self.host.stats.StatsAggregationMethod[name]

    def reporter(self, category: str) -> Any:
        return self.host.stats.StatsReporter(category)

    # each op returns a JSON-able observation (or None)

    def op_register(self) -> Any:
        self.writers = list(self.host.register(self.run_options))
        for index, writer in enumerate(self.writers):
            spy_on(index, writer)
            self.host.stats.StatsReporter.add_writer(writer)
        return [type(w).__name__ for w in self.writers]

    def op_add_stat(self, category: str, key: str, value: Any, agg: str | None = None) -> None:
        if agg is None:
            self.reporter(category).add_stat(key, value)
        else:
            self.reporter(category).add_stat(key, value, self.agg(agg))

    def op_set_stat(self, category: str, key: str, value: Any) -> None:
        self.reporter(category).set_stat(key, value)

    def op_add_property(self, category: str, prop: str, value: Any) -> None:
        self.reporter(category).add_property(self.host.stats.StatsPropertyType[prop], value)

    def op_write_stats(self, category: str, step: Any) -> None:
        self.reporter(category).write_stats(step)

    def op_get_stats_summaries(self, category: str, key: str) -> Any:
        return encode(self.reporter(category).get_stats_summaries(key))

    def op_state(self) -> Any:
        reporter = self.host.stats.StatsReporter
        return {
            "stats_dict": {
                c: {k: encode(list(v)) for k, v in keys.items()}
                for c, keys in reporter.stats_dict.items()
            },
            "stats_aggregation": {
                c: {k: v.name for k, v in keys.items()}
                for c, keys in reporter.stats_aggregation.items()
            },
            "writers": [type(w).__name__ for w in reporter.writers],
        }

    def op_summaries(self, cases: list[list[Any]]) -> Any:
        out = []
        for full_dist, agg in cases:
            made = self.host.stats.StatsSummary(full_dist, self.agg(agg))
            out.append(summary(made))
        return out

    def op_summary_api(self) -> Any:
        summary_type = self.host.stats.StatsSummary
        average = self.agg("AVERAGE")
        empty = summary_type.empty()
        a = summary_type([1.0, 2.0], average)
        return {
            "empty": encode(empty),
            "empty_is_static": isinstance(summary_type.__dict__["empty"], staticmethod),
            "fields": list(summary_type._fields),
            "equal": a == summary_type([1.0, 2.0], average),
            "equal_tuple": a == ([1.0, 2.0], average),
            "unequal_method": a == summary_type([1.0, 2.0], self.agg("SUM")),
            "repr": repr(a),
            "unpacked": encode(list(a)),
            "keyword": encode(summary_type(full_dist=[3], aggregation_method=average)),
            "enum_values": {m.name: m.value for m in self.host.stats.StatsAggregationMethod},
            "property_values": {m.name: m.value for m in self.host.stats.StatsPropertyType},
        }

    def op_fake_clock(self, module: str, attr: str, start: float, step: float) -> None:
        counter = itertools.count()
        setattr(importlib.import_module(module), attr, lambda: start + step * next(counter))

    def op_gauges(self) -> Any:
        return {
            name: {k: number(v) for k, v in node.items()}
            for name, node in sorted(self.host.gauges().items())
        }

    def op_run_options(self) -> Any:
        checkpoint = self.run_options.checkpoint_settings
        return {
            "as_dict": encode(self.run_options.as_dict()),
            "write_path": checkpoint.write_path,
            "run_logs_dir": checkpoint.run_logs_dir,
        }

    def op_recorder(self) -> Any:
        module = sys.modules.get("mlplugin_recording_writer")
        if module is None:
            return None
        return [
            [event[0], *encode(list(event[1:]))["list"]]
            if event[0] != "register"
            else ["register", type(event[1]).__name__]
            for event in module.EVENTS
        ]

    def op_files(self, patterns: list[str]) -> Any:
        """Text of every file under the results dir whose relative path matches a regex."""
        root = Path(self.scenario["results_dir"])
        found = {}
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and any(re.search(p, rel) for p in patterns):
                found[rel] = path.read_text(encoding="utf-8", errors="replace")
        return found

    def op_dirs(self) -> Any:
        root = Path(self.scenario["results_dir"])
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def main(argv: list[str]) -> int:
    side, scenario_path, out_path = argv
    scenario = json.loads(Path(scenario_path).read_text(encoding="utf-8"))
    for entry in scenario.get("plugin_paths", []):
        if scenario.get("plugins_first"):
            sys.path.insert(0, entry)
        else:
            sys.path.append(entry)
    install_capture()
    host = load_real() if side == "real" else load_reference()
    host.reset()
    runner = Runner(host, scenario)
    results = []
    for op in scenario["ops"]:
        name, args = op[0], op[1:]
        trace_start, records_start = len(TRACE), len(RECORDS)
        entry: dict[str, Any] = {"op": name}
        try:
            entry["result"] = getattr(runner, f"op_{name}")(*args)
        except BaseException as error:
            entry["error"] = error_text(error)
        entry["calls"] = TRACE[trace_start:]
        entry["logs"] = RECORDS[records_start:]
        results.append(entry)
    dump = {
        "side": side,
        "python": list(sys.version_info[:3]),
        "results": results,
    }
    Path(out_path).write_text(json.dumps(dump, indent=1, allow_nan=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

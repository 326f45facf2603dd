"""A long-lived stats host for the property-based differential suite.

Usage: ``python _statserver.py {real,reference}``; one JSON request per line on stdin,
one JSON answer per line on the original stdout (everything the host prints goes to
stderr, so a log handler cannot corrupt the protocol).

Importing the real host costs about 3 s (torch), so one process serves every example
of a session: each ``run`` request resets ``StatsReporter``, the gauges and the
TensorBoard writers, builds fresh writers, executes the ops and dumps, bit for bit,
what every writer received, what the TensorBoard writer recorded, the log records,
the reporter state and the gauges. Values cross the pipe as tagged specs (floats as
their 64-bit pattern, so NaN signs survive) and are rebuilt here on each side.

This file is not a test module; it runs under the real host's Python (no pytest, no
hypothesis there) and under the interpreter running pytest.
"""

from __future__ import annotations

import decimal
import enum
import json
import logging
import os
import re
import shutil
import struct
import sys
import traceback
from typing import Any, Callable

#: What the spies saw during the current op, in order.
CALLS: list[Any] = []
LOGS: list[Any] = []
TENSORBOARD: list[Any] = []
SUMMARY_PROPERTIES = ("mean", "std", "num", "sum", "aggregated_value")
_ELAPSED = re.compile(r"Time Elapsed: \d+\.\d+ s")
#: Documented difference: the stand-in's records file is not a tfevents file.
_EVENTS_FILE = re.compile(r"events\.out\.\S+")


def bits(value: float) -> str:
    return struct.pack(">d", value).hex()


def from_bits(text: str) -> float:
    return float(struct.unpack(">d", bytes.fromhex(text))[0])


def make(spec: list[Any]) -> Any:  # noqa: PLR0911 - one branch per kind of value
    """Rebuild a value from its spec (numpy imported only for numpy specs)."""
    kind = spec[0]
    if kind == "f":
        return from_bits(spec[1])
    if kind == "i":
        return int(spec[1])
    if kind == "b":
        return bool(spec[1])
    if kind == "none":
        return None
    if kind == "s":
        return str(spec[1])
    if kind == "dec":
        return decimal.Decimal(spec[1])
    if kind == "list":
        return [make(item) for item in spec[1]]
    if kind == "dict":
        return {key: make(value) for key, value in spec[1]}
    import numpy as np

    if kind == "npf":
        return np.dtype(spec[1]).type(from_bits(spec[2]))
    if kind == "npi":
        return np.dtype(spec[1]).type(int(spec[2]))
    if kind == "npb":
        return np.bool_(spec[1])
    if kind == "arr":
        return np.array([make(item) for item in spec[2]], dtype=spec[1])
    raise ValueError(f"unknown value spec {spec!r}")


def enc(value: Any) -> Any:  # noqa: PLR0911, PLR0912 - one branch per kind of value
    """Encode a value bit for bit, with its exact type."""
    kind = type(value)
    if value is None or kind is str:
        return value
    if kind is bool:
        return {"bool": value}
    if kind is int:
        return {"int": str(value)}
    if kind is float:
        return {"float": bits(value)}
    if kind.__module__ == "numpy":
        np = sys.modules["numpy"]
        if isinstance(value, np.ndarray):
            return {"ndarray": str(value.dtype), "items": [enc(v) for v in value.reshape(-1)]}
        if isinstance(value, np.floating):
            return {"np": kind.__name__, "bits": bits(float(value))}
        if isinstance(value, (np.integer, np.bool_)):
            return {"np": kind.__name__, "v": str(value.item())}
    if isinstance(value, decimal.Decimal):
        return {"Decimal": str(value)}
    if isinstance(value, enum.Enum):
        return {"enum": kind.__name__, "name": value.name}
    if hasattr(value, "full_dist") and hasattr(value, "aggregation_method"):
        return {"summary": summary(value)}
    if isinstance(value, (list, tuple)):
        return {kind.__name__: [enc(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[enc(k), enc(v)] for k, v in value.items()]}
    return {"object": kind.__name__}


def error(exc: BaseException) -> dict[str, str]:
    kind = type(exc)
    return {"error": f"{kind.__module__}.{kind.__qualname__}", "message": str(exc)}


def summary(value: Any) -> dict[str, Any]:
    """Every derived statistic of a StatsSummary (or the exception it raises)."""
    props: dict[str, Any] = {}
    for name in SUMMARY_PROPERTIES:
        try:
            props[name] = enc(getattr(value, name))
        except Exception as exc:  # noqa: PERF203 - every statistic is observed on its own
            props[name] = error(exc)
    return {
        "type": type(value).__name__,
        "full_dist": enc(value.full_dist),
        "aggregation_method": value.aggregation_method.name,
        "props": props,
    }


class Capture(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        message = _ELAPSED.sub("Time Elapsed: <t> s", record.getMessage())
        message = _EVENTS_FILE.sub("events.out.<file>", message)
        LOGS.append([record.name, record.levelname, message])


def float32_like_protobuf(value: float) -> float:
    """What protobuf's ``float`` field keeps of a double (TensorBoard's simple_value)."""
    limit = 3.4028234663852886e38
    if value > limit:
        return float("inf")
    if value < -limit:
        return float("-inf")
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


# --------------------------------------------------------------------------- hosts


class Host:
    """Both sides behind one interface: stats module, register, reset, gauges."""

    def __init__(self, side: str) -> None:
        self.side = side
        self.base_dir = ""
        if side == "real":
            self._load_real()
        else:
            self._load_reference()

    def _load_real(self) -> None:
        import mlagents.plugins.stats_writer as plugins
        from mlagents.trainers import stats
        from mlagents.trainers.settings import RunOptions
        from mlagents_envs import timers
        from torch.utils.tensorboard import summary as tb_summary
        from torch.utils.tensorboard import writer as tb_writer

        self.stats, self.RunOptions, self.register = (
            stats,
            RunOptions,
            plugins.register_stats_writer_plugins,
        )
        self.gauges = lambda: timers._get_thread_timer()._get_gauges()
        self.reset_gauges = timers.reset_timers
        pending: list[Any] = []
        make_histogram = tb_summary.make_histogram

        def spy_make_histogram(values: Any, *args: Any, **kwargs: Any) -> Any:
            pending[:] = [float(v) for v in values.reshape(-1)]
            return make_histogram(values, *args, **kwargs)

        tb_summary.make_histogram = spy_make_histogram
        add_event = tb_writer.FileWriter.add_event
        host = self

        def spy_add_event(self: Any, event: Any, step: Any = None, walltime: Any = None) -> None:
            add_event(self, event, step, walltime)
            value = event.summary.value[0]
            category = os.path.relpath(self.get_logdir(), host.base_dir)
            if value.HasField("histo"):
                TENSORBOARD.append(
                    [category, "histogram", value.tag, [bits(v) for v in pending], event.step]
                )
            elif value.tag.endswith("/text_summary"):
                text = value.tensor.string_val[0].decode("utf-8")
                TENSORBOARD.append([category, "text", value.tag[: -len("/text_summary")], text])
            else:
                TENSORBOARD.append(
                    [category, "scalar", value.tag, bits(value.simple_value), event.step]
                )

        tb_writer.FileWriter.add_event = spy_add_event

    def _load_reference(self) -> None:
        import reference_core
        from reference_core import _tensorboard

        reference_core.install_host_shim()
        if not reference_core.shim_active():
            raise RuntimeError("the reference host shim is not active (is mlagents installed?)")
        self.stats, self.RunOptions = reference_core, reference_core.RunOptions
        self.register = reference_core.register_stats_writer_plugins
        self.gauges, self.reset_gauges = reference_core.get_gauges, reference_core.reset_timers
        append = _tensorboard.TensorboardWriter._append

        def spy_append(writer: Any, category: str, record: dict[str, Any]) -> None:
            append(writer, category, record)
            if record["kind"] == "scalar":
                value = bits(float32_like_protobuf(record["value"]))
                TENSORBOARD.append([category, "scalar", record["tag"], value, record["step"]])
            elif record["kind"] == "histogram":
                values = [bits(v) for v in record["values"]]
                TENSORBOARD.append([category, "histogram", record["tag"], values, record["step"]])
            else:
                TENSORBOARD.append([category, "text", record["tag"], record["text"]])

        _tensorboard.TensorboardWriter._append = spy_append  # type: ignore[method-assign]


# --------------------------------------------------------------------------- one example


def spy_on(index: int, writer: Any) -> None:
    """Record every hook call a writer receives, and what it raised."""
    for method in ("write_stats", "on_add_stat", "add_property"):
        original: Callable[..., Any] = getattr(writer, method)

        def wrapper(*args: Any, __o: Callable[..., Any] = original, __m: str = method) -> Any:
            entry: list[Any] = [index, __m, enc(list(args))]
            CALLS.append(entry)
            try:
                return __o(*args)
            except Exception as exc:
                entry.append(error(exc))
                raise

        setattr(writer, method, wrapper)


class Example:
    """One example: fresh writers, then the ops in order."""

    def __init__(self, host: Host, request: dict[str, Any]) -> None:
        self.host = host
        stats = host.stats
        stats.StatsReporter.writers.clear()
        stats.StatsReporter.stats_dict.clear()
        stats.StatsReporter.stats_aggregation.clear()
        host.reset_gauges()
        run_options = host.RunOptions()
        run_options.checkpoint_settings.results_dir = request["workdir"]
        run_options.checkpoint_settings.run_id = "prop"
        host.base_dir = run_options.checkpoint_settings.write_path
        self.writers: list[Any] = list(host.register(run_options)) if request["registered"] else []

        class RecordingWriter(stats.StatsWriter):  # type: ignore[name-defined, misc]
            def write_stats(self, category: str, values: Any, step: Any) -> None:
                pass

        self.writers.append(RecordingWriter())
        for index, writer in enumerate(self.writers):
            spy_on(index, writer)
            stats.StatsReporter.add_writer(writer)

    def close(self) -> None:
        for writer in self.writers:
            for summary_writer in getattr(writer, "summary_writers", {}).values():
                summary_writer.close()

    def op_add_stat(self, category: str, key: str, value: list[Any], agg: str | None) -> None:
        reporter = self.host.stats.StatsReporter(category)
        if agg is None:
            reporter.add_stat(key, make(value))
        else:
            reporter.add_stat(key, make(value), self.host.stats.StatsAggregationMethod[agg])

    def op_set_stat(self, category: str, key: str, value: list[Any]) -> None:
        self.host.stats.StatsReporter(category).set_stat(key, make(value))

    def op_write_stats(self, category: str, step: list[Any]) -> None:
        self.host.stats.StatsReporter(category).write_stats(make(step))

    def op_get_stats_summaries(self, category: str, key: str) -> Any:
        return enc(self.host.stats.StatsReporter(category).get_stats_summaries(key))

    def op_add_property(self, category: str, prop: str, value: list[Any]) -> None:
        kind = self.host.stats.StatsPropertyType[prop]
        self.host.stats.StatsReporter(category).add_property(kind, make(value))

    def op_summary(self, full_dist: list[Any], agg: str) -> Any:
        method = self.host.stats.StatsAggregationMethod[agg]
        return enc(self.host.stats.StatsSummary(make(full_dist), method))

    def op_tensorboard(
        self, category: str, full_dist: list[Any], agg: str, step: list[Any]
    ) -> None:
        """A TensorboardWriter driven directly, with a summary the reporter never makes."""
        method = self.host.stats.StatsAggregationMethod[agg]
        values = {"Direct/Key": self.host.stats.StatsSummary(make(full_dist), method)}
        writer = self.host.stats.TensorboardWriter(self.host.base_dir)
        self.writers.append(writer)
        writer.write_stats(category, values, make(step))

    def state(self) -> dict[str, Any]:
        reporter = self.host.stats.StatsReporter
        return {
            "stats_dict": {
                c: {k: enc(list(v)) for k, v in keys.items()}
                for c, keys in reporter.stats_dict.items()
            },
            "stats_aggregation": {
                c: {k: v.name for k, v in keys.items()}
                for c, keys in reporter.stats_aggregation.items()
            },
            "gauges": {
                name: {k: enc(v) for k, v in node.items()}
                for name, node in sorted(self.host.gauges().items())
            },
        }


def run(host: Host, request: dict[str, Any]) -> dict[str, Any]:
    del CALLS[:], LOGS[:], TENSORBOARD[:]
    example = Example(host, request)
    setup = {"calls": CALLS[:], "logs": LOGS[:]}
    results = []
    try:
        for op in request["ops"]:
            del CALLS[:], LOGS[:], TENSORBOARD[:]
            entry: dict[str, Any] = {}
            try:
                entry["result"] = getattr(example, f"op_{op[0]}")(*op[1:])
            except Exception as exc:
                entry["raised"] = error(exc)
            entry.update(calls=CALLS[:], logs=LOGS[:], tensorboard=TENSORBOARD[:])
            results.append(entry)
        return {"setup": setup, "results": results, "state": example.state()}
    finally:
        example.close()


def main(argv: list[str]) -> int:
    side = argv[0]
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    root = logging.getLogger()
    root.addHandler(Capture(level=logging.DEBUG))
    root.setLevel(logging.WARNING)
    logging.getLogger("mlagents.trainers.stats").setLevel(logging.INFO)
    host = Host(side)
    numpy = sys.modules.get("numpy")
    hello = {"ready": side, "numpy": getattr(numpy, "__version__", None)}
    channel.write(json.dumps(hello) + "\n")
    channel.flush()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = run(host, request)
        except BaseException:  # the harness itself broke: report, keep serving
            answer = {"crash": traceback.format_exc()}
        channel.write(json.dumps(answer) + "\n")
        channel.flush()
        shutil.rmtree(request["workdir"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

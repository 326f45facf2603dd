"""A long-lived settings host: load a training YAML as ``mlagents-learn`` does, dump it.

Usage: ``python _settingsserver.py {real,reference}``; one JSON request per line on
stdin (``{"yaml": text, "lookups": [names], "workdir": dir}``), one JSON answer per
line on the original stdout.

``real`` runs ``mlagents.trainers.learn.parse_command_line([CONFIG])`` (which registers
the trainer plugins and calls ``RunOptions.from_argparse``); ``reference`` runs
``reference_core.load_run_options(CONFIG)``. Both answers hold what a plugin can
observe: the exception (type name and message) or every field of the ``RunOptions``
tree with its class, enum type and value type, ``as_dict()``, ``behaviors[name]`` for
the requested names (errors included), the class-level
``TrainerSettings.default_override``, the log records and the warnings raised.
Process-wide state the host keeps between runs (argparse's record of typed options,
the configuration path, ``default_override``) is reset before each request.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable

LOGS: list[Any] = []


class Capture(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        LOGS.append([record.name, record.levelname, record.getMessage()])


def error(exc: BaseException) -> dict[str, str]:
    return {"error": type(exc).__name__, "message": str(exc)}


def scalar(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return {type(value).__name__: repr(value)}


class Side:
    def __init__(self, side: str) -> None:
        if side == "real":
            from mlagents.trainers import learn
            from mlagents.trainers.cli_utils import DetectDefault, StoreConfigFile
            from mlagents.trainers.settings import TrainerSettings

            def load(path: str) -> Any:
                DetectDefault.non_default_args.clear()
                StoreConfigFile.trainer_config_path = None  # type: ignore[assignment]
                return learn.parse_command_line([path])

            import attr

            self.fields: Callable[[type], list[str]] = lambda cls: [
                a.name for a in attr.fields(cls)
            ]
            self.is_settings: Callable[[Any], bool] = lambda v: attr.has(type(v))
        else:
            import reference_core
            from reference_core import TrainerSettings
            from reference_core._exportable import field_names

            load = reference_core.load_run_options
            self.fields = field_names
            self.is_settings = lambda v: dataclasses.is_dataclass(v) and not isinstance(v, type)
        self.load = load
        self.TrainerSettings = TrainerSettings

    def walk(self, value: Any) -> Any:
        """Every field with its class, enums with their type, scalars with theirs."""
        if self.is_settings(value):
            names = self.fields(type(value))
            return {
                "class": type(value).__name__,
                "fields": [[n, self.walk(getattr(value, n))] for n in names],
            }
        if isinstance(value, enum.Enum):
            return {"enum": type(value).__name__, "value": scalar(value.value)}
        if isinstance(value, Mapping):
            items = [[self.walk(k), self.walk(v)] for k, v in value.items()]
            return {"mapping": type(value).__name__, "items": items}
        if isinstance(value, (list, tuple)):
            return {type(value).__name__: [self.walk(v) for v in value]}
        return scalar(value)

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        del LOGS[:]
        self.TrainerSettings.default_override = None
        workdir = Path(request["workdir"])
        workdir.mkdir(parents=True, exist_ok=True)
        config = workdir / "config.yaml"
        config.write_text(request["yaml"], encoding="utf-8")
        answer: dict[str, Any] = {}
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            try:
                options = self.load(str(config))
            except Exception as exc:
                answer["raised"] = error(exc)
            else:
                answer["as_dict"] = self.walk(options.as_dict())
                answer["tree"] = self.walk(options)
                lookups = {}
                for name in request["lookups"]:
                    try:
                        lookups[name] = self.walk(options.behaviors[name])
                    except Exception as exc:  # noqa: PERF203 - each lookup on its own
                        lookups[name] = error(exc)
                answer["lookups"] = lookups
            answer["default_override"] = self.walk(self.TrainerSettings.default_override)
        answer["warnings"] = [[w.category.__name__, str(w.message)] for w in seen]
        answer["logs"] = LOGS[:]
        return answer


def main(argv: list[str]) -> int:
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    root = logging.getLogger()
    root.addHandler(Capture(level=logging.DEBUG))
    root.setLevel(logging.WARNING)
    side = Side(argv[0])
    channel.write(json.dumps({"ready": argv[0]}) + "\n")
    channel.flush()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = side.run(request)
        except BaseException:  # the harness itself broke: report, keep serving
            answer = {"crash": traceback.format_exc()}
        channel.write(json.dumps(answer) + "\n")
        channel.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

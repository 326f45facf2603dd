"""A long-lived discovery host: find the stats-writer plugins of a synthesised site dir.

Usage: ``python _discoveryserver.py {real,reference}``; one JSON request per line on
stdin (``{"site": dir, "workdir": dir}``), one JSON answer per line on the original
stdout. The pytest side writes the ``.dist-info`` folders and plugin modules into
``site`` (shared by both sides, so both list it in the same order); each server appends
it to ``sys.path``, runs its host's ``register_stats_writer_plugins(RunOptions())`` and
removes it again. Plugin modules have names unique to the example, so nothing cached
in ``sys.modules`` carries over.

The answer: the writers' class names in order, or the exception that escaped, and
every record of the discovery logger (level, message, exception type and message).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import traceback
import warnings
from typing import Any

LOGS: list[Any] = []


class Capture(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        entry = [record.levelname, record.getMessage()]
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry.append(f"{type(error).__name__}: {error}")
        LOGS.append(entry)


def main(argv: list[str]) -> int:
    side = argv[0]
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if side == "real":
        from mlagents.plugins.stats_writer import register_stats_writer_plugins
        from mlagents.trainers.settings import RunOptions
    else:
        import reference_core
        from reference_core import RunOptions, register_stats_writer_plugins

        reference_core.install_host_shim()
    logger = logging.getLogger("mlagents.plugins.stats_writer")
    logger.addHandler(Capture(level=logging.DEBUG))
    logger.setLevel(logging.DEBUG)
    channel.write(json.dumps({"ready": side}) + "\n")
    channel.flush()
    for line in sys.stdin:
        request = json.loads(line)
        del LOGS[:]
        answer: dict[str, Any] = {}
        sys.path.append(request["site"])
        importlib.invalidate_caches()
        try:
            options = RunOptions()
            options.checkpoint_settings.results_dir = request["workdir"]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                writers = register_stats_writer_plugins(options)
            answer["writers"] = [type(w).__name__ for w in writers]
        except BaseException as exc:  # what escapes the host's loader is the observation
            answer["raised"] = f"{type(exc).__name__}: {exc}"
            answer["traceback"] = traceback.format_exc()[-2000:]
        finally:
            sys.path.remove(request["site"])
        answer["logs"] = LOGS[:]
        channel.write(json.dumps(answer) + "\n")
        channel.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

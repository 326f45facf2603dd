"""Load one entry point in a child interpreter and write what happened as JSON.

This file runs *by path* in the interpreter being inspected (which may not have mlplugin
installed), so it uses the standard library only and stays importable on Python 3.8.
Usage: ``python _probe.py SPEC.json``; the spec names the entry point, the search path,
where ``reference_core`` lives and where to write the result. The result file is the
only channel back: plugin code may print anything, exit or hang, and the parent deals
with a missing result and with the timeout.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

STATS_WRITER_GROUP = "mlagents.stats_writer"


def _set_path(wanted: list[str]) -> None:
    """Make ``sys.path`` the inspected interpreter's path, keeping the stdlib entries."""
    own = [p for p in sys.path[1:] if p not in wanted]  # [0] is this script's directory
    sys.path[:] = list(wanted) + own


def _load_reference_core(directory: str) -> None:
    """Import ``reference_core`` from ``directory`` without exposing its neighbours."""
    if not directory or "reference_core" in sys.modules:
        return
    init = str(Path(directory, "__init__.py"))
    spec = importlib.util.spec_from_file_location(
        "reference_core", init, submodule_search_locations=[directory]
    )
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_core"] = module
    try:
        spec.loader.exec_module(module)
        module.install_host_shim()
    except Exception:  # without the shim the load may still work
        sys.modules.pop("reference_core", None)


def _resolve(value: str) -> Any:
    module_name, _, attrs = value.partition(":")
    target: Any = importlib.import_module(module_name.strip())
    for attr in filter(None, attrs.strip().split(".")):
        target = getattr(target, attr)
    return target


def _register(function: Any, workdir: str) -> tuple[str, str]:
    """Call a stats-writer registration function like the host; (status, text)."""
    from mlagents.trainers.settings import RunOptions  # type: ignore[import-not-found]
    from mlagents.trainers.stats import StatsWriter  # type: ignore[import-not-found]

    run_options = RunOptions()
    run_options.checkpoint_settings.results_dir = str(Path(workdir, "results"))
    writers = function(run_options)
    count = len(writers)  # the host's own check: no len(), no plugin
    names = [type(writer).__name__ for writer in writers]
    strays = [n for n, w in zip(names, writers) if not isinstance(w, StatsWriter)]
    if strays:
        return "error", f"returned {count} item(s), not all StatsWriter: {', '.join(strays)}"
    return "ok", f"{count} writer(s)" + (f": {', '.join(names)}" if names else "")


def probe(spec: dict[str, Any]) -> dict[str, Any]:
    """Import (and, for stats writers, call) the entry point described by ``spec``."""
    _set_path(spec["path"])
    _load_reference_core(spec.get("reference_core", ""))
    os.chdir(spec["workdir"])
    stage = "import"
    try:
        target = _resolve(spec["value"])
        if not (spec["call"] and spec["group"] == STATS_WRITER_GROUP):
            return {"status": "ok", "detail": f"imported {type(target).__name__}"}
        stage = "registration"
        status, text = _register(target, spec["workdir"])
    except BaseException as error:  # SystemExit and friends are plugin bugs too
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return {"status": "error", "error": f"{stage} raised {type(error).__name__}:\n{text}"}
    if status == "ok":
        return {"status": "ok", "detail": text}
    return {"status": status, "error": text}


def main() -> None:
    """Run the probe for the spec file named on the command line."""
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = probe(spec)
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    with contextlib.suppress(OSError, ValueError):  # the plugin may have broken stdout
        sys.stdout.flush()
    os._exit(0)  # do not wait for threads the plugin started


if __name__ == "__main__":
    main()

"""The loader's child-process entry point: ``python [-I] .../reference_core/_child.py CONFIGS``.

``verify`` and ``list`` run plugin code here, in an interpreter of the environment under
test, which may have nothing of mlplugin but this package. The file is executed by path:
it drops its own directory from ``sys.path``, imports ``reference_core`` from the
directory it sits in (and nothing beside it), installs the host shim and walks the
plugin with :func:`reference_core._loader.walk`, reporting as JSON lines on the file
descriptor the parent names. ``CONFIGS`` holds one config per line; given several
(``list`` loading many plugins), it walks them one after the other, each ending with its
own ``Done``; if a plugin exits or
hangs the process, the parent starts a new child for the configs left. It ends with
``os._exit`` so threads the plugin left running cannot keep it alive; stdout and stderr
belong to the plugin.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _import_reference_core() -> None:
    """Import the package this file belongs to, without exposing its neighbours."""
    if "reference_core" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "reference_core", _HERE / "__init__.py", submodule_search_locations=[str(_HERE)]
    )
    if spec is None or spec.loader is None:  # pragma: no cover - a broken installation
        raise ImportError(f"cannot load reference_core from {_HERE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_core"] = module
    spec.loader.exec_module(module)


def main(config_path: str) -> int:
    """Walk the plugins the config file describes, in order; 0 unless a walk could not start.

    The first config sets up the interpreter (search path, source roots, the event
    channel); every config walks with its own entry points, group and results directory.
    """
    sys.dont_write_bytecode = True  # never leave __pycache__ in the project under test
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    _import_reference_core()
    from reference_core import install_host_shim
    from reference_core._events import Done, FdChannel, LoaderConfig
    from reference_core._kinds import kind_for_group
    from reference_core._loader import walk

    lines = Path(config_path).read_text(encoding="utf-8").splitlines()
    configs = [LoaderConfig.from_json(line) for line in lines if line.strip()]
    first = configs[0]
    if first.search_path:  # another environment's path, keeping this one's stdlib
        sys.path[:] = [*first.search_path, *(p for p in sys.path if p not in first.search_path)]
    install_host_shim()
    sys.path[:0] = first.source_roots
    channel = FdChannel(first.events_fd)
    for config in configs:
        walk(kind_for_group(config.group), config, channel)
        channel.send(Done())
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1])
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the plugin may have closed it
            stream.flush()
    os._exit(code)

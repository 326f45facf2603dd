"""``mlplugin list`` and ``mlplugin doctor`` as library functions.

:func:`list_plugins` reports every installed ``mlagents.*`` entry point and whether it
loads (in loader child processes); :func:`doctor` reads metadata, source packaging
files and script shebangs to explain why the ML-Agents host would not see a plugin.
Neither prints or exits; both return frozen dataclasses. Names are imported on first
use (PEP 562), so ``mlplugin list`` does not pay for doctor's modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._doctor import doctor
    from ._interpreter import current_interpreter, inspect_interpreter
    from ._list import list_plugins
    from ._model import (
        DOCTOR_CHECKS,
        HOST_GROUPS,
        STATUSES,
        DoctorCheck,
        DoctorFinding,
        InstalledPlugin,
        Interpreter,
    )

_WHERE = {
    "doctor": "._doctor",
    "current_interpreter": "._interpreter",
    "inspect_interpreter": "._interpreter",
    "list_plugins": "._list",
    **dict.fromkeys(
        (
            "DOCTOR_CHECKS",
            "HOST_GROUPS",
            "STATUSES",
            "DoctorCheck",
            "DoctorFinding",
            "InstalledPlugin",
            "Interpreter",
        ),
        "._model",
    ),
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DOCTOR_CHECKS",
    "HOST_GROUPS",
    "STATUSES",
    "DoctorCheck",
    "DoctorFinding",
    "InstalledPlugin",
    "Interpreter",
    "current_interpreter",
    "doctor",
    "inspect_interpreter",
    "list_plugins",
]

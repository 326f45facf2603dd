"""``mlplugin list`` and ``mlplugin doctor`` as library functions.

:func:`list_plugins` reports every installed ``mlagents.*`` entry point and whether it
loads (each in its own child process); :func:`doctor` reads metadata, source packaging
files and script shebangs to explain why the ML-Agents host would not see a plugin.
Neither prints or exits; both return frozen dataclasses.
"""

from __future__ import annotations

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

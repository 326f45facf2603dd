"""The values :func:`list_plugins` and :func:`doctor` return, and the doctor catalogue.

Everything that crosses the library boundary is a frozen dataclass, so the CLI (or a
test) can compare, sort and render results without anyone mutating them on the way.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from reference_core._kinds import HOST_GROUPS

from .._verify._model import SEVERITIES

__all__ = [
    "DOCTOR_CHECKS",
    "HOST_GROUPS",
    "SEVERITIES",
    "STATUSES",
    "DoctorCheck",
    "DoctorFinding",
    "InstalledPlugin",
    "Interpreter",
]

#: Load statuses of an entry point, as :attr:`InstalledPlugin.status` reports them.
STATUSES = ("ok", "error", "timeout", "needs-host", "not-loaded")


@dataclasses.dataclass(frozen=True)
class Interpreter:
    """The facts about a Python environment that ``list`` and ``doctor`` need.

    ``path`` is the interpreter's ``sys.path`` (the metadata search path), ``scripts``
    the directory its console scripts are installed into.
    """

    executable: str
    version: tuple[int, int, int]
    path: tuple[str, ...]
    scripts: str = ""

    @property
    def version_text(self) -> str:
        """``"3.11.7"``."""
        return ".".join(str(part) for part in self.version)


@dataclasses.dataclass(frozen=True)
class InstalledPlugin:
    """One ``mlagents.*`` entry point of one installed distribution, and its load status.

    ``location`` is the site-packages directory holding the distribution, or the source
    directory of an editable install. ``status`` is one of :data:`STATUSES`; ``error``
    holds the captured traceback (or the reason) when it is not ``ok``, ``detail`` a
    short description of what loading produced (say, the writers created).
    ``trainer_types`` are the names a trainer plugin registered, ``overrides`` those of
    them that replace a built-in trainer (``ppo``, ``sac``, ``poca``); ``needs-host``
    is the status of a trainer plugin that cannot be imported without the real host.
    """

    distribution: str
    version: str
    location: str
    editable: bool
    name: str
    group: str
    value: str
    status: str = "not-loaded"
    error: Optional[str] = None
    detail: Optional[str] = None
    metadata_path: str = ""
    trainer_types: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the entry point loaded (and, for stats writers, registered)."""
        return self.status == "ok"


@dataclasses.dataclass(frozen=True)
class DoctorFinding:
    """One problem (or fact) ``doctor`` found in the environment.

    ``fix`` is a command or a short instruction; ``subject`` names what the finding is
    about (a distribution, a script, a module) so findings can be grouped.
    """

    check_id: str
    severity: str
    message: str
    fix: str
    subject: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.check_id not in DOCTOR_CHECKS:
            raise ValueError(f"unknown doctor check {self.check_id!r}")

    @property
    def blocks(self) -> bool:
        """True for errors and warnings: ``mlplugin doctor`` then exits 1."""
        return self.severity in {"error", "warning"}


@dataclasses.dataclass(frozen=True)
class DoctorCheck:
    """One entry of the doctor catalogue (documented in ``docs/reference/list-doctor.md``)."""

    check_id: str
    severity: str
    title: str


_CHECKS = (
    DoctorCheck("DOC101", "warning", "editable install's metadata is stale against its source"),
    DoctorCheck("DOC102", "warning", "a distribution is installed more than once on sys.path"),
    DoctorCheck("DOC103", "warning", "mlagents-learn runs a different interpreter"),
    DoctorCheck("DOC104", "error", "the installed mlagents cannot discover plugins on this Python"),
    DoctorCheck("DOC105", "info", "mlagents is not installed in this environment"),
    DoctorCheck("DOC106", "warning", "mlagents lacks its own 'default' stats-writer entry point"),
    DoctorCheck(
        "DOC107", "warning", "another distribution installs a module named like mlplugin's"
    ),
    DoctorCheck("DOC108", "error", "an entry point is declared in a misspelt mlagents group"),
    DoctorCheck("DOC109", "warning", "an editable install points at a missing source directory"),
    DoctorCheck("DOC110", "warning", "a trainer plugin replaces a built-in trainer"),
)

#: Every doctor check by ID. IDs are stable: add new ones, never renumber.
DOCTOR_CHECKS = {check.check_id: check for check in _CHECKS}

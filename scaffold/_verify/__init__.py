"""``mlplugin verify``: walk the ML-Agents host's load path and name the first break.

Public API (re-exported from :mod:`scaffold`)::

    report = verify("path/to/plugin")          # or verify("dist/x.whl"), verify(installed="x")
    report.ok, report.exit_code, report.findings, report.to_json(), report.to_junit()

Every finding carries a stable check ID from :data:`CHECK_CATALOG`
(``docs/reference/checks.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import BackendUnavailable, ToolMissing, VerifyConfigError, VerifyUsageError
from ._catalog import CHECK_CATALOG, Check
from ._host_versions import HOST_RELEASES
from ._model import Finding, HostSupport, Location, Report, StepEvent, StepResult
from ._steps import ALL_STEPS, STEPS

if TYPE_CHECKING:
    from ._verify import verify


def __getattr__(name: str) -> Any:
    # The pipeline (build, install, the loader child) loads on first use of verify(), so
    # importing the model or the catalogue (the CLI's exit codes, docs) stays cheap.
    if name == "verify":
        from ._verify import verify

        globals()["verify"] = verify
        return verify
    raise AttributeError(f"module 'scaffold._verify' has no attribute {name!r}")


__all__ = [
    "ALL_STEPS",
    "CHECK_CATALOG",
    "HOST_RELEASES",
    "STEPS",
    "BackendUnavailable",
    "Check",
    "Finding",
    "HostSupport",
    "Location",
    "Report",
    "StepEvent",
    "StepResult",
    "ToolMissing",
    "VerifyConfigError",
    "VerifyUsageError",
    "verify",
]

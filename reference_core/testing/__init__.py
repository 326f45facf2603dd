"""The stats-writer contract suite for plugin authors.

Drive a writer the way the ML-Agents trainer does and get every contract violation as
a sentence about the plugin:

* :func:`run_contract` -- a plain function, no pytest needed;
* :class:`StatsWriterContract` -- a base class for pytest; subclass it and name your
  entry point (or override ``make_writers``);
* ``reference_core.testing.pytest_plugin`` -- an opt-in pytest plugin with fixtures
  (``run_options``, ``stats_reporter``, ``discover``, ``contract``).

Every check has a stable ``MLP6xx`` ID, documented in :data:`CHECKS`.
"""

from __future__ import annotations

from ._checks import CHECKS, CheckInfo, ContractReport, ContractViolation
from ._contract import StatsWriterContract
from ._scenario import run_contract

__all__ = [
    "CHECKS",
    "CheckInfo",
    "ContractReport",
    "ContractViolation",
    "StatsWriterContract",
    "run_contract",
]

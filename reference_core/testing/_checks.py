"""The contract check catalogue and the values a contract run returns.

Every check has a stable ``MLP6xx`` identifier. ``mlplugin verify`` reports the same
identifiers in its step 6, so the table below is part of the public contract: add new
checks with new numbers, never renumber.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class CheckInfo(NamedTuple):
    """Documentation for one contract check."""

    check_id: str
    title: str
    description: str
    fix: str


class ContractViolation(NamedTuple):
    """One way in which a writer breaks the contract, phrased as a sentence about it."""

    check_id: str
    title: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.check_id} {self.message} Fix: {self.fix}"


@dataclasses.dataclass(frozen=True)
class ContractReport:
    """What a contract run found.

    ``calls`` counts the ``write_stats`` calls made into the writers and
    ``max_latency_s`` is the slowest of the sequential ones (calls made while other
    threads competed for the reporter lock are not timed).
    """

    violations: tuple[ContractViolation, ...]
    calls: int
    max_latency_s: float

    @property
    def ok(self) -> bool:
        """True when no check found a violation."""
        return not self.violations

    def describe(self) -> str:
        """All violations as numbered sentences, or a one-line success note."""
        if self.ok:
            return (
                f"The writers met the contract ({self.calls} write_stats calls, slowest "
                f"{self.max_latency_s * 1000:.1f} ms)."
            )
        lines = [f"{len(self.violations)} contract violation(s):"]
        lines.extend(f"{n}. {v}" for n, v in enumerate(self.violations, start=1))
        return "\n".join(lines)


_WRITE_STATS_SIGNATURE = (
    "write_stats(self, category: str, values: Dict[str, StatsSummary], step: int)"
)

_CATALOGUE = (
    CheckInfo(
        "MLP601",
        "registration returns a list of StatsWriter instances",
        "The host calls len() on what the registration function returns, extends its writer "
        "list with it and then calls write_stats, add_property and on_add_stat on every "
        "element. Each element must be an instance of StatsWriter whose abstract methods "
        "are implemented; anything else crashes training at the first summary.",
        "Return a list of writer instances, e.g. `return [MyWriter(run_options)]`, and "
        "subclass `mlagents.trainers.stats.StatsWriter`.",
    ),
    CheckInfo(
        "MLP602",
        "add_property accepts hyperparameters and self-play flags",
        "Trainers call add_property(category, HYPERPARAMETERS, <settings dict>) when they "
        "start and add_property(category, SELF_PLAY, True) for self-play; an exception "
        "stops the trainer before the first step.",
        "Handle the property types you use and ignore the others; do not assert on the "
        "type of `value` for properties you do not understand.",
    ),
    CheckInfo(
        "MLP603",
        "write_stats handles every category and aggregation method",
        "Every summary period the trainer calls write_stats(category, values, step) with "
        "behaviour names as categories (self-play names look like 'Soccer Twos?team=0') and "
        "summaries of every aggregation method. Nothing catches an exception here.",
        "Make write_stats accept any category string and every StatsAggregationMethod "
        "(AVERAGE, MOST_RECENT, SUM, HISTOGRAM); use `summary.aggregated_value`.",
    ),
    CheckInfo(
        "MLP604",
        "write_stats tolerates NaN and infinite values",
        "Diverging losses and custom stats produce NaN and infinite values; the summaries "
        "then have NaN or infinite means and sums.",
        "Check `math.isfinite(value)` before converting to int or formatting as JSON, and "
        "write a placeholder or skip the value.",
    ),
    CheckInfo(
        "MLP605",
        "write_stats tolerates empty summaries",
        "A category with nothing recorded still gets write_stats with an empty dict, and "
        "StatsSummary.empty() (an empty full_dist, whose mean and std are NaN) reaches "
        "writers through get_stats_summaries.",
        "Handle `values == {}` and summaries with `num == 0` (NaN mean): skip them or "
        "write a placeholder.",
    ),
    CheckInfo(
        "MLP606",
        "write_stats accepts large step numbers",
        "Long runs pass steps beyond 2**31; the step is a Python int of any size.",
        "Do not pack the step into a 32-bit integer; keep it a Python int (or int64).",
    ),
    CheckInfo(
        "MLP607",
        "on_add_stat does not raise",
        "StatsReporter.add_stat and set_stat call on_add_stat for every recorded value, "
        "inside the trainer loop and without a try block.",
        "Keep on_add_stat cheap and exception-free; defer real work to write_stats.",
    ),
    CheckInfo(
        "MLP608",
        "write_stats tolerates repeated flushes",
        "The trainer flushes every summary period even if nothing new was recorded, and "
        "may flush the same category twice at the same step.",
        "Do not require new stats or a strictly increasing step between calls.",
    ),
    CheckInfo(
        "MLP609",
        "writers are safe under concurrent trainer threads",
        "With `threaded: true` several trainer threads call the reporter; every call "
        "holds StatsReporter.lock, so writers are called one at a time but from different "
        "threads. A writer that needs its creating thread, or that waits for another "
        "thread which needs the reporter, fails or deadlocks.",
        "Do not tie resources to one thread (for sqlite3 use check_same_thread=False and "
        "a lock); never wait inside a writer for a thread that records stats.",
    ),
    CheckInfo(
        "MLP610",
        "write_stats stays within the latency budget",
        "write_stats runs inside the trainer loop while holding the global reporter lock, "
        "so a slow writer stalls every trainer.",
        "Move slow work (network, large files) to a background thread or queue and return quickly.",
    ),
    CheckInfo(
        "MLP611",
        "output stays under the run's write path",
        "Writers must keep their files under run_options.checkpoint_settings.write_path "
        "(results/<run-id>); files in the working directory or next to other runs leak "
        "between runs and are not removed by --force.",
        "Build every output path from `run_options.checkpoint_settings.write_path`.",
    ),
    CheckInfo(
        "MLP612",
        "write_stats has the (category, values, step) signature",
        "The host calls write_stats(category, values, step) positionally; the pre-0.24 "
        "four-argument form (category, key, value, step) no longer matches.",
        f"Define `{_WRITE_STATS_SIGNATURE}`; iterate `values.items()` for the keys.",
    ),
    CheckInfo(
        "MLP613",
        "the contract scenario did not finish",
        "A writer call that blocks stalls every trainer (they share the reporter lock), "
        "and one that ends the process ends training. verify runs the scenario in a child "
        "process with a timeout; the pytest contract class runs it on a worker thread and "
        "stops waiting after StatsWriterContract.timeout_s.",
        "Make write_stats return promptly (move slow work to a background thread) and "
        "never end the process.",
    ),
)

#: Every contract check by ID; the order is the order in which the scenario runs them.
CHECKS: Mapping[str, CheckInfo] = MappingProxyType({c.check_id: c for c in _CATALOGUE})


def violation(check_id: str, message: str, fix: str = "") -> ContractViolation:
    """Build a violation of ``check_id`` with the catalogue's title and (default) fix."""
    info = CHECKS[check_id]
    return ContractViolation(check_id, info.title, message, fix or info.fix)

"""A typed use of mlplugin's public API; `mypy --strict` checks it (tox -e type)."""

from __future__ import annotations

from pathlib import Path

import reference_core
import scaffold
from reference_core import (
    RunOptions,
    StatsAggregationMethod,
    StatsReporter,
    StatsSummary,
    StatsWriter,
)
from reference_core.testing import ContractReport, StatsWriterContract, run_contract


class PrintWriter(StatsWriter):
    """A minimal writer: enough to type-check the host API."""

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        for key, summary in values.items():
            print(category, key, summary.aggregated_value, step)


def generate_one(dest: Path) -> scaffold.Generated:
    spec: scaffold.PluginSpec = scaffold.make_spec("typed-writer", packaging="setup-py")
    names: scaffold.PluginNames = spec.names
    assert names.module == "typed_writer"
    return scaffold.generate(spec, dest, force=True)


def drive(run_options: RunOptions) -> ContractReport:
    reporter = StatsReporter("Behavior")
    reporter.add_stat("Environment/Cumulative Reward", 1.0, StatsAggregationMethod.AVERAGE)
    summary: StatsSummary = reporter.get_stats_summaries("Environment/Cumulative Reward")
    mean: float = summary.mean
    assert mean == 1.0
    discovery: reference_core.Discovery = reference_core.discover_stats_writers(
        run_options, strict=True
    )
    return run_contract([PrintWriter(), *discovery.writers], run_options)


class TestPrintWriter(StatsWriterContract):
    entry_point = None

    def make_writers(self, run_options: RunOptions) -> list[StatsWriter]:
        assert run_options.checkpoint_settings.write_path
        return [PrintWriter()]

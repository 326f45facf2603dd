"""Property-based differential test: random StatsReporter sessions, real host vs ours.

Every example drives both long-lived hosts through the same random session (all
aggregation methods, ``set_stat``, several categories, hyperparameter and self-play
properties, ``get_stats_summaries``, summaries and TensorBoard writes a plugin builds
itself) over Python and numpy values, with and without the built-in writers, and
compares bit for bit: every writer call and its arguments (values, types, NaN signs),
every exception (type and message), the log records (the console writer's lines), what
the TensorBoard writer recorded, the reporter state and the gauges. The only
normalisation is the documented one: plain-path statistics are ``float``/``int`` where
the host's are ``float64``/``int64``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import propserver
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from stats_strategies import stats_sessions

pytestmark = pytest.mark.host


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in propserver.SEEDS])
def test_random_sessions_match_the_real_host(
    seed: int, stats_servers: propserver.Pair, tmp_path: Path
) -> None:
    """Writers, exceptions, logs, TensorBoard records, state and gauges agree bit for bit."""

    @hypothesis_seed(seed)
    @settings(
        max_examples=propserver.EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(session=stats_sessions())
    def check(session: dict[str, Any]) -> None:
        real, reference = stats_servers.ask(session, tmp_path)
        real = propserver.python_results_as_numpy(real)
        reference = propserver.python_results_as_numpy(reference)
        assert real == reference, propserver.mismatch(real, reference, seed, session)

    check()

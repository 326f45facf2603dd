"""Property-based differential test: plugin discovery over random sets of installed plugins.

Every example synthesises a site directory of plugin distributions (see
``discovery_strategies``) and lets both long-lived hosts discover it with
``register_stats_writer_plugins(RunOptions())``: the writers returned (class names, in
order), what escapes the loader, and every record of the discovery logger (level,
message, exception) must agree. An example scans every installed distribution on both
sides, so this suite runs a quarter of ``MLPLUGIN_FIDELITY_EXAMPLES`` per seed.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import propserver
import pytest
from discovery_strategies import sites, write_site
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed

pytestmark = pytest.mark.host


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in propserver.SEEDS])
def test_random_plugin_sets_are_discovered_alike(
    seed: int, discovery_servers: propserver.Pair, tmp_path: Path
) -> None:
    """Writers, escaping exceptions and the discovery log agree."""
    counter = itertools.count()

    @hypothesis_seed(seed)
    @settings(
        max_examples=max(1, propserver.EXAMPLES // 4),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(dists=sites)
    def check(dists: list[dict[str, Any]]) -> None:
        tag = f"s{seed}e{next(counter)}"
        site = tmp_path / tag
        write_site(site, dists, tag)
        request = {"site": str(site)}
        real, reference = discovery_servers.ask(request, tmp_path / f"{tag}-work")
        real.pop("traceback", None)
        reference.pop("traceback", None)
        assert real == reference, propserver.mismatch(real, reference, seed, dists)

    check()

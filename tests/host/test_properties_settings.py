"""Property-based differential test: training YAML through ``mlagents-learn`` vs ours.

Every example writes one random configuration file and loads it on both sides the way
``mlagents-learn CONFIG`` does (the real host: ``parse_command_line``, with its trainer
plugins registered; ours: ``load_run_options``), then compares what a plugin can read:
the exception type and message, or the whole ``RunOptions`` tree (classes, enum types,
value types, field order), ``as_dict()``, ``behaviors[name]`` for listed and unlisted
names, the class-level ``TrainerSettings.default_override``, log records and warnings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import propserver
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from settings_strategies import configs

pytestmark = pytest.mark.host


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in propserver.SEEDS])
def test_random_configs_load_like_mlagents_learn(
    seed: int, settings_servers: propserver.Pair, tmp_path: Path
) -> None:
    """Values, types, enums, defaults, propagation, errors and warnings agree."""

    @hypothesis_seed(seed)
    @settings(
        max_examples=propserver.EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=configs())
    def check(request: dict[str, Any]) -> None:
        real, reference = settings_servers.ask(request, tmp_path)
        real, reference = propserver.settings_documented(real, reference)
        assert real == reference, propserver.mismatch(real, reference, seed, request)

    check()

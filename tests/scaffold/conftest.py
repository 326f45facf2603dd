"""Hypothesis profiles for the fuzz tests: few examples in the fast suite, many in integration.

``tox -e integration`` sets ``MLPLUGIN_HYPOTHESIS_PROFILE=thorough``. No example database is
kept, and hypothesis' own notes go to the temporary directory, not into the checkout.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# A failing example's notes would otherwise land in .hypothesis/ inside the checkout.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "mlplugin-hypothesis"))

settings.register_profile(
    "fast",
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("MLPLUGIN_HYPOTHESIS_PROFILE", "fast"))

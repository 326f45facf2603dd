"""Every realistic fixture plugin verifies clean with ``mlplugin verify``."""

from __future__ import annotations

import hostdiff
import pytest

pytestmark = pytest.mark.host

CLEAN_FIXTURES = [
    "csv_writer",
    "wandb_writer",
    "mlflow_writer",
    "sps_writer",
    "extrema_writer",
    "recording_writer",
]


@pytest.mark.parametrize("name", CLEAN_FIXTURES)
def test_fixture_plugin_verifies_without_errors(name: str) -> None:
    """``scaffold.verify(path)`` reports no error findings for a plugin that really works."""
    import scaffold

    report = scaffold.verify(hostdiff.FIXTURE_PLUGINS / name)
    errors = [f for f in report.active_findings if f.severity == "error"]
    assert not errors, "\n".join(f"{f.check_id}: {f.message}" for f in errors)

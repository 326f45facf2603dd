"""``register_trainer_plugins``: the reference core registers and logs what the real host does.

The broken-trainer catalog (plugins that import nothing from mlagents) is installed into
a target directory; the real host's ``register_trainer_plugins()`` (in the real-host
venv) and the reference core's (in this interpreter, no mlagents) run on it, and what
each plugin added, and every log line about trainer plugins, must agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import hostdiff
import pytest

from reference_core._trainer_settings import BUILTIN_TRAINER_TYPES

pytestmark = pytest.mark.host

CATALOG = Path(__file__).resolve().parents[1] / "broken_trainers"
#: Plugins that install without mlagents at build time (the setup.py case imports it).
CASES = sorted(p for p in CATALOG.iterdir() if p.is_dir() and not (p / "setup.py").exists())

SCRIPT = """
import json, logging, sys
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append([record.levelname, record.getMessage()])
logger = logging.getLogger("mlagents.plugins.trainer_type")
logger.addHandler(Keep())
logger.setLevel(logging.DEBUG)
if sys.argv[1] == "real":
    from mlagents.plugins.trainer_type import register_trainer_plugins
else:
    from reference_core import register_trainer_plugins
types, settings = register_trainer_plugins()
def added(registry):
    return {
        key: f"{value.__module__}.{getattr(value, '__qualname__', type(value).__qualname__)}"
        for key, value in registry.items()
        if not value.__module__.startswith(("mlagents", "reference_core"))
    }
print(json.dumps({"types": added(types), "settings": added(settings), "logs": records}))
"""


def _run(python: str, side: str, plugins: Path, extra_path: str = "") -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(plugins), extra_path) if p)
    done = subprocess.run(
        [python, "-W", "ignore", "-c", SCRIPT, side],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _plugin_lines(dump: dict[str, object]) -> list[list[str]]:
    """Log lines about the catalog's plugins (the host's ``default`` entry is ours alone)."""
    logs = dump["logs"]
    assert isinstance(logs, list)
    return sorted(line for line in logs if "plugin" in line[1] and "default" not in line[1])


def test_reference_registers_and_logs_like_the_host(real_python: Path, tmp_path: Path) -> None:
    """Same trainers added, same ERROR/DEBUG lines, for every broken-trainer case."""
    plugins = tmp_path / "plugins"
    for case in CASES:
        hostdiff.pip_install_target(real_python, case, plugins)
    real = _run(str(real_python), "real", plugins)
    reference = _run(sys.executable, "reference", plugins, hostdiff.reference_pythonpath())
    errors = [line for line in _plugin_lines(real) if line[0] == "ERROR"]
    assert len(errors) == 2  # takes-argument and returns-one-dict: the oracle is sane
    assert _plugin_lines(reference) == _plugin_lines(real)
    for registry in ("types", "settings"):
        assert _without_builtins(reference[registry]) == _without_builtins(real[registry])


def _without_builtins(added: object) -> dict[str, str]:
    assert isinstance(added, dict)
    return {k: v for k, v in added.items() if k not in BUILTIN_TRAINER_TYPES}


def test_an_override_of_ppo_depends_on_the_order_of_sys_path(
    real_python: Path, tmp_path: Path
) -> None:
    """The documented difference: the host's ``default`` runs in sys.path order, ours first.

    The plugins' directory comes before site-packages here, so the real host registers
    the plugin's ``ppo`` and then its own ``default`` puts the built-in one back; the
    reference core always runs ``default`` first, so the override sticks (as it does in
    the host when the plugin's distribution is read after mlagents').
    """
    plugins = tmp_path / "plugins"
    hostdiff.pip_install_target(real_python, CATALOG / "trainer-overrides-ppo", plugins)
    real = _run(str(real_python), "real", plugins)
    reference = _run(sys.executable, "reference", plugins, hostdiff.reference_pythonpath())
    assert real["types"] == {}
    assert reference["types"] == {"ppo": "broken_trainer_overrides_ppo.PpoTrainer"}

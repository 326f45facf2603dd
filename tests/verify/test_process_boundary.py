"""verify's and list's POSIX-only process handling sits behind one module, ``_process.py``.

The portability scan of ``tests/testing/test_portability.py`` (process groups, POSIX
signals, ``pass_fds``/``start_new_session``, ``fcntl`` and friends) is applied to every
other module of ``scaffold``: none of them may make such a call, so porting verify to
another platform means changing ``scaffold/_process.py`` alone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = ROOT / "scaffold" / "_process.py"


def _scanner() -> object:
    spec = importlib.util.spec_from_file_location(
        "portability_scan", ROOT / "tests" / "testing" / "test_portability.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.posix_only_uses


MODULES = [
    pytest.param(path, id=str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "scaffold").rglob("*.py"))
    if path != BOUNDARY and "_templates" not in path.parts
]


@pytest.mark.parametrize("path", MODULES)
def test_no_posix_only_call_outside_the_process_module(path: Path) -> None:
    """Only scaffold/_process.py may use process groups, POSIX signals or fd passing."""
    assert _scanner()(path.read_text(encoding="utf-8")) == []  # type: ignore[operator]


def test_the_process_module_is_where_they_are() -> None:
    """The scan does find the POSIX-only calls in the boundary module (it can fail)."""
    assert _scanner()(BOUNDARY.read_text(encoding="utf-8"))  # type: ignore[operator]

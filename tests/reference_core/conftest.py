"""Fixtures of the reference_core unit tests: clean global state, throwaway distributions."""

from __future__ import annotations

import importlib
import json
import logging
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Callable, Optional

import pytest

import reference_core
from reference_core import reset_stats_reporter, reset_timers, uninstall_host_shim

HOST_PREFIXES = ("mlagents", "mlagents_envs")


def _host_module_names() -> list[str]:
    return [name for name in sys.modules if name.partition(".")[0] in HOST_PREFIXES]


@pytest.fixture(autouse=True)
def _clean_global_state() -> Iterator[None]:
    """Every test starts and ends with an empty reporter, no gauges, no shim, no log level."""
    reset_stats_reporter()
    reset_timers()
    before = set(_host_module_names())
    yield
    reset_stats_reporter()
    reset_timers()
    uninstall_host_shim()
    reference_core.set_log_level(logging.NOTSET)
    for name in set(_host_module_names()) - before:
        del sys.modules[name]


@pytest.fixture
def make_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Path]]:
    """Build an installed-looking distribution (``*.dist-info`` + modules) on ``sys.path``.

    ``make_dist(name, entry_points={group: [(ep_name, value), ...]}, modules={...})``
    returns the directory put on ``sys.path``. Modules it imported are forgotten after
    the test.
    """
    created_modules: list[str] = []
    counter = iter(range(1000))

    def make(
        name: str,
        *,
        version: str = "1.0",
        entry_points: Optional[Mapping[str, Sequence[tuple[str, str]]]] = None,
        modules: Optional[Mapping[str, str]] = None,
        direct_url: Optional[dict[str, object]] = None,
        site: Optional[Path] = None,
    ) -> Path:
        if site is None:
            site = tmp_path / f"site{next(counter)}"
        site.mkdir(parents=True, exist_ok=True)
        info = site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = []
        for group, eps in (entry_points or {}).items():
            lines.append(f"[{group}]")
            lines += [f"{ep_name} = {value}" for ep_name, value in eps]
            lines.append("")
        (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
        if direct_url is not None:
            (info / "direct_url.json").write_text(json.dumps(direct_url), encoding="utf-8")
        for module, source in (modules or {}).items():
            (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            created_modules.append(module)
        monkeypatch.syspath_prepend(str(site))
        importlib.invalidate_caches()
        return site

    yield make
    for module in created_modules:
        sys.modules.pop(module, None)

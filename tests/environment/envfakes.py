"""Fake Python environments for the ``list`` and ``doctor`` tests (see ``conftest.py``).

A fake environment is a directory of ``*.dist-info`` folders (METADATA, entry_points.txt,
direct_url.json for editable installs, top_level.txt) plus plugin modules, described by
an :class:`~scaffold._env.Interpreter` whose search path is that directory. No wheel is
built and nothing is installed.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

from scaffold._env import Interpreter

EntryPoints = Mapping[str, Mapping[str, str]]


class FakeEnv:
    """Builds metadata directories and modules under ``root/site``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "site"
        self.site.mkdir()
        self.bin = root / "bin"
        self.bin.mkdir()
        self.extra_path: list[Path] = []

    def dist(
        self,
        name: str,
        version: str = "1.0.0",
        entry_points: Optional[EntryPoints] = None,
        *,
        editable_from: Optional[Path] = None,
        top_level: Sequence[str] = (),
        where: Optional[Path] = None,
        suffix: str = ".dist-info",
    ) -> Path:
        """Write a metadata directory for ``name`` and return it."""
        where = where or self.site
        meta = where / f"{name.replace('-', '_')}-{version}{suffix}"
        meta.mkdir(parents=True)
        headers = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        (meta / ("PKG-INFO" if suffix == ".egg-info" else "METADATA")).write_text(headers)
        if entry_points:
            text = "".join(
                f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()) + "\n"
                for group, eps in entry_points.items()
            )
            (meta / "entry_points.txt").write_text(text)
        if editable_from is not None:
            url = {"url": editable_from.as_uri(), "dir_info": {"editable": True}}
            (meta / "direct_url.json").write_text(json.dumps(url))
        if top_level:
            (meta / "top_level.txt").write_text("".join(f"{n}\n" for n in top_level))
        return meta

    def module(self, name: str, source: str) -> Path:
        """Write ``name.py`` (a plugin module) into the site directory."""
        path = self.site / f"{name}.py"
        path.write_text(textwrap.dedent(source))
        return path

    def interpreter(self, version: tuple[int, int, int] = (3, 10, 12)) -> Interpreter:
        """This environment as an interpreter of ``version`` (running as this Python)."""
        path = (str(self.site), *(str(p) for p in self.extra_path))
        return Interpreter(sys.executable, version, path, str(self.bin))

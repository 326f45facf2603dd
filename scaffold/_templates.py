"""Where the project templates live.

In an installed wheel they are package data at ``scaffold/_templates/``; in a source
checkout (or an editable install) they are the repository's top-level ``templates/``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATE_NAME", "template_dir"]

TEMPLATE_NAME = "stats-writer"


def template_dir(name: str = TEMPLATE_NAME) -> Path:
    """Return the directory of template ``name`` (the one holding ``cookiecutter.json``)."""
    here = Path(__file__).resolve().parent
    for root in (here / "_templates", here.parent / "templates"):
        candidate = root / name
        if (candidate / "cookiecutter.json").is_file():
            return candidate
    raise FileNotFoundError(f"template {name!r} is not installed with mlplugin (looked in {here})")
